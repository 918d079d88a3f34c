"""Topics (nested), expertise, events and search by tag, on a vault written here and built for real."""

from __future__ import annotations

import json
import re

import pytest
from html_sections import content, sections
from kith.core.loader import load_vault
from kith.core.network import Network
from kith.core.topics import humanised
from kith_browser import browser_page, search


def write_network(vault) -> None:
    vault.contact("ana-alvarez", name="Ana Alvarez", role="Chief Information Officer", company="Trust Alpha",
                  tags=["nhs/digital", "leadership"], expertise=["Procurement", "contact centres"],
                  met="2025-06-11", met_at="NHS Expo 2025")
    vault.contact("ben-brown", name="Ben Brown", role="Data Lead", company="Brownworks", tags=["NHS"],
                  expertise=["procurement", "data"], met_at="nhs expo 2025")
    vault.contact("cara-chen", name="Cara Chen", role="Designer", company="Chen Studio",
                  tags=["NHS/Digital Health"], expertise=["Accessibility"], met="2026-04-22",
                  met_at="Leeds Meetup")
    vault.contact("dan-diaz", name="Dan Diaz")
    vault.contact("pat-private", name="Pat Private", tags=["nhs/secret-topic"], expertise=["espionage"],
                  met_at="Secret Summit", private=True)
    vault.note("2026-01-01-ana", "Digital plans.\n", date="2026-01-01", title="Digital plans with Ana",
               tags=["nhs/digital"], **{"with": ["Ana Alvarez"]})
    vault.note("2026-02-01-ben", "NHS data.\n", date="2026-02-01", title="Ben on NHS data",
               tags=["nhs"], **{"with": ["Ben Brown"]})
    vault.note("2026-03-01-scribes", "AI scribes.\n", date="2026-03-01", title="AI scribes",
               tags=["ai", "nhs/digital/ai"], **{"with": ["Ana Alvarez", "Ben Brown"]})
    vault.note("2025-06-11-expo", "Busy day.\n", date="2025-06-11", title="NHS Expo 2025", kind="event",
               **{"with": ["Dan Diaz"]})
    vault.note("2026-05-05-webinar", "Good talk.\n", date="2026-05-05", title="Webinar on AI", kind="event",
               **{"with": ["Cara Chen"]})
    vault.note("2026-06-01-secret", "Hush.\n", date="2026-06-01", title="Secret meeting", kind="event",
               tags=["hidden-tag"], private=True, **{"with": ["Ana Alvarez"]})


@pytest.fixture
def built(vault):
    write_network(vault)
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    return result


def test_core_topics(vault) -> None:
    write_network(vault)
    topics = Network(load_vault(vault.root)).topics
    assert sorted(topics) == [
        "ai", "leadership", "nhs", "nhs/digital", "nhs/digital-health", "nhs/digital/ai"]
    # A parent topic holds its children's contacts and notes; contacts by name, notes newest first.
    assert topics["nhs"].contacts == ["ana-alvarez", "ben-brown", "cara-chen"]
    assert topics["nhs"].notes == ["2026-03-01-scribes", "2026-02-01-ben", "2026-01-01-ana"]
    assert topics["nhs"].children == ["nhs/digital", "nhs/digital-health"]
    assert (topics["nhs/digital"].contacts, topics["nhs/digital"].notes) == (
        ["ana-alvarez"], ["2026-03-01-scribes", "2026-01-01-ana"])
    assert topics["nhs/digital"].children == ["nhs/digital/ai"]
    assert (topics["nhs/digital/ai"].contacts, topics["nhs/digital/ai"].notes) == ([], ["2026-03-01-scribes"])
    assert topics["nhs/digital-health"].contacts == ["cara-chen"]


def rows(table_section) -> list[list[str]]:
    return [[td.text() for td in tr.find_all("td")] for e in table_section for tr in e.find_all("tr")
            if tr.find("td") is not None]


def test_topics_index_lists_every_tag_with_counts(built) -> None:
    """A tree: each topic by its title, with how many people and conversations carry it, its
    sub-topics in a list inside it."""
    page = content(built.page("topics/"))
    tree = page.find("ul", "kith-topic-tree")

    def listed(items: list) -> list:
        shown = []
        for li in items:
            link = li.find("a", "kith-topic-link")
            inner = li.find("ul")
            children = [c for c in inner.children if not isinstance(c, str)] if inner else []
            shown.append((link.text(), link.attrs["href"], li.find("span", "kith-topic-counts").text(),
                          listed(children)))
        return shown

    assert listed([c for c in tree.children if not isinstance(c, str)]) == [
        ("AI", "../topics/ai/", "1 conversation", []),
        ("Leadership", "../topics/leadership/", "1 person", []),
        ("NHS", "../topics/nhs/", "3 people · 3 conversations", [
            ("Digital", "../topics/nhs/digital/", "1 person · 2 conversations", [
                ("AI", "../topics/nhs/digital/ai/", "1 conversation", [])]),
            ("Digital health", "../topics/nhs/digital-health/", "1 person", [])])]
    for link in tree.find_all("a"):
        assert built.exists(link.attrs["href"].removeprefix("../")), link.attrs["href"]
    assert not built.exists("topics/hidden-tag/") and not built.exists("topics/nhs/secret-topic/")


def test_topic_titles_can_be_given(vault) -> None:
    """`topic_titles` in mkdocs.yml names a topic; the others read as their tag in words."""
    vault.contact("ana", name="Ana", tags=["ai", "contact-centres", "e-commerce", "health/digital"])
    config = vault.root.joinpath("mkdocs.yml").read_text("utf-8")
    vault.write("mkdocs.yml", config.replace(
        "  - kith\n",
        "  - kith:\n      topic_titles: {ai: Artificial intelligence, Health/Digital: Digital health}\n"))
    built = vault.build(strict=True)
    assert built.returncode == 0, built.log
    profile = content(built.page("contacts/ana/"))
    assert [a.text() for a in profile.find_all("a", "kith-tag")] == [
        "Artificial intelligence", "Contact centres", "E-commerce", "Health / Digital health"]
    assert content(built.page("topics/health/digital/")).find("h1").text() == "Health / Digital health"
    docs = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    topic = next(d for d in docs if d["location"] == "topics/contact-centres/")
    # Search shows and matches a topic as it reads; its tag as written finds it too.
    assert topic["title"] == "Contact centres" and topic["tags"] == ["Contact centres"]
    assert "contact-centres" in topic["text"]


def test_topic_pages_list_contacts_and_notes(built) -> None:
    parts = sections(built.page("topics/nhs/"))
    assert rows(parts["contacts"]) == [["Ana Alvarez", "Chief Information Officer", "Trust Alpha"],
                                       ["Ben Brown", "Data Lead", "Brownworks"],
                                       ["Cara Chen", "Designer", "Chen Studio"]]
    notes = [(li.find("time").attrs["datetime"], li.find("a", "kith-note-link").text())
             for e in parts["conversations"] for li in e.find_all("li")]
    assert notes == [("2026-03-01", "AI scribes"), ("2026-02-01", "Ben on NHS data"),
                     ("2026-01-01", "Digital plans with Ana")]
    page = content(built.page("topics/nhs/"))
    children = [a.attrs["href"] for a in page.find("p", "kith-subtopics").find_all("a")]
    assert children == ["../../topics/nhs/digital/", "../../topics/nhs/digital-health/"]
    deep = content(built.page("topics/nhs/digital/ai/"))
    assert deep.find("h1").text() == "NHS / Digital / AI"
    assert [a.text() for a in deep.find_all("a", "kith-note-link")] == ["AI scribes"]
    assert deep.find("p", "kith-lead").find("a").attrs["href"] == "../../../../topics/nhs/digital/"


def test_every_tag_shown_links_to_its_topic_page(built) -> None:
    vault_network = Network(load_vault(built.site.parent))
    checked = 0
    for page in built.site.rglob("*.html"):
        for link in content(page.read_text("utf-8")).find_all(cls="kith-tag"):
            assert link.tag == "a", f"{page}: a tag that is not a link: {link.text()}"
            target = (page.parent / link.attrs["href"]).resolve()
            assert target.relative_to(built.site.resolve() / "topics")
            assert (target / "index.html").is_file(), f"{page}: {link.attrs['href']}"
            assert humanised(target.name) == link.text().rsplit(" / ", 1)[-1]
            checked += 1
    assert checked > 10
    # And every tag of every public contact and note is shown on its page, as a link.
    for contact in vault_network.contacts.values():
        links = content(built.page(f"contacts/{contact.slug}/")).find_all("a", "kith-tag")
        assert [a.attrs["href"].removeprefix("../../topics/").rstrip("/") for a in links] == contact.tags
    for note in vault_network.notes.values():
        links = content(built.page(f"notes/{note.slug}/")).find_all("a", "kith-tag")
        assert [a.attrs["href"].removeprefix("../../topics/").rstrip("/") for a in links] == note.tags


def test_expertise_alphabetical_with_people(built) -> None:
    """The index: an A-Z of the letters there are, each letter's areas with their people, each
    person with their role and company."""
    page = content(built.page("expertise/"))
    assert [(a.text(), a.attrs["href"]) for a in page.find("nav", "kith-az").find_all("a")] == [
        ("A", "#a"), ("C", "#c"), ("D", "#d"), ("P", "#p")]
    letters = [(s.find("h2").text(), [
        (area.find("h3").find("a").text(), area.find("h3").find("a").attrs["href"],
         [li.text() for li in area.find_all("li")])
        for area in s.find_all("section", "kith-area")]) for s in page.find_all("section", "kith-letter")]
    assert letters == [
        ("A", [("Accessibility", "../expertise/accessibility/", ["Cara Chen · Designer, Chen Studio"])]),
        ("C", [("contact centres", "../expertise/contact-centres/",
                ["Ana Alvarez · Chief Information Officer, Trust Alpha"])]),
        ("D", [("data", "../expertise/data/", ["Ben Brown · Data Lead, Brownworks"])]),
        ("P", [("Procurement", "../expertise/procurement/",
                ["Ana Alvarez · Chief Information Officer, Trust Alpha",
                 "Ben Brown · Data Lead, Brownworks"])])]
    # Each has a page of its own with its people (role, company, circle, last contact).
    people = sections(built.page("expertise/procurement/"))["people"]
    assert rows(people) == [["Ana Alvarez", "Chief Information Officer", "Trust Alpha", "", "1 Mar 2026"],
                            ["Ben Brown", "Data Lead", "Brownworks", "", "1 Mar 2026"]]
    assert not built.exists("expertise/espionage/")
    # A profile says what the person can help with, each linked to its page.
    profile = content(built.page("contacts/ana-alvarez/"))
    helps = [a for a in profile.find_all("a", "kith-expertise")]
    assert [(a.text(), a.attrs["href"]) for a in helps] == [
        ("Procurement", "../../expertise/procurement/"),
        ("contact centres", "../../expertise/contact-centres/")]


def test_events_from_met_at_and_event_notes(built) -> None:
    events = content(built.page("events/"))
    listed = {a.text(): a.attrs["href"] for a in events.find_all("a")}
    assert listed == {"NHS Expo 2025": "../events/nhs-expo-2025/", "Leeds Meetup": "../events/leeds-meetup/",
                      "Webinar on AI": "../events/webinar-on-ai/"}
    assert not built.exists("events/secret-summit/") and not built.exists("events/secret-meeting/")

    def people_and_notes(slug: str) -> tuple[list[str], list[str]]:
        parts = sections(built.page(f"events/{slug}/"))
        people = [a.text() for e in parts["people"] for a in e.find_all("a", "kith-person")]
        notes = [a.text() for e in parts.get("notes", []) for a in e.find_all("a", "kith-note-link")]
        return people, notes

    # `met_at` spelled two ways is one event; the event note's participants were met there too.
    assert people_and_notes("nhs-expo-2025") == (["Ana Alvarez", "Ben Brown", "Dan Diaz"], ["NHS Expo 2025"])
    assert people_and_notes("webinar-on-ai") == (["Cara Chen"], ["Webinar on AI"])
    assert people_and_notes("leeds-meetup") == (["Cara Chen"], [])
    # A profile links to its events.
    for slug, expected in {"ana-alvarez": {"nhs-expo-2025"}, "cara-chen": {"leeds-meetup", "webinar-on-ai"},
                           "dan-diaz": {"nhs-expo-2025"}}.items():
        links = content(built.page(f"contacts/{slug}/")).find_all("a")
        hrefs = {a.attrs.get("href", a.attrs.get("xlink:href")) for a in links}  # SVG: xlink:href
        linked = {m.group(1) for h in hrefs if (m := re.fullmatch(r"\.\./\.\./events/([^/]+)/", h))}
        assert linked == expected, slug


def test_search_index_carries_tags_names_companies_roles(built) -> None:
    docs = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    pages = {d["location"]: d for d in docs if "#" not in d["location"]}
    ana = pages["contacts/ana-alvarez/"]
    assert ana["title"] == "Ana Alvarez"
    # Tags are tags, as they read; company and role are found in the text, without posing as tags.
    assert ana["tags"] == ["NHS / Digital", "Leadership"]
    assert "nhs/digital" in ana["text"]  # typed as written, a tag finds what carries it
    assert "Trust Alpha" in ana["text"] and "Chief Information Officer" in ana["text"]
    assert pages["notes/2026-03-01-scribes/"]["tags"] == ["AI", "NHS / Digital / AI"]
    # Typing a tag finds the pages carrying it: every contact and note tagged `leadership`.
    carrying = {loc for loc, d in pages.items() if "Leadership" in d.get("tags", [])}
    assert carrying == {"contacts/ana-alvarez/", "topics/leadership/"}
    assert not any("Pat Private" in d["title"] or "espionage" in d["text"] for d in docs)


@pytest.mark.browser
def test_search_box_finds_tags_names_companies_and_roles(built) -> None:
    with browser_page(built.site) as (page, base):
        page.goto(base)

        def found(query: str) -> list[str]:
            return [href.removeprefix(base).split("?")[0].split("#")[0] for href in search(page, query)]

        # A tag lists the pages carrying it first: the person tagged with it and the topic page.
        assert set(found("leadership")[:2]) == {"contacts/ana-alvarez/", "topics/leadership/"}
        # A nested tag (searched as a prefix, so its sub-topics come too): everything carrying it.
        nested = found("nhs/digital")
        assert {"contacts/ana-alvarez/", "notes/2026-01-01-ana/", "topics/nhs/digital/"} <= set(nested)
        assert "contacts/ben-brown/" not in nested  # tagged `nhs` only
        assert found("Ana Alvarez")[0] == "contacts/ana-alvarez/"
        # A company finds its page, and the people who work there.
        assert found("Brownworks")[:2] == ["companies/brownworks/", "contacts/ben-brown/"]
        assert found("Designer")[0] == "contacts/cara-chen/"


@pytest.mark.parametrize("kind", ["lunch", "Video Call", "board-game night"])
def test_any_word_is_a_kind(vault, kind: str) -> None:
    """A kind kith has no icon for is shown as the word, and builds strict."""
    vault.contact("ada", name="Ada Lovell")
    vault.note("2026-11-02-with-ada", "Talked.", date="2026-11-02", title="With Ada",
               **{"with": ["Ada Lovell"], "kind": kind})
    built = vault.build(strict=True)
    assert built.returncode == 0, built.log
    shown = " ".join(kind.lower().split())
    meta = content(built.page("notes/2026-11-02-with-ada/")).find("p", "kith-note__meta")
    assert meta.find("span", "kith-kind").text().strip().endswith(shown)
