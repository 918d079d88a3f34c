"""What a reader sees at size, read back from real builds: tasks as tasks, excerpts as prose, topics
by title, the expertise index, home's out-of-touch list, search's weights.
(How it looks and works in a browser: tests/browser/test_browser_reading.py.)"""

from __future__ import annotations

import datetime as dt
import html as html_module
import json
import re

import pytest
from html_sections import content, sections
from kith.core.settings import Settings, SettingsError
from kith.core.topics import TopicTitles, humanised
from kith_vault import TODAY

# Every way a task's markers are written (Obsidian Tasks, Dataview, kith), none of which a reader
# should see as typed.
SIGNS = ("📅", "🗓", "⏳", "⌛", "🛫", "✅", "➕", "❌", "🔁", "⏫", "🔼", "🔽", "🔺", "⏬", "🆔",
         "due:", "due::", "scheduled::", "#waiting", "[ ]", "[x]", "[/]", "[-]", "^abc123")
NOTE = """\
Sam runs the programme for the council and wants help with the outline.

## Next steps

- [ ] Send Sam the programme outline 📅 2026-11-20
- [ ] Sam to share the list #waiting due:2026-11-29
- [/] Draft the brief [due:: 2026-11-22] ⏫
- [ ] Book the room ⏳ 2026-12-01 🛫 2026-11-25 ➕ 2026-11-01 ^abc123
- [ ] Monthly check-in 🔁 every month 📅 2026-12-05 🔼
- [x] Thank Sam for the intro ✅ 2026-11-10 📅 2026-11-09
- [x] Sam sent the slides #waiting ✅ 2026-11-15
- [-] Old plan (scheduled:: 2026-10-01) ❌ 2026-10-02

After the tasks, more prose: the budget is fixed.
"""


def task_vault(vault) -> None:  # type: ignore[no-untyped-def]
    vault.contact("sam", name="Sam Okoro", company="Leeds City Council", role="Programme Lead",
                  circle="close", tags=["local-government", "health/digital"])
    vault.note("2026-11-15-sam", NOTE, date="2026-11-15", title="Coffee with Sam", kind="coffee",
               **{"with": ["Sam Okoro"]})


@pytest.fixture
def built(vault):  # type: ignore[no-untyped-def]
    task_vault(vault)
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    return result


def test_tasks_on_a_note_read_as_tasks_with_badges(built) -> None:
    body = content(built.page("notes/2026-11-15-sam/")).find("div", "kith-body")
    tasks = body.find_all("li", "task-list-item")
    # KITH_TODAY is 22 Nov 2026: how far off each open task is; done and cancelled ones say none.
    assert [li.text() for li in tasks] == [
        "Send Sam the programme outline due 20 Nov 2026 overdue by 2 days",
        "Sam to share the list due 29 Nov 2026 in 7 days waiting on them",
        "Draft the brief due 22 Nov 2026 today in progress",
        "Book the room scheduled 1 Dec 2026 · starts 25 Nov 2026 in 9 days",
        "Monthly check-in due 5 Dec 2026 · recurring in 13 days",
        "Thank Sam for the intro due 9 Nov 2026 · done 10 Nov 2026",
        "Sam sent the slides done 15 Nov 2026",
        "Old plan scheduled 1 Oct 2026 · cancelled 2 Oct 2026 cancelled",
    ]
    assert [li.find("input").attrs["aria-label"] for li in tasks] == ["to do"] * 5 + ["done"] * 3
    badges = [(t.attrs["class"], t.attrs["data-kith-date"]) for t in body.find_all("time")]
    assert badges == [("kith-when kith-when--overdue", "2026-11-20"), ("kith-when", "2026-11-29"),
                      ("kith-when kith-when--today", "2026-11-22"), ("kith-when", "2026-12-01"),
                      ("kith-when", "2026-12-05")]
    # The prose after the tasks is a paragraph of its own.
    assert body.find_all("p")[-1].text() == "After the tasks, more prose: the budget is fixed."


def test_no_task_marker_is_shown_as_typed_anywhere(built) -> None:
    outputs = [*built.site.rglob("*.html"), built.site / "search" / "search_index.json",
               built.site / "follow-ups.ics"]
    for path in outputs:
        text = path.read_text("utf-8")
        if path.suffix == ".html":  # what a reader sees: the page's content, not its scripts
            text = content(text).text()
        assert [sign for sign in SIGNS if sign in text] == [], path
    # Search shows the dates in words, not what was true on the day of the build only.
    docs = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    note = " ".join(d["text"] for d in docs if d["location"].startswith("notes/2026-11-15-sam/"))
    assert "due 20 Nov 2026" in note and "overdue" not in note


def test_open_follow_ups_say_waiting_on_them(built) -> None:
    follow_ups = sections(built.page("contacts/sam/"))["follow-ups"]
    items = [li for part in follow_ups for li in part.find_all("li", "kith-task")]
    waiting = [li.find("span", "kith-task__text").text() for li in items
               if li.find("span", "kith-badge--waiting")]
    assert waiting == ["Sam to share the list"]
    assert len(items) == 5  # the open ones


def test_an_excerpt_is_the_prose_only(built) -> None:
    listing = content(built.page("notes/"))
    excerpt = listing.find("p", "kith-excerpt").text()
    assert excerpt == ("Sam runs the programme for the council and wants help with the outline. "
                       "After the tasks, more prose: the budget is fixed.")


def test_a_task_checkbox_on_a_page_of_the_users_own_is_named(vault) -> None:
    vault.contact("sam", name="Sam Okoro")
    vault.write("site_src/plan.md", "# Plan\n\n- [ ] Write it\n- [x] Think about it\n")
    built = vault.build(strict=True)
    assert built.returncode == 0, built.log
    boxes = content(built.page("plan/")).find_all("input")
    assert [box.attrs.get("aria-label") for box in boxes] == ["to do", "done"]


@pytest.mark.parametrize(("key", "title"), [
    ("contact-centres", "Contact centres"), ("ai", "AI"), ("nhs", "NHS"), ("llm", "LLM"), ("5g", "5G"),
    ("b2b-sales", "B2B sales"), ("e-commerce", "E-commerce"), ("hr", "HR"), ("ux-research", "UX research"),
    ("go-to-market", "Go to market"), ("of", "Of"), ("data_engineering", "Data engineering"),
    ("rhythm", "Rhythm"), ("gym", "Gym"), ("a", "A"), ("ipo", "IPO"), ("api-design", "API design"),
    ("art", "Art"), ("saas-pricing", "SaaS pricing"), ("ios", "iOS"), ("llms", "LLMs"), ("esg", "ESG"),
    ("devops", "DevOps"), ("open-apis", "Open APIs"),
])
def test_a_topic_reads_as_words(key: str, title: str) -> None:
    assert humanised(key) == title


def test_topic_titles_given_win_and_nest() -> None:
    titles = TopicTitles({"Health/Digital": "Digital health", "ML": "Machine learning"})
    assert titles.title("health/digital") == "Digital health"
    assert titles.path("health/digital/ai") == "Health / Digital health / AI"
    assert titles.path("ml") == "Machine learning"


@pytest.mark.parametrize("value", [["ai"], "AI", {"ai": ""}, {"ai": None}, {"ai": ["x"]}, {"ai": True}])
def test_topic_titles_that_cannot_be_read_are_refused(value: object) -> None:
    with pytest.raises(SettingsError, match="topic_titles"):
        Settings.read({"topic_titles": value})


def test_search_weighs_profiles_topics_and_companies_and_wide_lists_have_room(vault) -> None:
    task_vault(vault)
    built = vault.build(strict=True)
    docs = json.loads((built.site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    boosts = {d["location"].split("#")[0]: d.get("boost") for d in docs}
    assert boosts["contacts/sam/"] == 4.0 and boosts["topics/health/digital/"] == 10.0
    assert boosts["companies/leeds-city-council/"] == 6.0 and boosts["notes/2026-11-15-sam/"] is None
    # The topics as they read, the leaf's own title for its page; the tag as written in the text.
    topic = next(d for d in docs if d["location"] == "topics/health/digital/")
    assert (topic["title"], topic["tags"]) == ("Digital", ["Health / Digital"])
    assert "part of Health" in topic["text"] and "health/digital" in topic["text"]
    profile = next(d for d in docs if d["location"] == "contacts/sam/")
    assert profile["tags"] == ["Local government", "Health / Digital"]
    assert "Programme Lead at Leeds City Council" in profile["text"]
    # The long lists leave out the theme's (empty) table of contents, for the width.
    toc_hidden = re.compile(r'class="md-sidebar md-sidebar--secondary"[^>]*data-md-type="toc" hidden>')
    for url in ("contacts/", "topics/", "expertise/", "companies/", "places/"):
        assert toc_hidden.search(built.page(url)), url
    assert 'data-md-type="toc"' in built.page("notes/") and not toc_hidden.search(built.page("notes/"))


def test_the_expertise_index_shows_eight_people_an_area_then_a_link(vault) -> None:
    for number in range(10):
        vault.contact(f"p{number}", name=f"Person {number:02d}", role="Analyst", company="Acme",
                      expertise=["Procurement"], circle="close" if number == 9 else None)
    vault.contact("q", name="Quinn", expertise=["3D printing", "Zoning"])
    built = vault.build(strict=True)
    page = content(built.page("expertise/"))
    assert [a.text() for a in page.find("nav", "kith-az").find_all("a")] == ["#", "P", "Z"]
    area = page.find("section", "kith-area", id="procurement")
    people = [li.text() for li in area.find_all("li")]
    assert people[:2] == ["Person 09 · Analyst, Acme", "Person 00 · Analyst, Acme"]  # the circle first
    assert len(people) == 9 and people[-1] == "All 10 who can help with Procurement"
    assert area.find("li", "kith-area__more").find("a").attrs["href"] == "../expertise/procurement/"
    # What the filter box reads: every one of them, not only those shown.
    assert "Person 08" in area.attrs["data-kith-filter-text"]


def test_home_out_of_touch_shows_how_far_past_their_cadence(vault) -> None:
    today = dt.date.fromisoformat(TODAY)
    people = [(200, "close"), (400, "loose"), (100, "regular"), (35, "close")]  # met days ago, circle
    for number, (days, circle) in enumerate(people):
        vault.contact(f"p{number}", name=f"Person {number}", circle=circle,
                      met=(today - dt.timedelta(days=days)).isoformat())
    vault.contact("new", name="Never Met", circle="close")
    built = vault.build(strict=True)
    items = [li for part in sections(built.page(""))["out-of-touch"] for li in part.find_all("li")]
    shown = [(li.find("a").text(), li.find(cls="kith-when").text()) for li in items]
    # Most overdue first: never in touch, then 400 - 180, 200 - 30, 100 - 90 and 35 - 30 days.
    assert shown == [("Never Met", "never in touch"), ("Person 1", "overdue by 220 days"),
                     ("Person 0", "overdue by 170 days"), ("Person 2", "overdue by 10 days"),
                     ("Person 3", "overdue by 5 days")]
    assert re.search(r"200 days since we met · keep in touch every 30 days", items[2].text())


def test_page_content_writes_wide_characters_as_references(vault) -> None:  # type: ignore[no-untyped-def]
    """kith's part of a page and the body in it write every character beyond Latin-1 as a
    reference (MkDocs keeps every page's content in memory to the end of a build, and one emoji
    makes a string four times its size); a reader, and search, still get the characters."""
    vault.contact("li-wei", "Met over ☕ in 北京; café in Zürich.\n", name="李伟 Li Wei",
                  company="Zeta 株式会社")
    vault.note("2026-11-20-tea", "We had 🍵 and talked about 数据.\n", date="2026-11-20", title="Tea ☕",
               kind="coffee", **{"with": ["li-wei"]})
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    for url, words in (("contacts/li-wei/", ("☕", "北京", "株式会社", "café", "Zürich")),
                       ("notes/2026-11-20-tea/", ("🍵", "数据", "李伟"))):
        page = result.page(url)
        article = page[page.index('<article class="md-content__inner'):page.index("</article>")]
        assert max(article) <= "\xff", url  # written as references...
        shown = html_module.unescape(article)
        assert all(word in shown for word in words), url  # ...which read as the characters
    docs = json.loads((result.site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    note = " ".join(doc["text"] for doc in docs if doc["location"].startswith("notes/2026-11-20-tea/"))
    assert "🍵" in html_module.unescape(note) and "数据" in html_module.unescape(note)
