"""The week's plan, snoozes, pauses and put-off tasks, on the day the site is built and four weeks
later: in the core, on the built page, and in Chromium with the reader's clock set ahead (the page
script sorts everything again), with the filters and the home page.

Every expectation is worked out by hand from the files below (KITH_TODAY=2026-11-22, a Sunday;
the reader opens the site on 2026-12-20); the reasons are in the comments.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from html_sections import content, items, sections
from kith.core.followups import compute_followups, why
from kith.core.loader import load_vault
from kith.core.network import Network
from kith.site.followups import grouped
from kith_browser import browser_page

BUILT = dt.date(2026, 11, 22)
LATER = dt.date(2026, 12, 20)
NAMES = {"ana-alvarez": "Ana Alvarez", "ben-brown": "Ben Brown", "cara-chen": "Cara Chen",
         "dan-diaz": "Dan Diaz", "eve-evans": "Eve Evans", "fay-fox": "Fay Fox", "gus-gray": "Gus Gray",
         "hal-hunt": "Hal Hunt",
         "ida-ito": "Ida Ito", "jon-jones": "Jon Jones", "kai-kim": "Kai Kim", "lea-laurent": "Léa Laurent",
         "mo-moss": "Mo Moss"}


def write_network(vault) -> None:
    vault.contact("ana-alvarez", name="Ana Alvarez", circle="close", met="2026-01-01", birthday="11-22",
                  tags=["health"])
    vault.contact("ben-brown", name="Ben Brown", circle="regular", birthday="1990-12-22", tags=["health/nhs"])
    vault.contact("cara-chen", name="Cara Chen", circle="loose", met="2026-03-01", tags=["finance"])
    vault.contact("dan-diaz", name="Dan Diaz", circle="close", met="2026-11-01", birthday="12-23")
    vault.contact("eve-evans", name="Eve Evans")
    vault.contact("fay-fox", name="Fay Fox", circle="loose", cadence="2w")
    vault.contact("gus-gray", name="Gus Gray", circle="close", snooze_until="2026-12-10")
    vault.contact("hal-hunt", name="Hal Hunt", circle="close", paused=True)
    vault.contact("ida-ito", name="Ida Ito", circle="regular", snooze_until="2026-11-20")  # a snooze gone by
    vault.contact("jon-jones", name="Jon Jones", circle="regular")
    vault.contact("kai-kim", name="Kai Kim", circle="close")
    vault.contact("lea-laurent", name="Léa Laurent", circle="regular")
    vault.contact("mo-moss", name="Mo Moss")
    vault.contact("pat-private", name="Pat Private", circle="close", met="2020-01-01", private=True)

    def note(slug: str, person: str, body: str = "", **meta: Any) -> None:
        vault.note(slug, body, date=slug[:10], title=f"Talk {slug[11:]}", **{"with": [person]}, **meta)

    note("2026-10-01-coffee-with-ana", "Ana Alvarez", "We talked about the review.\n\n"
         "- [ ] Send Ana the report 📅 2026-11-10\n"
         "- [ ] Ana to send the slides #waiting 📅 2026-11-25\n"
         "- [ ] Think about Ana's offer\n")
    note("2026-09-01-call-with-ben", "ben-brown", "- [ ] Send [[Cara Chen]] the deck 📅 2026-11-16\n",
         follow_up="2026-11-15")  # "follow up with Ben"; the deck is Cara's, whom it links
    note("2026-11-01-workshop", "Fay Fox")
    note("2026-06-01-lunch-with-gus", "Gus Gray")
    note("2026-01-01-hal", "Hal Hunt", "- [ ] Send Hal the book 📅 2026-11-01\n")
    note("2026-07-01-ida", "Ida Ito")
    note("2026-11-10-jon", "Jon Jones", "- [ ] Jon to send the contract #waiting 📅 2026-11-12\n")
    note("2026-11-20-kai", "Kai Kim", "- [ ] Send Kai the plan 📅 2026-11-10 ⏳ 2026-12-05\n")  # put off
    note("2026-11-15-lea", "Léa Laurent", "- [ ] Call Léa back ⏳ 2026-11-25\n")  # scheduled, no due date
    note("2026-11-18-mo", "Mo Moss", "- [ ] Send Mo the budget 📅 2026-12-30\n")
    note("2026-10-15-eve", "Eve Evans", "- [ ] Send Eve the intro 📅 2026-11-20\n")
    note("2026-11-02-secret", "Pat Private", "- [ ] Secret promise 📅 2026-11-01\n", private=True)


# Each section by person, as on the page: (person, [their follow-ups]); "Follow up" is a note's
# `follow_up:` date.
EXPECTED = {
    BUILT: {
        # Kai's task was due on 10 November but is put off (⏳) to 5 December: not overdue yet.
        "overdue": [("hal-hunt", ["Send Hal the book"]), ("ana-alvarez", ["Send Ana the report"]),
                    ("ben-brown", ["Follow up"]), ("cara-chen", ["Send [[Cara Chen]] the deck"]),
                    ("eve-evans", ["Send Eve the intro"])],
        # Léa's task has only ⏳ 25 November: due then. Mo's (30 December) is beyond 14 days.
        "due-soon": [("lea-laurent", ["Call Léa back"]), ("kai-kim", ["Send Kai the plan"])],
        "waiting": [("jon-jones", ["Jon to send the contract"]), ("ana-alvarez", ["Ana to send the slides"])],
        "undated": [("ana-alvarez", ["Think about Ana's offer"])],
        # Most overdue first: Cara (met 1 Mar + 180 = 28 Aug), Ida (1 Jul + 90: her snooze ended
        # on 20 Nov), Ana (1 Oct + 30), Fay (1 Nov + 14). Gus is snoozed, Hal paused.
        "out-of-touch": ["cara-chen", "ida-ito", "ana-alvarez", "fay-fox"],
        "birthdays": ["ana-alvarez", "ben-brown"],  # today, and in exactly 30 days; Dan's in 31
        # Owed an overdue promise, by circle: close Ana (out of touch) before Hal (paused: not),
        # regular Ben, loose Cara, no circle Eve; then the others by circle: Ida (regular, out of
        # touch) before Jon (regular, owes me), then Fay (loose).
        "this-week": [
            ("ana-alvarez", "You owe them a promise, overdue by 12 days · out of touch for 52 days"),
            ("hal-hunt", "You owe them a promise, overdue by 21 days"),
            ("ben-brown", "You owe them a promise, overdue by 7 days"),
            ("cara-chen", "You owe them a promise, overdue by 6 days · not in touch since you met, "
                          "266 days ago"),
            ("eve-evans", "You owe them a promise, overdue by 2 days"),
            ("ida-ito", "Out of touch for 144 days"),
            ("jon-jones", "They owe you a promise, overdue by 10 days"),
            ("fay-fox", "Out of touch for 21 days")],
    },
    LATER: {
        "overdue": [("hal-hunt", ["Send Hal the book"]), ("ana-alvarez", ["Send Ana the report"]),
                    ("ben-brown", ["Follow up"]), ("cara-chen", ["Send [[Cara Chen]] the deck"]),
                    ("eve-evans", ["Send Eve the intro"]), ("lea-laurent", ["Call Léa back"]),
                    ("kai-kim", ["Send Kai the plan"])],
        "due-soon": [("mo-moss", ["Send Mo the budget"])],  # 30 Dec: now within 14 days
        "waiting": [("jon-jones", ["Jon to send the contract"]), ("ana-alvarez", ["Ana to send the slides"])],
        "undated": [("ana-alvarez", ["Think about Ana's offer"])],
        # Gus is back (his snooze ended on 10 Dec), most overdue of all (1 Jun + 30); Ben (1 Sep
        # + 90 = 30 Nov) and Dan (met 1 Nov + 30) are out of touch now. Kai is due today: not yet.
        "out-of-touch": ["gus-gray", "cara-chen", "ida-ito", "ana-alvarez", "fay-fox", "ben-brown",
                         "dan-diaz"],
        "birthdays": ["ben-brown", "dan-diaz"],  # Ana's has passed; Dan's (23 Dec) is in the window now
        # Owed: close Ana (out of touch), then Hal and Kai (neither out of touch: the older promise
        # first, Hal's); regular Ben (out of touch) then Léa; loose Cara; Eve. Then close Gus and
        # Dan (longer out of touch first), regular Ida; ten in all (Jon and Fay do not fit).
        "this-week": [
            ("ana-alvarez", "You owe them a promise, overdue by 40 days · they owe you a promise, overdue by "
                            "25 days · out of touch for 80 days"),
            ("hal-hunt", "You owe them a promise, overdue by 49 days"),
            ("kai-kim", "You owe them a promise, overdue by 15 days"),
            ("ben-brown", "You owe them a promise, overdue by 35 days · out of touch for 110 days"),
            ("lea-laurent", "You owe them a promise, overdue by 25 days"),
            ("cara-chen", "You owe them a promise, overdue by 34 days · not in touch since you met, "
                          "294 days ago"),
            ("eve-evans", "You owe them a promise, overdue by 30 days"),
            ("gus-gray", "Out of touch for 202 days"),
            ("dan-diaz", "Not in touch since you met, 49 days ago"),
            ("ida-ito", "Out of touch for 172 days")],
    },
}
TASK_SECTIONS = ("overdue", "due-soon", "waiting", "undated")


@pytest.fixture
def network(vault) -> Network:
    write_network(vault)
    return Network(load_vault(vault.root))


@pytest.mark.parametrize("day", [BUILT, LATER])
def test_core_plan_and_sections(network: Network, day: dt.date) -> None:
    fu = compute_followups(network, day)
    expected = EXPECTED[day]
    for name, items_ in (("overdue", fu.overdue), ("due-soon", fu.due_soon), ("waiting", fu.waiting),
                         ("undated", fu.undated)):
        assert [(g.slug, [i.task.text for i in g.items]) for g in grouped(items_)] == expected[name], name
    assert [i.contact.slug for i in fu.out_of_touch] == expected["out-of-touch"]
    assert [i.contact.slug for i in fu.birthdays] == expected["birthdays"]
    assert [(e.contact.slug, why(e, day)) for e in fu.plan] == expected["this-week"]


def test_core_details_of_snooze_pause_and_put_off(network: Network) -> None:
    fu = compute_followups(network, BUILT)
    kai = fu.due_soon[1]
    assert (kai.due, kai.date, kai.deferred) == (dt.date(2026, 11, 10), dt.date(2026, 12, 5), True)
    lea = fu.due_soon[0]
    assert (lea.due, lea.date, lea.deferred) == (dt.date(2026, 11, 25), dt.date(2026, 11, 25), False)
    assert [i.task.text for i in fu.later] == ["Send Mo the budget"]
    ana = fu.plan[0]  # every open promise both ways, by date
    assert [i.task.text for i in ana.mine] == ["Send Ana the report", "Think about Ana's offer"]
    assert [i.task.text for i in ana.theirs] == ["Ana to send the slides"]
    assert ana.last_note is not None and ana.last_note.slug == "2026-10-01-coffee-with-ana"
    # Paused: never out of touch, and no next contact date on the profile.
    assert network.next_contact_due("hal-hunt") is None
    assert network.next_contact_due("gus-gray") == dt.date(2026, 7, 1)
    # The plan's size is an option.
    small = compute_followups(network, LATER, plan_size=3)
    assert [e.contact.slug for e in small.plan] == ["ana-alvarez", "hal-hunt", "kai-kim"]


# The built page, as it is without JavaScript.

def task_text(li) -> str:  # type: ignore[no-untyped-def]
    return li.find("span", "kith-task__text").text()


def shown_text(text: str) -> str:
    """A task's text as the page shows it: links as names, a follow-up date with its people."""
    return text.replace("[[Cara Chen]]", "Cara Chen")


def page_groups(section) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(g.attrs["data-kith-person"], [task_text(li) for li in g.find_all("li", "kith-task")])
            for g in items(section, "kith-group")]


def expected_groups(day: dt.date, name: str) -> list[tuple[str, list[str]]]:
    return [(slug, [shown_text(t) if t != "Follow up" else f"Follow up with {NAMES[slug]}" for t in texts])
            for slug, texts in EXPECTED[day][name]]


@pytest.fixture
def built(vault):
    write_network(vault)
    result = vault.build(today=BUILT.isoformat())
    assert result.returncode == 0, result.log
    return result


def test_page_without_script_is_the_build_days(built) -> None:
    html = built.page("follow-ups/")
    parts = sections(html)
    expected = EXPECTED[BUILT]
    for name in TASK_SECTIONS:
        assert page_groups(parts[name]) == expected_groups(BUILT, name), name
    assert [li.attrs["data-kith-person"] for li in items(parts["out-of-touch"], "kith-keep-in-touch")] == \
        expected["out-of-touch"]
    assert [li.attrs["data-kith-person"] for li in items(parts["birthdays"], "kith-birthday")] == \
        expected["birthdays"]
    cards = items(parts["this-week"], "kith-card")
    assert [(c.attrs["data-kith-person"], c.find("p", "kith-card__why").text()) for c in cards] == \
        expected["this-week"]
    # A card: the last conversation's title and excerpt (its prose: the tasks are listed below it),
    # and the promises both ways.
    ana = cards[0]
    assert ana.find("p", "kith-card__last").text() == (
        "Last: Talk coffee-with-ana · 1 Oct 2026 We talked about the review.")
    assert [task_text(li) for li in ana.find_all("li", "kith-task")] == [
        "Send Ana the report", "Think about Ana's offer", "Ana to send the slides"]
    kai = items(parts["due-soon"], "kith-task")[1]
    assert "5 Dec 2026" in kai.text() and "put off from 10 Nov 2026" in kai.text()
    # Mo's task waits in a template for another day; nothing private is anywhere.
    later = content(html).find("template", "kith-later")
    assert [task_text(li) for li in later.find_all("li", "kith-task")] == ["Send Mo the budget"]
    for private in ("Pat Private", "pat-private", "Secret promise"):
        assert private not in html


def test_profiles_say_snoozed_and_paused(built) -> None:
    gus = content(built.page("contacts/gus-gray/")).find("dd", "kith-snoozed")
    assert gus is not None and gus.text().startswith("until 10 Dec 2026")
    hal = content(built.page("contacts/hal-hunt/"))
    assert hal.find("dd", "kith-paused") is not None and "Next contact due" not in hal.text()
    ida = content(built.page("contacts/ida-ito/"))  # snoozed until a day gone by: no longer snoozed
    assert ida.find("dd", "kith-snoozed") is None and "Next contact due" in ida.text()


# In Chromium, the reader's clock set.

READ_PAGE = """() => {
  const rows = (section, cls) => Array.from(document.querySelectorAll(
      `[data-kith-section="${section}"] li.${cls}`)).map(li => li.dataset.kithPerson);
  const out = {count: {}};
  for (const name of ["overdue", "due-soon", "waiting", "undated"]) {
    const groups = document.querySelectorAll(`[data-kith-section="${name}"] li.kith-group`);
    out[name] = Array.from(groups).map(g => [g.dataset.kithPerson,
      Array.from(g.querySelectorAll("li.kith-task .kith-task__text")).map(t => t.innerText)]);
  }
  const all = ["this-week", "overdue", "due-soon", "waiting", "undated", "out-of-touch", "birthdays"];
  for (const name of all) {
    out.count[name] = document.querySelector(`h2#${name} .kith-count`).textContent;
  }
  out["out-of-touch"] = rows("out-of-touch", "kith-keep-in-touch");
  out.birthdays = rows("birthdays", "kith-birthday");
  const cards = document.querySelectorAll('[data-kith-section="this-week"] li.kith-card');
  out["this-week"] = Array.from(cards).map(c =>
      [c.dataset.kithPerson, c.querySelector(".kith-card__why").textContent]);
  out.asOf = document.querySelector("time.kith-today").getAttribute("datetime");
  return out;
}"""


def read_page(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate(READ_PAGE)


def assert_page_is_on(day: dt.date, shown: dict) -> None:
    expected = EXPECTED[day]
    for name in TASK_SECTIONS:
        assert [tuple(g) for g in shown[name]] == expected_groups(day, name), name
        assert shown["count"][name] == str(sum(len(texts) for _, texts in expected[name])), name
    for name in ("out-of-touch", "birthdays"):
        assert shown[name] == expected[name], name
        assert shown["count"][name] == str(len(expected[name])), name
    assert [tuple(card) for card in shown["this-week"]] == expected["this-week"]
    assert shown["count"]["this-week"] == str(len(expected["this-week"]))
    assert shown["asOf"] == day.isoformat()


@pytest.mark.browser
@pytest.mark.parametrize("day", [BUILT, LATER])
def test_the_page_sorts_itself_on_the_readers_day(built, day: dt.date) -> None:
    with browser_page(built.site) as (page, base):
        page.clock.set_fixed_time(dt.datetime.combine(day, dt.time(8, 30)))
        page.goto(base + "follow-ups/")
        shown = read_page(page)
        assert_page_is_on(day, shown)
        note = page.locator(".kith-built").inner_text()
        assert note == ("" if day == BUILT else " (your date; the site was built on 22 Nov 2026)")
        # Labels against the reader's day: Kai's put-off task is overdue by 15 days on 20 Dec.
        kai = page.locator('[data-kith-section="overdue"] [data-kith-person="kai-kim"] time.kith-when')
        if day == LATER:
            assert kai.inner_text() == "overdue by 15 days"
            assert page.locator('[data-kith-section="birthdays"] li').all_inner_texts()[0].startswith(
                "Ben Brown · 22 Dec 2026 (turns 36) · in 2 days")


@pytest.mark.browser
def test_without_javascript_the_build_days_page_stands(built) -> None:
    from kith_browser import chromium, served
    from playwright.sync_api import sync_playwright

    with served(built.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        try:
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            page.clock.set_fixed_time(dt.datetime(2026, 12, 20, 8, 30))
            page.goto(base + "follow-ups/")
            assert not page.locator(".kith-filters").is_visible()
            assert page.locator("time.kith-today").inner_text() == "22 Nov 2026"
            overdue = page.locator('[data-kith-section="overdue"] li.kith-group')
            assert [g.get_attribute("data-kith-person") for g in overdue.all()] == [
                slug for slug, _ in EXPECTED[BUILT]["overdue"]]
        finally:
            browser.close()


@pytest.mark.browser
def test_home_counts_and_lists_on_the_readers_day(built) -> None:
    with browser_page(built.site) as (page, base):
        page.clock.set_fixed_time(dt.datetime(2026, 12, 20, 8, 30))
        page.goto(base)
        page.wait_for_function("document.querySelector('.kith-home time.kith-today').getAttribute('datetime')"
                               " === '2026-12-20'")
        tiles = page.locator(".kith-stat").all_inner_texts()
        assert "7\noverdue" in tiles and "7\nout of touch" in tiles
        overdue = page.locator('[data-kith-home="overdue"] .kith-task__text').all_inner_texts()
        assert overdue == ["Send Hal the book", "Send Ana the report", "Follow up with Ben Brown",
                           "Send Cara Chen the deck", "Send Eve the intro", "Call Léa back",
                           "Send Kai the plan"]
        labels = page.locator('[data-kith-home="overdue"] time.kith-when').all_inner_texts()
        assert labels[-1] == "overdue by 15 days"
        week = page.locator('[data-kith-home="due-this-week"]').inner_text()
        assert week == "Nothing due in the next 7 days."
        assert page.locator('[data-kith-home="out-of-touch"] a.kith-person').all_inner_texts() == [
            "Gus Gray", "Cara Chen", "Ida Ito", "Ana Alvarez", "Fay Fox"]
        # The links work from here: to the profile, not relative to the follow-up page.
        page.locator('[data-kith-home="out-of-touch"] a.kith-person').first.click()
        page.wait_for_url("**/contacts/gus-gray/")
    with browser_page(built.site) as (page, base):  # on the build's day, the build's own lists
        page.clock.set_fixed_time(dt.datetime(2026, 11, 22, 8, 30))
        page.goto(base)
        assert page.locator('[data-kith-home="due-this-week"] .kith-task__text').all_inner_texts() == [
            "Call Léa back"]
        assert "5\noverdue" in page.locator(".kith-stat").all_inner_texts()


FILTERED = [
    # The close circle: their follow-ups and plan; others' are hidden, and the counts follow.
    ("circle=close", {"overdue": ["hal-hunt", "ana-alvarez", "kai-kim"], "waiting": ["ana-alvarez"],
                      "this-week": ["ana-alvarez", "hal-hunt", "kai-kim", "gus-gray", "dan-diaz"],
                      "out-of-touch": ["gus-gray", "ana-alvarez", "dan-diaz"]}),
    # ... and of those, only what others owe: nothing overdue of mine shows.
    ("circle=close&who=waiting", {"overdue": [], "waiting": ["ana-alvarez"], "undated": []}),
    # A topic and its nested topics (Ben is on health/nhs).
    ("tag=health", {"overdue": ["ana-alvarez", "ben-brown"], "this-week": ["ana-alvarez", "ben-brown"],
                    "out-of-touch": ["ana-alvarez", "ben-brown"]}),
    # Words, without their accents and in any case.
    ("q=LEA", {"overdue": ["lea-laurent"], "this-week": ["lea-laurent"], "out-of-touch": []}),
    ("q=report", {"overdue": ["ana-alvarez"], "waiting": [], "this-week": ["ana-alvarez"]}),
]


@pytest.mark.browser
@pytest.mark.parametrize(("fragment", "expected"), FILTERED)
def test_filters_combine_and_live_in_the_address(built, fragment: str, expected: dict) -> None:
    with browser_page(built.site) as (page, base):
        page.clock.set_fixed_time(dt.datetime(2026, 12, 20, 8, 30))
        page.goto(base + "follow-ups/")
        form = page.locator(".kith-filters")
        assert form.is_visible()
        for pair in fragment.split("&"):  # set as a reader does, one control after another
            name, value = pair.split("=")
            control = form.locator(f'[name="{name}"]')
            if name == "q":
                control.fill(value)
            else:
                control.select_option(value)
        assert page.evaluate("location.hash") == "#" + fragment
        filtered = read_page(page)
        # The same view from the address alone: a bookmark.
        page.goto(base + "follow-ups/#" + fragment)
        page.reload()
        assert read_page(page) == filtered
        for name, people in expected.items():
            if name == "this-week":
                assert [slug for slug, _ in filtered[name]] == people
            elif name == "out-of-touch":
                assert filtered[name] == people
            else:
                assert [slug for slug, _ in filtered[name]] == people, name
                assert filtered["count"][name] == str(sum(len(t) for _, t in filtered[name]))
        # Clear: everything again.
        form.locator("button.kith-filters__clear").click()
        page.wait_for_function("location.hash === ''")
        assert_page_is_on(LATER, read_page(page))


@pytest.mark.browser
def test_the_plans_size_is_an_option(vault) -> None:
    write_network(vault)
    vault.write("mkdocs.yml", vault.root.joinpath("mkdocs.yml").read_text().replace(
        "  - kith\n", "  - kith:\n      plan_size: 3\n"))
    result = vault.build(today=BUILT.isoformat())
    assert result.returncode == 0, result.log
    cards = items(sections(result.page("follow-ups/"))["this-week"], "kith-card")
    assert [c.attrs["data-kith-person"] for c in cards] == ["ana-alvarez", "hal-hunt", "ben-brown"]
    with browser_page(result.site) as (page, base):
        page.clock.set_fixed_time(dt.datetime(2026, 12, 20, 8, 30))
        page.goto(base + "follow-ups/")
        assert [slug for slug, _ in read_page(page)["this-week"]] == ["ana-alvarez", "hal-hunt", "kai-kim"]
