"""Companies, places and warm paths in the core, on the known web of tests/known_web.py: every
answer below was worked out by hand from that file (its docstring has the tie points)."""

from __future__ import annotations

import datetime as dt

import pytest
from kith.core.companies import Directory, company_key, place_key
from kith.core.loader import load_vault
from kith.core.network import Network
from kith.core.paths import WarmPaths
from known_web import write_web

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def web(vault):
    write_web(vault)
    loaded = load_vault(vault.root)
    network = Network(loaded)
    directory = Directory(network, loaded.pages)
    return network, directory, WarmPaths(network, directory, TODAY)


def chains(paths: WarmPaths, targets: list[str]) -> list[tuple[tuple[str, ...], int]]:
    return [(way.people, way.points) for way in paths.ways(targets)]


@pytest.mark.parametrize(("written", "key"), [
    ("Acme Inc", "acme"), ("ACME Inc.", "acme"), ("[[Acme Inc]]", "acme"), ("acme", "acme"),
    ("Acme, Inc.", "acme"), ("Acme Co., Ltd.", "acme"), ("[[Companies/Acme Inc.md|Acme]]", "acme"),
    ("Globex GmbH", "globex"), ("Société Générale S.A.", "societe-generale"),
    ("Marks & Spencer plc", "marks-and-spencer"), ("Smith & Co", "smith"),
    ("St. Mary's Trust", "st-marys-trust"),
    ("Ltd", "ltd"), ("Co-op", "co-op"), ("Index", "index-2"),
])
def test_company_names_match_whatever_the_case_punctuation_and_legal_form(written, key) -> None:
    assert company_key(written) == key


def test_places_match_whatever_the_case() -> None:
    assert {place_key(v) for v in ("Leeds", "LEEDS", "leeds", "[[Leeds]]", " Leeds ")} == {"leeds"}
    assert place_key("Leeds, UK") != place_key("Leeds")


def test_who_is_in_touch_and_how_well(web) -> None:
    _, _, paths = web
    assert {slug: tie.points for slug, tie in paths.ties.items()} == {
        "kim-osei": 10, "ben-adeyemi": 5, "lee-park": 4, "ruth-ellery": 4}


def test_companies_people_and_former(web) -> None:
    _, directory, _ = web
    companies = {c.slug: (c.name, c.people, c.former) for c in directory.sorted_companies()}
    assert companies == {
        "acme": ("Acme Inc", ["ben-adeyemi", "lee-park", "sam-rivers"], []),
        "globex": ("Globex GmbH", ["dana-whitfield", "olga-petrova"], ["lee-park"]),
        "initech": ("Initech", ["tom-tran"], []),
        "osei-procurement": ("Osei Procurement", ["kim-osei"], []),
    }
    assert directory.companies["globex"].note == "Companies/Globex GmbH.md"
    assert directory.company_for("GLOBEX gmbh.") is directory.companies["globex"]
    assert directory.company_for("Hushco") is None  # only a private person works there


def test_places_out_of_touch_first(web) -> None:
    _, directory, _ = web
    assert [(p.name, len(p.people)) for p in directory.sorted_places()] == [("Leeds", 5)]
    # Ruth and Ben are due (Ruth since 2024-02-09, Ben since 2026-08-30); then the longest since
    # last contact: Lee (2026-10-01), Kim (2026-11-10); Dana has never been in touch.
    assert directory.out_of_touch_first(directory.places["leeds"].people, TODAY) == [
        "ruth-ellery", "ben-adeyemi", "lee-park", "kim-osei", "dana-whitfield"]


def test_ways_to_people(web) -> None:
    _, _, paths = web
    # Kim introduced me to Dana: 10 + 4. Ruth met Olga, who works with Dana at Globex: 4 + 1 + 1.
    assert chains(paths, ["dana-whitfield"]) == [
        (("kim-osei", "dana-whitfield"), 14),
        (("ruth-ellery", "olga-petrova", "dana-whitfield"), 6)]
    # Two steps before three, however strong the three.
    assert chains(paths, ["olga-petrova"]) == [
        (("ruth-ellery", "olga-petrova"), 5),
        (("kim-osei", "dana-whitfield", "olga-petrova"), 15)]
    assert chains(paths, ["greg-hall"]) == [(("ruth-ellery", "olga-petrova", "greg-hall"), 6)]
    assert chains(paths, ["sam-rivers"]) == [
        (("ben-adeyemi", "sam-rivers"), 6), (("lee-park", "sam-rivers"), 5)]
    assert chains(paths, ["tom-tran"]) == [(("ben-adeyemi", "tom-tran"), 8)]
    assert chains(paths, ["hana-ito"]) == []  # four steps away
    assert chains(paths, ["quinn-ng"]) == []  # only through a private person
    assert chains(paths, ["kim-osei"]) == [(("kim-osei",), 10)]  # in touch: directly


def test_ways_to_companies_and_expertise(web) -> None:
    network, directory, paths = web
    assert chains(paths, directory.companies["acme"].people) == [
        (("ben-adeyemi",), 5), (("lee-park",), 4)]
    assert chains(paths, directory.companies["globex"].people) == [
        (("kim-osei", "dana-whitfield"), 14), (("ruth-ellery", "olga-petrova"), 5)]
    assert chains(paths, network.expertise["procurement"].contacts) == [
        (("kim-osei",), 10), (("ruth-ellery", "olga-petrova", "dana-whitfield"), 6)]


def test_how_a_way_reads(web) -> None:
    _, directory, paths = web
    described = [paths.describe(way) for way in paths.ways(["dana-whitfield"])]
    assert described == [
        "me → Kim Osei (close, last contact 12 days ago, 3 conversations, introduced me to 1 person) "
        "→ introduced me to Dana Whitfield",
        "me → Ruth Ellery (close, last contact 1047 days ago, 1 conversation) → met Olga Petrova with me "
        "→ works with Dana Whitfield at Globex GmbH"]
    assert paths.describe(paths.ways(["tom-tran"])[0]) == (
        "me → Ben Adeyemi (regular, last contact 174 days ago, 2 conversations) "
        "→ was introduced by me to Tom Tran")


def test_private_people_are_on_no_way_and_in_no_count(web) -> None:
    network, directory, paths = web
    assert "pat-private" not in network.contacts
    everyone = {slug for slug in network.contacts}
    for slug in everyone:
        for way in paths.ways([slug]):
            assert "pat-private" not in way.people
    assert all("pat-private" not in c.people + c.former for c in directory.companies.values())
    assert "espionage" not in network.expertise


def test_keeping_fewer_ways_keeps_the_best(web) -> None:
    network, directory, _ = web
    one = WarmPaths(network, directory, TODAY, keep=1)
    assert [way.people for way in one.ways(["olga-petrova"])] == [("ruth-ellery", "olga-petrova")]
    assert [way.people for way in one.ways(directory.companies["globex"].people)] == [
        ("kim-osei", "dana-whitfield")]


def best_by_enumeration(paths: WarmPaths, directory: Directory, target: str, keep: int) -> list:
    """Every chain of at most three people to `target` tried one by one: the answer the one-pass
    search must give, for a check on networks too big to work out by hand."""
    colleagues = {slug: key for key, company in directory.companies.items() if len(company.people) > 1
                  for slug in company.people}

    def strength(a: str, b: str) -> int | None:
        found = []
        if paths.graph.has_edge(a, b):
            found.append(paths.graph.edges[a, b]["relation"].points)
        if a in colleagues and colleagues.get(b) == colleagues[a]:
            found.append(1)
        return max(found) if found else None

    people = list(paths.network.contacts)
    if paths.in_touch(target):
        return [((target,), paths.ties[target].points)]
    best: dict[str, tuple] = {}
    for first, tie in paths.ties.items():
        candidates = [(first, target)] + [(first, middle, target) for middle in people
                                          if middle not in paths.ties and middle != target]
        for chain in candidates:
            links = [strength(a, b) for a, b in zip(chain, chain[1:], strict=False)]
            if None in links:
                continue
            points = tie.points + sum(links)
            rank = (len(chain), -points, tuple(paths._names[s] for s in chain), chain)
            if first not in best or rank < best[first][0]:
                best[first] = (rank, chain, points)
    ranked = sorted(best.values())[:keep]
    return [(chain, points) for _, chain, points in ranked]


@pytest.mark.parametrize("seed", range(6))
def test_the_one_pass_search_finds_what_trying_every_chain_finds(vault, seed) -> None:
    import random

    rng = random.Random(seed)
    names = [f"Person {index:02d}" for index in range(40)]
    companies = ["Acme", "Globex", "Initech", None]
    for index, name in enumerate(names):
        meta = {"name": name}
        if rng.random() < 0.1:
            meta["circle"] = rng.choice(["close", "regular", "loose"])
        company = rng.choice(companies)
        if company:
            meta["company"] = company
        if index and rng.random() < 0.2:
            meta["introduced_by"] = f"[[{rng.choice(names[:index])}]]"
        vault.contact(f"person-{index:02d}", **meta)
    for number in range(50):
        people = rng.sample(names, rng.choice([1, 2, 2, 3]))
        date = TODAY - dt.timedelta(days=rng.choice([5, 200, 500, 900, 1200, 1500]))
        kind = "introduction" if len(people) > 1 and rng.random() < 0.2 else "meeting"
        vault.note(f"note-{number:02d}", "Talked.\n", date=date.isoformat(), kind=kind,
                   **{"with": [f"[[{p}]]" for p in people]})
    loaded = load_vault(vault.root)
    network = Network(loaded)
    directory = Directory(network, loaded.pages)
    for keep in (1, 2, 5):
        paths = WarmPaths(network, directory, TODAY, keep=keep)
        assert 0 < len(paths.ties) < len(network.contacts)
        for target in network.contacts:
            expected = best_by_enumeration(paths, directory, target, keep)
            assert chains(paths, [target]) == expected, (keep, target)
