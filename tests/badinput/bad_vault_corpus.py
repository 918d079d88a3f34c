"""A corpus of bad input: vault files people really produce, each with the problem kith must report.

Every case is a few files dropped into a small good vault (`BASELINE`): the tests check that the
loader reports exactly the expected problems (file, line, what is wrong, what to write instead),
that a plain `mkdocs build` still publishes the good part, and that `--strict` and `kith check` fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from html_sections import content, parse

# The good part of every bad vault: two people and a conversation with a dated promise.
BASELINE: dict[str, str] = {
    "contacts/aisha-rahman.md": (
        "---\nname: Aisha Rahman\ncompany: Northwind Health\ntags: [digital-health]\ncircle: close\n---\n"
        "Runs digital at Northwind.\n"
    ),
    "contacts/kim-osei.md": "---\nname: Kim Osei\naliases: [Kim]\nrole: Procurement lead\n---\n",
    "notes/2026-11-20-coffee-with-aisha.md": (
        "---\ndate: 2026-11-20\ntitle: Coffee after the book launch\n"
        'with: ["[[Aisha Rahman]]", kim-osei]\ntags: [partnerships]\n---\n'
        "Talked about [[Kim Osei]]'s review.\n- [ ] Send Aisha the review report 📅 2026-11-27\n"
    ),
}


@dataclass(frozen=True)
class Expect:
    """One problem: where, and words its message must contain (what is wrong, what to write)."""

    path: str
    line: int | None
    words: tuple[str, ...]
    error: bool = False  # the file, or the field, could not be used at all


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str | bytes]
    problems: tuple[Expect, ...]
    published: dict[str, str] = field(default_factory=dict)  # URL -> text its content must show
    unpublished: tuple[str, ...] = ()  # URLs that must not exist


def _doc(*lines: str, body: str = "") -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n" + body


CASES: list[Case] = [
    Case(
        "yaml-colon-in-value",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "company: Acme: the company", "role: CTO")},
        (Expect("contacts/ben-ade.md", 3, ("not valid YAML", "in quotes"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "yaml-unclosed-quote",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", 'role: "Head of Sales', "location: Leeds")},
        (Expect("contacts/ben-ade.md", 3, ("quote", "never closed", "closing quote"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "yaml-tabs",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "tags:", "\t- sales")},
        (Expect("contacts/ben-ade.md", 4, ("not valid YAML", "tabs", "spaces"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "yaml-control-character",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "role: CTO\x07")},
        (Expect("contacts/ben-ade.md", 3, ("control character", "delete it"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "yaml-nested-too-deep",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "tags: " + "[" * 30000 + "]" * 30000)},
        (Expect("contacts/ben-ade.md", 3, ("nests lists", "tags: [a, b]"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "yaml-huge-number",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "phone: " + "9" * 5000)},
        (Expect("contacts/ben-ade.md", 3, ("could not be read", "5000 digits", "in quotes"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "name-is-a-list",
        {"contacts/ben-ade.md": _doc("name: [Ben, Ade]", "company: Acme")},
        # The file name names the person meanwhile (ben-ade.md: Ben Ade).
        (Expect("contacts/ben-ade.md", 2, ("'name'", "not a list", "name: Aisha Rahman")),),
        published={"contacts/ben-ade/": "Acme"},
    ),
    Case(
        "name-is-a-number",
        {"contacts/ben-ade.md": _doc("name: 42", "company: Acme")},
        (Expect("contacts/ben-ade.md", 2, ("'name: 42'", "number", "name: Aisha Rahman")),),
        published={"contacts/ben-ade/": "Acme"},
    ),
    Case(
        "tags-is-a-mapping",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "tags: {sales: 1, leeds: 2}")},
        (Expect("contacts/ben-ade.md", 3, ("'tags'", "not a mapping", "tags: [")),),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "participants-is-a-mapping",
        {"notes/2026-11-21-call.md": _doc("date: 2026-11-21", "title: Call about budgets",
                                          "with: {Aisha Rahman: yes}")},
        (Expect("notes/2026-11-21-call.md", 4, ("'with'", "not a mapping", 'with: ["[[Aisha Rahman]]"')),),
        published={"notes/2026-11-21-call/": "Call about budgets"},
    ),
    Case(
        "note-date-in-words",
        {"notes/call.md": _doc("date: next tuesday", "with: [Aisha Rahman]")},
        (Expect("notes/call.md", 2, ("'next tuesday' is not a date", "YYYY-MM-DD", "left out"), error=True),),
        unpublished=("notes/call/",),
    ),
    Case(
        "note-date-impossible",
        {"notes/call.md": _doc("date: 2026-02-30", "with: [Aisha Rahman]")},
        (Expect("notes/call.md", 2, ("'2026-02-30' is not a real date", "YYYY-MM-DD"), error=True),),
        unpublished=("notes/call/",),
    ),
    Case(
        "note-date-month-day-nonsense",
        {"notes/call.md": _doc("date: 13-45", "with: [Aisha Rahman]")},
        (Expect("notes/call.md", 2, ("'13-45' is not a date", "YYYY-MM-DD"), error=True),),
        unpublished=("notes/call/",),
    ),
    Case(
        "note-date-typo-year",
        {"notes/call.md": _doc("date: 0226-11-20", "with: [Aisha Rahman]")},
        (Expect("notes/call.md", 2, ("year 226", "between 1900 and 2999"), error=True),),
        unpublished=("notes/call/",),
    ),
    Case(
        "task-due-dates",
        {"notes/2026-11-21-call.md": _doc(
            "date: 2026-11-21", "title: Budget call", "with: [Aisha Rahman]",
            body="We spoke.\n- [ ] Send the budget 📅 2026-02-30\n- [ ] Book the room due:13-45\n")},
        (Expect("notes/2026-11-21-call.md", 7,
                ("task due date", "'2026-02-30' is not a real date", "YYYY-MM-DD")),
         Expect("notes/2026-11-21-call.md", 8, ("task due date", "'13-45' is not a date", "YYYY-MM-DD"))),
        # The promises are kept, without a date: nothing the user wrote disappears.
        published={"follow-ups/": "Send the budget", "notes/2026-11-21-call/": "Book the room"},
    ),
    Case(
        "contact-dates",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "met: next tuesday", "birthday: 13-45")},
        (Expect("contacts/ben-ade.md", 3, ("'met'", "'next tuesday' is not a date", "YYYY-MM-DD")),
         Expect("contacts/ben-ade.md", 4, ("birthday '13-45' is not a real day", "MM-DD"))),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "contact-birthday-impossible",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "birthday: 2026-02-30", "met: 2026-02-30")},
        (Expect("contacts/ben-ade.md", 3, ("birthday", "'2026-02-30' is not a real date", "MM-DD")),
         Expect("contacts/ben-ade.md", 4, ("'met'", "not a real date", "YYYY-MM-DD"))),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "note-follow-up-date",
        {"notes/2026-11-21-call.md": _doc("date: 2026-11-21", "title: Budget call", "with: [Aisha Rahman]",
                                          "follow_up: 2026-02-30")},
        (Expect("notes/2026-11-21-call.md", 5, ("'follow_up'", "not a real date", "YYYY-MM-DD")),),
        published={"notes/2026-11-21-call/": "Budget call"},
    ),
    Case(
        "circle-unknown",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "circle: besties")},
        (Expect("contacts/ben-ade.md", 3, ("circle 'besties'", "close, regular, loose")),),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "cadence-unreadable",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "circle: close", "cadence: now and then")},
        (Expect("contacts/ben-ade.md", 4, ("cadence 'now and then'", "45d, 6w or 3m")),),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "cadence-absurd",  # once crashed the build: a date plus 99999999999 days overflows
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "circle: close", "met: 2026-01-01",
                                     "cadence: 99999999")},
        (Expect("contacts/ben-ade.md", 5, ("longer than 10 years", "1y")),),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "cadence-without-circle",  # no circle means not tracked: the cadence alone would do nothing
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "met: 2026-01-01", "cadence: 6w")},
        (Expect("contacts/ben-ade.md", 4, ("cadence '6w'", "ignored without a circle", "circle: close",
                                           "remove the cadence")),),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "blank-file",
        {"notes/blank.md": "\n  \n\t\n"},
        (Expect("notes/blank.md", 1, ("no date", "date: YYYY-MM-DD"), error=True),),
        unpublished=("notes/blank/",),
    ),
    Case(
        "no-front-matter",
        {"notes/ideas.md": "# Ideas\n\nCall [[Aisha Rahman]] about the review.\n"},
        # No front matter is fine (the file name titles it), but a note needs a date.
        (Expect("notes/ideas.md", 1, ("no date", "start the file name with the date"), error=True),),
        unpublished=("notes/ideas/",),
    ),
    Case(
        "front-matter-not-on-first-line",
        {"contacts/ben-ade.md": "\n---\nname: Ben Ade\n---\n"},
        (Expect("contacts/ben-ade.md", 1, ("first line must be '---'", "remove the blank lines"),
                error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "front-matter-unclosed",
        {"contacts/ben-ade.md": "---\nname: Ben Ade\ncompany: Acme\n\nBen runs sales.\n"},
        (Expect("contacts/ben-ade.md", 1, ("not closed", "'---' line after the last field"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "front-matter-is-a-list",
        {"contacts/ben-ade.md": "---\n- Ben Ade\n- Acme\n---\n"},
        (Expect("contacts/ben-ade.md", 2, ("'field: value' lines", "a list", "name: Aisha Rahman"),
                error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "front-matter-is-a-scalar",
        {"contacts/ben-ade.md": "---\nBen Ade from Acme\n---\n"},
        (Expect("contacts/ben-ade.md", 2,
                ("'field: value' lines", "'Ben Ade from Acme'", "name: Aisha Rahman"), error=True),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "field-twice",
        {"contacts/ben-ade.md": _doc("name: Ben Adey", "company: Acme", "name: Ben Ade")},
        (Expect("contacts/ben-ade.md", 4, ("'name' is given more than once", "lines 2, 4", "remove")),),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
    Case(
        "byte-order-mark",  # Windows editors write one; it is not a problem at all
        {"contacts/ben-ade.md": "\ufeff" + _doc("name: Ben Ade", "company: Acme")},
        (),
        published={"contacts/ben-ade/": "Acme"},
    ),
    Case(
        "not-utf8",
        {"contacts/jose-garcia.md": _doc("name: José García", "company: Café Olé",
                                         body="Met at the café.\n").encode("latin-1")},
        (Expect("contacts/jose-garcia.md", 2, ("not UTF-8", "save the file as UTF-8")),),
        published={"contacts/jose-garcia/": "José García"},
    ),
    Case(
        "utf16",
        {"contacts/jose-garcia.md": _doc("name: José García", "company: Café Olé").encode("utf-16")},
        (Expect("contacts/jose-garcia.md", 1, ("UTF-16", "save it as UTF-8")),),
        published={"contacts/jose-garcia/": "Café Olé"},
    ),
    Case(
        "duplicate-names",
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "company: Acme"),
         "contacts/ben-ade-globex.md": _doc("name: Ben Ade", "company: Globex")},
        (Expect("contacts/ben-ade.md", 2, ("name 'Ben Ade' is already used by contacts/ben-ade-globex.md",
                                           "distinct name")),),
        published={"contacts/ben-ade/": "Acme", "contacts/ben-ade-globex/": "Globex"},
    ),
    Case(
        "duplicate-alias",
        {"contacts/kim-lee.md": _doc("name: Kim Lee", "aliases: [Kim]")},
        (Expect("contacts/kim-osei.md", 3, ("alias 'Kim' is already used by contacts/kim-lee.md",
                                            "distinct alias")),),
        published={"contacts/kim-lee/": "Kim Lee"},
    ),
    Case(
        "duplicate-slugs",
        {"contacts/Ben-Ade.md": _doc("name: Ben Ade"), "contacts/ben_ade.md": _doc("name: Benjamin Ade")},
        (Expect("contacts/ben_ade.md", 1, ("same address 'ben-ade' as contacts/Ben-Ade.md", "rename")),),
        published={"contacts/ben-ade/": "Ben Ade", "contacts/ben-ade-2/": "Benjamin Ade"},
    ),
    Case(
        "reserved-file-name",  # `contacts/index` is the list of everyone
        {"contacts/index.md": _doc("name: Ben Ade", "company: Acme")},
        (Expect("contacts/index.md", 1, ("'index' is reserved", "rename the file")),),
        published={"contacts/index-2/": "Acme", "contacts/": "Aisha Rahman"},
    ),
    Case(
        "links-to-nobody",
        {"notes/2026-11-21-call.md": _doc(
            "date: 2026-11-21", "title: Budget call", 'with: ["[[Aisha Rahman]]", "[[Ghost Person]]"]',
            body="Aisha mentioned [[Nobody Real]] and [[Aisha Rahmann]].\n")},
        # A person is meant in `with:`, and one edit from a name; a page not written yet is normal.
        (Expect("notes/2026-11-21-call.md", 4, ("'Ghost Person' is not a known contact", "kith add")),
         Expect("notes/2026-11-21-call.md", 6,
                ("[[Aisha Rahmann]] links to nobody", "did you mean 'aisha rahman'"))),
        published={"notes/2026-11-21-call/": "Nobody Real", "contacts/aisha-rahman/": "Budget call"},
    ),
    Case(
        "note-without-date",
        {"notes/catch-up.md": _doc("with: [Aisha Rahman]", "title: Catch-up")},
        (Expect("notes/catch-up.md", 2, ("no date", "date: YYYY-MM-DD"), error=True),),
        unpublished=("notes/catch-up/",),
    ),
    Case(
        "private-unclear",  # an unclear answer must never publish someone
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "private: maybe")},
        (Expect("contacts/ben-ade.md", 3, ("'private: maybe' is not true or false", "private: true")),),
        unpublished=("contacts/ben-ade/",),
    ),
    Case(
        "long-values",  # a sentence as a tag or event once made a folder name too long for the disk
        {"contacts/ben-ade.md": _doc("name: Ben Ade", "tags: [" + "very " * 80 + "long]",
                                     "met_at: " + "the conference after the workshop " * 12)},
        (),
        published={"contacts/ben-ade/": "Ben Ade"},
    ),
]
CASES_BY_NAME = {case.name: case for case in CASES}


def page_text(site, url: str) -> str:
    """The text a reader sees in a page's content."""
    return content(site.page(url)).text()


def check_rest_is_right(site) -> None:
    """The good part of the vault is published, complete, with its links."""
    aisha = content(site.page("contacts/aisha-rahman/"))
    assert aisha.find("h1").text() == "Aisha Rahman"
    assert "Northwind Health" in aisha.text()
    timeline = [a.attrs["href"] for a in aisha.find_all("a", "kith-note-link")]
    assert "../../notes/2026-11-20-coffee-with-aisha/" in timeline
    note = content(site.page("notes/2026-11-20-coffee-with-aisha/"))
    assert note.find("h1").text() == "Coffee after the book launch"
    people = {a.text(): a.attrs["href"] for a in note.find_all("a", "kith-person")}
    assert people["Aisha Rahman"] == "../../contacts/aisha-rahman/"
    assert people["Kim Osei"] == "../../contacts/kim-osei/"
    names = {a.text() for a in parse(site.page("contacts/")).find_all("a", "kith-person")}
    assert {"Aisha Rahman", "Kim Osei"} <= names
    assert "Send Aisha the review report" in page_text(site, "follow-ups/")
    assert site.exists("topics/digital-health/")
