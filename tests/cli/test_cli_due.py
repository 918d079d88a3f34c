"""`kith due`: the follow-up page's sections in a terminal, the same logic and the same KITH_TODAY.

The network is written so that each item sits in one section on purpose (KITH_TODAY=2026-11-22):
a task due 12 days ago, one due today, one due in exactly 14 days (the edge of "due soon"), one in
20 days; a `#waiting` task, an undated one, a done one; a close friend not seen for 52 days, a
loose contact never seen; birthdays today and in 18 days.
"""

from __future__ import annotations

import json

import pytest
from html_sections import items, sections
from kith.core.tasks import follow_up_id
from kith_cli import invoke, run_script

OVERDUE = ["Send Ana the report"]
DUE_TODAY = ["Book a table for the team dinner"]
DUE_IN_14 = ["Plan the offsite with Ana Alvarez"]  # `[[Ana]]` reads as her name, as on the site
DUE_IN_20 = ["Send the annual review to Ben"]
WAITING = ["Ana to send the slides"]
UNDATED = ["Think about Ana's offer"]
DONE = "Post the thank-you card"


def write_network(vault) -> None:
    vault.contact("ana-alvarez", name="Ana Alvarez", aliases=["Ana"], circle="close", met="2026-01-01",
                  birthday="11-22")
    vault.contact("ben-brown", name="Ben Brown", circle="regular", birthday="1990-12-10")
    vault.contact("cara-chen", name="Cara Chen", circle="loose")
    vault.note("2026-10-01-coffee-with-ana", (
        "- [ ] Send Ana the report 📅 2026-11-10\n"
        "- [x] Post the thank-you card 📅 2026-11-01\n"
        "- [ ] Ana to send the slides #waiting due:2026-11-25\n"
        "- [ ] Think about Ana's offer\n"
        "- [ ] Book a table for the team dinner 📅 2026-11-22\n"
        "- [ ] Plan the offsite with [[Ana]] 📅 2026-12-06\n"
    ), date="2026-10-01", title="Coffee with Ana", kind="coffee", **{"with": ["[[Ana Alvarez]]"]})
    vault.note("2026-11-15-call-with-ben", "- [ ] Send the annual review to Ben 📅 2026-12-12\n",
               date="2026-11-15", title="Call with Ben", kind="call", **{"with": ["ben-brown"]})


@pytest.fixture
def network(vault):
    write_network(vault)
    return vault


def texts(section: list[dict]) -> list[str]:
    return [item["text"] for item in section]


def test_json_sections_hold_exactly_the_right_items(network, kith) -> None:
    result = kith("due", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert data["today"] == "2026-11-22"
    assert data["due_soon_days"] == 14
    assert texts(data["overdue"]) == OVERDUE
    assert texts(data["due_soon"]) == DUE_TODAY + DUE_IN_14
    assert texts(data["waiting"]) == WAITING
    assert texts(data["undated"]) == UNDATED
    everything = json.dumps(data)
    assert DONE not in everything
    assert [p["slug"] for p in data["out_of_touch"]] == ["cara-chen", "ana-alvarez"]
    ana = data["out_of_touch"][1]
    assert (ana["since"], ana["due"], ana["days_since"], ana["days_overdue"], ana["contacted"]) == (
        "2026-10-01", "2026-10-31", 52, 22, True)
    assert [(b["slug"], b["date"], b["days_until"], b["age"]) for b in data["birthdays"]] == [
        ("ana-alvarez", "2026-11-22", 0, None), ("ben-brown", "2026-12-10", 18, 36)]
    overdue = data["overdue"][0]
    assert overdue["due"] == "2026-11-10" and overdue["days"] == -12
    assert overdue["people"] == [{"slug": "ana-alvarez", "name": "Ana Alvarez"}]
    assert overdue["file"] == "notes/2026-10-01-coffee-with-ana.md"
    lines = (network.root / overdue["file"]).read_text("utf-8").splitlines()
    assert lines[overdue["line"] - 1].startswith("- [ ] Send Ana the report")
    assert overdue["note"] == {"slug": "2026-10-01-coffee-with-ana", "title": "Coffee with Ana",
                               "date": "2026-10-01"}


@pytest.mark.parametrize(("days", "expected"), [
    (0, DUE_TODAY), (13, DUE_TODAY), (14, DUE_TODAY + DUE_IN_14), (30, DUE_TODAY + DUE_IN_14 + DUE_IN_20)])
def test_days_sets_the_due_soon_horizon(network, kith, days: int, expected: list[str]) -> None:
    data = json.loads(kith("due", "--days", str(days), "--json").stdout)
    assert data["due_soon_days"] == days
    assert texts(data["due_soon"]) == expected
    assert texts(data["overdue"]) == OVERDUE  # the horizon changes nothing else


def test_kith_today_moves_everything(network, kith) -> None:
    data = json.loads(kith("due", "--json", env={"KITH_TODAY": "2026-12-07"}).stdout)
    assert data["today"] == "2026-12-07"
    assert texts(data["overdue"]) == OVERDUE + DUE_TODAY + DUE_IN_14
    assert texts(data["due_soon"]) == DUE_IN_20


def test_text_output_has_every_section_with_its_items(network, kith) -> None:
    result = kith("due")
    assert result.exit_code == 0, result.stderr
    blocks: dict[str, str] = {}
    current = None
    for line in result.stdout.splitlines():
        if line and not line.startswith(" "):
            current = line
            blocks[current] = ""
        elif current is not None:
            blocks[current] += line + "\n"
    assert list(blocks)[0] == "Follow-ups as of Sunday 22 November 2026"
    by_title = {title.rsplit(" (", 1)[0]: body for title, body in blocks.items()}
    assert set(by_title) >= {"Overdue", "Due in the next 14 days", "Waiting on others", "Open without a date",
                             "Out of touch", "Birthdays in the next 30 days"}
    assert "Send Ana the report" in by_title["Overdue"] and "overdue by 12 days" in by_title["Overdue"]
    lines = (network.root / "notes/2026-10-01-coffee-with-ana.md").read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "Send Ana the report" in text)
    assert f"notes/2026-10-01-coffee-with-ana.md:{line}" in by_title["Overdue"]
    for text in DUE_TODAY + DUE_IN_14:
        assert text in by_title["Due in the next 14 days"]
    assert DUE_IN_20[0] not in result.stdout
    assert WAITING[0] in by_title["Waiting on others"]
    assert UNDATED[0] in by_title["Open without a date"]
    assert "Cara Chen" in by_title["Out of touch"] and "Ana Alvarez" in by_title["Out of touch"]
    assert "Ben Brown" not in by_title["Out of touch"]
    assert "turns 36" in by_title["Birthdays in the next 30 days"]
    assert DONE not in result.stdout
    assert "[[" not in result.stdout  # links are shown as names


def test_private_people_are_in_your_own_terminal_view(network, kith) -> None:
    network.contact("pat-private", name="Pat Private", circle="close", met="2020-01-01", private=True)
    data = json.loads(kith("due", "--json").stdout)
    assert "pat-private" in [p["slug"] for p in data["out_of_touch"]]


def test_the_site_and_the_command_agree(network, kith) -> None:
    data = json.loads(kith("due", "--json").stdout)
    build = network.build(today="2026-11-22")
    assert build.returncode == 0, build.log
    page = sections(build.page("follow-ups/"))
    for section, key in [("overdue", "overdue"), ("due-soon", "due_soon"), ("waiting", "waiting"),
                         ("undated", "undated")]:
        shown = [li.text() for li in items(page[section], "kith-task")]
        assert len(shown) == len(data[key]), section
        for li_text, item in zip(shown, data[key], strict=True):
            assert item["text"].replace("[[Ana]]", "Ana") in li_text
    shown = [li.text() for li in items(page["out-of-touch"], "kith-keep-in-touch")]
    assert [p["name"] for p in data["out_of_touch"]] == [
        next(p["name"] for p in data["out_of_touch"] if p["name"] in text) for text in shown]


def test_empty_vault_says_so(vault, kith) -> None:
    result = kith("due")
    assert result.exit_code == 0
    assert "Nothing overdue." in result.stdout and "Everyone in your circles is in touch." in result.stdout


def test_due_help_documents_the_json() -> None:
    result = invoke("due", "--help")
    assert result.exit_code == 0
    assert "kith due --json" in result.stdout
    for key in ('"overdue"', '"due_soon"', '"waiting"', '"undated"', '"out_of_touch"', '"birthdays"',
                '"days_overdue"', '"days_until"'):
        assert key in result.stdout


def follow_up_line(vault, note_slug: str) -> int:
    """The line of a note's `follow_up:` field: where `kith due` says the follow-up comes from."""
    lines = (vault.root / f"notes/{note_slug}.md").read_text("utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if text.startswith("follow_up:"))


def test_a_notes_follow_up_date_reads_follow_up_with_its_people(vault) -> None:
    vault.contact("kim-osei", name="Kim Osei", circle="regular")
    vault.contact("ben-ade", name="Ben Ade", private=True)  # your own terminal shows private people
    vault.note("2026-11-01-lunch-with-kim-and-ben", "Talked about the review.\n", date="2026-11-01",
               title="Lunch with Kim and Ben", kind="meeting", follow_up="2026-11-20",
               **{"with": ["[[Kim Osei]]", "ben-ade"]})
    vault.note("2026-11-02-thinking-time", "On my own.\n", date="2026-11-02", title="Thinking time",
               follow_up="2026-11-25")  # nobody to follow up with
    with_people = follow_up_line(vault, "2026-11-01-lunch-with-kim-and-ben")
    alone = follow_up_line(vault, "2026-11-02-thinking-time")

    result = run_script("due", cwd=vault.root)  # the installed command, as a user runs it
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    lunch = follow_up_id("notes/2026-11-01-lunch-with-kim-and-ben.md")
    thinking = follow_up_id("notes/2026-11-02-thinking-time.md")
    assert (f"  [{lunch}] 2026-11-20 (overdue by 2 days)  Follow up with Kim Osei, Ben Ade  "
            f"notes/2026-11-01-lunch-with-kim-and-ben.md:{with_people}") in lines
    assert (f"  [{thinking}] 2026-11-25 (in 3 days)  Follow up  "
            f"notes/2026-11-02-thinking-time.md:{alone}") in lines

    data = json.loads(run_script("due", "--json", cwd=vault.root).stdout)
    overdue, = data["overdue"]
    assert overdue["summary"] == "Follow up with Kim Osei, Ben Ade"
    assert overdue["follow_up"] is True
    assert overdue["text"] == "Follow up"  # unchanged for scripts that read it
    assert [person["slug"] for person in overdue["people"]] == ["kim-osei", "ben-ade"]
    assert overdue["line"] == with_people
    due_soon, = data["due_soon"]
    assert (due_soon["summary"], due_soon["follow_up"]) == ("Follow up", True)

    shown = invoke("--vault", str(vault.root), "show", "Ben Ade")  # `kith show` says it the same way
    assert shown.exit_code == 0, shown.stderr
    assert (f"  [{lunch}] 2026-11-20 (overdue by 2 days)  Follow up with Kim Osei, Ben Ade  "
            f"notes/2026-11-01-lunch-with-kim-and-ben.md:{with_people}") in shown.stdout.splitlines()


def test_a_task_line_is_not_marked_as_a_follow_up(network, kith) -> None:
    data = json.loads(kith("due", "--json").stdout)
    overdue, = data["overdue"]
    assert (overdue["summary"], overdue["follow_up"]) == (OVERDUE[0], False)
