"""The companies, places and expertise pages and the ways in, as a reader sees them in Chromium: on
a phone and a desktop, light and dark, reached from the sidebar, never wider than the screen.
Screenshots of each go to test-artifacts/screenshots/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAGES = {
    "companies": "companies/",
    "company": "companies/calder-valley-integrated-care-board/",
    "company-note": "companies/northwind-health/",
    "places": "places/",
    "place": "places/leeds/",
    "expertise-area": "expertise/procurement/",
    "reach": "contacts/dana-whitfield/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_new_pages_fit_the_screen_in_both_schemes(visit: Any, device: str, scheme: str) -> None:
    tab = visit(device, scheme)
    for step, path in PAGES.items():
        tab.open(path)
        expect(tab.page.locator("article.md-content__inner h1").first).to_be_visible()
        assert tab.scroll_overflow() <= 0, f"{path} is wider than the {device}"
        tab.shot(f"companies-{step}")
    # A way reads as a chain of links, its tie in a lighter colour than the names.
    tab.open(PAGES["reach"])
    way = tab.page.locator("#reach ~ ol.kith-ways li.kith-way").first
    expect(way).to_contain_text("me → Kim Osei (close")
    expect(way).to_contain_text("→ introduced me to Dana Whitfield")
    colours = tab.page.evaluate("""() => {
        const way = document.querySelector('li.kith-way');
        const style = (selector) => getComputedStyle(way.querySelector(selector)).color;
        return [style('a.kith-person'), style('.kith-way__tie'), getComputedStyle(way).backgroundColor];
    }""")
    assert len(set(colours)) == 3, colours
    tab.assert_stayed_local()


def test_companies_and_places_are_reached_from_the_sidebar(visit: Any) -> None:
    tab = visit("phone", "light")
    tab.open("")
    tab.nav_click("Companies")
    assert tab.path().endswith("/companies/")
    tab.page.locator("article a", has_text="Northwind Health").first.click()
    assert tab.path().endswith("/companies/northwind-health/")
    expect(tab.page.locator("#about ~ .kith-body")).to_contain_text("community health provider")
    tab.open("")
    tab.nav_click("Places")
    assert tab.path().endswith("/places/")
    tab.page.locator("article a", has_text="Leeds").first.click()
    expect(tab.page.locator("article h1").first).to_have_text("Leeds")
    tab.assert_stayed_local()
