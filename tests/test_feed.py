"""The calendar feed `follow-ups.ics`, parsed back with icalendar from real builds."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.rrule import rrulestr
from html_sections import content
from icalendar import Calendar
from kith.core.followups import compute_followups
from kith.core.loader import load_vault
from kith.core.network import Network
from kith_vault import REPO, TODAY  # the day every build here is made on

ANA_NOTE = (
    "Coffee with Ana.\n\n"
    "- [ ] Send [[Ana Alvarez|Ana]] the report 📅 2026-11-10\n"
    "- [x] Post the thank-you card 📅 2026-11-01\n"
    "- [ ] Ana to send the slides #waiting due:2026-11-25\n"
    "- [ ] Think about Ana's offer\n"
    "- [ ] Plan the spring workshop 📅 2027-03-01\n"
    "- [ ] Ask [[Pat Private]] about the budget 📅 2026-12-02\n"
)


def write_network(vault, ana_note: str = ANA_NOTE) -> None:
    vault.contact("ana-alvarez", name="Ana Alvarez", birthday="11-30")
    vault.contact("ben-brown", name="Ben Brown", birthday="1990-02-28")
    vault.contact("cara-chen", name="Cara Chen", birthday="02-29")
    vault.contact("dan-diaz", name="Dan Diaz")
    vault.contact("pat-private", name="Pat Private", birthday="05-05", private=True)
    vault.note("2026-10-01-coffee-with-ana", ana_note, date="2026-10-01", title="Coffee with Ana",
               **{"with": ["[[Ana Alvarez]]"]})
    vault.note("2026-09-01-call", "- [ ] Ben to call [[Dan Diaz]] #waiting\n", date="2026-09-01",
               title="Call with Ben and Dan", follow_up="2026-12-20", **{"with": ["Ben Brown", "Dan Diaz"]})
    vault.note("2026-11-02-secret", "- [ ] Secret promise 📅 2026-11-30\n", date="2026-11-02",
               title="Secret", follow_up="2026-12-01", private=True, **{"with": ["Ana Alvarez"]})


def feed_of(result) -> tuple[bytes, Calendar]:
    assert result.returncode == 0, result.log
    data = (result.site / "follow-ups.ics").read_bytes()
    return data, Calendar.from_ical(data)


def events_by_summary(calendar: Calendar) -> dict[str, object]:
    events = calendar.walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert len(set(summaries)) == len(summaries)
    return {str(e["SUMMARY"]): e for e in events}


@pytest.fixture
def feed(vault):
    write_network(vault)
    return feed_of(vault.build(today=TODAY))


def test_feed_entries(feed) -> None:
    data, calendar = feed
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\n" in data and b"\n\n" not in data
    assert str(calendar["VERSION"]) == "2.0" and "kith" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Test network: follow-ups"  # the site_name
    events = events_by_summary(calendar)
    tasks = {s: e["DTSTART"].dt for s, e in events.items() if "RRULE" not in e}
    # Every dated open follow-up, overdue or not, mine or #waiting, `follow_up:` included; done,
    # undated and private ones left out; names of the people in the summary.
    assert tasks == {
        "Send Ana the report (Ana Alvarez)": dt.date(2026, 11, 10),
        "Waiting: Ana to send the slides (Ana Alvarez)": dt.date(2026, 11, 25),
        "Plan the spring workshop (Ana Alvarez)": dt.date(2027, 3, 1),
        "Ask (private) about the budget": dt.date(2026, 12, 2),  # its person is private
        "Follow up with Ben Brown, Dan Diaz": dt.date(2026, 12, 20),
    }
    for event in events.values():
        start = event["DTSTART"].dt
        assert type(start) is dt.date  # all-day
        assert event["DTEND"].dt == start + dt.timedelta(days=1)
        assert event["DTSTAMP"].dt == dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    # The note each follow-up comes from is in the description.
    assert "Coffee with Ana" in str(events["Send Ana the report (Ana Alvarez)"]["DESCRIPTION"])
    assert "Call with Ben and Dan" in str(events["Follow up with Ben Brown, Dan Diaz"]["DESCRIPTION"])
    assert b"Pat Private" not in data and b"Secret" not in data


def test_feed_birthdays_recur_yearly(feed) -> None:
    _, calendar = feed
    birthdays = {s: e for s, e in events_by_summary(calendar).items() if "RRULE" in e}
    assert set(birthdays) == {"Ana Alvarez’s birthday", "Ben Brown’s birthday", "Cara Chen’s birthday"}
    for event in birthdays.values():
        assert event["RRULE"]["FREQ"] == ["YEARLY"]
    ben = birthdays["Ben Brown’s birthday"]
    assert ben["DTSTART"].dt == dt.date(1990, 2, 28) and "1990" in str(ben["DESCRIPTION"])
    ana = birthdays["Ana Alvarez’s birthday"]
    assert (ana["DTSTART"].dt.month, ana["DTSTART"].dt.day) == (11, 30)
    assert "DESCRIPTION" not in ana and not any(ch.isdigit() for ch in str(ana["SUMMARY"]))  # no age

    def occurrences(event, year: int) -> list[dt.date]:
        rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=dt.datetime.combine(
            event["DTSTART"].dt, dt.time()))
        return [d.date() for d in rule.between(dt.datetime(year, 1, 1), dt.datetime(year, 12, 31), inc=True)]

    # 29 February: on the 29th in leap years, the 28th otherwise, every year.
    cara = birthdays["Cara Chen’s birthday"]
    assert occurrences(cara, 2027) == [dt.date(2027, 2, 28)]
    assert occurrences(cara, 2028) == [dt.date(2028, 2, 29)]
    assert occurrences(ana, 2031) == [dt.date(2031, 11, 30)]


def test_feed_uids_unique_and_stable(vault) -> None:
    write_network(vault)
    data, calendar = feed_of(vault.build(today=TODAY))
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 8
    assert all(uid.endswith("@kith") for uid in uids)

    # Same vault, same day: byte for byte the same file.
    again, _ = feed_of(vault.build(today=TODAY))
    assert again == data

    # Edit the note: a line above the task, a new due date. The event keeps its UID and moves.
    before = {str(e["SUMMARY"]): str(e["UID"]) for e in calendar.walk("VEVENT")}
    write_network(vault, "A new first line.\n\n" + ANA_NOTE.replace("📅 2026-11-10", "📅 2026-11-12"))
    edited, edited_calendar = feed_of(vault.build(today="2026-11-23"))
    after = {str(e["SUMMARY"]): (str(e["UID"]), e["DTSTART"].dt, e["DTSTAMP"].dt)
             for e in edited_calendar.walk("VEVENT")}
    assert {s: u for s, (u, _, _) in after.items()} == before
    assert after["Send Ana the report (Ana Alvarez)"][1:] == (
        dt.date(2026, 11, 12), dt.datetime(2026, 11, 23, tzinfo=dt.UTC))

    # The same task text twice in one note is two events, with two UIDs; the first in the note
    # keeps its UID even when the copy below it is due earlier.
    write_network(vault, ANA_NOTE + "- [ ] Send [[Ana Alvarez|Ana]] the report 📅 2026-11-01\n")
    _, twice = feed_of(vault.build(today=TODAY))
    reports = {e["DTSTART"].dt: str(e["UID"]) for e in twice.walk("VEVENT")
               if str(e["SUMMARY"]) == "Send Ana the report (Ana Alvarez)"}
    assert len(reports) == 2 and len(set(reports.values())) == 2
    assert reports[dt.date(2026, 11, 10)] == before["Send Ana the report (Ana Alvarez)"]


def test_feed_honours_redacted_birthdays_and_is_linked(vault) -> None:
    write_network(vault)
    vault.write("mkdocs.yml", vault.root.joinpath("mkdocs.yml").read_text().replace(
        "  - kith\n", "  - kith:\n      redact: [birthday]\n"))
    result = vault.build(today=TODAY)
    _, calendar = feed_of(result)
    events = calendar.walk("VEVENT")
    assert len(events) == 5 and not any("RRULE" in e for e in events)
    link = content(result.page("follow-ups/")).find("p", "kith-feed").find("a")
    assert link.attrs["href"] == "../follow-ups.ics"
    target = (result.site / "follow-ups" / link.attrs["href"]).resolve()
    assert target == (result.site / "follow-ups.ics").resolve()


def test_example_network_feed(example_site) -> None:
    """The shipped example: one event per dated open follow-up and per public birthday."""
    _, calendar = feed_of(example_site)
    network = Network(load_vault(REPO))
    fu = compute_followups(network, dt.date.fromisoformat(TODAY))
    dated = fu.overdue + fu.upcoming + [i for i in fu.waiting if i.due]
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    assert sorted(e["DTSTART"].dt for e in events if "RRULE" not in e) == sorted(i.due for i in dated)
    assert len([e for e in events if "RRULE" in e]) == sum(1 for c in network.contacts.values() if c.birthday)
    assert len(dated) > 10
