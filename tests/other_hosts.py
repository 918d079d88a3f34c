"""What in a built site would make a browser contact another host, read from every output file.

A reference to another host is a URL with a host (`https://x/`, `//x/`) where a browser fetches it
by itself: `src`, `srcset`, `poster`, `<link href>` (but `rel=canonical`), a `url(...)` or
`@import` in CSS (files, `<style>`, `style=`, and CSS inside scripts), a refresh, and web-font
hosts anywhere. A link the reader may click (`<a href>`) is not one. The search index's text is
read as HTML, as the theme's search shows it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

_WITH_HOST = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:)?//", re.IGNORECASE)
_FETCHING_ATTRIBUTES = {"src", "poster", "data", "background", "action", "formaction", "ping",
                        "xlink:href", "manifest", "lowsrc", "dynsrc", "longdesc", "icon"}
_CLICKED = {"a", "area"}  # `href` there is a link the reader follows, or not
_CSS_FETCH = re.compile(
    r"""(?:url\(|image-set\(|@import)\s*["']?\s*((?:[a-z][a-z0-9+.\-]*:)?//[^"')\s;]*)""", re.IGNORECASE)
_FONT_HOSTS = re.compile(r"fonts\.(?:googleapis|gstatic)\.com", re.IGNORECASE)
TEXT_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".webmanifest", ".txt"}


def has_host(url: str) -> bool:
    return bool(_WITH_HOST.match(re.sub(r"[\x00-\x20]+", "", url)))


def in_css(text: str) -> list[str]:
    return [f"CSS fetch {match.group(1)}" for match in _CSS_FETCH.finditer(text)]


class _Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw: str | None = None  # inside <style> or <script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            urls = [part.strip() for part in value.split(",")] if name.endswith("srcset") else [value]
            fetched = name in _FETCHING_ATTRIBUTES or name.endswith("srcset") or (
                name == "href" and tag not in _CLICKED
                and not (tag == "link" and values.get("rel", "").lower() == "canonical"))
            if fetched and any(has_host(url) for url in urls):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name == "style":
                self.found.extend(in_css(value))
        refresh = tag == "meta" and values.get("http-equiv", "").lower() == "refresh"
        if refresh and "//" in values.get("content", ""):
            self.found.append(f"<meta refresh {values['content']!r}>")
        self._raw = tag if tag in ("style", "script") else None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._raw = None

    def handle_endtag(self, tag: str) -> None:
        self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self.found.extend(in_css(data))


def in_html(text: str) -> list[str]:
    parser = _Fetches()
    parser.feed(text)
    parser.close()
    return parser.found


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def references_to_other_hosts(site: Path) -> list[str]:
    """Every reference to another host in every text file of the site, as `path: what`."""
    found: list[str] = []
    files = [path for path in sorted(site.rglob("*")) if path.is_file() and path.suffix in TEXT_SUFFIXES]
    assert len(files) > 10, f"too few files in {site}"
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        name = path.relative_to(site).as_posix()
        found += [f"{name}: {host}" for host in _FONT_HOSTS.findall(text)]
        if path.suffix in (".html", ".htm", ".svg"):
            found += [f"{name}: {what}" for what in in_html(text)]
        elif path.suffix in (".css", ".js", ".mjs"):
            found += [f"{name}: {what}" for what in in_css(text)]
        elif path.suffix == ".json":
            found += [f"{name}: {what}" for string in _strings(json.loads(text)) for what in in_html(string)]
    return found
