"""`kith export vcard`: every non-private contact; export then import into an empty vault loses
none of name, company, role, e-mails, phones, links, birthday (with or without a year), tags."""

from __future__ import annotations

from pathlib import Path

import vobject
from kith.core.loader import load_vault
from kith_cli import invoke, run_script


def write_contacts(vault) -> None:
    vault.contact("aisha-rahman", "Runs digital; ask about [[Kim Osei]].\n", name="Aisha Rahman",
                  company="Northwind Health", role="Head of Digital, Strategy",
                  email=["aisha@example.org", "aisha.rahman@northwind.example"],
                  phone=["+44 113 496 0000", "+44 7700 900123"],
                  links={"linkedin": "https://www.linkedin.com/in/aisha-rahman-example",
                         "website": "https://aisha.example.org", "blog": "https://aisha.example.org/blog"},
                  tags=["health/digital", "leadership"], birthday="04-17", location="Leeds", met="2024-03-12")
    vault.contact("kim-osei", name="Kim Osei", company="Osei & Partners; LLP", role="Partner",
                  email="kim@osei.example", birthday="1985-11-02", tags=["procurement"])
    vault.contact("o-brien", name="O'Brien: \"Ace\" #1", company="Acme: Widgets #2", birthday="02-29")
    vault.contact("zoe-zhang", name="Zoë Zhāng", phone="+86 10 5555 0100", linkedin="https://linkedin.com/in/zz")
    vault.contact("pat-private", name="Pat Private", email="pat@secret.example", private=True)


def comparable(contact) -> dict:
    return {
        "company": contact.company, "role": contact.role, "emails": contact.emails,
        "phones": contact.phones, "links": contact.links,
        "birthday": contact.birthday.iso() if contact.birthday else None,
        "tags": contact.tags, "location": contact.location, "met": contact.met,
    }


def test_export_then_import_into_an_empty_vault_loses_nothing(vault, tmp_path: Path) -> None:
    write_contacts(vault)
    out = tmp_path / "network.vcf"
    exported = run_script("export", "vcard", "--out", str(out), cwd=vault.root)
    assert exported.exit_code == 0, exported.stderr
    assert "4 contacts" in exported.stderr

    empty = tmp_path / "empty"
    assert invoke("init", str(empty)).exit_code == 0
    sample = {path.name for path in (empty / "contacts").iterdir()}
    imported = run_script("import", "vcard", str(out), cwd=empty)
    assert imported.exit_code == 0, imported.stderr
    assert "4 created, 0 skipped, 0 merged" in imported.stdout

    original = load_vault(vault.root).contacts
    copy = {c.name: c for c in load_vault(empty).contacts.values()
            if c.source.path.split("/")[-1] not in sample}
    assert set(copy) == {c.name for c in original.values() if not c.private}
    for contact in original.values():
        if contact.private:
            continue
        assert comparable(copy[contact.name]) == comparable(contact), contact.name
        assert copy[contact.name].body.strip() == contact.body.strip()
    assert load_vault(empty).problems == []


def test_export_to_standard_output_is_vcard_without_private_people(vault, kith) -> None:
    write_contacts(vault)
    result = kith("export", "vcard")
    assert result.exit_code == 0, result.stderr
    cards = list(vobject.readComponents(result.stdout))
    assert sorted(card.fn.value for card in cards) == sorted(
        ["Aisha Rahman", "Kim Osei", "O'Brien: \"Ace\" #1", "Zoë Zhāng"])
    assert "secret.example" not in result.stdout and "Pat Private" not in result.stdout


def test_export_never_overwrites(vault, kith, tmp_path: Path) -> None:
    write_contacts(vault)
    out = tmp_path / "network.vcf"
    out.write_text("my old export\n", "utf-8")
    result = kith("export", "vcard", "--out", str(out))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert out.read_text("utf-8") == "my old export\n"


def test_export_help_has_an_example(kith) -> None:
    result = kith("export", "vcard", "--help")
    assert result.exit_code == 0 and "kith export vcard --out" in result.stdout
