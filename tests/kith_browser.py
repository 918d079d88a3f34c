"""Serving a built site over HTTP and opening it in headless Chromium, for the browser tests.

The browser is the system's Chromium (`KITH_CHROMIUM`, else /usr/bin/chromium); Playwright never
downloads one. Without it the tests fail, unless `KITH_SKIP_BROWSER=1` says so on purpose.
axe-core, the accessibility checker, is a local file (`KITH_AXE`, else .venv/axe-core/axe.min.js,
which `make axe` fetches with `npm pack`), put into the page by Playwright: never from a CDN.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_core import violations

CANDIDATES = (os.environ.get("KITH_CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser")
AXE = Path(os.environ.get("KITH_AXE") or Path(__file__).resolve().parents[1] / ".venv/axe-core/axe.min.js")


def chromium() -> str:
    for candidate in CANDIDATES:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    if os.environ.get("KITH_SKIP_BROWSER") == "1":
        pytest.skip("KITH_SKIP_BROWSER=1: no browser on this machine")
    pytest.fail("no Chromium found; install it (make browser) or set KITH_CHROMIUM")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def free_port() -> int:
    """A port nothing listens on now (for a site whose `site_url` must name it before it is served)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(site: Path, port: int = 0) -> Iterator[str]:
    """The site on a local port (by default, any free one); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser_page(site: Path) -> Iterator[tuple[object, str]]:
    """A fresh Chromium page and the served site's base URL."""
    from playwright.sync_api import sync_playwright

    executable = chromium()
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser.new_page(), base
        finally:
            browser.close()


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into Material's search box as a reader would; the result links, best first."""
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=10)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)  # results render in batches
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


def axe_violations(page, context: str = "body") -> list[dict]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2 A and AA violations on the page as it is now, within `context` (a CSS
    selector): rule, impact, what it means and the elements, as plain data."""
    if not AXE.is_file() and os.environ.get("KITH_SKIP_BROWSER") == "1":
        pytest.skip("KITH_SKIP_BROWSER=1 and no axe-core here")
    return violations(page, context, ["wcag2a", "wcag2aa"])
