"""Preparing a user's Markdown body for the site: links resolved, raw HTML made harmless.

Works line by line on the text the user wrote; fenced code and inline code are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from ..core.links import WIKILINK, Resolver
from ..core.model import Link

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_FENCE = re.compile(r"^\s*(```|~~~)")
# `<` that starts an autolink stays; every other `<` is shown as text, not parsed as HTML.
_RAW_LT = re.compile(r"<(?!(?:https?://|mailto:)[^<>\s]+>)")
_MARKUP = re.compile(r"[*_`>#~]|^\s*[-+]\s+|\[([ xX])\]\s*")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TASK_MARKERS = re.compile(r"📅\s*\S+|(?<!\S)due:\S+|#waiting\b|✅\s*\S+")

LinkRenderer = Callable[[str, str | None], str]  # (target, label) -> HTML


def link_html(resolver: Resolver, hidden: set[str], url_for: Callable[[str, str], str],
              names: Callable[[str, str], str]) -> LinkRenderer:
    """How a `[[link]]` becomes HTML on a page: a link, a private placeholder, or a marked miss."""

    def render(target: str, label: str | None) -> str:
        match = resolver.resolve(target)
        if match is None:
            text = escape(label or target)
            title = escape(f"No contact or note is called “{target}”", quote=True)
            return f'<span class="kith-unresolved" title="{title}">{text}<sup>?</sup></span>'
        if match.kind == "contact" and match.slug in hidden:
            return '<span class="kith-private">(private)</span>'
        if match.kind == "note" and match.slug in hidden:
            return escape(label or target)
        text = escape(label or names(match.kind, match.slug))
        href = escape(url_for(match.kind, match.slug), quote=True)
        return f'<a class="kith-link kith-link--{match.kind}" href="{href}">{text}</a>'

    return render


def prepare_body(text: str, render_link: LinkRenderer) -> str:
    """The body as Markdown for the page: `[[links]]` as HTML anchors, raw HTML escaped."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        marker = _FENCE.match(line)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif marker.group(1) == fence:
                fence = None
            continue
        if fence is None and ("<" in line or "[[" in line):
            lines[index] = _prepare_line(line, render_link)
    return "\n".join(lines)


def _prepare_line(line: str, render_link: LinkRenderer) -> str:
    parts: list[str] = []
    position = 0
    for code in _CODE_SPAN.finditer(line):
        parts.append(_prepare_prose(line[position:code.start()], render_link))
        parts.append(code.group(0))
        position = code.end()
    parts.append(_prepare_prose(line[position:], render_link))
    return "".join(parts)


def _prepare_prose(text: str, render_link: LinkRenderer) -> str:
    if "<" in text:
        text = _RAW_LT.sub("&lt;", text)
    if "[[" in text:
        text = WIKILINK.sub(lambda m: render_link(m.group(1).strip(), _label(m.group(2))), text)
    return text


def _label(label: str | None) -> str | None:
    return label.strip() or None if label else None


def plain_text(text: str, links: list[Link] | None = None) -> str:
    """A body as one line of plain text, for excerpts: markup, links and task markers removed."""
    text = WIKILINK.sub(lambda m: (m.group(2) or m.group(1)).strip(), text)
    text = _MD_LINK.sub(r"\1", text)
    text = _TASK_MARKERS.sub("", text)
    out: list[str] = []
    fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fence = not fence
            continue
        if fence or not line.strip():
            continue
        out.append(_MARKUP.sub("", line).strip())
    return " ".join(" ".join(out).split())


def excerpt(text: str, limit: int = 180) -> str:
    plain = plain_text(text)
    if len(plain) <= limit:
        return plain
    cut = plain.rfind(" ", 0, limit)
    return plain[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"
