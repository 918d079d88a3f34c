"""Notes people already keep, read as they are: Obsidian vaults in the shapes of public templates
and CRM plugins (tests/fixtures/vaults/, described in obsidian_vaults.py), built with the real
`mkdocs build --strict` and read back as HTML (the `kith` command on the same vaults:
tests/cli/test_cli_obsidian_vaults.py).

Each vault is copied to a temporary folder first. For each: it builds strictly where its content
is sound; every person is shown with company and role; every meeting links to its people; every
due follow-up is listed (site and `kith due`); `kith check` names only real problems.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from html_sections import content, items, parse, sections
from kith_vault import TODAY, BuildResult
from obsidian_vaults import SOUND, VAULTS, copied


def build(root: Path, *, strict: bool = True) -> BuildResult:
    command = [sys.executable, "-m", "mkdocs", "build", "--clean"] + (["--strict"] if strict else [])
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=environment, timeout=600)
    return BuildResult(result.returncode, result.stdout + result.stderr, root / "site")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """Every vault built once: strictly where sound, plainly (it still builds) where not."""
    results = {}
    for name, expected in VAULTS.items():
        root = copied(name, tmp_path_factory.mktemp("vaults"))
        results[name] = build(root, strict=not expected.problems)
    return results


def _link_targets(element) -> list[str]:
    """The contact slugs an element links to, in order."""
    slugs = []
    for anchor in element.find_all("a"):
        href = anchor.attrs.get("href", "")
        if "/contacts/" in href and href.rstrip("/").rsplit("/", 1)[-1] not in slugs:
            slugs.append(href.rstrip("/").rsplit("/", 1)[-1])
    return slugs


@pytest.mark.parametrize("name", SOUND)
def test_a_sound_vault_builds_strictly(name: str, built) -> None:
    result = built[name]
    assert result.returncode == 0, result.log
    assert result.warnings() == []


def test_a_vault_with_a_broken_contact_fails_strictly_on_that_alone(built, tmp_path: Path) -> None:
    expected = VAULTS["crm"]
    root = copied("crm", tmp_path)
    strict = build(root)
    assert strict.returncode != 0
    warnings = [line.removeprefix("WARNING -  kith: ") for line in strict.warnings()]
    assert len(warnings) == len(expected.problems), warnings
    for (where, words), warning in zip(expected.problems, warnings, strict=True):
        assert warning.startswith(f"{where}: ") and words in warning, warning
    # The plain build still has everyone else.
    assert built["crm"].returncode == 0, built["crm"].log


@pytest.mark.parametrize("name", list(VAULTS))
def test_every_person_is_shown_with_company_and_role(name: str, built) -> None:
    site = built[name]
    for slug, (person, role, company) in VAULTS[name].people.items():
        page = content(site.page(f"contacts/{slug}/"))
        assert page.find("h1").text() == person
        subtitle = page.find("p", "kith-subtitle")
        shown = " at ".join(part for part in (role, company) if part)
        assert (subtitle.text() if subtitle else "") == shown, slug
        # Company and role are text: a link to a company's page reads as its name, with no "?".
        assert page.find(cls="kith-unresolved") is None
    rows = {_link_targets(row)[0]: [cell.text() for cell in row.find_all("td")]
            for row in content(site.page("contacts/")).find_all("tr") if _link_targets(row)}
    assert set(rows) == set(VAULTS[name].people)
    for slug, (person, role, company) in VAULTS[name].people.items():
        assert rows[slug][:3] == [person, company or "", role or ""]


@pytest.mark.parametrize("name", list(VAULTS))
def test_every_meeting_links_to_its_people(name: str, built) -> None:
    site = built[name]
    for slug, people in VAULTS[name].meetings.items():
        page = content(site.page(f"notes/{slug}/"))
        assert _link_targets(page.find("p", "kith-note__meta")) == people, slug
        for person in people:  # and each person's profile lists the meeting
            timeline = sections(site.page(f"contacts/{person}/"))["timeline"]
            hrefs = [a.attrs.get("href", "") for element in timeline for a in element.find_all("a")]
            assert any(f"/notes/{slug}/" in href for href in hrefs), (person, slug)


def _listed(site: BuildResult) -> dict[str, list[tuple[str, str]]]:
    """The follow-ups page: each section's items as (text, due date)."""
    found = {}
    for section, elements in sections(site.page("follow-ups/")).items():
        found[section] = [(li.find(cls="kith-task__text").text(), li.attrs.get("data-kith-date", ""))
                          for li in items(elements, "kith-task")]
    return found


@pytest.mark.parametrize("name", list(VAULTS))
def test_every_due_follow_up_is_listed(name: str, built) -> None:
    expected = VAULTS[name]
    listed = _listed(built[name])
    dated = {item for section in ("overdue", "due-soon", "waiting") for item in listed[section]}
    # The page lists what is overdue and due in the next 14 days.
    horizon = dt.date.fromisoformat(TODAY) + dt.timedelta(days=14)
    soon = {item for item in expected.follow_ups if dt.date.fromisoformat(item[1]) <= horizon}
    assert soon <= dated, soon - dated
    everything = {text for section in listed.values() for text, _ in section}
    assert not expected.not_listed & everything


def test_names_titles_and_addresses_as_obsidian_shows_them(built) -> None:
    kepano, dataview = built["kepano"], built["dataview"]
    # Named by the file name; an ASCII address; the file keeps its name.
    assert content(kepano.page("contacts/jose-nunez/")).find("h1").text() == "José Núñez"
    assert content(kepano.page("contacts/ana-lima/")).find("h1").text() == "Ana Lima"
    # A note's title is its file name without the date, its date the file name's.
    call = content(kepano.page("notes/2026-04-14-call-with-tomas-berg/"))
    assert call.find("h1").text() == "Call with Tomas Berg"
    assert call.find("time").attrs["datetime"] == "2026-04-14"
    for slug, date in (("2024-05-21", "2024-05-21"), ("2024-05-21-1415", "2024-05-21"),
                       ("20240521-call", "2024-05-21"), ("2026-11-21", "2026-11-21")):
        assert content(dataview.page(f"notes/{slug}/")).find("time").attrs["datetime"] == date, slug
    assert content(dataview.page("notes/2024-05-21-1415/")).find("h1").text() == "Pricing review"


def test_links_to_pages_that_are_not_people_read_as_text(built) -> None:
    site = built["kepano"]
    mira = content(site.page("contacts/mira-castell/"))
    pages = [span.text() for span in mira.find_all("span", "kith-page")]
    # A page not written yet, an embed of a Base: text, no "?".
    assert {"Systems thinking", "Meetings.base"} <= set(pages), pages
    # Her companies, now and before (`org:` lists both), each its own page: links to the company's
    # page on the site.
    companies = [(a.text(), a.attrs["href"]) for a in mira.find_all("a", "kith-company")]
    assert companies == [("Harbour Labs", "../../companies/harbour-labs/"),
                         ("Northwind Ltd", "../../companies/northwind/")]
    ana = content(site.page("contacts/ana-lima/"))
    assert [span.text() for span in ana.find_all("span", "kith-page")] == ["book club"]
    # A link with a folder and an extension names the person by its last part.
    call = content(site.page("notes/2026-04-14-call-with-tomas-berg/"))
    assert [(a.text(), a.attrs["href"]) for a in call.find_all("a", "kith-link--contact")] == [
        ("Mira", "../../contacts/mira-castell/")]
    for page in site.site.rglob("*.html"):
        assert "kith-unresolved" not in page.read_text("utf-8"), page


def test_tasks_read_as_obsidian_tasks_writes_them(built) -> None:
    site = built["dataview"]
    note = content(site.page("notes/2024-05-21-1415/"))
    tasks = {li.text(): li for li in note.find_all("li", "task-list-item")}
    # The text, its dates in words, how far off it is (open ones, from KITH_TODAY), its status.
    assert set(tasks) == {
        "Revise the pricing sheet due 28 Nov 2026 in 6 days in progress",
        "Old discount plan due 1 May 2026 cancelled",
        "Quarterly numbers scheduled 15 Dec 2026 · starts 1 Dec 2026 in 23 days",
        "Confirm budget with Ada Lovell due 10 Nov 2026 overdue by 12 days",
        "Ask about the API limits",
        "Monthly report due 30 Nov 2026 · recurring in 8 days",
        "Ship the dashboard due 5 Dec 2026 in 13 days",
    }
    cancelled = tasks["Old discount plan due 1 May 2026 cancelled"]
    assert cancelled.find("del").text() == "Old discount plan"
    assert "checked" in cancelled.find("input").attrs
    assert cancelled.find("time") is None  # nothing is due of a cancelled task
    overdue = tasks["Confirm budget with Ada Lovell due 10 Nov 2026 overdue by 12 days"].find("time")
    assert overdue.attrs["class"] == "kith-when kith-when--overdue"
    assert overdue.attrs["data-kith-date"] == "2026-11-10"  # what kith.js relabels on the reader's date
    # Each checkbox says what it is: done (or cancelled) or to do.
    assert {li.find("input").attrs["aria-label"] for li in tasks.values()} == {"done", "to do"}
    assert cancelled.find("input").attrs["aria-label"] == "done"
    # No sign or inline field is left in any text a reader sees: pages, search, the feed.
    signs = ("📅", "⏳", "🛫", "✅", "➕", "🔁", "⏫", "🔼", "🔽", "🔺", "⏬", "due::",
             "[/]", "[-]", "[>]", "[!]", "[?]")
    outputs = [*site.site.rglob("*.html"), site.site / "search" / "search_index.json",
               site.site / "follow-ups.ics"]
    for path in outputs:
        text = path.read_text("utf-8")
        assert not [sign for sign in signs if sign in text], path


def test_dataview_fields_at_the_top_are_front_matter_and_not_shown(built) -> None:
    site = built["dataview"]
    tomas = content(site.page("contacts/tomas-berg/"))
    assert "::" not in tomas.text()
    assert [a.text() for a in tomas.find_all("a", "md-tag")] == ["Analytics", "Nordics"]  # topics by title
    about = sections(site.page("contacts/tomas-berg/"))["about"]
    assert " ".join(e.text() for e in about) == "Runs the analytics guild. Prefers calls to email."
    note = content(site.page("notes/2024-05-21/"))
    assert "::" not in note.text() and "📞 call" in note.text()


def test_a_contacts_own_follow_up_and_last_contact(built) -> None:
    site = built["crm"]
    follow_ups = sections(site.page("contacts/mira-castell/"))["follow-ups"]
    assert "Follow up with Mira Castell" in " ".join(e.text() for e in follow_ups)
    # `last_contacted: 2026-10-02` and a note of the same day; Tomas's `last_contacted: 2026-11-15`
    # is older than the lunch of 2026-11-18, which wins.
    rows = {_link_targets(row)[0]: row.find_all("td")[4].text()
            for row in content(site.page("contacts/")).find_all("tr") if _link_targets(row)}
    assert rows == {"mira-castell": "2 Oct 2026", "ada-lovell": "18 Nov 2026", "tomas-berg": "18 Nov 2026"}
    feed = (site.site / "follow-ups.ics").read_text("utf-8")
    assert "SUMMARY:Follow up with Mira Castell" in feed and "DTSTART;VALUE=DATE:20260803" in feed


def test_a_notes_summary_is_its_excerpt(built) -> None:
    timeline = sections(built["crm"].page("contacts/mira-castell/"))["timeline"]
    assert "Renewal terms agreed" in " ".join(e.text() for e in timeline)


def test_query_blocks_are_left_out_of_pages(built) -> None:
    page = built["kepano"].page("contacts/tomas-berg/")
    assert "table without id" not in page and "dataview" not in page


def test_vcard_fields_and_addresses_without_https(built) -> None:
    john = parse(built["contacts_plugins"].page("contacts/john-doe/"))
    emails = [a.text() for a in john.find_all("a") if a.attrs.get("href", "").startswith("mailto:")]
    assert emails == ["john.doe@example.com", "j.doe@acme.example"]
    assert [a.text() for a in john.find_all("a") if a.attrs.get("href", "").startswith("tel:")] == [
        "+1-555-123-4567"]
    carl = parse(built["contacts_plugins"].page("contacts/carl-johnson/"))
    assert [a.attrs["href"] for a in carl.find_all("a") if a.text() == "linkedin"] == [
        "https://linkedin.com/in/carlj567"]
