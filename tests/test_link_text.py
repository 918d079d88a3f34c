"""`[[links]]` read as text the same way wherever kith shows text (core/privacy.py `link_text`): a
label, else the name or title of what it links to, else what was written; on the site and in the
feed a private contact or a private note reads "(private)", label and all; in the user's own
terminal, where private people are shown, it reads as their name."""

from __future__ import annotations

import json
import re

from cli.kith_cli import invoke
from html_sections import content
from icalendar import Calendar

TASK = ("Send [[kim-osei]], [[Kim|K.]], [[Zorby|the Z]] and [[Zorblax Quimbleton]] "
        "the [[Plughwort plan]] notes")
PUBLISHED = "Send Kim Osei, K., (private) and (private) the (private) notes"
IN_TERMINAL = "Send Kim Osei, K., the Z and Zorblax Quimbleton the Plughwort plan notes"
OPENING = "Met [[Kim]] and [[Zorby|Zed]] about [[Plughwort plan]] and [[Some page|the wiki]]."


def reads(element) -> str:
    """An element's text as a reader sees it (no space before a comma where a link ends)."""
    return re.sub(r" ([,.])", r"\1", element.text())


def write_vault(vault) -> None:
    vault.contact("kim-osei", "Kim.\n", name="Kim Osei", aliases=["Kim"])
    vault.contact("zorblax-quimbleton", "Secret.\n", name="Zorblax Quimbleton", aliases=["Zorby"],
                  private=True)
    vault.note("2026-11-10-plughwort", "Secret plan.\n", date="2026-11-10", title="Plughwort plan",
               private=True)
    vault.note("2026-11-20-call",
               f"# Call with [[Kim]] and [[Zorby]]\n\n{OPENING}\n\n- [ ] {TASK} 📅 2026-11-24\n",
               date="2026-11-20", **{"with": ["Kim Osei"]})


def test_links_read_the_same_in_every_published_text(vault) -> None:
    write_vault(vault)
    result = vault.build()
    assert result.returncode == 0, result.log
    note = content(result.page("notes/2026-11-20-call/"))
    # The title made of the heading, and the heading itself not shown twice.
    assert note.find("h1").text() == "Call with Kim Osei and (private)"
    assert "Call with" not in " ".join(h.text() for h in note.find_all("h2"))
    assert PUBLISHED in reads(note)
    followups = reads(content(result.page("follow-ups/")))
    assert PUBLISHED in followups
    feed = Calendar.from_ical((result.site / "follow-ups.ics").read_bytes())
    assert [str(event["SUMMARY"]) for event in feed.walk("VEVENT")] == [f"{PUBLISHED} (Kim Osei)"]
    listing = content(result.page("notes/"))
    excerpt = " ".join(reads(p) for p in listing.find_all("p", "kith-excerpt"))
    assert "Met Kim Osei and (private) about (private) and the wiki." in excerpt
    index = json.loads((result.site / "search/search_index.json").read_text("utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    assert "Call with Kim Osei and (private)" in titles
    for path in result.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".ics", ".xml"):
            text = path.read_text("utf-8").lower()
            assert "zorb" not in text and "plughwort" not in text and "the z" not in text, path


def test_the_terminal_reads_links_as_names_private_ones_too(vault) -> None:
    write_vault(vault)
    run = invoke("--vault", str(vault.root), "due", "--json")
    assert run.exit_code == 0, run.stderr
    tasks = [task for group in json.loads(run.stdout).values() if isinstance(group, list) for task in group]
    assert [task["text"] for task in tasks] == [IN_TERMINAL]
    shown = invoke("--vault", str(vault.root), "due")
    assert IN_TERMINAL in shown.stdout
