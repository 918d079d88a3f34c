"""Serving a built site over HTTP and opening it in headless Chromium, for the browser tests.

The browser is the system's Chromium (`KITH_CHROMIUM`, else /usr/bin/chromium); Playwright never
downloads one. Without it the tests fail, unless `KITH_SKIP_BROWSER=1` says so on purpose.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CANDIDATES = (os.environ.get("KITH_CHROMIUM", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser")


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


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on an ephemeral local port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
