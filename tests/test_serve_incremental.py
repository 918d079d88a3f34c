"""`kith serve`: a saved note re-renders only the pages that show it, and search stays complete."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from kith_vault import Vault
from test_site_build import fetch, free_port, stop_server, wait_for


def start_kith_serve(vault: Vault) -> tuple[subprocess.Popen, int, Path]:
    """`kith serve` on a free port of 127.0.0.1, in its own session (stop it with stop_server)."""
    port = free_port()
    kith = Path(sys.executable).with_name("kith")
    log_path = vault.root.parent / "serve.log"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": "2026-11-22",
                   "KITH_PROFILE": str(log_path.with_name("profile.json"))}
    with log_path.open("wb") as log:
        server = subprocess.Popen([str(kith), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=vault.root,
                                  env=environment, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    return server, port, log_path


def test_kith_serve_rerenders_only_affected_pages(tmp_path_factory: pytest.TempPathFactory) -> None:
    vault = Vault(tmp_path_factory.mktemp("serve-incremental") / "vault")
    for number in range(12):
        vault.contact(f"person-{number}", f"Person {number} works on things.\n",
                      name=f"Person {number}", circle="regular", tags=["alpha"])
    vault.contact("aisha-rahman", "Aisha.\n", name="Aisha Rahman", aliases=["Aisha"], circle="close")
    # A Markdown link to a profile this save leaves alone: still a link to its page afterwards.
    note = vault.note("2026-11-10-coffee-with-aisha",
                      "We talked.\n\nSee [Person 5](../contacts/person-5.md).\n", date="2026-11-10",
                      title="Coffee with Aisha", kind="coffee", tags=["alpha"],
                      **{"with": ["Aisha", "person-1"]})
    for number in range(2, 12):
        vault.note(f"2026-10-{number:02d}-call", "A call.\n", date=f"2026-10-{number:02d}",
                   title=f"Call {number}", kind="call", **{"with": [f"person-{number}"]})
    server, port, log_path = start_kith_serve(vault)
    try:
        base = f"http://127.0.0.1:{port}/"
        assert wait_for(base + "follow-ups/", lambda html: "Follow-ups" in html, 90), log_path.read_text()
        before = json.loads(fetch(base + "search/search_index.json") or "{}")
        pages_before = {doc["location"].split("#")[0] for doc in before["docs"]}
        sitemap_before = sitemap_locations(base)
        assert len(sitemap_before) > 25 and any("/contacts/person-5/" in loc for loc in sitemap_before)

        note.write_text(note.read_text("utf-8") + "- [ ] Send Aisha the freshly saved report 📅 2026-11-20\n",
                        "utf-8")
        marker = "freshly saved report"
        assert wait_for(base + "notes/2026-11-10-coffee-with-aisha/", lambda html: marker in html, 60)
        assert wait_for(base + "contacts/aisha-rahman/", lambda html: marker in html, 60)
        assert wait_for(base + "follow-ups/", lambda html: marker in html, 60)
        assert wait_for(base + "", lambda html: marker in html, 60)  # home: overdue list
        time.sleep(2)  # long enough for a second rebuild to start, if the first set one off
        log_text = log_path.read_text("utf-8")
        counts = [tuple(map(int, m)) for m in re.findall(r"re-rendering (\d+) of (\d+) kith pages", log_text)]
        # One save, one rebuild: re-reading the note is not taken for another change.
        assert len(counts) == 1 and log_text.count("Detected file changes") == 1, log_text
        changed, total = counts[-1]
        # The note, its two people, its topic and the listings: not the other profiles and notes.
        assert changed < total / 2, log_text
        assert "A 'dirty' build is being performed" not in log_text
        # The pages left alone are still linked to and listed, and no line says otherwise.
        saved_note = fetch(base + "notes/2026-11-10-coffee-with-aisha/") or ""
        assert 'href="../../contacts/person-5/"' in saved_note
        assert "excluded" not in log_text and "WARNING" not in log_text, log_text
        assert sitemap_locations(base) == sitemap_before
        # ...though MkDocs made no page of them this time: each was only a file it knows.
        profile = json.loads(log_path.with_name("profile.json").read_text("utf-8"))
        assert profile["left_out"] > 0 and changed + profile["left_out"] <= total, profile

        after = json.loads(fetch(base + "search/search_index.json") or "{}")
        pages_after = {doc["location"].split("#")[0] for doc in after["docs"]}
        assert pages_after == pages_before
        locations = [doc["location"] for doc in after["docs"]]
        assert len(locations) == len(set(locations)), "a re-rendered page is indexed twice"
        assert any(marker in doc["text"] for doc in after["docs"])

        # The lists that show a note's first words (kept between rebuilds) show the new ones.
        saved = note.read_text("utf-8").replace("We talked.", "We talked about the lighthouse budget.")
        note.write_text(saved, "utf-8")
        words = "lighthouse budget"
        for url in ("notes/", "topics/alpha/", "contacts/person-1/", "contacts/aisha-rahman/"):
            assert wait_for(base + url, lambda html: words in html, 60), url
        assert "We talked.<" not in fetch(base + "notes/")

        # The contacts list keeps its rows too: a saved role shows, and so does the new day of
        # someone's last conversation (their own file unchanged).
        vault.contact("person-3", "Person 3 works on things.\n", name="Person 3", circle="regular",
                      tags=["alpha"], role="Lighthouse keeper")
        assert wait_for(base + "contacts/", lambda html: "Lighthouse keeper" in html, 60)
        vault.note("2026-10-04-call", "A call.\n", date="2026-11-21", title="Call 4", kind="call",
                   **{"with": ["person-4"]})

        def last_contact_of_person_4(html: str) -> str:
            """The row's last-contact cell ("" while the page is being written)."""
            row = html.partition('href="../contacts/person-4/"')[2]
            return row.partition('class="kith-c-last"')[2].partition("</tr>")[0]

        assert wait_for(base + "contacts/", lambda html: "2026-11-21" in last_contact_of_person_4(html), 60)

        # A note's first words name a person as they are named now: the excerpts kept between
        # rebuilds are let go when a name changes.
        vault.note("2026-10-05-call", "[[person-5]] asked about the harbour.\n", date="2026-10-05",
                   title="Call 5", kind="call", **{"with": ["person-5"]})
        assert wait_for(base + "notes/", lambda html: "Person 5 asked about the harbour" in html, 60)
        vault.contact("person-5", "Person 5 works on things.\n", name="Petra Quist", circle="regular",
                      tags=["alpha"])
        assert wait_for(base + "notes/", lambda html: "Petra Quist asked about the harbour" in html, 60)
        assert wait_for(base + "follow-ups/", lambda html: "Petra Quist asked about the harbour" in html, 60)
    finally:
        stop_server(server)


def sitemap_locations(base: str) -> set[str]:
    return set(re.findall(r"<loc>(.*?)</loc>", fetch(base + "sitemap.xml") or ""))


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


def wait_for_status(url: str, expected: int, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if status_of(url) == expected:
            return True
        time.sleep(0.3)
    return False


def test_kith_serve_never_serves_what_is_gone(tmp_path_factory: pytest.TempPathFactory) -> None:
    """After a delete, a rename or `private: true`, the page, and the topic and event pages only it
    made, are gone on the next rebuild, and so are their search entries."""
    vault = Vault(tmp_path_factory.mktemp("serve-gone") / "vault")
    vault.contact("aisha-rahman", "Aisha.\n", name="Aisha Rahman", tags=["shared"])
    solo = vault.contact("solo-person", "Solo.\n", name="Solo Person", tags=["solo-topic"],
                         met_at="Solo Summit")
    renamed = vault.contact("ben", "Ben.\n", name="Ben Ade", tags=["shared"])
    hush = vault.contact("hush-person", "Hush.\n", name="Hush Person", tags=["hush-topic"])
    vault.note("2026-11-10-coffee", "Coffee.\n", date="2026-11-10", title="Coffee",
               **{"with": ["Aisha Rahman", "Solo Person", "Hush Person"]})
    server, port, log_path = start_kith_serve(vault)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(base + "contacts/solo-person/", lambda html: "Solo" in html, 90), log_path.read_text()
        for url in ("topics/solo-topic/", "events/solo-summit/", "contacts/ben/", "contacts/hush-person/",
                    "topics/hush-topic/"):
            assert status_of(base + url) == 200, url

        solo.unlink()
        renamed.rename(renamed.with_name("ben-ade.md"))
        hush.write_text(hush.read_text("utf-8").replace("---\n", "---\nprivate: true\n", 1), "utf-8")
        for url in ("contacts/solo-person/", "topics/solo-topic/", "events/solo-summit/", "contacts/ben/",
                    "contacts/hush-person/", "topics/hush-topic/"):
            assert wait_for_status(base + url, 404), (url, log_path.read_text())
        assert status_of(base + "contacts/ben-ade/") == 200
        assert status_of(base + "topics/shared/") == 200
        index = json.loads(fetch(base + "search/search_index.json") or "{}")
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert "contacts/ben-ade/" in locations
        gone = {"contacts/solo-person/", "topics/solo-topic/", "events/solo-summit/", "contacts/ben/",
                "contacts/hush-person/", "topics/hush-topic/"}
        assert not locations & gone
        text = json.dumps(index)
        assert "Hush" not in text and "Solo" not in text
        coffee = fetch(base + "notes/2026-11-10-coffee/") or ""
        assert "Hush Person" not in coffee and "Solo Person" not in coffee
    finally:
        stop_server(server)
