"""A person with no details (no email, phone, links, birthday...: an Obsidian people note often has
none) shows no empty box where the details would be; a person with some shows them."""

from __future__ import annotations

from typing import Any

import pytest
from kith_browser import served
from kith_browsing import PHONE

pytestmark = pytest.mark.browser


def test_no_empty_details_box(browser: Any, vault: Any) -> None:
    vault.contact("plain-person", "Met at a book club.\n", name="Plain Person", circle="regular")
    vault.contact("ana-bell", name="Ana Bell", email="ana@example.org", circle="close")
    site = vault.build(strict=True)
    assert site.returncode == 0, site.log
    errors: list[str] = []
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        page = browser.new_context(viewport=viewport).new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        with served(site.site) as base:
            page.goto(base + "contacts/plain-person/")
            details = page.locator("dl.kith-details")
            assert details.count() == 1 and not details.is_visible()
            page.goto(base + "contacts/ana-bell/")
            assert page.locator("dl.kith-details").is_visible()
            assert page.locator("dl.kith-details dt").first.inner_text() == "Email"
        assert errors == []
        page.context.close()
