"""`kith path TARGET` on the known web of tests/known_web.py: the ways were worked out by hand there."""

from __future__ import annotations

import json

import pytest
from known_web import write_web

DANA = [
    "Ways in to Dana Whitfield (not in touch):",
    "  1. me → Kim Osei (close, last contact 12 days ago, 3 conversations, introduced me to 1 person) "
    "→ introduced me to Dana Whitfield",
    "  2. me → Ruth Ellery (close, last contact 1047 days ago, 1 conversation) → met Olga Petrova with me "
    "→ works with Dana Whitfield at Globex GmbH",
]


@pytest.fixture
def web(vault):
    write_web(vault)
    return vault


@pytest.mark.parametrize("target", ["Dana Whitfield", "dana whitfield", "dana-whitfield",
                                    "[[Dana Whitfield]]"])
def test_a_person(web, kith, target) -> None:
    run = kith("path", target)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == DANA


def test_someone_in_touch_is_reached_directly(web, kith) -> None:
    run = kith("path", "Lee Park")
    assert run.stdout.splitlines() == [
        "Ways in to Lee Park (you are in touch):",
        "  1. me → Lee Park (last contact 52 days ago, 2 conversations)"]


def test_nobody_within_three_steps(web, kith) -> None:
    run = kith("path", "Hana Ito")
    assert run.exit_code == 0
    assert run.stdout.splitlines() == [
        "Ways in to Hana Ito (not in touch):",
        "  No way in within 3 steps through the people you are in touch with."]


@pytest.mark.parametrize("target", ["Globex", "GLOBEX gmbh.", "[[Globex GmbH]]"])
def test_a_company_in_any_spelling(web, kith, target) -> None:
    run = kith("path", target)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == [
        "Ways in to Globex GmbH (2 people you know there):",
        "  1. me → Kim Osei (close, last contact 12 days ago, 3 conversations, introduced me to 1 person) "
        "→ introduced me to Dana Whitfield  (Head of Data)",
        "  2. me → Ruth Ellery (close, last contact 1047 days ago, 1 conversation) "
        "→ met Olga Petrova with me  (CTO)",
    ]


def test_an_expertise(web, kith) -> None:
    run = kith("path", "procurement")
    assert run.stdout.splitlines() == [
        "Ways in to Procurement (2 people you know who can help):",
        "  1. me → Kim Osei (close, last contact 12 days ago, 3 conversations, introduced me to 1 person)  "
        "(Founder)",
        "  2. me → Ruth Ellery (close, last contact 1047 days ago, 1 conversation) "
        "→ met Olga Petrova with me "
        "→ works with Dana Whitfield at Globex GmbH  (Head of Data)",
    ]


def test_limit_and_json(web, kith) -> None:
    run = kith("path", "Dana Whitfield", "--limit", "1")
    assert run.stdout.splitlines() == [*DANA[:2], "  There are more: show them with --limit 2."]
    assert kith("path", "Dana Whitfield", "--limit", "2").stdout.splitlines() == DANA
    data = json.loads(kith("path", "Olga Petrova", "--json").stdout)
    assert data["target"] == {"kind": "person", "key": "olga-petrova", "name": "Olga Petrova",
                              "people": [{"slug": "olga-petrova", "name": "Olga Petrova"}]}
    assert [([p["slug"] for p in way["people"]], way["steps"], way["points"]) for way in data["ways"]] == [
        (["ruth-ellery", "olga-petrova"], 2, 5),
        (["kim-osei", "dana-whitfield", "olga-petrova"], 3, 15)]
    assert [link["kind"] for link in data["ways"][1]["links"]] == ["introduced me to", "colleagues"]
    assert data["ways"][1]["links"][1]["text"] == "works with Olga Petrova at Globex GmbH"


def test_unknown_target_says_what_comes_close(web, kith) -> None:
    run = kith("path", "Dana Whitfeld")
    assert run.exit_code == 1 and run.stdout == ""
    assert "no person, company or expertise called 'Dana Whitfeld'. Did you mean:" in run.stderr
    assert "  Dana Whitfield (a person)" in run.stderr.splitlines()
    run = kith("path", "Globx")
    assert run.exit_code == 1 and "  Globex GmbH (a company)" in run.stderr.splitlines()
    run = kith("path", "procurment", "--expertise")
    assert run.exit_code == 1
    assert run.stderr.splitlines()[-2:] == ["kith: no expertise called 'procurment'. Did you mean:",
                                            "  Procurement (an expertise)"]
    run = kith("path", "Zebedee Quartz")
    assert run.exit_code == 1 and "no person, company or expertise called 'Zebedee Quartz'" in run.stderr


def test_an_ambiguous_target_says_how_to_choose(web, kith) -> None:
    web.contact("initech-bob", name="Bob Smith", aliases=["Initech"])
    run = kith("path", "Initech")
    assert run.exit_code == 2  # as every command says an ambiguous name
    assert "'Initech' is ambiguous; it could be:" in run.stderr
    assert "  the person 'Bob Smith' (initech-bob, contacts/initech-bob.md)" in run.stderr.splitlines()
    assert "  the company 'Initech' (1 person)" in run.stderr.splitlines()
    assert "--person, --company or --expertise" in run.stderr
    run = kith("path", "Initech", "--company")
    assert run.exit_code == 0
    assert run.stdout.splitlines()[0] == "Ways in to Initech (1 person you know there):"
    assert run.stdout.splitlines()[1].endswith("→ was introduced by me to Tom Tran")
    # Two people of one name: the slug says which.
    web.contact("olga-petrova-2", name="Olga Petrova", company="Elsewhere")
    run = kith("path", "Olga Petrova")
    assert run.exit_code == 2 and "Use the slug (the file name) to say which person." in run.stderr
    assert kith("path", "olga-petrova-2").exit_code == 0
    # Names as typed: a last name of one's own, without its accents or case.
    web.contact("zoe-nunez", name="Zoë Núñez")
    assert kith("path", "NUNEZ").stdout.startswith("Ways in to Zoë Núñez")


def test_a_private_person_is_never_looked_for(web, kith) -> None:
    run = kith("path", "Pat Private")
    assert run.exit_code == 1
    assert "Pat Private is private: private people are never on a way in" in run.stderr
    for target in ("Quinn Ng", "Hana Ito", "Acme", "Dana Whitfield", "procurement"):
        assert "Pat" not in kith("path", target, "--limit", "20").stdout
