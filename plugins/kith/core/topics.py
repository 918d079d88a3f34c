"""How a topic reads: `contact-centres` is "Contact centres", `health/digital` is "Health / Digital".

A tag's key is its file-style form (core/slugs.py `tag_key`); its title is made from that key,
unless the `topic_titles` option in mkdocs.yml gives one (`ai: Artificial intelligence`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .slugs import tag_key

# Two-letter words that are words, not initials: every other two-letter part is written in
# capitals (`ai` AI, `hr` HR, `ux` UX), as is a part of up to five letters with no vowel
# (`nhs` NHS, `llm` LLM, `b2b` B2B, `5g` 5G).
_WORDS = frozenset({"a", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my",
                    "no", "of", "on", "or", "so", "to", "up", "us", "we"})
_VOWEL = re.compile(r"[aeiouy]")
# Initialisms and names with a vowel, which no rule can tell from a word (`api` API, but `art`
# Art), and words written in mixed case. Anything else is set with the `topic_titles` option.
_KNOWN = {word.lower(): word for word in (
    "API", "APIs", "IPO", "CEO", "CEOs", "CTOs", "COO", "CIO", "CISO", "SEO", "ESG", "KPI", "KPIs", "OKR",
    "OKRs", "ROI", "EU", "UK", "USA", "NATO", "NGO", "NGOs", "EHR", "EMR", "MBA", "PhD", "IPA", "AGI",
    "SaaS", "PaaS", "IaaS", "IoT", "DevOps", "MLOps", "FinOps", "GitHub", "GitLab", "LinkedIn",
    "JavaScript", "TypeScript", "PostgreSQL", "MySQL", "iOS", "macOS", "AWS", "GCP", "ICU", "OECD",
    "UNICEF", "UNESCO", "DAO", "DAOs", "VCs", "GPs", "LLMs", "SMEs", "SME")}
_SEPARATOR = re.compile(r"[-_]+")


def humanised(segment: str) -> str:
    """One part of a key as words: `contact-centres` -> "Contact centres"; `e-health` stays
    hyphenated ("E-health")."""
    parts = [part for part in _SEPARATOR.split(segment) if part]
    if not parts:
        return segment
    words: list[str] = []
    for index, part in enumerate(parts):
        if part in _KNOWN:
            part = _KNOWN[part]
        elif part.islower() and (len(part) == 2 and part not in _WORDS
                                 or len(part) <= 5 and not _VOWEL.search(part)):
            part = part.upper()
        # `e-commerce`, `x-ray`: a single letter keeps its hyphen.
        if index and len(parts[index - 1]) == 1 and parts[index - 1].isalpha():
            words[-1] += "-" + part
        else:
            words.append(part)
    text = " ".join(words)
    return text if parts[0] in _KNOWN else text[:1].upper() + text[1:]


class TopicTitles:
    """The titles of topics: those given by key, else made from the key."""

    def __init__(self, given: Mapping[str, str] | None = None) -> None:
        self._given = {tag_key(key): title for key, title in (given or {}).items()}
        self._made: dict[str, str] = {}

    def title(self, key: str) -> str:
        """A topic's own title: `health/digital` -> "Digital"."""
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._given.get(key) or humanised(key.rsplit("/", 1)[-1])
        return made

    def path(self, key: str) -> str:
        """A topic with the topics it is part of: `health/digital` -> "Health / Digital"."""
        if "/" not in key:
            return self.title(key)
        parts = key.split("/")
        return " / ".join(self.title("/".join(parts[: end + 1])) for end in range(len(parts)))
