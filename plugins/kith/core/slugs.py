"""Slugs: the safe, stable names that become file names and URLs."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slugify(text: str) -> str:
    """`Aisha Rahman` -> `aisha-rahman`; never contains `/`, `.` or `..`, never empty."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    slug = _NOT_WORD.sub("-", normal).replace("_", "-").strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug or "untitled"


def tag_key(tag: str) -> str:
    """The canonical form of a tag: `#NHS / Digital` -> `nhs/digital`.

    Each `/`-separated segment is slugified, so a tag can never name a path outside
    `/topics/`, and `Digital Health` and `digital-health` are one topic.
    """
    segments = [slugify(part) for part in str(tag).lstrip("#").split("/") if part.strip()]
    return "/".join(segments) or "untitled"


def name_key(name: str) -> str:
    """How names, aliases and slugs are compared: case-insensitive, spacing-insensitive."""
    return " ".join(unicodedata.normalize("NFKC", str(name)).casefold().split())
