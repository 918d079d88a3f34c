"""A vault as a new user writes it (Material's default fonts, emoji, diagrams, bodies pointing at
other hosts), opened in Chromium: every request the pages make stays on 127.0.0.1.

The example network's walk checks the same of its own pages (`Visit.assert_stayed_local`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kith_browser import search, served
from test_other_hosts import other_hosts_vault

pytestmark = pytest.mark.browser

PAGES = ["", "contacts/", "contacts/aisha-rahman/", "notes/2026-11-01-coffee/", "about/", "follow-ups/",
         "graph/"]


@pytest.fixture(scope="module")
def default_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    result = other_hosts_vault(tmp_path_factory.mktemp("hosts-browser") / "vault").build(strict=True)
    assert result.returncode == 0, result.log
    with served(result.site) as base:
        yield base


def test_no_request_leaves_127_0_0_1_on_any_page(visit_at: Any, default_base: str) -> None:
    for device in ("desktop", "phone"):
        v = visit_at(default_base, device)
        for path in PAGES:
            v.page.goto(v.base + path, wait_until="networkidle")
        # Instant loading: a click fetches the next page in the background.
        v.page.goto(v.base + "notes/2026-11-01-coffee/", wait_until="networkidle")
        v.page.locator(".kith-body a.kith-link", has_text="Kim Osei").click()
        v.page.wait_for_url("**/contacts/kim-osei/")
        v.page.wait_for_load_state("networkidle")
        assert search(v.page, "Aisha"), "search found nothing"
        v.page.wait_for_load_state("networkidle")
        assert len(v.requests) > 20
        v.assert_stayed_local()


def test_the_recording_sees_a_font_the_user_named(visit_at: Any, tmp_path: Path) -> None:
    """The check is not blind: with a font named, Chromium asks Google for it, and it is seen."""
    result = other_hosts_vault(tmp_path / "vault", font="\n  font:\n    text: Inter").build(strict=True)
    assert result.returncode == 0, result.log
    with served(result.site) as base:
        v = visit_at(base)
        v.page.goto(base, wait_until="load")
        v.page.wait_for_timeout(500)
        assert any("fonts.googleapis.com" in url for url in v.outside_requests()), v.requests
