"""The follow-up page: each section's exact membership and order, from the core and from the built page.

One small network is written to disk and built with `KITH_TODAY=2026-11-22` (a Sunday); every
case sits on purpose at a boundary (due today, due in exactly 14 days, a birthday today and in
exactly 30 days, last contact exactly one cadence ago).
"""

from __future__ import annotations

import datetime as dt

import pytest
from html_sections import content, headings, items, sections
from kith.core.followups import compute_followups, upcoming_birthdays
from kith.core.loader import load_vault
from kith.core.network import Network
from kith_browser import browser_page

TODAY = dt.date(2026, 11, 22)


def write_network(vault) -> None:
    vault.contact("ana-alvarez", name="Ana Alvarez", circle="close", met="2026-01-01", birthday="11-22")
    vault.contact("ben-brown", name="Ben Brown", circle="regular", birthday="1990-12-22")
    vault.contact("cara-chen", name="Cara Chen", circle="loose", met="2026-03-01", birthday="12-23")
    vault.contact("dan-diaz", name="Dan Diaz", circle="close", met="2026-11-01", birthday="11-21")
    vault.contact("eve-evans", name="Eve Evans", met="2020-01-01")  # no circle: never out of touch
    vault.contact("fay-fox", name="Fay Fox", circle="loose", cadence="2w")
    vault.contact("gus-gray", name="Gus Gray", cadence="1w", met="2020-01-01")  # cadence alone: no circle
    vault.contact("hal-hunt", name="Hal Hunt", circle="close")
    vault.contact("ida-ito", name="Ida Ito", circle="regular", met="2026-01-10")
    vault.contact("pat-private", name="Pat Private", circle="close", met="2020-01-01", birthday="11-25",
                  private=True)

    vault.note("2026-10-01-coffee-with-ana", (
        "Coffee with Ana.\n\n"
        "- [ ] Send Ana the report 📅 2026-11-10\n"
        "- [x] Post the thank-you card 📅 2026-11-01\n"
        "- [ ] Ana to send the slides #waiting due:2026-11-25\n"
        "- [ ] Think about Ana's offer\n"
        "- [ ] Book a table for the team dinner 📅 2026-11-22\n"
    ), date="2026-10-01", title="Coffee with Ana", kind="coffee", **{"with": ["[[Ana Alvarez]]"]})
    vault.note("2026-09-01-call-with-ben", (
        "- [ ] Send [[Cara Chen]] the deck 📅 2026-11-16\n"
        "- [ ] Ben to introduce me to [[Dan Diaz]] #waiting\n"
        "- [x] Ben to send the contract #waiting due:2026-10-01\n"
        "- [ ] Read Ben's paper\n"
    ), date="2026-09-01", title="Call with Ben", kind="call", follow_up="2026-11-15",
        **{"with": ["ben-brown"]})
    vault.note("2026-11-01-workshop", (
        "- [ ] Send Fay the link 📅 2026-12-06\n"
        "- [ ] Send [[Dan Diaz]] the budget 📅 2026-12-07\n"
        "- [ ] Draft a proposal for [[Dan Diaz]]\n"
        "- [ ] Renew the domain 📅 2026-01-05\n"
    ), date="2026-11-01", title="Workshop", kind="meeting", **{"with": ["Fay Fox", "Dan Diaz"]})
    vault.note("2026-11-02-secret", "- [ ] Secret promise 📅 2026-11-01\n- [ ] Secret undated\n",
               date="2026-11-02", title="Secret", private=True, **{"with": ["Fay Fox"]})
    vault.note("2026-10-23-hal", "Talked about [[Ida Ito]]'s new job.\n", date="2026-10-23",
               title="Lunch with Hal", follow_up="2026-11-29", **{"with": ["Hal Hunt"]})


# What each section must hold, in order: (note slug, task text); "Follow up" is a `follow_up:` field.
OVERDUE = [("2026-11-01-workshop", "Renew the domain"),
           ("2026-10-01-coffee-with-ana", "Send Ana the report"),
           ("2026-09-01-call-with-ben", "Follow up"),
           ("2026-09-01-call-with-ben", "Send [[Cara Chen]] the deck")]
DUE_SOON = [("2026-10-01-coffee-with-ana", "Book a table for the team dinner"),
            ("2026-10-23-hal", "Follow up"),
            ("2026-11-01-workshop", "Send Fay the link")]
WAITING = [("2026-10-01-coffee-with-ana", "Ana to send the slides"),
           ("2026-09-01-call-with-ben", "Ben to introduce me to [[Dan Diaz]]")]
UNDATED = [("2026-09-01-call-with-ben", "Read Ben's paper"),
           ("2026-10-01-coffee-with-ana", "Think about Ana's offer"),
           ("2026-11-01-workshop", "Draft a proposal for [[Dan Diaz]]")]
# Ida: met 2026-01-10, only mentioned since (a mention is not contact): 316 days, 226 overdue.
# Cara: never contacted, counted from met 2026-03-01: 266 days, 86 overdue.
# Ana: last contact 2026-10-01: 52 days, 22 overdue.  Fay: 2026-11-01 + 14 days: 21 days, 7 overdue.
OUT_OF_TOUCH = [("ida-ito", 316, False), ("cara-chen", 266, False), ("ana-alvarez", 52, True),
                ("fay-fox", 21, True)]
BIRTHDAYS = [("ana-alvarez", dt.date(2026, 11, 22), None), ("ben-brown", dt.date(2026, 12, 22), 36)]


def task_keys(task_items) -> list[tuple[str, str]]:
    return [(i.note.slug, i.task.text) for i in task_items]


@pytest.fixture
def network(vault) -> Network:
    write_network(vault)
    return Network(load_vault(vault.root))


def test_core_sections_membership_and_order(network: Network) -> None:
    fu = compute_followups(network, TODAY)
    assert task_keys(fu.overdue) == OVERDUE
    assert task_keys(fu.due_soon) == DUE_SOON
    assert task_keys(fu.waiting) == WAITING
    assert task_keys(fu.undated) == UNDATED
    assert [(i.contact.slug, i.days_since, i.contacted) for i in fu.out_of_touch] == OUT_OF_TOUCH
    assert [(i.contact.slug, i.date, i.age) for i in fu.birthdays] == BIRTHDAYS


def test_core_details(network: Network) -> None:
    fu = compute_followups(network, TODAY)
    everything = fu.overdue + fu.upcoming + fu.waiting + fu.undated
    texts = {i.task.text for i in everything}
    # Done tasks and private notes never appear; a task due in 15 days is upcoming but not "soon".
    assert not texts & {"Post the thank-you card", "Ben to send the contract", "Secret promise",
                        "Secret undated"}
    assert ("2026-11-01-workshop", "Send [[Dan Diaz]] the budget") in task_keys(fu.upcoming)
    assert ("2026-11-01-workshop", "Send [[Dan Diaz]] the budget") not in task_keys(fu.due_soon)
    # `follow_up:` is "follow up with" the note's participants, on that date.
    follow_up = fu.overdue[2]
    assert follow_up.task.synthetic and follow_up.due == dt.date(2026, 11, 15)
    assert follow_up.people == ["ben-brown"]
    # A task belongs to the people it links, else to the note's participants.
    assert fu.overdue[3].people == ["cara-chen"]
    assert fu.undated[2].people == ["dan-diaz"]
    assert fu.overdue[0].people == ["fay-fox", "dan-diaz"]
    # Out of touch: the due date is the start plus the cadence; `cadence` overrides the circle's.
    fay = fu.out_of_touch[3]
    assert (fay.since, fay.due, fay.days_overdue) == (dt.date(2026, 11, 1), dt.date(2026, 11, 15), 7)
    assert {i.contact.slug for i in fu.out_of_touch}.isdisjoint({"hal-hunt", "dan-diaz", "ben-brown",
                                                                  "eve-evans", "gus-gray", "pat-private"})
    # "Due this week" (home page) is today to today + 7.
    assert task_keys(fu.due_within(7)) == DUE_SOON[:2]


def test_due_soon_window_follows_the_option(network: Network) -> None:
    fu = compute_followups(network, TODAY, due_soon_days=0)
    assert task_keys(fu.due_soon) == DUE_SOON[:1]  # today only
    assert task_keys(fu.due_within(7)) == DUE_SOON[:2]  # the home page's week does not shrink with it


def test_birthday_edges(vault) -> None:
    vault.contact("leap-year-known", name="Lena Leap", birthday="2000-02-29")
    vault.contact("leap-year-unknown", name="Leo Leap", birthday="02-29")
    vault.contact("new-year", name="Nia New", birthday="1980-01-05")
    vault.contact("eve", name="Eva Eve", birthday="12-31")
    network = Network(load_vault(vault.root))

    def upcoming(today: dt.date) -> list[tuple[str, dt.date, int | None]]:
        return [(i.contact.slug, i.date, i.age) for i in upcoming_birthdays(network, today, 30)]

    # Across the new year: 31 Dec is today, 5 Jan is next year's, and the age is next year's.
    assert upcoming(dt.date(2026, 12, 31)) == [("eve", dt.date(2026, 12, 31), None),
                                               ("new-year", dt.date(2027, 1, 5), 47)]
    # 29 February falls on 28 February in a common year, on the 29th in a leap year.
    assert upcoming(dt.date(2027, 2, 10)) == [("leap-year-known", dt.date(2027, 2, 28), 27),
                                              ("leap-year-unknown", dt.date(2027, 2, 28), None)]
    assert upcoming(dt.date(2028, 2, 10)) == [("leap-year-known", dt.date(2028, 2, 29), 28),
                                              ("leap-year-unknown", dt.date(2028, 2, 29), None)]
    # Exactly 30 days ahead is in; 31 is out; yesterday's is a year away.
    assert upcoming(dt.date(2026, 12, 1)) == [("eve", dt.date(2026, 12, 31), None)]
    assert upcoming(dt.date(2026, 11, 30)) == []
    assert upcoming(dt.date(2027, 1, 6)) == []
    assert upcoming(dt.date(2027, 1, 29)) == [("leap-year-known", dt.date(2027, 2, 28), 27),
                                              ("leap-year-unknown", dt.date(2027, 2, 28), None)]


# The built page.

def task_texts(section) -> list[str]:
    return [li.find("span", "kith-task__text").text() for li in items(section, "kith-task")]


@pytest.fixture
def built(vault):
    write_network(vault)
    result = vault.build(today=TODAY.isoformat())
    assert result.returncode == 0, result.log
    return result


def test_page_sections_membership_and_order(built) -> None:
    html = built.page("follow-ups/")
    titles = headings(html)
    assert [t.rsplit(" ", 1)[0] for t in titles.values()] == [
        "This week", "Overdue", "Due in the next 14 days", "Waiting on others", "Open without a date",
        "Out of touch", "Birthdays in the next 30 days"]
    parts = sections(html)
    assert task_texts(parts["overdue"]) == [
        "Renew the domain", "Send Ana the report", "Follow up with Ben Brown", "Send Cara Chen the deck"]
    assert task_texts(parts["due-soon"]) == [
        "Book a table for the team dinner", "Follow up with Hal Hunt", "Send Fay the link"]
    assert task_texts(parts["waiting"]) == ["Ana to send the slides", "Ben to introduce me to Dan Diaz"]
    assert task_texts(parts["undated"]) == [
        "Read Ben's paper", "Think about Ana's offer", "Draft a proposal for Dan Diaz"]
    out = items(parts["out-of-touch"], "kith-keep-in-touch")
    assert [li.find("a", "kith-person").text() for li in out] == [
        "Ida Ito", "Cara Chen", "Ana Alvarez", "Fay Fox"]
    assert [li.text().split(" days since")[0].rsplit(" ", 1)[-1] for li in out] == ["316", "266", "52", "21"]
    birthdays = items(parts["birthdays"], "kith-birthday")
    assert [li.find("a", "kith-person").text() for li in birthdays] == ["Ana Alvarez", "Ben Brown"]
    assert "turns 36" in birthdays[1].text() and "turns" not in birthdays[0].text()
    # The week's plan: those owed an overdue promise by circle (Ana, out of touch, before Dan; then
    # Ben; Cara, longer out of touch, before Fay), then Ida, only out of touch.
    plan = [li.find("a", "kith-person").text() for li in items(parts["this-week"], "kith-card")]
    assert plan == ["Ana Alvarez", "Dan Diaz", "Ben Brown", "Cara Chen", "Fay Fox", "Ida Ito"]
    # The counts in the headings agree with the lists.
    assert [t.rsplit(" ", 1)[1] for t in titles.values()] == ["6", "4", "3", "2", "3", "4", "2"]
    for private in ("Secret", "Pat Private"):
        assert private not in html
    listed = " ".join(li.text() for li in content(html).find_all("li", "kith-task"))
    for done in ("thank-you card", "send the contract"):  # done, so no follow-up (an excerpt may quote it)
        assert done not in listed


def test_page_items_carry_machine_readable_dates(built) -> None:
    parts = sections(built.page("follow-ups/"))
    expected = {"overdue": ["2026-01-05", "2026-11-10", "2026-11-15", "2026-11-16"],
                "due-soon": ["2026-11-22", "2026-11-29", "2026-12-06"],
                "waiting": ["2026-11-25", None],
                "out-of-touch": ["2026-04-10", "2026-08-28", "2026-10-31", "2026-11-15"],
                "birthdays": ["2026-11-22", "2026-12-22"]}
    rows = {"out-of-touch": "kith-keep-in-touch", "birthdays": "kith-birthday"}
    for section, dates in expected.items():
        lis = items(parts[section], rows.get(section, "kith-task"))
        assert [li.attrs.get("data-kith-date") for li in lis] == dates, section
        for li, date in zip(lis, dates, strict=True):
            if date:  # the build-time label, which the page script recomputes from the same date
                stamp = li.find("time", "kith-when")
                assert stamp.attrs["datetime"] == date and stamp.attrs["data-kith-date"] == date
    labels = [li.find("time", "kith-when").text() for li in items(parts["due-soon"], "kith-task")]
    assert labels == ["today", "in 7 days", "in 14 days"]
    assert items(parts["overdue"], "kith-task")[3].find("time", "kith-when").text() == "overdue by 6 days"
    # Each task links to its note and to its people.
    first = items(parts["overdue"], "kith-task")[0]
    assert first.find("a", "kith-note-link").attrs["href"] == "../notes/2026-11-01-workshop/"
    assert [a.text() for a in first.find_all("a", "kith-person")] == ["Fay Fox", "Dan Diaz"]


def test_home_page(built) -> None:
    html = built.page("")
    parts = sections(html)
    assert task_texts(parts["overdue"]) == [
        "Renew the domain", "Send Ana the report", "Follow up with Ben Brown", "Send Cara Chen the deck"]
    assert task_texts(parts["due-this-week"]) == [
        "Book a table for the team dinner", "Follow up with Hal Hunt"]
    assert [li.find("a", "kith-person").text() for li in items(parts["out-of-touch"])] == [
        "Ida Ito", "Cara Chen", "Ana Alvarez", "Fay Fox"]
    assert content(html).find("time", "kith-today").attrs["datetime"] == TODAY.isoformat()
    recent = [a.text() for element in parts["recent"] for a in element.find_all("a", "kith-note-link")]
    assert recent == ["Workshop", "Lunch with Hal", "Coffee with Ana", "Call with Ben"]
    stats = {a.text() for a in content(html).find_all("a", "kith-stat")}
    assert {"9 contacts", "4 conversations", "4 overdue", "4 out of touch"} <= stats
    browse = {li.find("a").attrs["href"] for li in items(parts["browse"])}
    assert {"follow-ups/", "contacts/", "notes/", "topics/", "expertise/", "events/"} <= browse
    for url in browse:
        assert built.exists(url), url


def test_redacted_birthdays_stay_off_the_page(vault) -> None:
    write_network(vault)
    vault.write("mkdocs.yml", vault.root.joinpath("mkdocs.yml").read_text().replace(
        "  - kith\n", "  - kith:\n      redact: [birthday]\n"))
    result = vault.build(today=TODAY.isoformat())
    assert result.returncode == 0, result.log
    parts = sections(result.page("follow-ups/"))
    assert items(parts["birthdays"]) == []
    assert '"b":[' not in result.page("follow-ups/")  # nor in what the page script reads
    assert "not published" in " ".join(e.text() for e in parts["birthdays"])


@pytest.mark.browser
def test_page_script_relabels_dates_against_the_readers_day(built) -> None:
    """Opened a week after the build, "today" has become "overdue by 7 days"."""
    with browser_page(built.site) as (page, base):
        page.clock.set_fixed_time(dt.datetime(2026, 11, 29, 9, 30))
        page.goto(base + "follow-ups/")
        # A week on, what was due today is overdue, and in that section now, under Ana's name.
        ana = page.locator('[data-kith-section="overdue"] li.kith-group[data-kith-person="ana-alvarez"]')
        assert ana.locator("time.kith-when").all_inner_texts() == ["overdue by 19 days", "overdue by 7 days"]
        assert ana.locator(".kith-task__text").all_inner_texts() == ["Send Ana the report",
                                                                     "Book a table for the team dinner"]
        # And what was beyond the next 14 days comes into them (Dan's budget, due 7 December).
        labels = page.locator('[data-kith-section="due-soon"] time.kith-when').all_inner_texts()
        assert labels == ["today", "in 7 days", "in 8 days"]
        birthday = page.locator('[data-kith-section="birthdays"] time.kith-when')
        # A birthday recurs: Ana's, which has passed, is gone; Ben's comes in 23 days, and Cara's
        # (23 December), 31 days after the build, now in 24.
        assert birthday.all_inner_texts() == ["in 23 days", "in 24 days"]
