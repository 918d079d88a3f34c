"""Contact exchange as real files have it: vCards from iPhones, Apple Contacts, Thunderbird and
Gmail, and LinkedIn exports read again a year later."""

from __future__ import annotations

import re

import pytest
import vobject
from kith.core.interchange.vcard import read_vcards
from kith.core.loader import load_vault
from kith_cli import FIXTURES, snapshot
from test_cli_import import summary

APPS = FIXTURES / "interchange"
LINKEDIN_2026 = FIXTURES / "cli" / "linkedin_2026.csv"
LINKEDIN_2027 = FIXTURES / "cli" / "linkedin_2027.csv"


# ---- vCard ----------------------------------------------------------------------------------


def test_an_iphone_file_with_cr_cr_lf_line_ends_is_read_whole(vault, kith) -> None:
    records, problems = read_vcards((APPS / "iphone_crcrlf_3.0.vcf").read_bytes())
    assert problems == []
    john, chen = records
    assert john.name == "John Public" and john.aliases == ["Johnny", "JQ"]
    assert john.name_parts == {"family": ["Public"], "given": ["John"], "middle": ["Quinlan"],
                               "prefix": ["Dr."], "suffix": ["Jr."]}
    assert john.note == ("Met at the Leeds digital meetup. Long note that is folded by the phone at "
                         "seventy-five octets so that it continues here.")
    assert john.links == {"linkedin": "https://www.linkedin.com/in/john-q-public"}
    assert chen.name_parts == {"family": ["Chen"], "given": ["Wei"]}  # family name first, as read
    # Old Macs' CR alone ends lines too.
    mac, _ = read_vcards((APPS / "iphone_crcrlf_3.0.vcf").read_bytes().replace(b"\r\r\n", b"\r"))
    assert mac == records


def test_nickname_and_n_go_back_out_as_they_came_in(vault, kith, tmp_path) -> None:
    assert kith("import", "vcard", str(APPS / "iphone_crcrlf_3.0.vcf")).exit_code == 0
    john = load_vault(vault.root).contacts["john-public"]
    assert john.aliases == ["Johnny", "JQ"]
    out = tmp_path / "out.vcf"
    assert kith("export", "vcard", "--out", str(out)).exit_code == 0
    text = out.read_bytes().decode("utf-8")
    assert "N:Public;John;Quinlan;Dr.;Jr.\r\n" in text and "NICKNAME:Johnny\r\nNICKNAME:JQ\r\n" in text
    assert "N:Chen;Wei;;;\r\n" in text
    # Another library reads it back the same.
    cards = {card.fn.value: card for card in vobject.readComponents(text)}
    n = cards["John Public"].n.value
    assert (n.family, n.given, n.additional, n.prefix, n.suffix) == (
        "Public", "John", "Quinlan", "Dr.", "Jr.")
    assert [line.value for line in cards["John Public"].contents["nickname"]] == ["Johnny", "JQ"]
    assert (cards["Chen Wei"].n.value.family, cards["Chen Wei"].n.value.given) == ("Chen", "Wei")
    # And kith reads its own output back to the same contacts.
    again, problems = read_vcards(text)
    assert problems == [] and {r.name: r.aliases for r in again}["John Public"] == ["Johnny", "JQ"]


def test_exported_cards_pass_a_strict_vcard_validator(vault, kith, tmp_path) -> None:
    validator = pytest.importorskip("vcard.vcard_validator")
    # (Its text rules stop at Latin-1: an em dash in a note from the other fixtures is refused,
    # though vCard allows any UTF-8; vobject reads those above.)
    for name in ("iphone_crcrlf_3.0.vcf", "gmail_3.0.vcf", "thunderbird_3.0.vcf", "apple_groups_3.0.vcf"):
        assert kith("import", "vcard", str(APPS / name)).exit_code == 0
    vault.contact("dr-john", name="Dr. John Q. Public, Jr.", company="Acme; Sons, Ltd", tags=["a,b"])
    vault.contact("doe", name="Doe, Jane", aliases=["JD", "Janie, D"])
    out = tmp_path / "network.vcf"
    assert kith("export", "vcard", "--out", str(out)).exit_code == 0
    text = out.read_bytes().decode("utf-8")
    # This validator knows no property groups but the whole card's, so it refuses the
    # `item1.URL` + `item1.X-ABLabel` pairs Apple writes (and reads) to label a link; everything
    # else must pass as it is.
    ungrouped = tmp_path / "ungrouped.vcf"
    # Nor does vCard 3.0 have a birthday without a year: kith writes 4.0's `--MM-DD`, which
    # Google and Apple read.
    ungrouped.write_bytes(re.sub(r"(?m)^(?:item\d+\.(?:X-ABLabel:.*\r\n|)|BDAY:--.*\r\n)", "", text)
                          .encode("utf-8"))
    assert "item1." in text and "item1." not in ungrouped.read_text("utf-8")
    assert validator.validate_file(str(ungrouped), False) == ""
    cards = {card.fn.value: card for card in vobject.readComponents(text)}
    n = cards["Dr. John Q. Public, Jr."].n.value
    assert (n.family, n.given, n.additional, n.prefix, n.suffix) == ("Public", "John", "Q.", "Dr.", "Jr.")
    assert (cards["Doe, Jane"].n.value.family, cards["Doe, Jane"].n.value.given) == ("Doe", "Jane")


def test_group_cards_are_skipped_with_a_note(vault, kith) -> None:
    path = APPS / "apple_groups_3.0.vcf"
    result = kith("import", "vcard", str(path))
    assert result.exit_code == 0
    assert summary(result.stdout) == (1, 0, 0)
    assert f"{path}:1: 'Leeds Digital' is a contact group (2 members), not a person; skipped" in result.stderr
    assert "'Board' is a contact group (1 member), not a person; skipped" in result.stderr
    assert set(load_vault(vault.root).contacts) == {"grace-okafor"}


def test_thunderbird_categories_and_gmail_quotes(vault, kith) -> None:
    result = kith("import", "vcard", str(APPS / "thunderbird_3.0.vcf"), str(APPS / "gmail_3.0.vcf"))
    assert result.exit_code == 0
    contacts = {c.name: c for c in load_vault(vault.root).contacts.values()}
    assert contacts["Ifeoma Nwosu"].tags == ["clients", "health", "lagos"]
    ace = contacts['Ace "the Closer" O\'Brien']
    assert ace.body.strip() == 'Says "call me Ace"; likes golf.'
    assert ace.tags == ["golf"] and ace.aliases == ["Ace"]
    assert ace.name_parts == {"family": ["O'Brien"], "given": ["Ace"], "suffix": ["Jr."]}


def test_merge_finds_people_by_address_number_or_profile_before_name(vault, kith, tmp_path) -> None:
    vault.contact("j-public", name="J. Public", phone="+447700900123")  # the same number, written apart
    vault.contact("chen", name="Wei Chen", email="CHENWEI@example.net")
    vault.contact("grace", name="G. Okafor", linkedin="https://linkedin.com/in/grace-okafor-example/")
    vault.contact("john-doe", name="John Doe", company="Acme")
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Okafor\r\n"
        "URL:https://www.linkedin.com/in/grace-okafor-example\r\nTITLE:Director\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Doe\r\nORG:Globex\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:John Doe\r\nORG:Acme\r\nTITLE:Sales\r\nEND:VCARD\r\n", "utf-8")
    result = kith("import", "vcard", str(APPS / "iphone_crcrlf_3.0.vcf"), str(cards), "--merge")
    assert result.exit_code == 0, result.stderr
    assert "into contacts/j-public.md (same phone number +44 7700 900123)" in result.stdout
    assert "into contacts/chen.md (same e-mail chenwei@example.net)" in result.stdout
    assert "into contacts/grace.md (same LinkedIn profile" in result.stdout
    # A John Doe at another company is someone else; the one at Acme is the one on file.
    assert re.search(r"created contacts/john-doe-2\.md \(John Doe\): not the John Doe in "
                     r"contacts/john-doe\.md, who works at Acme, not Globex", result.stdout)
    assert "merged John Doe into contacts/john-doe.md (same name): role" in result.stdout
    contacts = load_vault(vault.root).contacts
    assert contacts["john-doe"].role == "Sales" and contacts["john-doe-2"].company == "Globex"
    assert contacts["grace"].role == "Director"


# ---- LinkedIn --------------------------------------------------------------------------------


def test_the_profile_url_is_who_someone_is(vault, kith) -> None:
    result = kith("import", "linkedin", str(LINKEDIN_2026))
    assert result.exit_code == 0, result.stderr
    assert summary(result.stdout) == (4, 0, 0)
    assert re.search(r"created contacts/john-doe-2\.md \(John Doe\): not the John Doe in "
                     r"contacts/john-doe\.md, whose LinkedIn profile is another", result.stdout)
    contacts = load_vault(vault.root).contacts
    assert contacts["john-doe"].company == "Acme" and contacts["john-doe-2"].company == "Globex"
    # Someone on file with the same name and another profile is someone else too.
    again = kith("import", "linkedin", str(LINKEDIN_2026))
    assert summary(again.stdout) == (0, 4, 0)  # found by profile: nobody new


def test_a_newer_export_reports_job_changes_and_merge_records_them(vault, kith) -> None:
    assert kith("import", "linkedin", str(LINKEDIN_2026)).exit_code == 0
    kim_file = vault.root / "contacts" / "kim-osei.md"
    kim_file.write_text(kim_file.read_text("utf-8").replace("name: Kim Osei", "name: Kim Osei  # via Mei"),
                        "utf-8")
    before = snapshot(vault.root)
    changes = kith("import", "linkedin", str(LINKEDIN_2027), "--changes")
    assert changes.exit_code == 0
    assert snapshot(vault.root) == before
    listed = [line.strip() for line in changes.stdout.splitlines() if line.startswith("  ")]
    assert listed == [
        "Kim Osei: company Osei & Partners -> Northwind Health; role Partner -> Head of Procurement  "
        "(contacts/kim-osei.md)",
        "Mei Tanaka: role Founder -> CEO  (contacts/mei-tanaka.md)"]
    plain = kith("import", "linkedin", str(LINKEDIN_2027))
    assert "Kim Osei changed jobs: company Osei & Partners -> Northwind Health" in plain.stdout
    assert snapshot(vault.root) != before and (vault.root / "contacts/liam-kowalski.md").exists()
    merged = kith("import", "linkedin", str(LINKEDIN_2027), "--merge")
    assert merged.exit_code == 0, merged.stderr
    contacts = load_vault(vault.root).contacts
    kim = contacts["kim-osei"]
    assert (kim.company, kim.role, kim.past_companies) == (
        "Northwind Health", "Head of Procurement", ["Osei & Partners"])
    assert "name: Kim Osei  # via Mei\n" in kim_file.read_text("utf-8")  # the rest as written
    assert contacts["mei-tanaka"].role == "CEO"
    assert kith("import", "linkedin", str(LINKEDIN_2027), "--changes").stdout.strip().endswith(
        "Nobody changed jobs.")
