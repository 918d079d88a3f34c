"""The example network as a reader sees it in Chromium: a walk through the site, search, dark mode,
a phone screen, the reader's own clock, and no request leaving 127.0.0.1.

What each page should show is worked out from the vault with kith's own core, not written down here,
so the tests follow the example network as it grows.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlparse

import pytest
from kith.core.followups import FollowUps, compute_followups, relative_label
from kith.core.graph import Connections
from kith.core.loader import load_vault
from kith.core.network import Network
from kith.core.topics import TopicTitles
from kith_browser import search
from kith_browsing import REPO
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BUILD_DAY = dt.date(2026, 11, 22)  # KITH_TODAY of the example_site build
LATER_DAY = dt.date(2026, 12, 20)  # the reader opens the page four weeks later
VIEWS = [("desktop", "light"), ("desktop", "dark"), ("phone", "light"), ("phone", "dark")]


@pytest.fixture(scope="module")
def network() -> Network:
    return Network(load_vault(REPO))


@pytest.fixture(scope="module")
def followups(network: Network) -> FollowUps:
    return compute_followups(network, BUILD_DAY)


def heading(page: Any) -> Any:
    return page.locator("article.md-content__inner h1").first


def section_headings(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("article.md-content__inner h2").all_inner_texts()]


def by_last_contact(network: Network) -> list[str]:
    """Names as the contacts table shows them after one click on "Last contact": newest first,
    never-contacted people last, ties in name order (the table's starting order; the sort is stable)."""
    contacts = network.sorted_contacts()
    ranked = sorted(contacts, key=lambda c: network.last_contact.get(c.slug, dt.date.min), reverse=True)
    return [c.name for c in ranked]


@pytest.mark.parametrize(("device", "scheme"), VIEWS)
def test_walk_from_home_to_follow_ups(visit: Any, network: Network, followups: FollowUps,
                                      device: str, scheme: str) -> None:
    # On the build's day: opened later, the follow-ups are those of the reader's day (tested below).
    v = visit(device, scheme, clock=f"{BUILD_DAY.isoformat()}T12:00:00")
    page = v.page

    def check_fits() -> None:
        if device == "phone":
            assert v.scroll_overflow() <= 0, f"{v.path()} scrolls sideways on a phone"

    # Home: the network at a glance.
    v.open("")
    stats = page.locator(".kith-stats")
    expect(stats).to_contain_text(f"{len(network.contacts)} contacts")
    expect(stats).to_contain_text(f"{len(network.notes)} conversations")
    assert {"Overdue", "Due this week", "Recent conversations"} <= set(section_headings(page))
    expect(page.locator(".kith-home-chart svg")).to_be_visible()
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected_scheme
    check_fits()
    v.shot("01-home")

    # Contacts: everyone; one click on "Last contact" puts the most recent first.
    stats.get_by_role("link", name=re.compile(r"\bcontacts\b")).click()
    expect(heading(page)).to_have_text("Contacts")
    rows = page.locator("table.kith-sortable tbody tr")
    expect(rows).to_have_count(len(network.contacts))
    header = page.locator("table.kith-sortable th", has_text="Last contact")
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    names = page.locator("table.kith-sortable tbody tr td:first-child").all_inner_texts()
    assert [n.strip() for n in names] == by_last_contact(network)
    dates = [d or "" for d in page.locator("table.kith-sortable tbody tr").evaluate_all(
        "rows => rows.map(r => r.cells[4].getAttribute('data-sort-value'))")]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated
    check_fits()
    v.shot("02-contacts-by-last-contact")

    # The profile of the person I spoke to last.
    newest = next(c for c in network.contacts.values() if c.name == by_last_contact(network)[0])
    rows.first.get_by_role("link", name=newest.name).click()
    expect(heading(page)).to_have_text(newest.name)
    timeline = network.timeline[newest.slug]
    sections = section_headings(page)
    assert "Conversations" in sections and "Open follow-ups" in sections
    first_item = page.locator("article ol.kith-timeline").first.locator("a.kith-note-link").first
    expect(first_item).to_have_text(timeline[0].title)
    last = network.last_contact[newest.slug]
    expect(page.locator(".kith-keyfacts")).to_contain_text(f"{last.day} {last:%b %Y}")
    if Connections(network).by_person.get(newest.slug):
        assert "Connections" in sections
        ego = page.locator("svg.kith-graph--ego")
        expect(ego).to_be_visible()
        expect(ego.locator("a.kith-node--centre title")).to_contain_text(newest.name)
    check_fits()
    v.shot("03-profile")

    # One of their conversations that has a tag.
    note = next(n for n in timeline if n.tags)
    timeline_list = page.locator("article ol.kith-timeline").first
    timeline_list.get_by_role("link", name=note.title, exact=True).first.click()
    expect(heading(page)).to_have_text(note.title)
    meta = page.locator(".kith-note__meta")
    for slug in note.participants:
        expect(meta).to_contain_text(network.contacts[slug].name)
    # Its follow-ups read as a checklist, not as "- [ ]" run into the paragraph above them.
    written = [task for task in note.tasks if not task.synthetic]
    if written:
        expect(page.locator(".kith-body li.task-list-item")).to_have_count(len(written))
        expect(page.locator(".kith-body")).not_to_contain_text("- [ ]")
    check_fits()
    v.shot("04-note")

    # A tag on it leads to its topic: everyone and everything on it, this conversation included.
    tag = note.tags[0]
    page.locator(f"article.kith-note .kith-tags a.kith-tag[href$='topics/{tag}/']").first.click()
    expect(heading(page)).to_have_text(TopicTitles().path(tag))  # the topic by its title
    topic = network.topics[tag]
    expect(page.locator(".kith-lead").first).to_contain_text(
        f"{len(topic.contacts)} contact{'s' if len(topic.contacts) != 1 else ''}")
    listed = page.locator("article ol.kith-timeline a.kith-note-link", has_text=note.title)
    expect(listed.first).to_be_visible()
    check_fits()
    v.shot("05-topic")

    # Follow-ups, from the main navigation (the drawer on a phone).
    v.nav_click("Follow-ups")
    expect(heading(page)).to_have_text("Follow-ups")
    sections = section_headings(page)
    assert sections[0].startswith("This week") and sections[1].startswith("Overdue")
    assert any(s.startswith("Waiting on others") for s in sections)
    expect(page.locator("#this-week .kith-count")).to_have_text(str(len(followups.plan)))
    expect(page.locator("#overdue .kith-count")).to_have_text(str(len(followups.overdue)))
    expect(page.locator("#waiting .kith-count")).to_have_text(str(len(followups.waiting)))
    if followups.overdue:
        first_overdue = page.locator('[data-kith-section="overdue"] li.kith-task').first
        expect(first_overdue.locator("time.kith-when")).to_have_class(re.compile(r"kith-when--overdue"))
    check_fits()
    v.shot("06-follow-ups")

    v.assert_stayed_local()


def test_search_finds_a_tag_and_a_name(visit: Any, network: Network) -> None:
    """Material's search runs in a web worker; the helper types as a reader does and waits for results."""
    v = visit("desktop", "light")
    v.open("")
    # The busiest tag that is not just a parent of others: its own topic page should come up.
    tag = max((t for t in network.topics.values() if not t.children), key=lambda t: (len(t.notes), t.key)).key
    found = [urlparse(href).path for href in search(v.page, tag.replace("/", " "))]
    v.shot("07-search-tag")
    assert f"/topics/{tag}/" in found, found
    tagged = {f"/notes/{slug}/" for slug in network.topics[tag].notes}
    assert tagged & set(found), "no conversation with the tag among the results"

    person = max(network.contacts.values(), key=lambda c: (len(network.timeline.get(c.slug, [])), c.slug))
    v.open("contacts/")
    found = [urlparse(href).path for href in search(v.page, person.name)]
    v.shot("08-search-name")
    assert f"/contacts/{person.slug}/" in found[:3], found
    v.page.locator(f".md-search-result__item > a[href*='contacts/{person.slug}/']").first.click()
    expect(heading(v.page)).to_have_text(person.name)
    v.assert_stayed_local()


CONTRAST = """
elements => {
  const parse = text => {  // rgb(), rgba(), or color(srgb ...) for a color-mix()
    const srgb = text.match(/color\\(srgb ([^)]+)\\)/);
    const m = srgb || text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    const scale = srgb ? 255 : 1;
    return [p[0] * scale, p[1] * scale, p[2] * scale, p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const background = el => {
    const chain = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) chain.unshift(node);
    let colour = [255, 255, 255, 1];
    for (const node of chain) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg && bg[3] > 0) colour = over(bg, colour);
    }
    return colour;
  };
  const luminance = c => {
    const linear = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    const [r, g, b] = c.slice(0, 3).map(linear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return elements.filter(el => el.getClientRects().length).map(el => {
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(parse(el instanceof SVGElement ? style.fill : style.color), bg);
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    return [el.tagName + "." + (el.getAttribute("class") || ""), (a + 0.05) / (b + 0.05)];
  });
}
"""


def contrasts(page: Any, selector: str) -> list[tuple[str, float]]:
    return [(name, ratio) for name, ratio in page.locator(selector).evaluate_all(CONTRAST)]


def test_dark_mode_toggle_keeps_pages_readable(visit: Any, network: Network) -> None:
    v = visit("desktop", "light")
    person = max(network.contacts.values(), key=lambda c: (len(network.timeline.get(c.slug, [])), c.slug))
    v.open(f"contacts/{person.slug}/")
    body = v.page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    text = ("article h1, article h2, .kith-body p, .kith-details dt, .kith-details dd, .kith-keyfacts dd, "
            "a.kith-person, a.kith-note-link, .kith-circle, .kith-task__text, .kith-node text")
    quiet = ".kith-task__meta, .kith-excerpt, .kith-timeline__date, .kith-subtitle"
    v.shot("09-before-toggle")
    for scheme in ("slate", "default"):
        v.page.locator("form[data-md-component='palette'] label.md-header__button:visible").first.click()
        expect(body).to_have_attribute("data-md-color-scheme", scheme)
        v.shot(f"10-toggled-{scheme}")
        main = contrasts(v.page, text)
        secondary = contrasts(v.page, quiet)
        assert len(main) > 10 and secondary
        # WCAG AA: 4.5 for body text; the theme's deliberately lighter secondary text gets 3.
        assert [m for m in main if m[1] < 4.5] == [], scheme
        assert [m for m in secondary if m[1] < 3.0] == [], scheme
    v.assert_stayed_local()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_screen_never_scrolls_sideways(visit: Any, network: Network, scheme: str) -> None:
    v = visit("phone", scheme)
    person = max(network.contacts.values(), key=lambda c: (len(network.timeline.get(c.slug, [])), c.slug))
    note = network.notes_by_date[0]
    pages = {
        "profile": f"contacts/{person.slug}/", "follow-ups": "follow-ups/", "home": "",
        "contacts": "contacts/", "note": f"notes/{note.slug}/", "graph": "graph/", "stats": "stats/",
        "topics": "topics/",
    }
    for name, path in pages.items():
        v.open(path)
        expect(heading(v.page)).to_be_visible()
        v.shot(f"11-phone-{name}")
        wide = v.page.evaluate("""() => [...document.querySelectorAll('article *')]
            .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                          && !el.closest('.kith-table-wrap, table, pre, .md-typeset__scrollwrap'))
            .map(el => el.tagName + '.' + (el.getAttribute('class') || '')).slice(0, 5)""")
        assert v.scroll_overflow() <= 0 and wide == [], f"{path} is wider than a phone: {wide}"
    # The graph page shows the layout made for an upright phone, not the wide one scaled down.
    v.open("graph/")
    expect(v.page.locator("svg.kith-graph--narrow")).to_be_visible()
    expect(v.page.locator("svg.kith-graph--wide")).to_be_hidden()
    v.assert_stayed_local()


def test_follow_ups_relabel_against_the_readers_clock(visit: Any, followups: FollowUps) -> None:
    """What was due soon at the build is, four weeks on, overdue: labelled so, and in that section."""
    soon = [item for item in followups.due_soon if item.date]
    assert soon, "the example network should have something due soon"
    for day in (BUILD_DAY, LATER_DAY):
        v = visit("desktop", "light", clock=f"{day.isoformat()}T12:00:00")
        v.open("follow-ups/")
        expect(heading(v.page)).to_have_text("Follow-ups")
        for item in soon:
            assert item.date is not None
            section = "overdue" if item.date < day else "due-soon"
            selector = f'[data-kith-section="{section}"] li[data-kith-id="{item.task.id}"] time.kith-when'
            stamp = v.page.locator(selector)
            expected = relative_label(item.date, day)
            expect(stamp).to_have_text(expected)
            if day > item.date:
                expect(stamp).to_have_class(re.compile(r"\bkith-when--overdue\b"))
                assert expected.startswith("overdue by")
            else:
                expect(stamp).not_to_have_class(re.compile(r"\bkith-when--overdue\b"))
        v.shot(f"12-follow-ups-on-{day.isoformat()}")
        v.assert_stayed_local()


def birthday_label(date: dt.date, day: dt.date) -> str:
    """What a birthday reads on the reader's day: ahead, as any date; passed, when it was."""
    days = (date - day).days
    if days >= 0:
        return relative_label(date, day)
    return "yesterday" if days == -1 else f"{-days} days ago"


def test_birthdays_come_and_go_on_the_readers_clock(visit: Any, network: Network,
                                                    followups: FollowUps) -> None:
    """A birthday that has passed on the reader's day is gone, the next ones come; none is ever
    "overdue"."""
    birthdays = followups.birthdays
    passed_by = {day: [item for item in birthdays if item.date < day] for day in (BUILD_DAY, LATER_DAY)}
    assert birthdays and passed_by[BUILD_DAY] == [], "the build lists each birthday's next date"
    assert passed_by[LATER_DAY], "four weeks on, some of the example network's birthdays have passed"
    day_after_first = birthdays[0].date + dt.timedelta(days=1)
    for day in (BUILD_DAY, day_after_first, LATER_DAY):
        v = visit("desktop", "light", clock=f"{day.isoformat()}T12:00:00")
        v.open("follow-ups/")
        expect(heading(v.page)).to_have_text("Follow-ups")
        rows = v.page.locator('[data-kith-section="birthdays"] li.kith-birthday')
        expected = compute_followups(network, day).birthdays
        shown = [row.get_attribute("data-kith-person") for row in rows.all()]
        assert shown == [item.contact.slug for item in expected]
        gone = {item.contact.slug for item in birthdays if item.date < day}
        assert not gone & set(shown)  # gone once passed
        for item in expected:
            stamp = rows.filter(has_text=item.contact.name).locator("time.kith-when")
            expect(stamp).to_have_text(birthday_label(item.date, day))
            expect(stamp).not_to_have_class(re.compile(r"\bkith-when--overdue\b"))
        v.shot(f"12-birthdays-on-{day.isoformat()}")
        v.assert_stayed_local()


def test_graph_nodes_lead_to_profiles(visit: Any, network: Network) -> None:
    connections = Connections(network)
    hub = connections.ranked()[0]
    name = network.contacts[hub].name
    v = visit("desktop", "light")
    v.open("graph/")
    expect(heading(v.page)).to_have_text("Network graph")
    graph = v.page.locator("svg.kith-graph--wide")
    expect(graph).to_be_visible()
    assert len(network.contacts) <= 150, "the example network fits in the graph's default limit"
    expect(graph.locator("a.kith-node")).to_have_count(len(network.contacts))
    # Every node's tooltip starts with the person's name; with fewer people than the limit, everyone is there.
    titles = graph.locator("a.kith-node > title").all_text_contents()
    assert {t.split(" · ")[0] for t in titles} == {c.name for c in network.contacts.values()}
    expect(v.page.locator("ul.kith-legend").first).to_contain_text("Introduction")
    v.shot("13-graph")
    # A click focuses on the person (who they know, and who those know); a second opens their profile.
    graph.locator("a.kith-node", has=v.page.locator("text", has_text=name)).first.click()
    centre = graph.locator(".kith-graph__focus a.kith-node--centre")
    expect(centre).to_have_attribute("data-slug", hub)
    centre.click()
    expect(heading(v.page)).to_have_text(name)
    v.open("stats/")
    expect(heading(v.page)).to_have_text("Activity")
    bars = v.page.locator("svg.kith-chart--columns").first.locator(".kith-chart__bar")
    expect(bars).to_have_count(24)
    v.shot("14-stats")
    v.assert_stayed_local()
