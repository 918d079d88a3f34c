"""The companies, places and expertise pages, and the ways in on them, from a real build of the
known web in tests/known_web.py (the expected answers are worked out by hand there)."""

from __future__ import annotations

import json

import pytest
from html_sections import content, headings, items, parse, sections
from known_web import write_web


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from kith_vault import Vault

    vault = Vault(tmp_path_factory.mktemp("web") / "vault")
    write_web(vault)
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    return result


def table_rows(section) -> list[list[str]]:
    return [[td.text() for td in tr.find_all("td")] for element in section for tr in element.find_all("tr")
            if tr.find("td") is not None]


def ways(section) -> list[str]:
    return [li.text() for li in items(section, "kith-way")]


def test_companies_index_lists_each_company_with_its_people_and_last_contact(built) -> None:
    page = content(built.page("companies/"))
    rows = [[td.text() for td in tr.find_all("td")] for tr in page.find_all("tr") if tr.find("td")]
    assert rows == [
        ["Acme Inc", "3", "0", "1 Oct 2026"],
        ["Globex GmbH", "2", "1", "10 Jan 2024"],
        ["Initech", "1", "0", "1 Feb 2025"],
        ["Osei Procurement", "1", "0", "10 Nov 2026"],
    ]
    links = [a.attrs["href"] for a in page.find_all("a")
             if a.attrs.get("href", "").startswith("../companies/")]
    assert links == ["../companies/acme/", "../companies/globex/", "../companies/initech/",
                     "../companies/osei-procurement/"]
    assert not built.exists("companies/hushco/")  # only a private person works there


def test_a_company_page(built) -> None:
    html = built.page("companies/globex/")
    assert content(html).find("h1").text() == "Globex GmbH"
    parts = sections(html)
    assert table_rows(parts["people"]) == [
        ["Dana Whitfield", "Head of Data", "", "", "Kim Osei"],
        ["Olga Petrova", "CTO", "", "10 Jan 2024", ""],
    ]
    assert ways(parts["introductions"]) == [
        "me → Kim Osei (close, last contact 12 days ago, 3 conversations, introduced me to 1 person) "
        "→ introduced me to Dana Whitfield",
        "me → Ruth Ellery (close, last contact 1047 days ago, 1 conversation) → met Olga Petrova with me"]
    about = " ".join(e.text() for e in parts["about"])
    # Sanitised as a body is: the script shows as text and runs nothing; links resolve.
    assert about == ("Makers of everything, since 1989 . <script>alert('globex')</script>Ask Dana Whitfield "
                     "or (private) .")
    about_html = "".join(str(e.find_all("a")) for e in parts["about"])
    assert "../../contacts/dana-whitfield/" in about_html
    assert "<script>alert" not in html
    assert [li.text() for li in items(parts["follow-ups"], "kith-task")] == [
        "Send Olga Petrova the report with Olga Petrova · from Ruth olga (10 Jan 2024)"]
    assert [a.text() for e in parts["conversations"] for a in e.find_all("a", "kith-note-link")] == [
        "Ruth olga", "Olga greg"]
    assert table_rows(parts["former"]) == [["Lee Park", "Engineer", "Acme Inc", "", "1 Oct 2026"]]
    assert list(headings(html)) == [
        "people", "introductions", "about", "follow-ups", "conversations", "former"]


def test_company_names_are_one_company_and_its_people_in_circle_order(built) -> None:
    parts = sections(built.page("companies/acme/"))
    assert [row[0] for row in table_rows(parts["people"])] == ["Ben Adeyemi", "Lee Park", "Sam Rivers"]
    assert ways(parts["introductions"]) == [
        "me → Ben Adeyemi (regular, last contact 174 days ago, 2 conversations)",
        "me → Lee Park (last contact 52 days ago, 2 conversations)"]
    # Each person's own spelling links to the one page.
    for slug in ("ben-adeyemi", "lee-park", "sam-rivers"):
        link = content(built.page(f"contacts/{slug}/")).find("a", "kith-company")
        assert link.attrs["href"] == "../../companies/acme/"


def test_a_private_company_note_gives_no_text(built) -> None:
    assert "about" not in headings(built.page("companies/initech/"))
    for page in built.site.rglob("*"):
        if page.is_file():
            assert b"secret plans" not in page.read_bytes(), page


def test_places_out_of_touch_first(built) -> None:
    index = content(built.page("places/"))
    assert [[td.text() for td in tr.find_all("td")] for tr in index.find_all("tr") if tr.find("td")] == [
        ["Leeds", "5", "10 Nov 2026"]]
    parts = sections(built.page("places/leeds/"))
    assert [row[0] for row in table_rows(parts["people"])] == [
        "Ruth Ellery", "Ben Adeyemi", "Lee Park", "Kim Osei", "Dana Whitfield"]
    link = content(built.page("contacts/ruth-ellery/")).find("a", "kith-place")
    assert (link.text(), link.attrs["href"]) == ("Leeds", "../../places/leeds/")  # written "LEEDS"


def test_expertise_pages_list_people_with_role_company_circle_and_last_contact(built) -> None:
    index = content(built.page("expertise/"))
    assert [(area.find("h3").text(), [li.text() for li in area.find_all("li")])
            for area in index.find_all("section", "kith-area")] == [
        ("Procurement 2 people",
         ["Kim Osei · Founder, Osei Procurement", "Dana Whitfield · Head of Data, Globex GmbH"])]
    parts = sections(built.page("expertise/procurement/"))
    assert table_rows(parts["people"]) == [
        ["Kim Osei", "Founder", "Osei Procurement", "Close", "10 Nov 2026"],
        ["Dana Whitfield", "Head of Data", "Globex GmbH", "", ""]]
    assert ways(parts["introductions"]) == [
        "me → Kim Osei (close, last contact 12 days ago, 3 conversations, introduced me to 1 person)",
        "me → Ruth Ellery (close, last contact 1047 days ago, 1 conversation) → met Olga Petrova with me "
        "→ works with Dana Whitfield at Globex GmbH"]
    for slug in ("kim-osei", "dana-whitfield"):
        helps = content(built.page(f"contacts/{slug}/")).find_all("a", "kith-expertise")
        assert [a.attrs["href"] for a in helps] == ["../../expertise/procurement/"]


def test_a_profile_of_someone_not_in_touch_shows_how_to_reach_them(built) -> None:
    parts = sections(built.page("contacts/tom-tran/"))
    assert ways(parts["reach"]) == [
        "me → Ben Adeyemi (regular, last contact 174 days ago, 2 conversations) "
        "→ was introduced by me to Tom Tran"]
    assert "reach" in sections(built.page("contacts/hana-ito/"))  # four steps away: no way, said so
    assert items(sections(built.page("contacts/hana-ito/"))["reach"], "kith-way") == []
    for slug in ("kim-osei", "ben-adeyemi", "lee-park", "ruth-ellery"):  # in touch
        assert "reach" not in headings(built.page(f"contacts/{slug}/"))


def test_private_people_on_no_page_and_in_no_count(built) -> None:
    for page in built.site.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".xml", ".ics"):
            data = page.read_text("utf-8")
            for secret in ("Pat Private", "pat-private", "Hushco", "hushco", "espionage"):
                assert secret not in data, (page, secret)


def test_companies_and_places_are_in_the_sidebar_and_searchable(built) -> None:
    nav = parse(built.page("")).find("nav", "md-nav--primary")
    titles = [a.text() for a in nav.find_all("a", "md-nav__link")]
    start = titles.index("Contacts")
    assert titles[start:start + 3] == ["Contacts", "Companies", "Places"]
    index = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert {"companies/globex/", "places/leeds/", "expertise/procurement/"} <= locations
    about = [doc["text"] for doc in index["docs"] if doc["location"].startswith("companies/globex/")]
    assert any("Makers of everything" in text for text in about)


def test_a_link_to_a_companys_own_page_goes_to_the_company_page(vault) -> None:
    write_web(vault)
    vault.note("about-globex", "Globex is hiring: ask [[Globex GmbH|them]] or [[globex gmbh]]; "
               "[[Initech]] is quiet.\n", date="2026-11-20", title="About Globex",
               **{"with": ["[[Kim Osei]]"]})
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    links = content(result.page("notes/about-globex/")).find_all("a", "kith-link--company")
    assert [(a.text(), a.attrs["href"]) for a in links] == [
        ("them", "../../companies/globex/"), ("Globex GmbH", "../../companies/globex/"),
        ("Initech", "../../companies/initech/")]


def test_kept_rows_follow_a_page_added_to_the_vault(vault) -> None:
    """Under `kith serve` the rows of lists are kept from one build to the next: a company's own
    page added since turns a [[link]] to the company in someone's role into a link to its page."""
    import datetime as dt

    from kith.core.loader import VaultLoader
    from kith.core.settings import Settings
    from kith.site.build import SiteBuild, SiteOptions

    vault.contact("ana", name="Ana", company="Lumen Labs")
    vault.contact("ben", name="Ben", company="Lumen Labs")
    vault.contact("cleo", name="Cleo", role="Adviser to [[Lumen Labs]]")
    settings, kept = Settings(), {}
    loader = VaultLoader(vault.root, settings.contacts_dir, settings.notes_dir)

    def contacts_list() -> str:
        site = SiteBuild(loader.load(), SiteOptions.of(settings, dt.date(2026, 11, 22), fragments=kept))
        return site.page_html(site.pages["contacts/index.md"], "contacts/")

    assert "kith-link--company" not in contacts_list()
    vault.write("Lumen Labs.md", "# Lumen Labs\n\nWhat they make.\n")
    assert 'class="kith-link kith-link--company" href="../companies/lumen-labs/">Lumen Labs</a>' \
        in contacts_list()
