"""`kith import vcard|linkedin`: new people become files; people already there are skipped or, with
--merge, only given what they lack, every byte the user wrote kept; --dry-run writes nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from kith.core.interchange.linkedin import read_linkedin_csv
from kith.core.interchange.vcard import read_vcards
from kith.core.loader import load_vault
from kith_cli import FIXTURES, run_script, snapshot

APPS = FIXTURES / "interchange"
VCARDS = ["apple_contacts_3.0.vcf", "google_contacts_3.0.vcf", "outlook_2.1.vcf", "android_2.1.vcf",
          "vcard_4.0.vcf", "latin1_3.0.vcf"]
PHONE = FIXTURES / "cli" / "phone_backup_2.1.vcf"
LINKEDIN = FIXTURES / "cli" / "linkedin_with_preamble.csv"


def summary(stdout: str) -> tuple[int, int, int]:
    match = re.search(r"(\d+) created, (\d+) skipped, (\d+) merged\.$", stdout.strip())
    assert match, stdout
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


@pytest.mark.parametrize("name", VCARDS)
def test_each_apps_vcards_become_contacts_with_their_fields(vault, kith, name: str) -> None:
    path = APPS / name
    records, _ = read_vcards(path.read_bytes())
    result = kith("import", "vcard", str(path))
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (len(records), 0, 0)
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    by_name = {contact.name: contact for contact in loaded.contacts.values()}
    assert set(by_name) == {record.name for record in records}
    for record in records:
        contact = by_name[record.name]
        assert (contact.company, contact.role) == (record.company, record.role)
        assert contact.emails == record.emails
        assert contact.phones == record.phones
        assert contact.links == record.links
        assert (contact.birthday.iso() if contact.birthday else None) == record.birthday
        assert contact.tags == record.tags
        assert contact.location == record.location
        assert contact.body.strip() == (record.note or "")


def test_spot_checks_of_what_real_exports_hold(vault, kith) -> None:
    for name in VCARDS:
        assert kith("import", "vcard", str(APPS / name)).exit_code == 0
    contacts = {c.name: c for c in load_vault(vault.root).contacts.values()}
    aisha = contacts["Aisha Rahman"]  # Apple: a birthday without a year, item1. groups for links
    assert aisha.birthday is not None and (aisha.birthday.month, aisha.birthday.day, aisha.birthday.year) == (
        4, 17, None)
    assert aisha.links["linkedin"] == "https://www.linkedin.com/in/aisha-rahman-example"
    jurgen = contacts["Jürgen Müller"]  # Outlook 2.1: quoted-printable UTF-8, folded
    assert jurgen.company == "Bäckerei Müller & Söhne GmbH" and jurgen.role == "Geschäftsführer"
    assert "Hélène Lefèvre" in contacts  # Outlook 2.1: quoted-printable Windows-1252
    assert "Ayşe Öztürk" in contacts  # Android 2.1
    assert contacts["Chen Wei"].birthday.iso() == "04-17"  # vCard 4.0 "--0417"


def test_a_broken_card_is_reported_and_the_rest_imported(vault, kith) -> None:
    path = APPS / "broken_card.vcf"
    records, problems = read_vcards(path.read_bytes())
    result = kith("import", "vcard", str(path))
    assert result.exit_code == 0
    assert summary(result.stdout)[0] == len(records)
    for line, _ in problems:
        assert f"{path}:{line}: " in result.stderr


def test_a_file_with_no_contacts_is_an_error(vault, kith, tmp_path: Path) -> None:
    empty = tmp_path / "empty.vcf"
    empty.write_text("not a vcard at all\n", "utf-8")
    result = kith("import", "vcard", str(empty))
    assert result.exit_code == 1
    assert "no contacts found" in result.stderr
    assert list((vault.root / "contacts").iterdir()) == []
    missing = kith("import", "vcard", str(tmp_path / "nope.vcf"))
    assert missing.exit_code == 1 and "nope.vcf" in missing.stderr


def test_linkedin_export_with_its_preamble(vault, kith) -> None:
    vault.contact("kim-osei", name="Kim Osei", company="Osei & Partners", role="Partner")
    before = (vault.root / "contacts" / "kim-osei.md").read_bytes()
    result = kith("import", "linkedin", str(LINKEDIN))
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (2, 1, 0)
    assert re.search(r"skipped Kim Osei: already in contacts/kim-osei\.md \(same name\)", result.stdout)
    assert (vault.root / "contacts" / "kim-osei.md").read_bytes() == before
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    mei = loaded.contacts["mei-tanaka"]
    assert mei.met.isoformat() == "2024-02-14"
    assert mei.links == {"linkedin": "https://www.linkedin.com/in/mei-tanaka-example"}
    assert (mei.company, mei.role, mei.emails) == ("Tanaka, Sato & Co", "Founder", ["mei@example.jp"])
    records, _ = read_linkedin_csv((APPS / "linkedin_connections.csv").read_bytes())
    again = kith("import", "linkedin", str(APPS / "linkedin_connections.csv"))
    assert again.exit_code == 0 and sum(summary(again.stdout)) == len(records)


def test_existing_people_are_found_by_email_name_or_alias_and_left_alone(vault, kith) -> None:
    vault.contact("ifeoma-nwosu", name="Ifeoma Nwosu", email="IFEOMA@lagos-health.example")  # e-mail
    vault.contact("ace", name="Ace O'Brien", aliases=["O'Brien: \"Ace\" #1"])  # alias
    vault.contact("tolu-okonkwo", name="Tolu Okonkwo", private=True)  # name; private people count
    before = snapshot(vault.root)
    result = kith("import", "vcard", str(PHONE))
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (0, 4, 0)
    assert "same e-mail ifeoma@lagos-health.example" in result.stdout
    assert snapshot(vault.root) == before


def test_duplicates_within_one_import_are_one_person(vault, kith) -> None:
    result = kith("import", "vcard", str(PHONE))
    assert summary(result.stdout) == (3, 1, 0)  # Ify Nwosu has Ifeoma's e-mail
    assert not (vault.root / "contacts" / "ify-nwosu.md").exists()

    other = vault.root.parent / "other"
    other.mkdir()
    (other / "mkdocs.yml").write_text("site_name: other\n", "utf-8")
    merged = run_script("import", "vcard", str(PHONE), "--merge", cwd=other)
    assert summary(merged.stdout) == (3, 0, 1)
    (ifeoma,) = [c for c in load_vault(other).contacts.values()
                 if c.emails == ["ifeoma@lagos-health.example"]]
    assert ifeoma.name == "Ifeoma Nwósú" and ifeoma.role == "Programme Director"
    assert ifeoma.birthday.iso() == "1986-02-14"


HAND_WRITTEN = (
    "---\r\n"
    "name: Kim Osei   # the name everyone uses\r\n"
    "company:   Osei & Partners\r\n"
    "links: {website: 'https://osei.example'}\r\n"
    "tags:\r\n"
    "  - procurement\r\n"
    "---\r\n"
    "\r\n"
    "Kim knows everyone in procurement. Ask about [[Mei Tanaka]].\r\n"
)


def test_merge_adds_only_missing_fields_and_keeps_every_byte(vault, kith) -> None:
    path = vault.write("contacts/kim-osei.md", HAND_WRITTEN.encode("utf-8"))
    vault.contact("mei-tanaka", name="Mei Tanaka", email="mei@example.jp", role="CEO")
    result = kith("import", "linkedin", str(LINKEDIN), "--merge")
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (1, 0, 2)

    text = path.read_bytes().decode("utf-8")
    front, body = text.split("---\r\n")[1:3]
    original_front = HAND_WRITTEN.split("---\r\n")[1]
    assert front.startswith(original_front)  # every line as written, in order, CRLF kept
    added = front[len(original_front):]
    assert added == ("role: Partner\r\nmet: 2025-03-03\r\n"
                     'linkedin: "https://www.linkedin.com/in/kim-osei-example"\r\n')
    assert body == HAND_WRITTEN.split("---\r\n")[2]
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    kim = loaded.contacts["kim-osei"]
    assert kim.company == "Osei & Partners"  # kept as written
    assert kim.links == {"website": "https://osei.example",
                         "linkedin": "https://www.linkedin.com/in/kim-osei-example"}
    assert kim.role == "Partner" and kim.met.isoformat() == "2025-03-03"
    mei = loaded.contacts["mei-tanaka"]
    # Her role differs from LinkedIn's: a job change, recorded with --merge.
    assert mei.role == "Founder" and mei.company == "Tanaka, Sato & Co"
    assert "job change (role CEO -> Founder)" in result.stdout

    again = kith("import", "linkedin", str(LINKEDIN), "--merge")
    assert summary(again.stdout) == (0, 3, 0)  # nothing left to add: nothing changes
    assert path.read_bytes().decode("utf-8") == text


def test_merge_never_touches_a_file_it_cannot_extend_safely(vault, kith) -> None:
    path = vault.write("contacts/kim-osei.md",
                       "---\n{name: Kim Osei,\n company: Osei & Partners}\n---\nBody\n")
    before = path.read_bytes()
    result = kith("import", "linkedin", str(LINKEDIN), "--merge")
    assert result.exit_code == 0
    assert summary(result.stdout) == (2, 1, 0)
    assert "cannot merge into contacts/kim-osei.md" in result.stdout
    assert path.read_bytes() == before


def test_dry_run_writes_nothing_and_predicts_the_real_run(vault, kith) -> None:
    vault.write("contacts/kim-osei.md", HAND_WRITTEN.encode("utf-8"))
    before = snapshot(vault.root)
    dry = kith("import", "linkedin", str(LINKEDIN), "--merge", "--dry-run")
    assert dry.exit_code == 0
    assert snapshot(vault.root) == before
    assert "would create contacts/mei-tanaka.md" in dry.stdout
    assert "would merge Kim Osei into contacts/kim-osei.md" in dry.stdout
    assert dry.stdout.strip().splitlines()[-1].startswith("Dry run, nothing written")
    real = kith("import", "linkedin", str(LINKEDIN), "--merge")
    assert summary(real.stdout) == summary(dry.stdout) == (2, 0, 1)
    assert snapshot(vault.root) != before


def test_imported_tricky_name_round_trips(vault, kith) -> None:
    assert kith("import", "vcard", str(PHONE)).exit_code == 0
    loaded = load_vault(vault.root)
    assert loaded.problems == []
    ace = loaded.contacts["o-brien-ace-1"]
    assert ace.name == "O'Brien: \"Ace\" #1" and ace.company == "Acme: Widgets #2"
    assert ace.birthday.iso() == "12-24"


def test_import_help_has_examples(kith) -> None:
    for args in (["import", "--help"], ["import", "vcard", "--help"], ["import", "linkedin", "--help"]):
        result = kith(*args)
        assert result.exit_code == 0 and "kith import" in result.stdout.split("Example")[1]


def _special_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Paths that are not an address book a person exported, and what kith must say of each."""
    zero = tmp_path / "zero.vcf"
    zero.symlink_to("/dev/zero")  # endless: reading it whole would never end, or exhaust memory
    fifo = tmp_path / "x.vcf"
    os.mkfifo(fifo)  # opening it to read would wait forever for a writer
    huge = tmp_path / "huge.vcf"
    with open(huge, "wb") as stream:
        stream.truncate(20 * 1024 * 1024)  # 20 MB (sparse: no disk used)
    folder = tmp_path / "folder.vcf"
    folder.mkdir()
    return {
        "/dev/zero": (Path("/dev/zero"), "is a character device, not a regular file"),
        "a link to /dev/zero": (zero, "is a character device, not a regular file"),
        "a FIFO": (fifo, "is a named pipe (FIFO), not a regular file"),
        "20 MB": (huge, "is 20 MB, more than the 16 MB a hand-written file can have"),
        "a folder": (folder, "is a folder, not a regular file"),
        "nothing": (tmp_path / "missing.vcf", "cannot be read (No such file or directory)"),
    }


@pytest.mark.parametrize("command", ["vcard", "linkedin"])
@pytest.mark.parametrize("what", ["/dev/zero", "a link to /dev/zero", "a FIFO", "20 MB", "a folder",
                                  "nothing"])
def test_special_files_are_one_line_never_a_hang(vault, tmp_path: Path, command: str, what: str) -> None:
    path, reason = _special_inputs(tmp_path)[what]
    before = snapshot(vault.root)
    result = run_script("import", command, str(path), cwd=vault.root, timeout=60)  # a hang: timeout
    assert result.exit_code == 1
    assert result.stderr == f"kith: {path}: {reason}\n"
    assert result.stdout == ""
    assert snapshot(vault.root) == before


def test_a_special_file_beside_good_ones_stops_only_itself(vault, tmp_path: Path) -> None:
    fifo, reason = _special_inputs(tmp_path)["a FIFO"]
    result = run_script("import", "vcard", str(fifo), str(PHONE), cwd=vault.root, timeout=60)
    assert result.exit_code == 1  # something was not imported: the exit status says so
    assert f"kith: {fifo}: {reason}\n" in result.stderr
    assert summary(result.stdout) == (3, 1, 0)  # as when imported alone


@pytest.mark.parametrize("card", ["BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Index\r\nEND:VCARD\r\n",
                                  "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:INDEX\r\nN:;Index;;;\r\nEND:VCARD\r\n"])
def test_a_vcard_named_index_never_becomes_the_contacts_listing(vault, kith, tmp_path: Path,
                                                                card: str) -> None:
    path = tmp_path / "index.vcf"
    path.write_text(card, "utf-8")
    result = kith("import", "vcard", str(path))
    assert result.exit_code == 0, result.stderr
    assert not (vault.root / "contacts" / "index.md").exists()
    assert "created contacts/index-2.md" in result.stdout
    assert "(not index.md: that name is the page listing everyone)" in result.stdout
    loaded = load_vault(vault.root)
    assert loaded.problems == [] and loaded.contacts["index-2"].name.casefold() == "index"


def test_a_linkedin_row_named_index_never_becomes_the_contacts_listing(vault, kith, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    "Index,,,,Acme,,20 Nov 2026\n", "utf-8")
    result = kith("import", "linkedin", str(path))
    assert result.exit_code == 0, result.stderr
    assert not (vault.root / "contacts" / "index.md").exists()
    assert "created contacts/index-2.md (Index)" in result.stdout
    assert load_vault(vault.root).contacts["index-2"].company == "Acme"
