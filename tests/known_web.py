"""A small network with a known web of introductions, meetings and companies, for the companies,
places and warm-path tests. Today is 2026-11-22 (kith_vault.TODAY).

Who is in touch (a circle, or a conversation since 2025-11-22), and their tie points worked out
by hand (circle + last contact + conversations + people they introduced me to):

| person     | circle  | last contact (days) | conversations | introduced | points |
| ---------- | ------- | ------------------- | ------------- | ---------- | ------ |
| Kim Osei   | close 3 | 2026-11-10 (12) 3   | 3 → 3         | Dana → 1   | 10     |
| Ben Adeyemi| regular 2 | 2026-06-01 (174) 1 | 2 → 2        | 0          | 5      |
| Lee Park   | - 0     | 2026-10-01 (52) 2   | 2 → 2         | 0          | 4      |
| Ruth Ellery| close 3 | 2024-01-10 (old) 0  | 1 → 1         | 0          | 4      |

Not in touch: Olga Petrova, Greg Hall, Hana Ito (met only long ago), Tom Tran (introduced by me
in 2025), Dana Whitfield, Sam Rivers, Quinn Ng (no conversation). Pat Private is private; so is
the note that would put Quinn in touch.

Relations a way may use: Kim introduced me to Dana (4); I introduced Ben and Tom (3); Ruth met
Olga, Olga met Greg, Greg met Hana (1 each); colleagues (1): Ben, Lee and Sam at Acme, Olga and
Dana at Globex. Pat (private) introduced me to Quinn, and works at Hushco alone.
"""

from __future__ import annotations

from kith_vault import Vault


def write_web(vault: Vault) -> None:
    vault.contact("kim-osei", name="Kim Osei", company="Osei Procurement", circle="close", location="leeds",
                  expertise=["procurement"], role="Founder")
    vault.contact("ben-adeyemi", name="Ben Adeyemi", company="Acme Inc", circle="regular", location="Leeds",
                  role="Data Lead")
    vault.contact("lee-park", name="Lee Park", company="ACME Inc.", location="Leeds", role="Engineer",
                  past_companies=["Globex"])
    vault.contact("sam-rivers", name="Sam Rivers", company="[[Acme Inc]]", role="Head of Sales")
    vault.contact("ruth-ellery", name="Ruth Ellery", circle="close", location="LEEDS")
    vault.contact("olga-petrova", name="Olga Petrova", company="Globex", role="CTO")
    vault.contact("dana-whitfield", name="Dana Whitfield", company="Globex GmbH", location="Leeds",
                  introduced_by="[[Kim Osei]]", expertise=["Procurement"], role="Head of Data")
    vault.contact("greg-hall", name="Greg Hall")
    vault.contact("hana-ito", name="Hana Ito")
    vault.contact("tom-tran", name="Tom Tran", company="Initech")
    vault.contact("quinn-ng", name="Quinn Ng", introduced_by="[[Pat Private]]")
    vault.contact("pat-private", name="Pat Private", company="Hushco", location="Leeds", private=True,
                  introduced_by="[[Kim Osei]]", expertise=["espionage"])

    def note(slug: str, date: str, people: list[str], body: str = "Talked.\n", **meta) -> None:
        vault.note(slug, body, date=date, title=slug.replace("-", " ").capitalize(),
                   **{"with": [f"[[{person}]]" for person in people]}, **meta)

    note("kim-1", "2026-11-10", ["Kim Osei"], kind="coffee")
    note("kim-2", "2026-10-20", ["Kim Osei"], kind="call")
    note("kim-3", "2026-09-15", ["Kim Osei"], kind="call")
    note("ben-1", "2026-06-01", ["Ben Adeyemi"], kind="coffee")
    note("intro-ben-tom", "2025-02-01", ["Ben Adeyemi", "Tom Tran"], kind="introduction")
    note("lee-1", "2026-10-01", ["Lee Park"], kind="coffee")
    note("lee-2", "2026-09-01", ["Lee Park"], kind="call")
    note("ruth-olga", "2024-01-10", ["Ruth Ellery", "Olga Petrova"],
         "Met at Globex.\n- [ ] Send [[Olga Petrova]] the report\n", kind="meeting")
    note("olga-greg", "2023-05-05", ["Olga Petrova", "Greg Hall"], kind="meeting")
    note("greg-hana", "2023-06-06", ["Greg Hall", "Hana Ito"], kind="meeting")
    note("pat-hana", "2023-01-01", ["Pat Private", "Hana Ito"], kind="lunch")
    note("pat-quinn", "2026-11-01", ["Pat Private", "Quinn Ng"], kind="coffee", private=True)
    # Globex's own page, an Obsidian company note outside the contacts and notes folders.
    vault.write("Companies/Globex GmbH.md",
                "---\ntype: company\n---\n# Globex GmbH\nMakers of everything, *since 1989*. "
                "<script>alert('globex')</script>Ask [[Dana Whitfield]] or [[Pat Private]].\n")
    vault.write("Companies/Initech.md", "---\nprivate: true\n---\nInitech's secret plans.\n")
