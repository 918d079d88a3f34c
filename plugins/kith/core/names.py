"""People's names: their parts (as an address book's structured name wants them) and the form in
which two spellings of one name compare equal.

`split_name` guesses the parts of a name written as one text: titles before it (Dr., Prof.),
letters after it (Jr., III, PhD), middle names and initials, family names with particles
(van der Berg), and the "Last, First" order address books sort by. A guess is only used where
nothing better is known: a vCard's own N is kept as it was read (`name_parts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .slugs import in_ascii

# Words before a name that are titles, in lower case without their dot.
PREFIXES = frozenset({"dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "lord",
                      "lady", "rev", "revd", "fr", "hon", "rt", "capt", "col", "gen", "lt", "maj", "sgt",
                      "judge", "pr", "herr", "frau", "mme", "mlle", "m", "sr", "sra", "srta", "dott", "ing"})
# Words after a name that are generations, degrees and honours.
# (Not "Do", "Ma" or "Ba": they are family names too.)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "vi", "vii", "viii", "phd", "md", "dds", "dmd", "esq",
                      "obe", "mbe", "cbe", "kbe", "dbe", "frs", "mba", "cpa", "rn", "jd", "llm", "msc", "bsc",
                      "qc", "kc", "mp", "dphil", "facs", "cfa"})
# Lower-case words that belong to the family name that follows them.
PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "des", "la", "le",
                       "dos", "das", "ter", "ten", "bin", "binti", "al", "el", "st", "st.", "zu", "af", "av"})


@dataclass(frozen=True)
class NameParts:
    """A name's parts, in the vCard N order's terms."""

    family: str = ""
    given: str = ""
    middle: str = ""
    prefix: str = ""
    suffix: str = ""


def _bare(word: str) -> str:
    """`Ph.D.,` -> `phd`: a word compared with the lists above."""
    return re.sub(r"[.,]", "", word).casefold()


def _is_prefix(word: str) -> bool:
    return _bare(word) in PREFIXES and (word.endswith(".") or _bare(word) in PREFIXES - {"m", "sr"})


def _is_suffix(word: str) -> bool:
    return _bare(word) in SUFFIXES and (word[:1].isupper() or word.isupper() or not word.isalpha())


def split_name(name: str) -> NameParts:
    """The parts of a name: `Dr. John Q. Public, Jr.` -> prefix Dr., given John, middle Q., family
    Public, suffix Jr.; `Public, John Q.` -> the same without the titles."""
    text = " ".join(name.split())
    if not text:
        return NameParts()
    pieces = [piece.strip() for piece in text.split(",")]
    suffixes: list[str] = []
    # Letters after a comma: `John Smith, Jr.`, `Jane Doe, MD, PhD`.
    while len(pieces) > 1 and pieces[-1] and all(_is_suffix(word) for word in pieces[-1].split()):
        suffixes.insert(0, pieces.pop())
    pieces = [piece for piece in pieces if piece]
    if len(pieces) == 2:  # `Public, John Q.`: the family name first, as address books sort
        family_words = pieces[0].split()
        rest = pieces[1].split()
        prefixes = []
        while rest and _is_prefix(rest[0]) and len(rest) > 1:
            prefixes.append(rest.pop(0))
        while len(rest) > 1 and _is_suffix(rest[-1]):
            suffixes.insert(0, rest.pop())
        return NameParts(family=" ".join(family_words), given=rest[0] if rest else "",
                         middle=" ".join(rest[1:]), prefix=" ".join(prefixes), suffix=", ".join(suffixes))
    words = ", ".join(pieces).split()
    if not words:  # only commas and letters after a name: nothing to split
        return NameParts(suffix=", ".join(suffixes))
    prefixes = []
    while len(words) > 1 and _is_prefix(words[0]):
        prefixes.append(words.pop(0))
    while len(words) > 2 and _is_suffix(words[-1]):
        suffixes.insert(0, words.pop().rstrip(","))
    words = [word.rstrip(",") for word in words]
    if len(words) == 1:
        # `Dr. Smith` is a family name; `Madonna` a given one.
        if prefixes:
            return NameParts(family=words[0], prefix=" ".join(prefixes), suffix=", ".join(suffixes))
        return NameParts(given=words[0], suffix=", ".join(suffixes))
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:  # `Ludwig van Beethoven`
        start -= 1
    return NameParts(family=" ".join(words[start:]), given=words[0], middle=" ".join(words[1:start]),
                     prefix=" ".join(prefixes), suffix=", ".join(suffixes))


def name_tokens(name: str) -> list[str]:
    """A name's words as two spellings of it share them: ASCII, lower case, no punctuation,
    titles and letters after the name left out. `Dr. José Núñez-Ruiz` -> [jose, nunez, ruiz]."""
    text = in_ascii(name)
    words = [_bare(word) for word in re.split(r"[\s,]+", text) if word]
    while len(words) > 1 and words[0] in PREFIXES:
        words.pop(0)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return [token for word in words for token in re.split(r"[^a-z0-9]+", word) if token]
