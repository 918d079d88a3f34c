"""The follow-up page of a generated network of 260 people (bench/generate.py, with snoozed and
paused people and put-off tasks), built on 2026-11-22 and opened in Chromium on that day and weeks
later: the plan and every section, in order, as kith's core computes them for the reader's day;
long sections folded; on a phone and a desk, light and dark; nothing asked of another host.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from kith.core.followups import FollowUps, compute_followups, why
from kith.core.loader import load_vault
from kith.core.network import Network
from kith.site.followups import FOLD, grouped
from kith_browser import axe_violations, free_port, served
from kith_browsing import REPO

pytestmark = pytest.mark.browser

BUILT = dt.date(2026, 11, 22)
DAYS = [BUILT, dt.date(2026, 11, 29), dt.date(2026, 12, 20), dt.date(2027, 1, 31)]
TASK_SECTIONS = ("overdue", "due-soon", "waiting", "undated")

READ_PAGE = """() => {
  const out = {count: {}};
  for (const name of ["overdue", "due-soon", "waiting", "undated"]) {
    const groups = document.querySelectorAll(`[data-kith-section="${name}"] li.kith-group`);
    out[name] = Array.from(groups).map(g => [g.dataset.kithPerson,
      Array.from(g.querySelectorAll("li.kith-task")).map(t => t.dataset.kithId)]);
  }
  const people = (name, cls) => Array.from(document.querySelectorAll(
      `[data-kith-section="${name}"] li.${cls}`)).map(li => li.dataset.kithPerson);
  out["out-of-touch"] = people("out-of-touch", "kith-keep-in-touch");
  out.birthdays = people("birthdays", "kith-birthday");
  const cards = document.querySelectorAll('[data-kith-section="this-week"] li.kith-card');
  out["this-week"] = Array.from(cards).map(c => [c.dataset.kithPerson,
    c.querySelector(".kith-card__why").textContent,
    Array.from(c.querySelectorAll("li.kith-task")).map(t => t.dataset.kithId)]);
  for (const h of document.querySelectorAll("h2 .kith-count")) out.count[h.parentElement.id] = h.textContent;
  return out;
}"""


@dataclass
class Generated:
    root: Path
    site: Path
    port: int  # where it is served: its `site_url`, so that instant navigation is really on


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """The generated network (260 people, 1,040 notes) and its site, built on 2026-11-22."""
    root = tmp_path_factory.mktemp("generated") / "vault"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(root), "--contacts", "260"],
                   check=True, capture_output=True, timeout=300)
    # The example network's theme: a dark scheme to match the reader's, and instant loading, which
    # Material turns on only for a site served where its `site_url` says.
    port = free_port()
    example = (REPO / "mkdocs.yml").read_text("utf-8").replace("  custom_dir: site_src/overrides\n", "")
    (root / "mkdocs.yml").write_text(f"site_url: http://127.0.0.1:{port}/\n{example}", "utf-8")
    site = root / "site"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": BUILT.isoformat()}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=root,
                           capture_output=True, text=True, env=environment, timeout=900)
    assert build.returncode == 0, build.stderr
    return Generated(root, site, port)


@pytest.fixture(scope="module")
def network(generated: Generated) -> Network:
    return Network(load_vault(generated.root))  # the public network, as the site has it


def expected(fu: FollowUps) -> dict[str, Any]:
    """The page on a day, by kith's core: what the script must show."""
    page: dict[str, Any] = {name: [[g.slug, [i.task.id for i in g.items]] for g in grouped(items)]
                            for name, items in zip(TASK_SECTIONS, (fu.overdue, fu.due_soon, fu.waiting,
                                                                   fu.undated), strict=True)}
    page["out-of-touch"] = [i.contact.slug for i in fu.out_of_touch]
    page["birthdays"] = [i.contact.slug for i in fu.birthdays]
    page["this-week"] = [[e.contact.slug, why(e, fu.today),
                          [i.task.id for i in e.mine + e.theirs]] for e in fu.plan]
    page["count"] = {"this-week": str(len(fu.plan)), "out-of-touch": str(len(fu.out_of_touch)),
                     "birthdays": str(len(fu.birthdays))}
    for name in TASK_SECTIONS:
        page["count"][name] = str(sum(len(ids) for _, ids in page[name]))
    return page


@pytest.mark.parametrize("day", DAYS, ids=[day.isoformat() for day in DAYS])
def test_every_section_and_the_plan_on_the_readers_day(generated, network: Network, visit_at: Any,
                                                        day: dt.date) -> None:
    fu = compute_followups(network, day)
    want = expected(fu)
    # The network is one that shows what is tested: long sections, snoozes and put-off tasks.
    assert len(want["overdue"]) > FOLD and len(fu.plan) == fu.plan_size
    with served(generated.site, generated.port) as base:
        visit = visit_at(base, clock=f"{day.isoformat()}T08:30:00")
        visit.open("follow-ups/")
        shown = visit.page.evaluate(READ_PAGE)
        for name, value in want.items():
            assert shown[name] == value, name
        visit.assert_stayed_local()


def test_the_network_has_what_the_days_move(network: Network) -> None:
    """Between the days tested, items change sections: due soon to overdue, snoozed people back,
    birthdays gone and come, put-off tasks overdue; else the test above would prove little."""
    first, later, last = (compute_followups(network, day) for day in (DAYS[0], DAYS[2], DAYS[3]))
    moved = {i.task.id for i in first.due_soon} & {i.task.id for i in later.overdue}
    assert moved
    assert any(item.deferred for item in first.upcoming + first.overdue + later.overdue)
    back = {i.contact.slug for i in last.out_of_touch if i.contact.snooze_until}
    assert back - {i.contact.slug for i in first.out_of_touch}
    assert {i.contact.slug for i in first.birthdays} - {i.contact.slug for i in later.birthdays}
    assert [e.contact.slug for e in first.plan] != [e.contact.slug for e in later.plan]


def test_long_sections_fold_with_show_all(generated, network: Network, browser: Any) -> None:
    fu = compute_followups(network, BUILT)
    with served(generated.site, generated.port) as base:
        for javascript in (True, False):  # `<details>`: it folds and opens without the script too
            context = browser.new_context(java_script_enabled=javascript)
            try:
                page = context.new_page()
                page.clock.set_fixed_time(f"{BUILT.isoformat()}T08:30:00")
                page.goto(base + "follow-ups/")
                section = page.locator('[data-kith-section="overdue"]')
                groups = section.locator("li.kith-group")
                assert groups.count() == len(grouped(fu.overdue))
                assert section.locator("> ul.kith-rows > li.kith-group").count() == FOLD
                summary = section.locator("details.kith-more > summary")
                assert summary.inner_text() == f"Show all {len(fu.overdue)}"
                assert not groups.nth(FOLD).is_visible()
                summary.click()
                assert groups.nth(FOLD).is_visible() and groups.last.is_visible()
            finally:
                context.close()


@pytest.mark.parametrize(("device", "scheme"), [("desktop", "light"), ("desktop", "dark"), ("phone", "light"),
                                                ("phone", "dark")])
def test_it_fits_a_phone_and_a_desk(generated, visit_at: Any, device: str, scheme: str) -> None:
    with served(generated.site, generated.port) as base:
        visit = visit_at(base, device, scheme, clock="2026-12-20T08:30:00")
        visit.open("follow-ups/")
        page = visit.page
        assert page.locator(".kith-filters").is_visible()
        if device == "phone":
            assert visit.scroll_overflow() <= 0, "the follow-up page scrolls sideways on a phone"
        assert axe_violations(page, "article") == [], "the follow-up page fails axe-core's WCAG checks"
        visit.shot("follow-ups-generated")
        visit.open("")
        page.wait_for_function("document.querySelector('.kith-home time.kith-today')"
                               ".getAttribute('datetime') === '2026-12-20'")
        if device == "phone":
            assert visit.scroll_overflow() <= 0, "home scrolls sideways on a phone"
        visit.shot("home-generated")
        visit.assert_stayed_local()


def test_reached_by_instant_navigation(generated, network: Network, visit_at: Any) -> None:
    """From home to the follow-ups and back, pages swapped in by Material's instant navigation
    (no reload): each is sorted on the reader's day all the same."""
    day = DAYS[2]
    fu = compute_followups(network, day)
    with served(generated.site, generated.port) as base:
        visit = visit_at(base, clock=f"{day.isoformat()}T08:30:00")
        page = visit.page
        visit.open("")
        page.wait_for_function("document.querySelector('.kith-home time.kith-today')"
                               f".getAttribute('datetime') === '{day.isoformat()}'")
        page.evaluate("window.kithLoaded = true")  # gone if the next page is a real load
        visit.nav_click("Follow-ups")
        page.wait_for_url("**/follow-ups/")
        page.wait_for_function(f"document.querySelector('.kith-followups time.kith-today, time.kith-today')"
                               f".getAttribute('datetime') === '{day.isoformat()}'")
        assert page.evaluate("window.kithLoaded === true"), "the page was loaded, not swapped in"
        shown = page.evaluate(READ_PAGE)
        want = expected(fu)
        for name in ("this-week", "overdue", "out-of-touch", "birthdays", "count"):
            assert shown[name] == want[name], name
        visit.nav_click("My network")
        page.wait_for_function("document.querySelector('.kith-home [data-kith-stat=\"overdue\"] strong')"
                               f"?.textContent === '{len(fu.overdue)}'")
        assert page.evaluate("window.kithLoaded === true")
        visit.assert_stayed_local()
