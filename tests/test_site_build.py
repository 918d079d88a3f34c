"""Integration: a real `mkdocs build` of vaults written in temporary folders, read back as HTML.

Each vault is written and built once per module; the tests read the produced pages the way a
browser would (see html_sections), and the log the way a user would.
"""

from __future__ import annotations

import gzip
import os
import posixpath
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from html_sections import Element, content, parse, sections
from kith_vault import MKDOCS_YML, BuildResult, Vault
from other_hosts import references_to_other_hosts

# Files as a user types them, so the line of every problem is known.
CONTACTS = {
    "aisha-rahman": """\
---
name: Aisha Rahman
aliases: [Aisha]
organization: Northwind Health
title: Head of Digital
email: [aisha@example.org, a.rahman@example.net]
phone: "+44 113 496 0000"
links: {linkedin: "https://www.linkedin.com/in/aisha-example", website: "https://aisha.example.org"}
tags: [digital-health, leadership]
circle: close
introduced_by: "[[Kim Osei]]"
---
Aisha cares about [[Ben Ade|Ben]]'s procurement work.
""",
    "kim-osei": """\
---
first_name: Kim
last_name: Osei
phone: +447700900123
company: Osei & Partners
role: Consultant
circle: regular
---
""",
    "ben-ade": """\
---
name: Ben Ade
company: Ade Supplies
role: Buyer
circle: loose
introduced_by: kim osei
---
""",
    "cara-lane": """\
---
name: Cara Lane
company: Lane Studio
met: last spring
---
""",
    # Claims Aisha's alias: a problem, but the profile is still built.
    "ali-rahman": """\
---
name: Ali Rahman
aliases: [aisha]
role: "Assistant to [[Aisha Rahman]]"
met_at: "[[Leeds Digital Expo]]"
---
""",
    "pat-private": """\
---
name: Pat Secretperson
email: pat@hidden.example
tags: [hushtopic]
introduced_by: "[[Kim Osei]]"
met_at: Hushsummit 2026
private: true
---
Pat's own words.
""",
    "broken": """\
---
name: Broken
company: "Acme
---
""",
}

NOTES = {
    "2026-11-20-coffee-with-aisha": """\
---
date: 2026-11-20
title: Coffee after the book launch
with: ["[[Aisha Rahman]]", kim-osei]
kind: coffee
tags: [partnerships]
---
Talked about [[Kim Osei]]'s contact-centre review; [[cara lane|Cara]] came up.
Background in [[2026-09-01-intro]] and [[The first call]].
Someone called [[Kim Osie]] joined; [[Zed Unknown]] did not.
Type `[[Name]]` to link someone.

```
[[Not A Link]] stays as written
```
""",
    "2026-09-01-intro": """\
---
date: 2026-09-01
title: Introducing Aisha to Ben
kind: introduction
people: [aisha, Ben Ade]
---
I introduced [[AISHA]] to [[ben-ade]].
""",
    "2025-06-02-first-call": """\
---
date: 2025-06-02
title: The first call
participants: [aisha-rahman]
kind: call
---
First call with Aisha about the digital strategy. [[Pat Secretperson|Pat]] was mentioned too.
""",
    "2026-10-10-ben-meeting": """\
---
date: 2026-10-10
title: Meeting Ben at the depot
with: "[[Ben Ade]]"
kind: meeting
---
Ben asked after [[Aisha]].
""",
    "2026-11-21-private-lunch": """\
---
date: 2026-11-21
title: Secretlunch at the club
with: [aisha-rahman, pat-private]
private: true
---
Secretbody words.
""",
    "2026-11-02-email-from-ben": """\
---
date: 2026-11-02
with: [Ben Ade]
kind: email
---
# Email from [[ben-ade|Ben]]
Prices for next year.
""",
    # A public note with a private participant: published, without them.
    "2026-07-15-workshop": """\
---
date: 2026-07-15
title: Workshop day
with: [kim-osei, Pat Secretperson]
kind: event
---
Long day with [[Kim Osei]] and [[pat-private]].
""",
    "no-date": """\
---
title: Undated thoughts
with: [kim-osei]
---
""",
    "bad-date": """\
---
date: 2026-02-30
with: [kim-osei]
---
""",
}

PRIVATE_STRINGS = ("Secretperson", "pat-private", "pat@hidden.example", "hushtopic", "Hushsummit",
                   "Pat's own words", "Secretlunch", "Secretbody", "private-lunch")

# The problem each broken file was written to have: (file:line, words of the message).
EXPECTED_PROBLEMS = [
    ("contacts/broken.md:3", "not valid YAML"),
    ("notes/no-date.md:2", "no date"),
    ("notes/bad-date.md:2", "2026-02-30"),
    ("contacts/studio/Cara Lane.md:4", "'last spring' is not a date"),
    ("notes/2026-11-20-coffee-with-aisha.md:10", "[[Kim Osie]] links to nobody; did you mean 'kim osei'"),
    ("contacts/ali-rahman.md:3", "alias 'aisha' is already used by contacts/aisha-rahman.md"),
]


def write_vault(vault: Vault) -> None:
    for slug, text in CONTACTS.items():
        # In a subfolder, under a file name with capitals and a space: the slug is still `cara-lane`.
        path = "contacts/studio/Cara Lane.md" if slug == "cara-lane" else f"contacts/{slug}.md"
        vault.write(path, text)
    for slug, text in NOTES.items():
        vault.write(f"notes/{slug}.md", text)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    vault = Vault(tmp_path_factory.mktemp("site") / "vault")
    write_vault(vault)
    return vault


@pytest.fixture(scope="module")
def built(vault: Vault) -> BuildResult:
    result = vault.build()
    assert result.returncode == 0, result.log
    return result


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def anchors(element: Element) -> dict[str, str]:
    """Text -> href of the links in an element."""
    return {a.text(): a.attrs.get("href", "") for a in element.find_all("a")}


def details(html: str) -> dict[str, Element]:
    """A profile's facts (`<dl>`s: the key ones first, then the details) as term -> definition."""
    page = content(html)
    lists = [page.find("dl", "kith-keyfacts"), page.find("dl", "kith-details")]
    assert None not in lists
    found: dict[str, Element] = {}
    for dl in lists:
        found.update((dt.text(), dd) for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"), strict=True))
    return found


def timeline(section: list[Element]) -> list[dict[str, str]]:
    rows = []
    for element in section:
        for li in element.find_all("li", "kith-timeline__item"):
            time_tag = li.find("time")
            kind = li.find("span", "kith-kind")
            link = li.find("a", "kith-note-link")
            excerpt = li.find("p", "kith-excerpt")
            assert time_tag is not None and link is not None
            rows.append({"date": time_tag.attrs["datetime"], "shown": time_tag.text(),
                         "kind": kind.text() if kind else "", "title": link.text(),
                         "href": link.attrs["href"], "excerpt": excerpt.text() if excerpt else ""})
    return rows


def site_url(page_url: str, href: str) -> str:
    """Where a relative link on a page leads, as a URL from the site root: `contacts/kim-osei/`."""
    if re.match(r"^[a-z]+:", href) or href.startswith("#"):
        return href
    base = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
    path, _, fragment = href.partition("#")
    joined = posixpath.normpath(posixpath.join(base, path))
    joined = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
    return joined + (f"#{fragment}" if fragment else "")


def targets(page_url: str, element: Element) -> dict[str, str]:
    """Text -> site URL of the links in an element of a page."""
    return {text: site_url(page_url, href) for text, href in anchors(element).items()}


# The build as a whole.


def test_plain_build_reports_each_problem_with_file_and_line(built: BuildResult) -> None:
    warnings = built.warnings()
    for location, words in EXPECTED_PROBLEMS:
        matching = [w for w in warnings if f"kith: {location}: " in w and words in w]
        assert len(matching) == 1, (location, words, warnings)
    # Nothing else: a correct file is never reported.
    assert len(warnings) == len(EXPECTED_PROBLEMS), warnings
    assert "[[Not A Link]]" not in built.log and "[[Name]]" not in built.log


def test_strict_build_fails_on_the_problems(vault: Vault, built: BuildResult,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    strict = vault.build("--site-dir", str(tmp_path_factory.mktemp("strict")), strict=True)
    assert strict.returncode != 0
    assert "Aborted with" in strict.log and "strict mode" in strict.log
    for location, words in EXPECTED_PROBLEMS:
        assert f"kith: {location}: " in strict.log and words in strict.log, location


def test_every_other_page_is_built(built: BuildResult) -> None:
    for slug in ("aisha-rahman", "kim-osei", "ben-ade", "cara-lane", "ali-rahman"):
        assert built.exists(f"contacts/{slug}/"), slug
    for slug in ("2026-11-20-coffee-with-aisha", "2026-09-01-intro", "2025-06-02-first-call",
                 "2026-10-10-ben-meeting"):
        assert built.exists(f"notes/{slug}/"), slug
    for url in ("", "contacts/", "notes/", "follow-ups/", "topics/", "topics/digital-health/",
                "topics/partnerships/"):
        assert built.exists(url), url
    # Broken files make no page, and nothing was copied into docs_dir.
    for url in ("contacts/broken/", "notes/no-date/", "notes/bad-date/"):
        assert not built.exists(url), url
    assert sorted(p.name for p in (built.site.parent / "site_src").iterdir()) == ["index.md"]


# A profile.


def test_profile_details(built: BuildResult) -> None:
    url = "contacts/aisha-rahman/"
    html = built.page(url)
    page = content(html)
    assert page.find("h1").text() == "Aisha Rahman"
    assert "Head of Digital at Northwind Health" in page.find("p", "kith-subtitle").text()
    found = details(html)
    assert anchors(found["Email"]) == {"aisha@example.org": "mailto:aisha@example.org",
                                       "a.rahman@example.net": "mailto:a.rahman@example.net"}
    assert anchors(found["Phone"]) == {"+44 113 496 0000": "tel:+441134960000"}
    assert anchors(found["Links"]) == {"linkedin": "https://www.linkedin.com/in/aisha-example",
                                       "website": "https://aisha.example.org"}
    assert found["Circle"].text().startswith("Close")
    assert found["Last contact"].find("time").attrs["datetime"] == "2026-11-20"  # not the private 21st
    assert targets(url, found["Introduced by"]) == {"Kim Osei": "contacts/kim-osei/"}
    assert found["Also known as"].text() == "Aisha"
    tags = targets(url, page.find("span", "kith-tags"))
    assert tags == {"Digital health": "topics/digital-health/", "Leadership": "topics/leadership/"}
    for href in tags.values():
        assert built.exists(href), href
    # Her own text, with its link resolved.
    about = sections(html)["about"]
    assert "Aisha cares about" in about[0].text()
    assert targets(url, about[0]) == {"Ben": "contacts/ben-ade/"}
    # Written without quotes, so YAML reads a number: the `+` must survive.
    kim = details(built.page("contacts/kim-osei/"))
    assert anchors(kim["Phone"]) == {"+447700900123": "tel:+447700900123"}


def test_profile_introductions(built: BuildResult) -> None:
    aisha = sections(built.page("contacts/aisha-rahman/"))
    [intro] = [li for e in aisha["introductions"] for li in ([e] if e.tag == "li" else e.find_all("li"))]
    assert "Ben Ade" in intro.text() and "1 Sep 2026" in intro.text()
    assert targets("contacts/aisha-rahman/", intro) == {
        "Ben Ade": "contacts/ben-ade/", "1 Sep 2026": "notes/2026-09-01-intro/"}
    ben = sections(built.page("contacts/ben-ade/"))
    assert "Aisha Rahman" in ben["introductions"][0].text()
    kim = details(built.page("contacts/kim-osei/"))
    assert targets("contacts/kim-osei/", kim["Introduced me to"]) == {
        "Aisha Rahman": "contacts/aisha-rahman/", "Ben Ade": "contacts/ben-ade/"}
    assert "introductions" not in sections(built.page("contacts/kim-osei/"))


def test_profile_timeline_newest_first(built: BuildResult) -> None:
    rows = timeline(sections(built.page("contacts/aisha-rahman/"))["timeline"])
    assert [(r["date"], r["shown"], r["kind"], r["title"], r["href"]) for r in rows] == [
        ("2026-11-20", "20 Nov 2026", "☕ coffee", "Coffee after the book launch",
         "../../notes/2026-11-20-coffee-with-aisha/"),
        ("2026-09-01", "1 Sep 2026", "🔗 introduction", "Introducing Aisha to Ben",
         "../../notes/2026-09-01-intro/"),
        ("2025-06-02", "2 Jun 2025", "📞 call", "The first call", "../../notes/2025-06-02-first-call/"),
    ]
    # Excerpts read like the page: a link shows its label, else the name or title it resolves to.
    assert rows[0]["excerpt"].startswith("Talked about Kim Osei's contact-centre review; Cara came up. "
                                         "Background in Introducing Aisha to Ben and The first call.")
    assert rows[1]["excerpt"] == "I introduced Aisha Rahman to Ben Ade."
    # A private person linked in an excerpt is not named.
    assert rows[2]["excerpt"] == (
        "First call with Aisha about the digital strategy. (private) was mentioned too.")


def test_profile_mentions_are_not_conversations(built: BuildResult) -> None:
    aisha = sections(built.page("contacts/aisha-rahman/"))
    assert [r["title"] for r in timeline(aisha["mentions"])] == ["Meeting Ben at the depot"]
    cara_html = built.page("contacts/cara-lane/")
    cara = sections(cara_html)
    assert [r["title"] for r in timeline(cara["mentions"])] == ["Coffee after the book launch"]
    assert "No conversations with Cara Lane yet." in cara["timeline"][0].text()
    assert details(cara_html)["Last contact"].text() == "no conversation yet"
    ben = sections(built.page("contacts/ben-ade/"))
    assert [r["title"] for r in timeline(ben["timeline"])] == [
        "Email from Ben", "Meeting Ben at the depot", "Introducing Aisha to Ben"]
    assert "mentions" not in ben  # linked only in notes he took part in


def test_links_in_front_matter_values(built: BuildResult) -> None:
    url = "contacts/ali-rahman/"
    page = content(built.page(url))
    subtitle = page.find("p", "kith-subtitle")
    assert subtitle.text() == "Assistant to Aisha Rahman"
    assert targets(url, subtitle) == {"Aisha Rahman": "contacts/aisha-rahman/"}
    # `met_at` names an event, which gets a page (named without the brackets).
    met = details(built.page(url))["Met"]
    assert targets(url, met) == {"Leeds Digital Expo": "events/leeds-digital-expo/"}
    assert content(built.page("events/leeds-digital-expo/")).find("h1").text() == "Leeds Digital Expo"
    table = content(built.page("contacts/")).find("table")
    assert targets("contacts/", table)["Aisha Rahman"] == "contacts/aisha-rahman/"


# A note.


def test_note_page(built: BuildResult) -> None:
    url = "notes/2026-11-20-coffee-with-aisha/"
    page = content(built.page(url))
    meta = page.find("p", "kith-note__meta")
    assert meta.find("time").attrs["datetime"] == "2026-11-20" and "20 Nov 2026" in meta.text()
    assert "coffee" in meta.find("span", "kith-kind").text()
    assert targets(url, meta) == {"Aisha Rahman": "contacts/aisha-rahman/", "Kim Osei": "contacts/kim-osei/"}
    assert targets(url, page.find("span", "kith-tags")) == {"Partnerships": "topics/partnerships/"}
    body = page.find("div", "kith-body")
    assert targets(url, body) == {
        "Kim Osei": "contacts/kim-osei/", "Cara": "contacts/cara-lane/",
        "Introducing Aisha to Ben": "notes/2026-09-01-intro/",
        "The first call": "notes/2025-06-02-first-call/"}
    for href in targets(url, page).values():
        if not href.startswith(("#", "http")):
            assert built.exists(href), href
    # A misspelt name: plain text with a visible marker, no anchor; a page not written yet: text.
    [missing] = body.find_all("span", "kith-unresolved")
    assert missing.text() == "Kim Osie ?" and missing.find("a") is None
    assert [span.text() for span in body.find_all("span", "kith-page")] == ["Zed Unknown"]
    # Fenced code is shown as written, not linked.
    codes = [code.text() for code in body.find_all("code")]
    assert "[[Name]]" in codes and any("[[Not A Link]] stays as written" in code for code in codes)


def test_note_titled_by_a_heading_with_a_link(built: BuildResult) -> None:
    url = "notes/2026-11-02-email-from-ben/"
    html = built.page(url)
    page = content(html)
    # `# Email from [[ben-ade|Ben]]` is the title, shown once, as text.
    assert [h1.text() for h1 in page.find_all("h1")] == ["Email from Ben"]
    assert "<title>Email from Ben" in html
    assert page.find("div", "kith-body").text() == "Prices for next year."


def test_note_links_by_alias_slug_and_case(built: BuildResult) -> None:
    url = "notes/2026-09-01-intro/"
    body = content(built.page(url)).find("div", "kith-body")
    assert targets(url, body) == {"Aisha Rahman": "contacts/aisha-rahman/", "Ben Ade": "contacts/ben-ade/"}
    url = "notes/2026-10-10-ben-meeting/"
    body = content(built.page(url)).find("div", "kith-body")
    assert targets(url, body) == {"Aisha Rahman": "contacts/aisha-rahman/"}


def test_link_to_private_contact_names_nobody(built: BuildResult) -> None:
    body = content(built.page("notes/2025-06-02-first-call/")).find("div", "kith-body")
    assert body.find("span", "kith-private").text() == "(private)"
    assert body.find("a") is None


def test_public_note_with_a_private_participant(built: BuildResult) -> None:
    url = "notes/2026-07-15-workshop/"
    page = content(built.page(url))
    assert targets(url, page.find("p", "kith-note__meta")) == {"Kim Osei": "contacts/kim-osei/"}
    body = page.find("div", "kith-body")
    assert targets(url, body) == {"Kim Osei": "contacts/kim-osei/"}
    assert [span.text() for span in body.find_all("span", "kith-private")] == ["(private)"]
    kim = sections(built.page("contacts/kim-osei/"))
    rows = timeline(kim["timeline"])
    assert [r["title"] for r in rows] == ["Coffee after the book launch", "Workshop day"]
    assert "met-with" in kim and "Secretperson" not in " ".join(e.text() for e in kim["met-with"])
    event = content(built.page("events/workshop-day/"))
    assert set(targets("events/workshop-day/", event).values()) >= {"contacts/kim-osei/", url}


def check_links(site: Path) -> tuple[int, list[tuple[str, str]]]:
    """Every link in the content of every page: how many lead inside the site, and those that lead nowhere."""
    checked = 0
    dead: list[tuple[str, str]] = []
    for path in html_files(site):
        page_url = path.relative_to(site).as_posix()
        article = parse(path.read_text("utf-8")).find("article")
        for a in article.find_all("a") if article is not None else []:
            href = a.attrs.get("href", a.attrs.get("xlink:href", ""))  # a link in an SVG: xlink:href
            target = site_url(page_url, href).split("#")[0]
            if not target or re.match(r"^[a-z]+:", target):
                continue
            checked += 1
            if not (site / (target + "index.html" if target.endswith("/") else target)).is_file():
                dead.append((page_url, href))
    return checked, dead


def test_every_link_on_every_page_leads_to_a_page(built: BuildResult) -> None:
    checked, dead = check_links(built.site)
    assert dead == [] and checked > 100


# Listings.


def test_contacts_table(built: BuildResult) -> None:
    table = content(built.page("contacts/")).find("table")
    assert [th.text() for th in table.find_all("th")] == [
        "Name", "Company", "Role", "Circle", "Last contact", "Next due", "Tags"]
    rows = {}
    for tr in table.find_all("tr"):
        if tr.find("td") is not None:
            name = tr.find("a")
            cells = [td.text() for td in tr.find_all("td")][1:]
            rows[name.text()] = (cells, site_url("contacts/", name.attrs["href"]))
    # Next due: the last contact and the circle's cadence (close 30, regular 90, loose 180 days)
    # from 22 Nov 2026; the tags by their topics' titles.
    assert rows == {
        "Aisha Rahman": (["Northwind Health", "Head of Digital", "Close", "20 Nov 2026", "in 28 days",
                          "Digital health , Leadership"], "contacts/aisha-rahman/"),
        "Ali Rahman": (["", "Assistant to Aisha Rahman", "", "", "", ""], "contacts/ali-rahman/"),
        "Ben Ade": (["Ade Supplies", "Buyer", "Loose", "2 Nov 2026", "in 160 days", ""], "contacts/ben-ade/"),
        "Cara Lane": (["Lane Studio", "", "", "", "", ""], "contacts/cara-lane/"),
        "Kim Osei": (["Osei & Partners", "Consultant", "Regular", "20 Nov 2026", "in 88 days", ""],
                     "contacts/kim-osei/"),
    }
    # What the filter box reads of each row: name, aliases, company, role, place and topics.
    aisha = next(tr for tr in table.find_all("tr") if "Aisha Rahman" in tr.text() and tr.find("td"))
    assert aisha.attrs["data-kith-filter-text"].split() == [
        "Aisha", "Rahman", "Aisha", "Northwind", "Health", "Head", "of", "Digital",
        "Digital", "health", "digital-health", "Leadership", "leadership"]


def test_notes_listing_newest_first_by_month(built: BuildResult) -> None:
    months = sections(built.page("notes/"))
    assert [month.attrs["id"] for month in content(built.page("notes/")).find_all("h2")] == [
        "november-2026", "october-2026", "september-2026", "july-2026", "june-2025"]
    assert [h2.text() for h2 in content(built.page("notes/")).find_all("h2")][:1] == ["November 2026"]
    titles = {month: [r["title"] for r in timeline(items)] for month, items in months.items()}
    assert titles == {
        "november-2026": ["Coffee after the book launch", "Email from Ben"],
        "october-2026": ["Meeting Ben at the depot"], "september-2026": ["Introducing Aisha to Ben"],
        "july-2026": ["Workshop day"], "june-2025": ["The first call"]}


# Privacy, navigation, hosts.


def test_private_records_appear_in_no_output_file(built: BuildResult) -> None:
    files = [p for p in built.site.rglob("*") if p.is_file()]
    names = {p.relative_to(built.site).as_posix() for p in files}
    assert "search/search_index.json" in names and "sitemap.xml" in names
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        for secret in PRIVATE_STRINGS:
            assert secret.lower() not in text.lower(), (secret, path)
    assert not built.exists("contacts/pat-private/") and not built.exists("topics/hushtopic/")


def primary_nav_links(html: str) -> dict[str, str]:
    nav = parse(html).find("nav", "md-nav--primary")
    assert nav is not None
    return anchors(nav)


def test_individual_pages_are_not_in_the_navigation(built: BuildResult) -> None:
    for url in ("contacts/aisha-rahman/", "notes/2026-11-20-coffee-with-aisha/", ""):
        links = primary_nav_links(built.page(url))
        assert {"Contacts", "Follow-ups", "Conversations", "Topics"} <= set(links), links
        names = " ".join(links)
        hrefs = " ".join(links.values())
        for person in ("Aisha Rahman", "Kim Osei", "Coffee after the book launch"):
            assert person not in names, (url, person)
        assert "aisha-rahman" not in hrefs and "coffee-with-aisha" not in hrefs


def assert_loads_nothing_from_other_hosts(site: Path) -> None:
    assert references_to_other_hosts(site) == []  # every output file, read as a browser would


def test_site_loads_nothing_from_other_hosts(built: BuildResult) -> None:
    assert_loads_nothing_from_other_hosts(built.site)


def test_example_network_loads_nothing_from_other_hosts(example_site: BuildResult) -> None:
    """The repository's own mkdocs.yml, which `make serve` shows."""
    assert example_site.returncode == 0, example_site.log
    assert_loads_nothing_from_other_hosts(example_site.site)


# Other vault layouts.


def test_use_directory_urls_false(tmp_path_factory: pytest.TempPathFactory) -> None:
    vault = Vault(tmp_path_factory.mktemp("flat") / "vault", MKDOCS_YML + "use_directory_urls: false\n")
    write_vault(vault)
    result = vault.build()
    assert result.returncode == 0, result.log
    url = "notes/2026-11-20-coffee-with-aisha.html"
    page = content(result.page(url))
    body = targets(url, page.find("div", "kith-body"))
    assert body["Kim Osei"] == "contacts/kim-osei.html"
    assert body["Introducing Aisha to Ben"] == "notes/2026-09-01-intro.html"
    checked, dead = check_links(result.site)
    assert dead == [] and checked > 100
    # No directory URL, which would need a web server to find its index.html.
    for path in html_files(result.site):
        article = parse(path.read_text("utf-8")).find("article")
        for a in article.find_all("a") if article is not None else []:
            href = a.attrs.get("href", "").split("#")[0]
            assert not href.endswith("/") and href != "..", (path, href)


def test_other_folder_names(tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = MKDOCS_YML.replace(
        "  - kith\n", "  - kith:\n      contacts_dir: people\n      notes_dir: log/conversations\n")
    vault = Vault(tmp_path_factory.mktemp("folders") / "vault", settings)
    aisha = CONTACTS["aisha-rahman"].replace('introduced_by: "[[Kim Osei]]"\n', "")
    vault.write("people/aisha-rahman.md", aisha)
    vault.write("people/ben-ade.md", CONTACTS["ben-ade"].replace("introduced_by: kim osei\n", ""))
    vault.write("log/conversations/2026-10-10-ben-meeting.md", NOTES["2026-10-10-ben-meeting"])
    # The default folders hold something else here, which is not read.
    vault.write("contacts/ghost.md", "---\nname: Ghost Person\n---\n")
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    assert result.warnings() == []
    assert not result.exists("contacts/ghost/")
    rows = timeline(sections(result.page("contacts/ben-ade/"))["timeline"])
    assert [r["title"] for r in rows] == ["Meeting Ben at the depot"]
    url = "notes/2026-10-10-ben-meeting/"
    body = content(result.page(url)).find("div", "kith-body")
    assert targets(url, body) == {"Aisha Rahman": "contacts/aisha-rahman/"}


# `mkdocs serve` picks up a saved change.


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server started in its own session, and everything it started."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def wait_for(url: str, predicate, timeout: float) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        html = fetch(url)
        if html is not None and predicate(html):
            return html
        time.sleep(0.5)
    return None


def test_serve_rebuilds_on_a_saved_note(tmp_path_factory: pytest.TempPathFactory) -> None:
    vault = Vault(tmp_path_factory.mktemp("serve") / "vault")
    contact = vault.write("contacts/ben-ade.md", CONTACTS["ben-ade"].replace("introduced_by: kim osei\n", ""))
    note = vault.write("notes/2026-10-10-ben-meeting.md",
                       NOTES["2026-10-10-ben-meeting"].replace("[[Aisha]]", "me"))
    port = free_port()
    mkdocs = Path(sys.executable).with_name("mkdocs")  # the venv's, next to the interpreter
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": "2026-11-22"}
    log_path = vault.root.parent / "serve.log"
    with log_path.open("wb") as log:  # a file, not a pipe nobody reads, which could fill and block
        server = subprocess.Popen(
            [str(mkdocs), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=vault.root, env=environment,
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        note_url = base + "notes/2026-10-10-ben-meeting/"
        first = wait_for(note_url, lambda html: "Ben asked after me" in html, 60)
        assert first is not None, "the note page was never served:\n" + log_path.read_text("utf-8")
        saved = note.read_text("utf-8").replace("asked after me.", "asked for the freshly saved quote.")
        note.write_text(saved, "utf-8")
        changed = wait_for(note_url, lambda html: "freshly saved quote" in html, 60)
        assert changed is not None, "the saved note never reached its page:\n" + log_path.read_text("utf-8")
        assert "Ben asked after me" not in changed
        # A contact saved under `serve` is picked up too.
        contact.write_text(contact.read_text("utf-8").replace("role: Buyer", "role: Head Buyer"), "utf-8")
        profile = wait_for(base + "contacts/ben-ade/", lambda html: "Head Buyer" in html, 60)
        assert profile is not None, "the saved contact never reached its page:\n" + log_path.read_text()
        # A new note appears, on its own page and on the profile of the person it was with.
        vault.note("2026-11-21-new-call", "Hello.\n", date="2026-11-21", title="A brand new call",
                   kind="call", **{"with": ["Ben Ade"]})
        assert wait_for(base + "notes/2026-11-21-new-call/", lambda html: "A brand new call" in html, 60)
        assert wait_for(base + "contacts/ben-ade/", lambda html: "A brand new call" in html, 60)
    finally:
        stop_server(server)
