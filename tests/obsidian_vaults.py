"""The Obsidian-style vaults of tests/fixtures/vaults/ and what a reader must find in each: shared by
tests/test_obsidian_vaults.py (builds) and tests/cli/test_cli_obsidian_vaults.py (the command).

A module of its own (not conftest.py): test files import it by a name no other folder uses.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "vaults"


@dataclass(frozen=True)
class Expected:
    """What a reader must find in a vault's site."""

    people: dict[str, tuple[str, str | None, str | None]]  # slug -> (name, role, company)
    meetings: dict[str, list[str]]  # note slug -> the slugs of its people
    # Open dated follow-ups: (what it says, due date); every one must be listed.
    follow_ups: set[tuple[str, str]]
    # Open follow-ups that are not: cancelled or done.
    not_listed: set[str] = field(default_factory=set)
    # `kith check` lines, as (path:line, words the message has); empty: a sound vault.
    problems: list[tuple[str, str]] = field(default_factory=list)


VAULTS = {
    # Steph Ango's (kepano) vault template: People/ titled by file name, `categories`, `org` lists of
    # links, embeds of Bases, Meetings/ with `people:` and `topics:`, Daily/ notes without front matter.
    "kepano": Expected(
        people={"mira-castell": ("Mira Castell", "Head of Research", "Harbour Labs"),
                "jose-nunez": ("José Núñez", "Principal Engineer", "Northwind Ltd"),
                "tomas-berg": ("Tomas Berg", "Data Lead", "Fjord Analytics"),
                "ana-lima": ("Ana Lima", None, None)},
        meetings={"2026-04-14-call-with-tomas-berg": ["tomas-berg"],
                  "2026-09-03-lunch": ["mira-castell", "jose-nunez"]},
        follow_ups={("Send Tomas the Out of Control notes", "2026-05-01"),
                    ("Draft the joint proposal", "2026-11-30"),
                    ("Introduce Mira to Tomas Berg", "2026-12-02"),
                    ("Follow up with José Núñez about the talk", "2026-11-25")},
        not_listed={"Book the Oslo trip", "Share the reading list"},
    ),
    # A CRM plugin's folders: Contacts/ and Clients/ with `company: "[[...]]"`, `title`,
    # `last_contacted`, `next_follow_up` (overdue), Interactions/ with `contacts:`, `attendees:`,
    # `with:` and `participants:` together; one contact file with a YAML typo on line 8.
    "crm": Expected(
        people={"mira-castell": ("Mira Castell", "Head of Partnerships", "Northwind Ltd"),
                "ada-lovell": ("Ada Lovell", "COO", "Harbour Labs"),
                "tomas-berg": ("Tomas Berg", "Data Lead", "Harbour Labs")},
        meetings={"2026-10-02-call-with-mira": ["mira-castell"],
                  "2026-11-01-quarterly-review": ["ada-lovell", "tomas-berg"],
                  "2026-11-18-lunch": ["tomas-berg", "ada-lovell"]},
        follow_ups={("Follow up with Mira Castell", "2026-08-03"),
                    ("Send Mira Castell the signed renewal", "2026-10-09"),
                    ("Draft the Q1 plan with Ada Lovell", "2026-11-20"),
                    ("Follow up with Ada Lovell", "2026-12-01")},
        problems=[("Contacts/Kim Osei.md:8", "front matter is not valid YAML"),
                  ("Interactions/2026-11-01 Quarterly review.md:4",
                   "[[Kim Osei]] is the contact in Contacts/Kim Osei.md, whose file could not be read "
                   "(line 8: front matter is not valid YAML")],
    ),
    # Dataview's inline fields instead of front matter, notes dated only by their file names, every
    # Obsidian Tasks status and date sign, folders given as lists.
    "dataview": Expected(
        people={"tomas-berg": ("Tomas Berg", "Data Lead", "Fjord Analytics"),
                "ines-duarte": ("Ines Duarte", "Product Manager", "Harbour Labs"),
                "ada-lovell": ("Ada Lovell", "COO", "Northwind Ltd")},
        meetings={"2024-05-21": ["tomas-berg", "ines-duarte"],
                  "2024-05-21-1415": ["ada-lovell", "tomas-berg"]},
        follow_ups={("Send the guild charter", "2024-06-01"),
                    ("Follow up with Ines Duarte", "2026-10-15"),
                    ("Confirm budget with Ada Lovell", "2026-11-10"),
                    ("Revise the pricing sheet", "2026-11-28"),
                    ("Monthly report", "2026-11-30"),
                    ("Introduce Ada Lovell to Tomas Berg", "2026-12-03"),
                    ("Ship the dashboard", "2026-12-05"),
                    ("Quarterly numbers", "2026-12-15"),
                    ("Ines to send the job description", "2026-11-26")},
        not_listed={"Old discount plan", "Book the room"},
    ),
    # The VCF Contacts plugin's vCard fields (FN, EMAIL[1], TEL[1:CELL], ORG, TITLE) and the
    # Contacts plugin's `name: {first, last}`.
    "contacts_plugins": Expected(
        people={"john-doe": ("John Doe", "Software Engineer", "Acme Corporation"),
                "carl-johnson": ("Carl Johnson", "Partner", "Grove Street Partners")},
        meetings={"2026-09-01-call-with-carl": ["carl-johnson", "john-doe"]},
        follow_ups={("Send Carl the intro deck", "2026-11-30")},
    ),
}
SOUND = [name for name, expected in VAULTS.items() if not expected.problems]


def copied(name: str, tmp_path: Path) -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    return root
