"""Nothing leaks: private contacts and notes, and redacted fields, appear in no file of the built site.

Every check reads every file the build wrote (pages, search index, sitemap, feed, graph, assets),
as bytes, so a leak anywhere is found, not only where a page is expected to show it.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from html_sections import content, sections
from icalendar import Calendar
from kith.core.loader import load_vault

TODAY = "2026-11-22"

# Distinctive strings: any of them in any output file is a leak.
PRIVATE_PERSON = {
    "name": "Zorblax Quimbleton",
    "aliases": ["Zorby"],
    "email": "zorblax.q@hushmail-secret.example",
    "phone": "+44 7700 900777",
    "company": "Quimbleworks Secret Ltd",
    "role": "Chief Whisperer",
    "tags": ["zorblax-topic"],
    "expertise": ["zorblaxology"],
    "interests": ["quimbling"],
    "met_at": "Zorblax Summit",
    "met": "2026-01-10",
    "birthday": "11-30",  # within the birthday window of TODAY
    "circle": "close",  # and out of touch: would be listed
    "location": "Quimbleville",
    "links": {"website": "https://quimbleworks-secret.example"},
    "private": True,
}
PRIVATE_NOTE_TITLE = "Plughwort strategy session"
PRIVATE_NOTE_BODY = "The plughwortian merger is confidential.\n- [ ] Draft the plughwort memo 📅 2026-11-25\n"
LEAKS = ["zorblax", "quimble", "zorby", "hushmail", "7700 900777", "7700900777", "whisperer",
         "plughwort"]


def write_private_network(vault) -> None:
    vault.contact("aisha-rahman", "Runs digital.", name="Aisha Rahman", company="Northwind Health",
                  tags=["digital-health"], circle="close", introduced_by="[[Zorblax Quimbleton]]")
    vault.contact("kim-osei", name="Kim Osei", aliases=["Kim"], role="Deputy to [[Zorblax Quimbleton]]",
                  company="[[Zorby]]'s firm")
    vault.contact("olu-public", name="Olu Public", circle="close", met="2026-01-01", birthday="11-28")
    vault.contact("zorblax-quimbleton", "Zorblax's secret backstory: quimbling since 1999.\n",
                  **PRIVATE_PERSON)
    vault.note("2026-11-20-coffee", (
        "Met [[Aisha Rahman]] and [[Zorblax Quimbleton]]; [[Zorby|the Quimble guy]] was late.\n"
        "See [[Plughwort strategy session]].\n"
        "- [ ] Send [[Zorblax Quimbleton]] the deck 📅 2026-11-25\n"
        "- [ ] Ask Aisha about the budget 📅 2026-11-26\n"
        "- [ ] [[Zorby]] to send the plan #waiting\n"
        "- [ ] Reread [[Plughwort strategy session]] before Friday 📅 2026-11-27\n"
    ), date="2026-11-20", title="Coffee after the launch", kind="coffee", follow_up="2026-11-24",
        **{"with": ["[[Aisha Rahman]]", "[[Zorblax Quimbleton]]", "Zorby"]})
    vault.note("2026-11-10-intro", "Introduced them.\n", date="2026-11-10", title="Introductions",
               kind="introduction", **{"with": ["Aisha Rahman", "Kim Osei", "Zorblax Quimbleton"]})
    vault.note("2026-11-12-summit", "Busy day.\n", date="2026-11-12", title="Zorblax Summit recap x",
               kind="event", private=True, **{"with": ["Kim Osei"]})
    vault.note("2026-11-15-plughwort", PRIVATE_NOTE_BODY, date="2026-11-15", title=PRIVATE_NOTE_TITLE,
               kind="meeting", tags=["plughwort-tag"], follow_up="2026-11-23", private=True,
               **{"with": ["Aisha Rahman", "Kim Osei"]})


def output_files(site: Path) -> dict[str, str]:
    """Every file of the built site as text (gzip opened), whatever its kind."""
    files: dict[str, str] = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            files[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return files


def leaks_in(site: Path, needles: list[str]) -> list[tuple[str, str]]:
    return [(name, needle) for name, text in output_files(site).items()
            for needle in needles if needle.lower() in text.lower()]


@pytest.fixture
def private_site(vault):
    write_private_network(vault)
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log
    return vault, result


def test_the_vault_really_holds_the_private_records(private_site) -> None:
    """The loader reads the private records (the CLI needs them); only publishing leaves them out."""
    vault, _ = private_site
    loaded = load_vault(vault.root)
    assert loaded.contacts["zorblax-quimbleton"].private
    assert loaded.notes["2026-11-15-plughwort"].private
    assert "zorblax-quimbleton" in loaded.notes["2026-11-20-coffee"].participants


def test_private_records_appear_in_no_output_file(private_site) -> None:
    _, result = private_site
    files = output_files(result.site)
    kinds = {Path(name).suffix for name in files}
    assert {".html", ".json", ".xml", ".ics"} <= kinds  # pages, search index, sitemap, feed
    assert leaks_in(result.site, LEAKS) == []
    assert not result.exists("contacts/zorblax-quimbleton/")
    assert not result.exists("notes/2026-11-15-plughwort/")
    assert not result.exists("notes/2026-11-12-summit/")


def test_a_public_note_with_a_private_person_builds_without_naming_them(private_site) -> None:
    _, result = private_site
    page = result.page("notes/2026-11-20-coffee/")
    note = content(page)
    assert note.find("h1").text() == "Coffee after the launch"
    people = [a.text() for a in note.find_all("a", "kith-person")]
    assert people == ["Aisha Rahman"]
    body = note.find("div", "kith-body")
    assert [span.text() for span in body.find_all("span", "kith-private")] == ["(private)"] * 6
    assert "Send (private) the deck" in body.text()
    follow_ups = content(result.page("follow-ups/")).text()
    assert "Send (private) the deck" in follow_ups and "Ask Aisha about the budget" in follow_ups
    # Out of touch and birthdays would list the private person too: the public one is there.
    listed = sections(result.page("follow-ups/"))
    for section in ("out-of-touch", "birthdays"):
        assert "Olu Public" in " ".join(e.text() for e in listed[section]), section
    profile = content(result.page("contacts/aisha-rahman/")).text()
    assert "Coffee after the launch" in profile and "Introduced by" not in profile
    # Excerpts in listings are plain text made from the body: the links in it are hidden too.
    excerpts = [p.text() for p in content(result.page("notes/")).find_all("p", "kith-excerpt")]
    assert any(text.startswith("Met Aisha Rahman and (private); (private) was late.") for text in excerpts)


def test_a_private_note_leaves_no_trace_in_public_pages(private_site) -> None:
    _, result = private_site
    for url in ("", "notes/", "contacts/kim-osei/", "contacts/aisha-rahman/", "follow-ups/", "topics/"):
        text = content(result.page(url)).text()
        assert "plughwort" not in text.lower() and "Zorblax Summit recap" not in text, url
    assert not result.exists("topics/plughwort-tag/")
    assert not result.exists("topics/zorblax-topic/")
    assert not result.exists("events/zorblax-summit/")


REDACTED_PERSON = {
    "name": "Rhea Redact",
    "email": ["rhea.redacted@example.org", "rhea.second@example.org"],
    "phone": "+44 7700 900555",
    "birthday": "1980-11-29",
    "location": "Redactborough",
    "links": {"website": "https://rhea-redacted.example"},
    "company": "Visible Corp",
}
REDACTED_VALUES = {
    "email": ["rhea.redacted@example.org", "rhea.second@example.org"],
    "phone": ["7700 900555", "7700900555"],
    "location": ["Redactborough"],
    "links": ["rhea-redacted.example"],
}


def build_redacted(vault, redact: list[str]):
    options = f"      redact: [{', '.join(redact)}]\n" if redact else ""
    mkdocs = (vault.root / "mkdocs.yml").read_text("utf-8").replace("  - kith\n", f"  - kith:\n{options}")
    if not redact:
        mkdocs = mkdocs.replace("  - kith:\n", "  - kith\n")
    (vault.root / "mkdocs.yml").write_text(mkdocs, "utf-8")
    vault.contact("rhea-redact", "Rhea runs the visible team.\n", **REDACTED_PERSON)
    vault.note("2026-11-20-call", "- [ ] Send Rhea the plan 📅 2026-11-24\n", date="2026-11-20",
               title="Call with Rhea", **{"with": ["Rhea Redact"]})
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log
    return result


def birthday_traces(site: Path) -> list[str]:
    """Where Rhea's birthday shows: her profile, the follow-ups page, the calendar feed."""
    found = []
    if "Birthday" in content((site / "contacts/rhea-redact/index.html").read_text("utf-8")).text():
        found.append("profile")
    birthdays = sections((site / "follow-ups/index.html").read_text("utf-8")).get("birthdays", [])
    if "Rhea Redact" in " ".join(e.text() for e in birthdays):
        found.append("follow-ups")
    feed = site / "follow-ups.ics"
    if feed.exists():
        events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
        if any("rhea" in str(e["SUMMARY"]).lower() and "birthday" in str(e["SUMMARY"]).lower()
               for e in events):
            found.append("feed")
    if "1980-11-29" in "".join(output_files(site).values()):
        found.append("date")
    return found


def test_without_redact_the_fields_are_published(vault) -> None:
    """The baseline: so the redact test below can fail."""
    result = build_redacted(vault, [])
    for values in REDACTED_VALUES.values():
        assert leaks_in(result.site, values), values
    assert set(birthday_traces(result.site)) >= {"profile", "follow-ups", "feed"}


def test_redact_keeps_fields_out_of_every_file(vault) -> None:
    result = build_redacted(vault, ["email", "phone", "birthday", "location", "links"])
    for field, values in REDACTED_VALUES.items():
        assert leaks_in(result.site, values) == [], field
    assert birthday_traces(result.site) == []
    # The rest of the person is still published.
    profile = content(result.page("contacts/rhea-redact/")).text()
    assert "Visible Corp" in profile and "Rhea runs the visible team." in profile
    assert "Send Rhea the plan" in content(result.page("follow-ups/")).text()


def test_redact_only_what_is_asked(vault) -> None:
    result = build_redacted(vault, ["email"])
    assert leaks_in(result.site, REDACTED_VALUES["email"]) == []
    assert leaks_in(result.site, REDACTED_VALUES["phone"])
    assert "profile" in birthday_traces(result.site)


def test_obsidian_publish_false_is_private(vault) -> None:
    """Vaults kept for Obsidian Publish mark what stays home with `publish: false`."""
    vault.contact("aisha-rahman", name="Aisha Rahman")
    vault.contact("quentin-hush", name="Quentin Hushworth", publish=False)
    vault.note("2026-11-20-hush", "Hushworthian plans.\n", date="2026-11-20", title="Hushworth plans",
               publish="no", **{"with": ["Aisha Rahman"]})
    vault.note("2026-11-21-open", "Open.\n", date="2026-11-21", title="Open note", publish=True,
               **{"with": ["Aisha Rahman"]})
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log
    assert leaks_in(result.site, ["hushworth"]) == []
    assert result.exists("notes/2026-11-21-open/")
