"""Which URLs from a user's files a page may link to: the one URL-safety rule.

A URL is safe when it has no scheme (a page of the site, an anchor) or one of `SAFE_SCHEMES`, which
go to another page, an app or a message. Everything else is refused: `javascript:` and
`vbscript:` run code, `data:` makes a document of its own, and schemes unknown to kith may start
any program the reader's system has registered for them.

A URL is judged as a browser reads it: HTML entities decoded (`&#106;avascript:`), tabs, line
breaks and other control characters removed wherever they are (`java\tscript:`), spaces around it
ignored, the scheme in any case (`JavaScript:`). Anything that only might be a scheme is judged as
one, so a doubtful URL is refused, never let through.
"""

from __future__ import annotations

import re
from html import unescape

# Schemes a link from a note or a profile may use.
SAFE_SCHEMES = frozenset({
    "http", "https", "mailto", "tel", "sms", "ftp", "webcal", "geo", "obsidian", "zotero",
})
# What a browser treats as a scheme: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop tabs and line breaks anywhere in a URL and control characters and spaces around
# it; removed everywhere here, so nothing hidden inside a scheme escapes the check.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


def _as_read(url: str) -> str:
    return _IGNORED_IN_URL.sub("", unescape(url)).lower()


def scheme(url: str) -> str | None:
    """The scheme a browser would read in `url`, in lower case; None for a relative URL."""
    found = _SCHEME.match(_as_read(url))
    return found.group(1) if found else None


def safe_url(url: str) -> bool:
    """Whether a link may go to `url`: no scheme (a page of the site, an anchor) or a safe one."""
    found = scheme(url)
    return found is None or safe_scheme(found)


def safe_external_url(url: str) -> bool:
    """Whether `url` is a link to somewhere outside the site with a safe scheme (a profile's
    links: a value without a scheme, `linkedin.com/in/kim`, would be a broken link into the site)."""
    return scheme(url) in SAFE_SCHEMES


# `linkedin.com/in/kim`, `www.example.org`: a web address written without its scheme.
_BARE_ADDRESS = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}(?:[/?#]\S*)?", re.IGNORECASE)


def external_link(url: str) -> str | None:
    """Where a profile's link goes: the URL as written when its scheme is safe, `https://` and the
    address when it is a web address written without one (`linkedin.com/in/kim`, as contact apps
    and plugins write them), else None (not linked)."""
    url = url.strip()
    if safe_external_url(url):
        return url
    return f"https://{url}" if _BARE_ADDRESS.fullmatch(url) else None


def local_image(url: str) -> bool:
    """Whether an image's URL loads nothing from another host: a file of the site, or data."""
    read = _as_read(url)
    if read.startswith("data:image/"):
        return True
    # `//host/x.png` and, as browsers read backslashes, `\\host` or `/\host` name another host.
    return _SCHEME.match(read) is None and not read[:2].replace("\\", "/").startswith("//")


def safe_scheme(name: str) -> bool:
    """Whether a scheme, as written (any case), is one a link may use."""
    return name.lower() in SAFE_SCHEMES
