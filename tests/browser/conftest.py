"""The example network, built and served on 127.0.0.1, opened in Debian's Chromium through Playwright.

Chromium is `KITH_CHROMIUM`, else /usr/bin/chromium (see tests/install_chromium.sh); Playwright never
downloads a browser. Without one the tests fail loudly, unless KITH_SKIP_BROWSER=1 says the machine
has none on purpose. Screenshots of every step go to test-artifacts/screenshots/ (gitignored).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from kith_browser import chromium, served
from kith_browsing import DESKTOP, LAUNCH_ARGS, PHONE, Visit


@pytest.fixture(scope="session")
def site_url(example_site) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The example network (built with --strict, KITH_TODAY=2026-11-22) on a free local port."""
    if example_site.returncode != 0:
        pytest.fail(f"the example network does not build:\n{example_site.log}")
    with served(example_site.site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module (a second Playwright may not start while one runs)."""
    from playwright.sync_api import sync_playwright

    executable = chromium()  # fails, or skips with KITH_SKIP_BROWSER=1, when there is none
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh, temporary user-data dir of its own.
        instance = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def visit_at(browser: Any) -> Iterator[Any]:
    """`visit_at(base, device, scheme, clock=None)`: a fresh browser context at that size and colour
    scheme on the site served at `base`, recording every request."""
    contexts: list[Any] = []

    def make(base: str, device: str = "desktop", scheme: str = "light", clock: str | None = None) -> Visit:
        context = browser.new_context(viewport=PHONE if device == "phone" else DESKTOP,
                                      color_scheme="dark" if scheme == "dark" else "light",
                                      device_scale_factor=1, is_mobile=device == "phone",
                                      has_touch=device == "phone")
        contexts.append(context)
        page = context.new_page()
        if clock is not None:
            page.clock.set_fixed_time(clock)
        visit = Visit(page, base, device, scheme)
        page.on("request", lambda request: visit.requests.append(request.url))
        # ERR_ABORTED is a load the page itself cancelled by moving on (e.g. the search worker).
        page.on("requestfailed", lambda request: "ERR_ABORTED" not in (request.failure or "")
                and visit.failures.append(f"{request.url}: {request.failure}"))
        page.on("response", lambda response: response.status >= 400
                and visit.failures.append(f"{response.url}: HTTP {response.status}"))
        return visit

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def visit(visit_at: Any, site_url: str) -> Any:
    """`visit(device, scheme, clock=None)`: a fresh browser context on the example network."""

    def make(device: str = "desktop", scheme: str = "light", clock: str | None = None) -> Visit:
        return visit_at(site_url, device, scheme, clock)

    return make
