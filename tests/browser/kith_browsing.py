"""What the browser tests share: how Chromium starts, the two screen sizes, and a recorded visit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Page width beyond the screen. A mobile browser zooms out to show a too-wide page, which makes
# `innerWidth` grow with it; the layout viewport (`clientWidth`) stays the phone's width.
OVERFLOW_JS = ("document.scrollingElement.scrollWidth"
               " - Math.min(window.innerWidth, document.documentElement.clientWidth)")


@dataclass
class Visit:
    """A browser tab on the served site that remembers every request it made and every failure."""

    page: Any
    base: str
    device: str
    scheme: str
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path.lstrip("/"))

    def path(self) -> str:
        return urlparse(self.page.url).path

    def shot(self, step: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{step}-{self.device}-{self.scheme}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def outside_requests(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (data: and blob: URLs never leave the page)."""
        return [url for url in self.requests
                if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname != "127.0.0.1"]

    def assert_stayed_local(self) -> None:
        assert self.requests, "no request was recorded at all"
        assert self.outside_requests() == [], "requests left 127.0.0.1"
        assert self.failures == [], "requests failed or were not found"

    def nav_click(self, label: str) -> None:
        """Follow a link of the main navigation; on a phone, open the drawer first."""
        drawer = self.page.locator("label.md-header__button[for='__drawer']")
        if drawer.is_visible():
            drawer.click()
        link = self.page.locator("nav.md-nav--primary a.md-nav__link").filter(
            has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).first
        link.click()

    def scroll_overflow(self) -> int:
        """How far the page is wider than the screen: 0 or less when it never scrolls sideways."""
        return self.page.evaluate(OVERFLOW_JS)
