"""`kith import ics`: calendar exports from Google, Outlook, Apple and Fastmail become notes, each
checked against the events in the file; importing again adds nothing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from kith.core.frontmatter import read_file
from kith.core.loader import load_vault
from kith_cli import FIXTURES, run_script, snapshot

CALENDARS = FIXTURES / "calendar"


@pytest.fixture
def network(vault):
    """The people the calendars meet: found by e-mail address, or (Mei) by name alone."""
    vault.contact("aisha-rahman", name="Aisha Rahman", email="aisha@northwind.example")
    vault.contact("kim-osei", name="Kim Osei", email=["kim@osei.example", "kim@home.example"])
    vault.contact("juergen-mueller", name="Jürgen Müller", email="juergen@baeckerei.example")
    vault.contact("mei-tanaka", name="Mei Tanaka", company="Tanaka, Sato & Co")
    vault.contact("zoe-quinn", name="Zoe Quinn", email="zoe@quinn.example", private=True)
    return vault


def notes(vault) -> dict[str, dict]:
    """Every note as the loader reads it, with the fields it keeps as written."""
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    out = {}
    for note in loaded.notes.values():
        meta = read_file(vault.root / note.source.path, note.source.path).meta
        out[Path(note.source.path).name] = {
            "date": note.date.isoformat(), "time": meta.get("time"), "title": meta.get("title"),
            "with": note.participants, "kind": note.kind, "uid": note.event_uid,
            "occurrence": note.occurrence, "location": meta.get("location"),
            "private": note.private, "body": note.body.strip(),
        }
    return out


def counts(stdout: str) -> str:
    match = re.search(r"(?:Done|would be): (.*) \(events from", stdout)
    assert match, stdout
    return match.group(1)


WEEKLY = "0m2o4q6s8u0w2y4a6c8e0g2i4k_R20260901@google.com"
# Every Tuesday at 09:00 London time from 1 September, but 22 September (EXDATE), 20 October
# (cancelled) and 24 November on (after today); 6 October moved to 11:30. Summer time ended on
# 25 October, so the occurrence (kept in UTC) moves from 08:00Z to 09:00Z.
GOOGLE_WEEKLY = {
    f"2026-{day}-weekly-sync.md": (f"2026-{day}", "09:00", "Weekly sync", f"2026-{day}T{hour}:00:00Z")
    for day, hour in [("09-01", "08"), ("09-08", "08"), ("09-15", "08"), ("09-29", "08"), ("10-13", "08"),
                      ("10-27", "09"), ("11-03", "09"), ("11-10", "09"), ("11-17", "09")]
}


def test_a_google_export_becomes_the_notes_its_events_are(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "google.ics"))
    assert result.exit_code == 0, result.stderr
    found = notes(network)
    expected = {name: {"date": date, "time": time, "title": title, "with": ["aisha-rahman"], "kind": "call",
                       "uid": WEEKLY, "occurrence": occurrence}
                for name, (date, time, title, occurrence) in GOOGLE_WEEKLY.items()}
    expected |= {
        "2026-10-06-weekly-sync-moved.md": {  # the moved occurrence, identified by its original start
            "date": "2026-10-06", "time": "11:30", "title": "Weekly sync (moved)", "with": ["aisha-rahman"],
            "kind": "call", "uid": WEEKLY, "occurrence": "2026-10-06T08:00:00Z"},
        "2026-11-03-pilot-check-in.md": {  # 10:00Z is 10:00 in London in November
            "date": "2026-11-03", "time": "10:00", "title": "Pilot check-in", "with": ["aisha-rahman"],
            "kind": "call", "uid": "3hv1q0k2m4b6n8p0r2t4v6x8z0@google.com", "occurrence": None},
        "2026-09-15-budget-planning.md": {  # 13:00Z is 14:00 in London in September
            "date": "2026-09-15", "time": "14:00", "title": "Budget planning", "with": ["kim-osei"],
            "kind": "meeting", "uid": "7kq3d9s1f5h7j9l1n3p5r7t9v1@google.com", "occurrence": None},
        "2026-10-16-lunch-with-and-aisha.md": {
            "date": "2026-10-16", "time": "13:00", "title": "Lunch with [[Zoe Quinn|Zoe]] and Aisha",
            "with": ["zoe-quinn", "aisha-rahman"], "kind": "meeting",
            "uid": "lunch1q2w3e4r5t6y7u8i9o@google.com", "occurrence": None},
        "2026-10-21-catch-up.md": {
            "date": "2026-10-21", "time": "18:00", "title": "[[Zoe Quinn]] catch-up", "with": ["zoe-quinn"],
            "kind": "meeting", "uid": "zoe0p9o8i7u6y5t4r3e2w1q@google.com", "occurrence": None},
        "2026-11-18-partnership-terms.md": {  # Mei has no address on file: found by name
            "date": "2026-11-18", "time": "11:00", "title": "Partnership terms", "with": ["mei-tanaka"],
            "kind": "meeting", "uid": "mei5t4r3e2w1q0p9o8i7@google.com", "occurrence": None},
    }
    # A private person's name in a title is a link, which the site shows as "(private)".
    shown = {name: {key: note[key] for key in ("date", "time", "title", "with", "kind", "uid", "occurrence")}
             for name, note in found.items()}
    assert shown == expected
    assert counts(result.stdout) == ("15 created, 0 imported before, 2 cancelled, 1 declined, "
                                     "1 all-day (see --all-day), 1 with nobody in your network")
    # The description is the text: Meet's joining block gone, HTML as Markdown.
    assert found["2026-11-03-pilot-check-in.md"]["body"] == "Agenda: pilot numbers and next steps."
    assert found["2026-09-15-weekly-sync.md"]["body"] == ""
    assert found["2026-09-15-budget-planning.md"]["body"] == (
        "Topics\n1. Budget for 2027\n2. Hiring a data lead\n\n"
        "Bring the [Q3 numbers](https://docs.example.org/q3) & the plan.")
    assert found["2026-09-15-budget-planning.md"]["location"] == "Northwind HQ, 1 Park Row, Leeds LS1 5AB, UK"
    # Only people: the meeting room and the calendar's owner are nobody to list.
    listed = result.stdout.split("Not in your network")[1]
    assert "Dan Brown <dan.brown@acme.example> (1 event)" in listed
    assert "Priya Natarajan <priya@lumen.example> (1 event)" in listed
    assert "Boardroom" not in listed and "sam.rivera" not in listed


def test_a_private_person_is_in_no_title_or_file_name(network, kith) -> None:
    assert kith("import", "ics", str(CALENDARS / "google.ics")).exit_code == 0
    found = notes(network)
    lunch = found["2026-10-16-lunch-with-and-aisha.md"]
    assert not lunch["private"]  # Aisha is public: the note is published, without Zoe
    assert (network.root / "notes" / "2026-10-16-lunch-with-and-aisha.md").read_text("utf-8").count(
        "[[Zoe Quinn|Zoe]]") == 2  # in the title and in the text, as a link the site hides
    only_zoe = found["2026-10-21-catch-up.md"]
    assert only_zoe["private"] is True
    assert not any("zoe" in name or "quinn" in name for name in found)
    site = network.build(strict=True)
    assert site.returncode == 0, site.log
    for path in site.site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"Zoe" not in data and b"zoe" not in data, path


def test_importing_again_adds_nothing(network, kith) -> None:
    first = kith("import", "ics", str(CALENDARS / "google.ics"))
    assert first.exit_code == 0
    before = snapshot(network.root)
    again = kith("import", "ics", str(CALENDARS / "google.ics"))
    assert again.exit_code == 0
    assert counts(again.stdout).startswith("0 created, 15 imported before")
    assert snapshot(network.root) == before


def test_a_newer_export_adds_only_what_is_new(network, kith, tmp_path: Path) -> None:
    assert kith("import", "ics", str(CALENDARS / "google.ics"), "--since", "2026-09-01",
                "--until", "2026-10-31").exit_code == 0
    imported = set(notes(network))
    # A week later the export holds one more event, and the same ones re-expressed: a newer
    # DTSTAMP and SEQUENCE, its lines folded anew (LF line ends, as some tools save them).
    text = (CALENDARS / "google.ics").read_text("utf-8").replace("\r\n ", "").replace("\r\n", "\n")
    text = text.replace("DTSTAMP:20261122T091502Z", "DTSTAMP:20261129T080000Z")
    newer = text.replace("END:VCALENDAR", (
        "BEGIN:VEVENT\nDTSTART:20261124T150000Z\nDTEND:20261124T153000Z\n"
        "UID:new1@google.com\nORGANIZER;CN=Kim Osei:mailto:kim@osei.example\n"
        "ATTENDEE;PARTSTAT=ACCEPTED;CN=Kim Osei:mailto:kim@osei.example\n"
        "SUMMARY:Quick call\nEND:VEVENT\nEND:VCALENDAR"))
    path = tmp_path / "newer.ics"
    path.write_text(newer, "utf-8")
    result = kith("import", "ics", str(path), "--since", "2026-09-01", "--until", "2026-11-29")
    assert result.exit_code == 0, result.stderr
    added = set(notes(network)) - imported
    # November's occurrences and events, and the new call; nothing of before again.
    assert added == {"2026-11-03-weekly-sync.md", "2026-11-10-weekly-sync.md", "2026-11-17-weekly-sync.md",
                     "2026-11-24-weekly-sync.md", "2026-11-03-pilot-check-in.md",
                     "2026-11-18-partnership-terms.md", "2026-11-24-quick-call.md"}
    assert notes(network)["2026-11-24-quick-call.md"]["kind"] == "call"


def test_dry_run_writes_nothing_and_says_what_the_import_would_do(network, kith) -> None:
    before = snapshot(network.root)
    dry = kith("import", "ics", str(CALENDARS / "google.ics"), "--dry-run")
    assert dry.exit_code == 0
    assert snapshot(network.root) == before
    assert dry.stdout.count("would create notes/") == 15
    real = kith("import", "ics", str(CALENDARS / "google.ics"))
    assert counts(dry.stdout).replace("would be created", "created") == counts(real.stdout)
    planned = sorted(re.findall(r"would create (notes/\S+):", dry.stdout))
    assert planned == sorted(f"notes/{name}" for name in notes(network))


def test_all_day_events_only_when_asked(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "google.ics"), "--all-day")
    assert result.exit_code == 0
    offsite = notes(network)["2026-11-10-osei-consulting-offsite.md"]
    assert offsite["time"] is None and offsite["with"] == ["kim-osei"]
    assert offsite["location"] == "Malham Cove"


def test_an_outlook_export_with_windows_time_zones(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "outlook.ics"))
    assert result.exit_code == 0, result.stderr
    found = notes(network)
    series = ("040000008200E00074C5B7101A82E00800000000B1C2D3E4F5A6D901"
              "000000000000000010000000A9B8C7D6E5F40312")
    weekly = {name: (note["date"], note["time"], note["location"], note["occurrence"])
              for name, note in found.items() if note["uid"] == series}
    # Thursdays at 10:00 in Hamburg: 15 October deleted (EXDATE), 22 October moved to 13:00 in
    # the other room, 29 October cancelled. Central European summer time ended on 25 October.
    room1, room2 = "Konferenzraum 1, Bäckerei Müller, Hamburg", "Konferenzraum 2, Bäckerei Müller, Hamburg"
    assert weekly == {
        "2026-10-01-supplier-review.md": ("2026-10-01", "10:00", room1, "2026-10-01T08:00:00Z"),
        "2026-10-08-supplier-review.md": ("2026-10-08", "10:00", room1, "2026-10-08T08:00:00Z"),
        "2026-10-22-supplier-review.md": ("2026-10-22", "13:00", room2, "2026-10-22T08:00:00Z"),
        "2026-11-05-supplier-review.md": ("2026-11-05", "10:00", room1, "2026-11-05T09:00:00Z"),
        "2026-11-12-supplier-review.md": ("2026-11-12", "10:00", room1, "2026-11-12T09:00:00Z"),
        "2026-11-19-supplier-review.md": ("2026-11-19", "10:00", room1, "2026-11-19T09:00:00Z"),
    }
    assert all(found[name]["with"] == ["juergen-mueller", "kim-osei"] and found[name]["kind"] == "meeting"
               for name in weekly)
    teams = found["2026-11-05-delivery-figures.md"]
    assert (teams["time"], teams["kind"], teams["with"]) == ("14:30", "call", ["juergen-mueller"])
    assert teams["body"] == "Bring the delivery figures for October."  # the Teams block is gone
    phone = found["2026-11-10-contract-questions.md"]
    assert (phone["kind"], phone["location"]) == ("call", "+49 30 1234567")
    assert len(found) == 8
    # The calendar is Sam's: on every invitation, and no contact; never listed as someone new.
    assert "Not in your network" not in result.stdout
    assert counts(result.stdout) == "8 created, 0 imported before, 1 cancelled, 1 all-day (see --all-day)"


def test_an_apple_export(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "apple.ics"))
    assert result.exit_code == 0, result.stderr
    found = notes(network)
    coffee = found["2026-10-12-coffee-with-kim.md"]
    # Kim's attendee line names a urn:uuid; the address is in its EMAIL parameter.
    assert (coffee["time"], coffee["kind"], coffee["with"]) == ("12:00", "meeting", ["kim-osei"])
    facetime = {name: (note["time"], note["kind"], note["occurrence"]) for name, note in found.items()
                if note["uid"] == "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"}
    # Every other Monday at 08:00 in New York; 5 October deleted, 19 October moved to 09:30.
    assert facetime == {
        "2026-09-07-catch-up-with-aisha.md": ("08:00", "call", "2026-09-07T12:00:00Z"),
        "2026-09-21-catch-up-with-aisha.md": ("08:00", "call", "2026-09-21T12:00:00Z"),
        "2026-10-19-catch-up-with-aisha-late.md": ("09:30", "call", "2026-10-19T12:00:00Z"),
        "2026-11-02-catch-up-with-aisha.md": ("08:00", "call", "2026-11-02T13:00:00Z"),
        "2026-11-16-catch-up-with-aisha.md": ("08:00", "call", "2026-11-16T13:00:00Z"),
    }
    assert len(found) == 6
    # Sam declined Kim's drinks: Sam is on every invitation and no contact, so Sam is the owner.
    assert counts(result.stdout) == "6 created, 0 imported before, 1 declined, 1 all-day (see --all-day)"


def test_a_fastmail_export(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "fastmail.ics"))
    assert result.exit_code == 0, result.stderr
    found = notes(network)
    zoom = found["2026-11-09-partnership-follow-up.md"]
    assert (zoom["time"], zoom["kind"], zoom["with"]) == ("08:30", "call", ["mei-tanaka"])
    assert zoom["body"] == "Notes from Mei's team on the term sheet."  # Zoom's block is gone
    standups = sorted(name for name, note in found.items() if note["uid"].startswith("8b2d4f60"))
    # Daily from 16 November, five times: the 18th deleted, the 19th cancelled.
    assert standups == ["2026-11-16-pilot-stand-up.md", "2026-11-17-pilot-stand-up.md",
                        "2026-11-20-pilot-stand-up.md"]
    assert all(found[name]["kind"] == "call" and found[name]["time"] == "09:00" for name in standups)


def test_declines_are_yours_when_me_is_given(network, kith) -> None:
    # Sam keeps a contact file for themself: only --me says the calendar is theirs. Then their
    # decline is skipped, and they are on no note: a note's people are the others.
    network.contact("sam-rivera", name="Sam Rivera", email="sam@me.example")
    result = kith("import", "ics", str(CALENDARS / "apple.ics"), "--me", "SAM@me.example")
    assert counts(result.stdout) == "6 created, 0 imported before, 1 declined, 1 all-day (see --all-day)"
    assert all("sam-rivera" not in note["with"] for note in notes(network).values())


def test_without_knowing_the_owner_a_decline_by_someone_unknown_skips(network, kith, tmp_path) -> None:
    # An export with no owner to be found (one invitation): a decline by someone who is not a
    # contact may be the owner's own, so the event is skipped; a contact's decline only takes
    # them off the note.
    text = (CALENDARS / "apple.ics").read_text("utf-8")
    head, *events = text.split("BEGIN:VEVENT")
    (drinks,) = [event for event in events if "UID:0F2C7E18" in event]
    drinks = drinks[:drinks.index("END:VEVENT")]
    one = tmp_path / "one.ics"
    one.write_bytes((head + "BEGIN:VEVENT" + drinks + "END:VEVENT\r\nEND:VCALENDAR\r\n").encode("utf-8"))
    result = kith("import", "ics", str(one))
    assert counts(result.stdout) == "0 created, 0 imported before, 1 declined"


def test_the_window_and_the_time_zone(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "google.ics"), "--since", "2026-11-01",
                  "--until", "2026-11-05", "--timezone", "America/New_York")
    assert result.exit_code == 0, result.stderr
    found = notes(network)
    assert {name: note["time"] for name, note in found.items()} == {
        "2026-11-03-weekly-sync.md": "04:00", "2026-11-03-pilot-check-in.md": "05:00"}
    bad = kith("import", "ics", str(CALENDARS / "google.ics"), "--timezone", "Mars/Olympus")
    assert bad.exit_code == 1 and "not a time zone" in bad.stderr
    backwards = kith("import", "ics", str(CALENDARS / "google.ics"), "--since", "2026-11-05",
                     "--until", "2026-11-01")
    assert backwards.exit_code == 1 and "after --until" in backwards.stderr


def test_the_default_window_is_the_last_90_days(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "google.ics"), env={"KITH_TODAY": "2026-10-01"})
    dates = sorted(note["date"] for note in notes(network).values())
    assert dates[0] >= (dt.date(2026, 10, 1) - dt.timedelta(days=90)).isoformat()
    assert dates[-1] <= "2026-10-01" and "events from 2026-07-03 to 2026-10-01" in result.stdout


def test_add_unknown_makes_contacts_and_their_events_notes(network, kith) -> None:
    result = kith("import", "ics", str(CALENDARS / "google.ics"), "--add-unknown")
    assert result.exit_code == 0, result.stderr
    loaded = load_vault(network.root)
    priya = loaded.contacts["priya-natarajan"]
    assert priya.emails == ["priya@lumen.example"]
    assert loaded.contacts["dan-brown"].emails == ["dan.brown@acme.example"]
    found = notes(network)
    assert found["2026-11-04-intro-call-with-priya.md"]["with"] == ["priya-natarajan"]
    assert found["2026-09-15-budget-planning.md"]["with"] == ["kim-osei", "dan-brown"]
    before = snapshot(network.root)
    again = kith("import", "ics", str(CALENDARS / "google.ics"), "--add-unknown")
    assert counts(again.stdout).startswith("0 created, 16 imported before")
    assert snapshot(network.root) == before


def test_cr_cr_lf_and_bad_files(network, kith, tmp_path: Path) -> None:
    doubled = tmp_path / "doubled.ics"
    doubled.write_bytes((CALENDARS / "fastmail.ics").read_bytes().replace(b"\r\n", b"\r\r\n"))
    result = kith("import", "ics", str(doubled))
    assert result.exit_code == 0, result.stderr
    assert counts(result.stdout).startswith("4 created")
    junk = tmp_path / "junk.ics"
    junk.write_text("this is not a calendar\n", "utf-8")
    bad = kith("import", "ics", str(junk))
    assert bad.exit_code == 1 and "junk.ics" in bad.stderr
    missing = kith("import", "ics", str(tmp_path / "nope.ics"))
    assert missing.exit_code == 1 and "nope.ics" in missing.stderr


def test_the_installed_script_imports_a_calendar(network) -> None:
    result = run_script("import", "ics", str(CALENDARS / "outlook.ics"), cwd=network.root)
    assert result.exit_code == 0, result.stderr
    assert counts(result.stdout).startswith("8 created")
