"""Slugs: the safe, stable names that become file names and URLs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def in_ascii(text: str) -> str:
    """The text in NFKC form and in ASCII (other scripts transliterated: `José` -> `Jose`)."""
    normal = unicodedata.normalize("NFKC", text)
    if normal.isascii():
        return normal
    from anyascii import anyascii  # imported for text that needs it: the import costs milliseconds

    return anyascii(normal)


def slugify(text: str) -> str:
    """`Aisha Rahman` -> `aisha-rahman`, `José Núñez` -> `jose-nunez`: ASCII, lower case and
    hyphenated (other scripts are transliterated); never contains `/` or `.`, never empty."""
    normal = in_ascii(text)
    slug = _NOT_WORD.sub("-", normal.lower()).strip("-")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = _shortened(slug)
    return slug or "untitled"


# A slug becomes a folder name, and file systems refuse names over 255 bytes: a long tag or
# event name is cut, with a hash of the whole so that two long names stay two pages.
MAX_SLUG_BYTES = 100


def _shortened(slug: str) -> str:
    digest = hashlib.sha1(slug.encode("utf-8")).hexdigest()[:8]
    head = slug.encode("utf-8")[: MAX_SLUG_BYTES - 9].decode("utf-8", errors="ignore")
    return f"{head.rstrip('-')}-{digest}"


@lru_cache(maxsize=65536)  # the same few hundred tags recur across thousands of files
def tag_key(tag: str) -> str:
    """The canonical form of a tag: `#NHS / Digital` -> `nhs/digital`.

    Each `/`-separated segment is slugified, so a tag can never name a path outside
    `/topics/`, and `Digital Health` and `digital-health` are one topic.
    """
    parts = [part for part in str(tag).lstrip("#").split("/") if part.strip()]
    if len(parts) > MAX_TAG_DEPTH:  # folders nest no deeper than this: paths have a length limit too
        parts = parts[: MAX_TAG_DEPTH - 1] + ["-".join(parts[MAX_TAG_DEPTH - 1:])]
    segments = [slugify(part) for part in parts]
    return "/".join(segments) or "untitled"


MAX_TAG_DEPTH = 8


def name_key(name: str) -> str:
    """How names, aliases and slugs are compared: case-insensitive, spacing-insensitive."""
    return " ".join(unicodedata.normalize("NFKC", str(name)).casefold().split())


# `index` is the page of every folder that lists what is in it (contacts/, notes/, events/...):
# a contact, note or event with that slug would hide the listing.
RESERVED_SLUGS = frozenset({"index"})


def unreserved(slug: str) -> str:
    """The slug, or `<slug>-2` when it is reserved for a listing page."""
    return f"{slug}-2" if slug in RESERVED_SLUGS else slug
