"""`kith check` lists contacts who may be one person: a shared e-mail address, phone number or
LinkedIn profile, or the same or a near-identical name; suggestions that never fail the check."""

from __future__ import annotations

import re

from kith.core.duplicates import find_duplicates, linkedin_key, phone_key
from kith.core.loader import load_vault


def pairs(stdout: str) -> set[tuple[str, str]]:
    found = set()
    for line in stdout.splitlines():
        match = re.match(r"contacts/(\S+)\.md: duplicate: may be the same person as contacts/(\S+)\.md", line)
        if match:
            found.add((match.group(2), match.group(1)))
    return found


def test_shared_addresses_numbers_profiles_and_names(vault, kith) -> None:
    vault.contact("a-one", name="Aisha Rahman", email="aisha@northwind.example")
    vault.contact("a-two", name="A. R.", email=["other@example.org", "AISHA@Northwind.example"])
    vault.contact("c-one", name="Chen Wei", phone="+44 20 7946 0000")
    vault.contact("c-two", name="W. Chen", phone="0044 (20) 7946-0000")
    vault.contact("g-one", name="Grace Okafor", links={"linkedin": "https://www.linkedin.com/in/Grace-Okafor/"})
    vault.contact("g-two", name="G. O.", linkedin="linkedin.com/in/grace-okafor?trk=public_profile")
    vault.contact("j-one", name="John Smith", company="Acme")
    vault.contact("j-two", name="Jon Smith", company="Acme")
    vault.contact("k-one", name="Kim Osei")
    vault.contact("k-two", name="Dr. Kim Osei")
    vault.contact("m-one", name="Mei Tanaka")
    vault.contact("m-two", name="Mei K. Tanaka")
    # Two people who share a name but work at different companies are two people.
    vault.contact("l-one", name="Lee Park", company="Acme")
    vault.contact("l-two", name="Lee Parks", company="Globex")
    # Other middle initials are other people; so is a number too short to be a whole one.
    vault.contact("n-one", name="Nia A. King", phone="+1 555 0175")
    vault.contact("n-two", name="Nia E. King", phone="+1 555 0175")
    # Nothing in common.
    vault.contact("x-one", name="Ann Lee", phone="020 7946 0999", email="ann@example.org")
    vault.contact("x-two", name="Dan Brown", phone="+1 212 555 0100")
    result = kith("check")
    assert result.exit_code == 0, result.stdout + result.stderr  # suggestions, not problems
    assert pairs(result.stdout) == {("a-one", "a-two"), ("c-one", "c-two"), ("g-one", "g-two"),
                                    ("j-one", "j-two"), ("k-one", "k-two"), ("m-one", "m-two")}
    assert "same e-mail aisha@northwind.example" in result.stdout
    assert "same phone number +442079460000" in result.stdout
    assert "same LinkedIn profile linkedin.com/in/grace-okafor" in result.stdout
    assert "near-identical names (John Smith, Jon Smith)" in result.stdout
    assert "same name" in result.stdout  # Kim Osei and Dr. Kim Osei
    assert "kith merge j-one j-two" in result.stdout
    assert "6 possible duplicates" in result.stdout
    assert pairs(kith("check", "--no-duplicates").stdout) == set()


def test_numbers_without_a_country_code_compare_only_with_a_region(vault, kith) -> None:
    vault.contact("p-one", name="Priya Natarajan", phone="020 7946 0001")
    vault.contact("p-two", name="Ben Ade", phone="+44 20 7946 0001")
    assert pairs(kith("check").stdout) == set()
    assert pairs(kith("check", "--region", "GB").stdout) == {("p-one", "p-two")}
    assert pairs(kith("check", "--region", "US").stdout) == set()
    bad = kith("check", "--region", "XX")
    assert bad.exit_code == 1 and "not a country code" in bad.stderr


def test_keys_as_two_spellings_of_one_share_them() -> None:
    assert phone_key("+44 (0)20 7946 0000", None) == phone_key("+44 20 7946 0000", None) == "+442079460000"
    assert phone_key("tel:+1-212-555-0100;ext=12", None) == "+12125550100"
    assert phone_key("07700 900123", None) is None and phone_key("07700 900123", "GB") == "+447700900123"
    assert phone_key("not a number", "GB") is None
    assert linkedin_key("https://uk.linkedin.com/in/J%C3%BCrgen-M/") == "linkedin.com/in/jürgen-m"
    assert linkedin_key("https://www.linkedin.com/company/acme") is None
    assert linkedin_key("https://example.org/in/someone") is None


def test_among_thousands_only_the_near_identical_pair_is_found(vault) -> None:
    # Many names share a first name, or a family name's first letter: they are compared within
    # those blocks, where none is near-identical to another but the one pair planted.
    firsts = ["Aisha", "Ben", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ivan", "Jun", "Kofi",
              "Lena", "Marta", "Nikhil", "Olu", "Pilar", "Quentin", "Rosa", "Sven", "Tariq"]
    pieces = ["bd", "fg", "hj", "kl", "mn", "pq", "rs", "tv", "wx", "yz"]  # no letter shared
    lasts = [f"{a.title()}a{b}son" for a in pieces for b in pieces]
    for number, (first, last) in enumerate((f, la) for f in firsts for la in lasts):
        vault.contact(f"p{number}", name=f"{first} {last}", email=f"p{number}@example.org")
    vault.contact("planted", name="Aisha Bdafgsen", email="planted@example.org")
    contacts = load_vault(vault.root).contacts.values()
    assert len(contacts) == 2001
    assert [(d.first.name, d.second.name) for d in find_duplicates(contacts)] == [
        ("Aisha Bdafgson", "Aisha Bdafgsen")]
