"""A vault full of long unbroken words still fits a phone: nothing on any kind of page scrolls sideways."""

from __future__ import annotations

from typing import Any

import pytest
from kith_browser import served
from kith_browsing import OVERFLOW_JS, PHONE
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LONG = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflegt"


def long_vault(vault) -> None:  # type: ignore[no-untyped-def]
    vault.contact(
        "max", name=f"Maximilian {LONG[:40]}", company=f"Gesellschaft{LONG}", role=f"Chief{LONG}",
        email=f"{LONG.lower()}@subdomain.example-organisation.org", phone="+44 113 496 0000 0000 0000 0000",
        links={"website": f"https://example.org/{LONG}/{LONG}"}, location=LONG, circle="close",
        tags=[f"{LONG.lower()}/{LONG.lower()}"], expertise=[LONG], interests=[LONG], met="2026-01-02",
        met_at=f"Conference{LONG}", birthday="12-01")
    vault.contact("kim", name="Kim Osei", circle="regular", introduced_by="[[max]]")
    vault.note(f"2026-11-20-{LONG.lower()[:60]}", f"Talked about https://example.org/{LONG}/{LONG}\n\n"
               f"- [ ] Send [[max]] the {LONG} report 📅 2026-11-27\n- [ ] {LONG} #waiting due:2026-11-30\n",
               date="2026-11-20", title=f"Coffee {LONG}", kind="coffee", tags=[LONG.lower()],
               **{"with": ["max", "kim"]})
    vault.note("2026-10-01-event", date="2026-10-01", title=f"Conference{LONG}", kind="event",
               **{"with": ["max"]})


def test_long_words_never_push_a_phone_page_sideways(browser: Any, vault: Any) -> None:
    long_vault(vault)
    long_site = vault.build(strict=True)
    assert long_site.returncode == 0, long_site.log
    pages = [path.relative_to(long_site.site).parent.as_posix() + "/"
             for path in sorted(long_site.site.rglob("index.html"))
             if path.relative_to(long_site.site).parts[0] not in ("search", "assets")]
    assert len(pages) >= 12
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    wide_pages = {}
    with served(long_site.site) as base:
        for path in pages:
            page.goto(base + ("" if path == "./" else path))
            expect(page.locator("article.md-content__inner h1").first).to_be_visible()
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow > 0:
                wide_pages[path] = overflow
    context.close()
    assert wide_pages == {}, "pages wider than a phone"
