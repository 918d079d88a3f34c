"""vCard in (2.1, 3.0, 4.0, as phones, Outlook, Apple and Google export them) and out (3.0).

Reading is done in three steps so one bad card never costs the rest of the file:

1. a pre-pass decodes the bytes, unfolds continuation lines and quoted-printable soft breaks and
   splits the file into cards, remembering the line each card starts on;
2. each card's lines are tokenised by vobject, or by a small hand parser when vobject gives up
   (it is strict about things real exports get wrong); a card neither can read is skipped with a
   problem naming the offending line;
3. the properties are interpreted here rather than by vobject's per-version behaviours, so
   2.1 quirks (bare `TEL;CELL;PREF`, quoted-printable with a CHARSET) and Apple/Google
   extensions (`itemN.X-ABLabel`, `X-APPLE-OMIT-YEAR`, `X-SOCIALPROFILE`) are handled alike.
"""

from __future__ import annotations

import quopri
import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field

import vobject

from ..names import split_name
from . import (
    ContactRecord,
    Problem,
    decode_legacy,
    decode_lines,
    normalize_birthday,
    normalize_date,
    normalize_tag,
    normalize_tags,
)

__all__ = ["read_vcards", "write_vcards"]


# ---- step 1: lines and cards -------------------------------------------------------------------


@dataclass
class _Line:
    """A logical (unfolded) line and the physical line it starts on."""

    text: str
    number: int


_BOUNDARY = re.compile(r"\s*(BEGIN|END)\s*:\s*VCARD\s*", re.IGNORECASE)


def _boundary(text: str) -> str | None:
    match = _BOUNDARY.fullmatch(text)
    return match.group(1).upper() if match else None


def _is_quoted_printable(text: str) -> bool:
    return "QUOTED-PRINTABLE" in text.split(":", 1)[0].upper()


def _unfold(lines: list[str]) -> list[_Line]:
    out: list[_Line] = []
    current: _Line | None = None
    soft_break = False
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() and not (raw[:1] in (" ", "\t") and current is not None):
            # An empty line ends the logical line (2.1 ends base64 PHOTO blocks this way); a
            # whitespace-only one after a property is a fold of a value's spaces.
            current, soft_break = None, False
            continue
        if soft_break and current is not None and _boundary(raw) is None:
            # Quoted-printable soft break: the '=' and the line break are not part of the value.
            current.text = current.text[:-1] + raw
        elif raw[0] in " \t" and current is not None:
            current.text += raw[1:]  # RFC folding: drop the break and one whitespace character
        else:
            current = _Line(raw.lstrip(), number)
            out.append(current)
        soft_break = current.text.endswith("=") and _is_quoted_printable(current.text)
    return out


def _property_name(text: str) -> str:
    head = re.split(r"[;:]", text, maxsplit=1)[0]
    return head.rsplit(".", 1)[-1].strip().upper()


def _split_cards(lines: list[_Line], problems: list[Problem]) -> list[list[_Line]]:
    cards: list[list[_Line]] = []
    card: list[_Line] | None = None
    nested = 0  # depth of a vCard embedded in an AGENT property (2.1); its lines are dropped
    stray: list[_Line] = []
    for line in lines:
        boundary = _boundary(line.text)
        if card is None:
            if boundary == "BEGIN":
                card = [line]
            elif boundary == "END":
                problems.append((line.number, "END:VCARD without a BEGIN:VCARD; ignored"))
            else:
                stray.append(line)
            continue
        if boundary == "BEGIN":
            if nested or _property_name(card[-1].text) == "AGENT":
                nested += 1
                continue
            problems.append((card[0].number, f"card has no END:VCARD before the next card at "
                             f"line {line.number} (cut short?); skipped"))
            card = [line]
        elif boundary == "END":
            if nested:
                nested -= 1
                continue
            card.append(line)
            cards.append(card)
            card = None
        elif not nested:
            card.append(line)
    if card is not None:
        problems.append((card[0].number, "card has no END:VCARD (file cut short?); skipped"))
    if not any(_boundary(line.text) == "BEGIN" for line in lines):
        problems.append((None, "no vCard found: there is no BEGIN:VCARD line"))
    elif stray:
        more = f" (and {len(stray) - 1} more lines)" if len(stray) > 1 else ""
        problems.append((stray[0].number, f"text outside BEGIN:VCARD ... END:VCARD{more}; "
                         "ignored"))
    return cards


# ---- step 2: properties ------------------------------------------------------------------------

_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


@dataclass
class _Prop:
    """One content line, tokenised but with its value still vCard-escaped."""

    group: str  # lower-case, "" when none
    name: str  # upper-case
    value: str
    line: int
    params: dict[str, list[str]] = field(default_factory=dict)  # keys upper-case
    types: set[str] = field(default_factory=set)  # TYPE values, upper-case, incl. 2.1 bare ones

    @classmethod
    def build(cls, group: str | None, name: str, params: Iterable[tuple[str, list[str]]],
              bare: Iterable[str], value: str, line: int) -> _Prop:
        prop = cls((group or "").lower(), name.upper().replace("_", "-"), value, line)
        for key, values in params:
            prop.params.setdefault(key.upper(), []).extend(values)
        for word in bare:  # vCard 2.1 writes TEL;CELL;PREF and ;QUOTED-PRINTABLE without names
            key = "ENCODING" if word.upper() in _ENCODINGS else "TYPE"
            prop.params.setdefault(key, []).append(word)
        for value_ in prop.params.get("TYPE", []):
            prop.types.update(part.strip().upper() for part in value_.split(",") if part.strip())
        if "PREF" in prop.params:  # vCard 4.0: PREF=1
            prop.types.add("PREF")
        return prop

    def encoding(self) -> set[str]:
        return {value.upper() for value in self.params.get("ENCODING", [])}


class _CardError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _props_via_vobject(card: list[_Line]) -> list[_Prop]:
    props = []
    for line in card[1:-1]:
        # Line by line, so line numbers are exact and card structure stays ours; vobject
        # tokenises the parameters and decodes quoted-printable.
        child = vobject.base.textLineToContentLine(line.text, line.number)
        value = child.value if isinstance(child.value, str) else str(child.value)
        props.append(_Prop.build(child.group, child.name, child.params.items(),
                                 child.singletonparams, value, line.number))
    return props


_NAME = re.compile(r"(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)")


def _split_outside_quotes(text: str, separator: str, limit: int = -1) -> list[str]:
    parts, buf, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted and limit != 0:
            parts.append("".join(buf))
            buf = []
            limit -= 1
        else:
            buf.append(char)
    parts.append("".join(buf))
    return parts


def _props_by_hand(card: list[_Line]) -> list[_Prop]:
    props = []
    for line in card[1:-1]:
        head_value = _split_outside_quotes(line.text, ":", limit=1)
        pieces = _split_outside_quotes(head_value[0], ";")
        match = _NAME.fullmatch(pieces[0].strip())
        if len(head_value) < 2 or not match:
            shown = line.text if len(line.text) <= 40 else line.text[:37] + "..."
            raise _CardError(line.number, f"'{shown}' is not a vCard property (NAME:value); "
                             "card skipped")
        params: list[tuple[str, list[str]]] = []
        bare: list[str] = []
        for piece in pieces[1:]:
            if not piece.strip():
                continue
            key, sep, values = piece.partition("=")
            if not sep:
                bare.append(piece.strip())
                continue
            params.append((key.strip(), [value.strip().strip('"')
                                         for value in _split_outside_quotes(values, ",")]))
        props.append(_Prop.build(match.group(1), match.group(2), params, bare, head_value[1],
                                 line.number))
    return props


def _decode_quoted_printable(prop: _Prop, problems: list[Problem]) -> None:
    encodings = prop.encoding()
    if "QUOTED-PRINTABLE" not in encodings:
        return  # plain, or vobject already decoded it (it drops the parameter when it does)
    raw = quopri.decodestring(prop.value.encode("utf-8"))
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    try:
        prop.value = raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        try:
            prop.value = raw.decode("utf-8")
        except UnicodeDecodeError:
            prop.value = decode_legacy(raw)
            problems.append((prop.line, f"{prop.name} is not valid {charset}; read as "
                             "Windows-1252 (Latin-1), so check accented characters"))
    prop.params["ENCODING"] = [v for v in prop.params["ENCODING"]
                               if v.upper() != "QUOTED-PRINTABLE"]


# ---- step 3: meaning ---------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\([\\nN,;:\"])")


def _unescape(text: str) -> str:
    # Only the escapes vCard defines, and Gmail's `\"` for a quote; any other backslash is kept
    # (2.1 never escapes them).
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split_escaped(text: str, separator: str) -> list[str]:
    """Split on separators not preceded by a backslash; the parts stay escaped."""
    parts, buf, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            buf.append(text[i:i + 2])
            i += 2
            continue
        if text[i] == separator:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(text[i])
        i += 1
    parts.append("".join(buf))
    return parts


def _components(prop: _Prop) -> list[str]:
    return [_unescape(part).strip() for part in _split_escaped(prop.value, ";")]


def _text(prop: _Prop) -> str:
    return _unescape(prop.value).replace("\r\n", "\n").replace("\r", "\n").strip()


# The N property's parts, in order.
_N_PARTS = ("family", "given", "middle", "prefix", "suffix")


def _n_parts(prop: _Prop) -> dict[str, list[str]]:
    """N as read: each part's texts (an unescaped comma separates several, e.g. two given names)."""
    parts = _split_escaped(prop.value, ";") + [""] * 5
    return {name: texts for name, part in zip(_N_PARTS, parts[:5], strict=True)
            if (texts := [_unescape(w).strip() for w in _split_escaped(part, ",") if _unescape(w).strip()])}


def _name_from_n(prop: _Prop) -> str:
    parts = _n_parts(prop)
    # The name as people say it: titles and letters after it stay in name_parts.
    words = [" ".join(parts.get(part, [])) for part in ("given", "middle", "family")]
    return " ".join(word for word in words if word)


def guessed_parts(name: str) -> dict[str, list[str]]:
    """What `split_name` makes of a name, in the form N is kept in."""
    guess = split_name(name)
    parts = {"family": [guess.family], "given": [guess.given], "middle": [guess.middle],
             "prefix": [guess.prefix], "suffix": [part.strip() for part in guess.suffix.split(",")]}
    return {part: [text for text in texts if text] for part, texts in parts.items()
            if any(text for text in texts)}


def _first_text(props: list[_Prop]) -> str:
    for prop in _preferred_first(props):
        text = _text(prop)
        if text:
            return text
    return ""


def _preferred_first(props: list[_Prop]) -> list[_Prop]:
    return sorted(props, key=lambda prop: "PREF" not in prop.types)  # stable: file order otherwise


_SYSTEM_GROUPS = {"mycontacts", "starred"}  # Google's built-in groups, not the user's topics

# Labels that say where a URL is used, not what it is; the host tells more.
_GENERIC_LABELS = {"", "home", "work", "other", "pref", "internet", "homepage", "home-page",
                   "profile", "url", "web", "x-home", "x-work"}

_HOST_LABELS = {"linkedin.com": "linkedin", "twitter.com": "twitter", "x.com": "twitter",
                "github.com": "github", "facebook.com": "facebook", "fb.com": "facebook",
                "instagram.com": "instagram", "bsky.app": "bluesky", "youtube.com": "youtube"}

_PROFILE_URLS = {"linkedin": "https://www.linkedin.com/in/{}", "twitter": "https://x.com/{}",
                 "github": "https://github.com/{}", "facebook": "https://www.facebook.com/{}",
                 "instagram": "https://www.instagram.com/{}"}

_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")  # Apple's built-in labels: _$!<HomePage>!$_


def _label_slug(label: str) -> str:
    label = _APPLE_LABEL.sub(r"\1", label.strip())
    slug = normalize_tag(label).replace("/", "-")
    return "twitter" if slug == "x" else slug


def _host_label(url: str) -> str:
    try:
        host = (urllib.parse.urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return "website"
    for domain, label in _HOST_LABELS.items():
        if host == domain or host.endswith("." + domain):
            return label
    return "website"


def _url_key(url: str) -> str:
    return re.sub(r"^[a-z]+://(www\.)?", "", url.strip().lower()).rstrip("/")


def _add_link(links: dict[str, str], label: str, url: str) -> None:
    if not url or any(_url_key(url) == _url_key(known) for known in links.values()):
        return
    label = label if label not in _GENERIC_LABELS else _host_label(url)
    key, n = label, 2
    while key in links:
        key, n = f"{label}{n}", n + 1
    links[key] = url


def _social_profile(prop: _Prop) -> tuple[str, str] | None:
    service = _label_slug((prop.params.get("TYPE") or [""])[0])
    value = _text(prop)
    if re.match(r"^https?://", value, re.IGNORECASE):
        return service, value
    # Apple writes a bare handle (`x-apple:aisha`) for some services; a URL is only known for
    # the big ones, and a link that is not a URL is no use on a profile page.
    handle = (prop.params.get("X-USER") or [""])[0] or re.sub(r"^x-apple:", "", value, flags=re.I)
    handle = handle.strip().lstrip("@")
    template = _PROFILE_URLS.get(service)
    return (service, template.format(handle)) if template and handle else None


_BDAY = re.compile(r"^(\d{4}|--)-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = {"1604", "0000"}  # years apps write when the year is unknown (Apple: 1604)


def _birthday(prop: _Prop) -> str | None:
    match = _BDAY.match(_text(prop))
    if not match:
        return None
    year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    omitted = set(prop.params.get("X-APPLE-OMIT-YEAR", [])) | _NO_YEAR
    if year == "--" or year in omitted:
        # Checked against a leap year, so 02-29 is a valid birthday without a year.
        valid = normalize_date(f"2000-{month:02d}-{day:02d}") is not None
        return f"{month:02d}-{day:02d}" if valid else None
    return normalize_date(f"{year}-{month:02d}-{day:02d}")


def _location(adrs: list[_Prop]) -> str | None:
    for prop in _preferred_first(adrs):
        parts = _components(prop) + [""] * 7
        # city, else region, else country: the granularity a contact list wants.
        place = parts[3] or parts[4] or parts[6]
        if place:
            return place
    return None


def _phone(prop: _Prop) -> str:
    text = _text(prop)
    if text.lower().startswith("tel:"):  # vCard 4.0: TEL;VALUE=uri:tel:+44...;ext=12
        number, *params = text[4:].split(";")
        ext = [p.split("=", 1)[1] for p in params if p.lower().startswith("ext=")]
        text = number + (f" ext. {ext[0]}" if ext else "")
    return text


def _record(props: list[_Prop], start: int, problems: list[Problem]) -> ContactRecord | None:
    by_name: dict[str, list[_Prop]] = {}
    for prop in props:
        by_name.setdefault(prop.name, []).append(prop)

    def every(name: str) -> list[_Prop]:
        return by_name.get(name, [])

    orgs = [part for prop in every("ORG") for part in _components(prop)[:1] if part]
    company = orgs[0] if orgs else None
    emails: list[str] = []
    for prop in _preferred_first(every("EMAIL")):
        email = re.sub(r"^mailto:", "", _text(prop), flags=re.IGNORECASE)
        if email and email.lower() not in (known.lower() for known in emails):
            emails.append(email)
    phones: list[str] = []
    for prop in _preferred_first(every("TEL")):
        phone = _phone(prop)
        if phone and phone not in phones:
            phones.append(phone)

    nicknames = list(dict.fromkeys(
        nickname for prop in every("NICKNAME")
        for nickname in (_unescape(part).strip() for part in _split_escaped(prop.value, ",")) if nickname))
    name = (_first_text(every("FN"))
            or next((n for n in map(_name_from_n, every("N")) if n), "")
            or company or (nicknames[0] if nicknames else "") or (emails[0] if emails else ""))
    if not name:
        problems.append((start, "card has no name (no FN, N, ORG or EMAIL); skipped"))
        return None
    kind = (_first_text(every("KIND")) or _first_text(every("X-ADDRESSBOOKSERVER-KIND"))).lower()
    if kind == "group":
        members = len(every("MEMBER")) + len(every("X-ADDRESSBOOKSERVER-MEMBER"))
        problems.append((start, f"'{name}' is a contact group ({members} member"
                         f"{'s' if members != 1 else ''}), not a person; skipped"))
        return None
    parts = next((p for p in map(_n_parts, every("N")) if p), {})
    if parts == guessed_parts(name):
        parts = {}  # what the name says anyway: nothing to keep

    labels = {prop.group: _text(prop) for prop in every("X-ABLABEL") if prop.group}
    links: dict[str, str] = {}
    for prop in props:  # file order, so the first website stays "website"
        if prop.name == "URL":
            label = labels.get(prop.group) if prop.group else None
            if label is None:
                label = next((t for t in sorted(prop.types) if t.lower() not in _GENERIC_LABELS),
                             "")
            _add_link(links, _label_slug(label), _text(prop))
        elif prop.name == "X-SOCIALPROFILE" and (profile := _social_profile(prop)):
            _add_link(links, *profile)

    birthday = None
    for prop in every("BDAY"):
        birthday = _birthday(prop)
        if birthday is None and _text(prop):
            problems.append((prop.line, f"birthday '{_text(prop)}' is not a date (expected "
                             "YYYY-MM-DD or --MM-DD); ignored"))
        if birthday:
            break

    # Commas separate categories, escaped or not: Thunderbird writes `CATEGORIES:a\, b\, c`.
    tags = [tag for prop in every("CATEGORIES")
            for tag in (part.strip() for part in _unescape(prop.value).split(","))]
    notes = [text for text in map(_text, every("NOTE")) if text]
    return ContactRecord(
        name=name,
        aliases=[nickname for nickname in nicknames if nickname != name],
        name_parts=parts,
        company=company,
        role=_first_text(every("TITLE")) or _first_text(every("ROLE")) or None,
        emails=emails,
        phones=phones,
        links=links,
        birthday=birthday,
        location=_location(every("ADR")),
        met=next((d for d in (normalize_date(_text(p)) for p in every("X-KITH-MET")) if d), None),
        tags=[tag for tag in normalize_tags(tags) if tag not in _SYSTEM_GROUPS],
        note="\n\n".join(notes) or None,
        source_line=start,
    )


_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}  # base64 blobs kith has no place for


def _read_card(card: list[_Line], problems: list[Problem],
               use_vobject: bool = True) -> ContactRecord | None:
    props: list[_Prop] | None = None
    if use_vobject:
        try:
            props = _props_via_vobject(card)
        except Exception:  # vobject raises many kinds (ParseError, LookupError, ...): fall back
            props = None
    if props is None:
        props = _props_by_hand(card)  # raises _CardError naming the line it cannot read
    props = [prop for prop in props if prop.name not in _BINARY]
    for prop in props:
        _decode_quoted_printable(prop, problems)
    return _record(props, card[0].number, problems)


def read_vcards(data: bytes | str, source: str = "",
                *, use_vobject: bool = True) -> tuple[list[ContactRecord], list[Problem]]:
    """Every card in a .vcf file as records, and the problems met as (line, message).

    `source` names the input in messages. A card that cannot be read is skipped with a problem;
    nothing raises on bad input. `use_vobject=False` forces the hand parser (for tests).
    """
    lines, problems = decode_lines(data, source)
    records: list[ContactRecord] = []
    for card in _split_cards(_unfold(lines), problems):
        try:
            record = _read_card(card, problems, use_vobject)
        except _CardError as error:
            problems.append((error.line, str(error)))
            continue
        except Exception as error:  # a safety net: one odd card must not cost the whole file
            problems.append((card[0].number, f"card could not be read ({error}); skipped"))
            continue
        if record is not None:
            records.append(record)
    problems.sort(key=lambda problem: problem[0] or 0)
    return records, problems


# ---- writing -----------------------------------------------------------------------------------

def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\n", "\\n"))


def _uri(text: str) -> str:
    # URIs are not text-escaped in 3.0, but a line break would end the property.
    return re.sub(r"\s*[\r\n]+\s*", "", text.strip())


def _fold(line: str) -> str:
    """CRLF-terminated, folded so no physical line exceeds 75 octets (never inside a character)."""
    out, size = [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append("\r\n ")
            size = 1
        out.append(char)
        size += width
    out.append("\r\n")
    return "".join(out)


def _card_lines(record: ContactRecord) -> list[str]:
    name = record.name.strip()
    lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//kith//kith//EN"]
    is_company = bool(record.company) and name == (record.company or "").strip()
    parts = {} if is_company else record.name_parts or guessed_parts(name)
    lines.append("N:" + ";".join(",".join(map(_escape, parts.get(part, []))) for part in _N_PARTS))
    lines.append(f"FN:{_escape(name)}")
    aliases = [alias for alias in record.aliases if alias.strip() and alias != name]
    # One line each: a comma-separated list is what 3.0 says, but readers (vobject) keep its first.
    lines += [f"NICKNAME:{_escape(alias)}" for alias in aliases]
    if record.company:
        lines.append(f"ORG:{_escape(record.company)}")
    if is_company:
        lines.append("X-ABShowAs:COMPANY")  # Apple shows the card as a company, not a person
    if record.role:
        lines.append(f"TITLE:{_escape(record.role)}")
    lines += [f"EMAIL;TYPE=INTERNET:{_escape(email)}" for email in record.emails if email]
    lines += [f"TEL:{_escape(phone)}" for phone in record.phones if phone]
    item = 0
    for label, url in record.links.items():
        if not url:
            continue
        # Apple's item grouping: the label travels with the URL and survives the round trip.
        item += 1
        lines.append(f"item{item}.URL:{_uri(url)}")
        lines.append(f"item{item}.X-ABLabel:{_escape(label)}")
    if record.location:
        lines.append(f"ADR:;;;{_escape(record.location)};;;")
    birthday = normalize_birthday(record.birthday) if record.birthday else None
    if birthday:  # "--MM-DD" is how 3.0 readers (Google, Apple) take a birthday without a year
        lines.append(f"BDAY:{birthday if len(birthday) == 10 else '--' + birthday}")
    if record.met and normalize_date(record.met):
        lines.append(f"X-KITH-MET:{normalize_date(record.met)}")
    tags = [tag for tag in record.tags if tag]
    if tags:
        lines.append("CATEGORIES:" + ",".join(_escape(tag) for tag in tags))
    if record.note and record.note.strip():
        lines.append(f"NOTE:{_escape(record.note.strip())}")
    lines.append("END:VCARD")
    return lines


def write_vcards(records: Iterable[ContactRecord]) -> str:
    """vCard 3.0 text for the records: CRLF line ends, lines folded at 75 octets.

    Write it to a file unchanged (`newline=""`, UTF-8) so the CRLFs stay single.
    """
    return "".join(_fold(line) for record in records for line in _card_lines(record))
