"""Building the model from files: a contact or a note from its fields (core/fields.py), then
its links resolved against every name in the vault, with a problem for each thing to fix.

Names and titles are as Obsidian shows them: a person without `name:` is called by the file
name, a note without `title:` by its first heading or its file name without the leading date,
and a note without `date:` is dated by its file name (`2024-05-21 Call.md`, `20240521.md`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence

from .dates import DateError, parse_birthday, parse_cadence, parse_date, shown
from .fields import LINK_FIELDS, FieldReader
from .frontmatter import RawFile
from .links import Resolver, iter_prose_lines, links_in_line, strip_link_syntax
from .model import CIRCLES, Contact, Link, Note, Problem, Severity, Task
from .privacy import PrivateNames, Visibility, plain_name_problem
from .reading import body_finds
from .slugs import RESERVED_SLUGS, slugify, tag_key
from .tasks import follow_up_id

_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_HEADING_LINE = re.compile(r"^#[^\S\n]+(.+?)[^\S\n]*#*[^\S\n]*$", re.MULTILINE)  # `_HEADING` in a whole text
# A date at the start of a file name: 2024-05-21, 2024_05_21, 20240521; then an optional time
# (`_1415`, ` 14.15`, `T1415`) and separators before the words of the title.
_STEM_DATE = re.compile(r"^(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)"
                        r"(?:[T_ -]?\d{2}[.:h-]?\d{2}(?:[.:]?\d{2})?(?!\d))?[-_ ]*")
# A file name written as a slug (`mira-castell`), not as a name Obsidian would show (`Mira Castell`).
_SLUG_LIKE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


def stem(relative: str) -> str:
    """`notes/2026-11-20-coffee.md` -> `2026-11-20-coffee`, as `Path.stem` (without making a Path)."""
    name = relative.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def unique_slug(slug: str, taken: Mapping[str, object]) -> str:
    number = 2
    candidate = slug
    while candidate in taken:
        candidate = f"{slug}-{number}"
        number += 1
    return candidate


def file_slug(reader: FieldReader, taken: Mapping[str, object], folder: str) -> str:
    """The page's slug, from the file name: ASCII, lower case, hyphenated, and unique (a clash and a
    reserved name are reported; the file keeps its name)."""
    slug = slugify(stem(reader.path))
    if slug in RESERVED_SLUGS:
        reader.problems.append(Problem(
            reader.path, 1,
            f"the file name '{slug}' is reserved for the page that lists all {folder}; rename the file "
            f"(it is published as '{slug}-2' for now)"))
        slug = f"{slug}-2"
    if slug in taken:
        other = taken[slug].source.path  # type: ignore[attr-defined]
        reader.problems.append(Problem(
            reader.path, 1,
            f"has the same address '{slug}' as {other}; rename one of the files "
            f"(this one is published as '{unique_slug(slug, taken)}' for now)"))
        slug = unique_slug(slug, taken)
    return slug


# Contacts.

def person_name(raw: RawFile, reader: FieldReader | None = None) -> str:
    """A person's name: `name`, else `first_name` + `last_name`, else the file name as Obsidian
    shows it, else the first `# heading` (when the file name is a slug), else the file name."""
    if reader is not None:
        key = reader.key("name")
        parts = reader.raw.meta[key] if key is not None else None
        # `name: {first: Carl, last: Johnson}` (the Contacts plugin's front matter): the parts in order.
        name = _name_of_parts(parts) if isinstance(parts, dict) else reader.text("name")
        if name is None:
            name = " ".join(part for part in (reader.text("first_name"), reader.text("last_name")) if part)
        if name:
            return name
    elif raw.name_line:
        return raw.name_line
    file_name = stem(raw.source.path)
    if not _SLUG_LIKE.match(file_name):
        return " ".join(file_name.split())
    heading = first_heading(raw.body)
    if heading and "[[" not in heading:
        return heading
    return " ".join(word[:1].upper() + word[1:] for word in re.split(r"[-_.]+", file_name) if word)


_NAME_PARTS = ("prefix", "first", "given", "middle", "last", "family", "suffix")


def _name_of_parts(parts: dict) -> str | None:
    words = [str(parts[part]).strip() for part in _NAME_PARTS if isinstance(parts.get(part), (str, int))]
    return " ".join(word for word in words if word) or None


def build_contact(reader: FieldReader, taken: Mapping[str, Contact]) -> Contact:
    raw = reader.raw
    meta = raw.meta
    written = reader.key("name")
    if written is not None and isinstance(meta[written], (bool, int, float)):
        what = "a yes/no value" if isinstance(meta[written], bool) else "a number"
        reader.problem(written, f"'{written}: {shown(meta[written])}' is {what}, not a person's name; "
                                "write e.g. 'name: Aisha Rahman' (in quotes if the name really is a number)")
    name = person_name(raw, reader)  # a list or a mapping is reported, and the file name used
    contact = Contact(slug=file_slug(reader, taken, "contacts"), name=name, source=raw.source, body=raw.body,
                      body_line=raw.body_line)
    contact.aliases = reader.texts("aliases")
    company_key = reader.key("company")
    if company_key is not None:
        companies = reader.texts_at(company_key) if isinstance(meta[company_key], list) else []
        contact.company = reader.text("company")
        contact.past_companies = [c for c in companies[1:] if c != contact.company]
    contact.past_companies += [c for c in reader.texts("past_companies") if c not in contact.past_companies]
    contact.role = reader.text("role")
    contact.emails = reader.texts("email")
    contact.phones = reader.texts("phone")
    contact.location = reader.text("location")
    contact.tags, contact.tag_sources = tags(reader.texts("tags"))
    contact.expertise = reader.texts("expertise")
    contact.interests = reader.texts("interests")
    contact.links = profile_links(reader)
    contact.private = reader.private()
    contact.met = reader.date("met")
    contact.met_at = reader.text("met_at")
    contact.name_parts = _name_parts(reader)
    contact.last_contacted = reader.date("last_contacted")
    contact.follow_up = reader.date("next_follow_up")
    contact.snooze_until = reader.date("snooze_until")
    if meta.get("paused") not in (None, ""):
        contact.paused = reader.yes_no("paused", unclear="(until then they are tracked)") is True
    circle = reader.text("circle")
    if circle is not None:
        if circle.lower() in CIRCLES:
            contact.circle = circle.lower()
        else:
            reader.problem("circle", f"circle '{circle}' is not one of close, regular, loose; "
                                     "write one of those, or remove the line to not track this person")
    if meta.get("cadence") not in (None, ""):
        try:
            contact.cadence_days = parse_cadence(meta["cadence"])
        except DateError as error:
            reader.problem("cadence", str(error))
        if circle is None:  # DESIGN: no circle, not tracked; the cadence only overrides a circle's
            reader.problem("cadence", f"cadence '{shown(meta['cadence'])}' is ignored without a circle: "
                                      "only people in a circle are tracked; add 'circle: close' (or regular, "
                                      "loose), or remove the cadence")
    birthday_key = reader.key("birthday")
    if birthday_key is not None:
        try:
            contact.birthday = parse_birthday(meta[birthday_key])
        except DateError as error:
            reader.problem(birthday_key, str(error))
    return contact


NAME_PARTS = ("prefix", "given", "middle", "family", "suffix")


def _name_parts(reader: FieldReader) -> dict[str, list[str]]:
    """`name_parts: {given: John, family: Public}`: each part of the name, as one or more texts
    (a vCard N part can hold several, `given: [Mary, Ann]`)."""
    key = reader.key("name_parts")
    value = reader.raw.meta.get(key) if key is not None else None
    if value is None:
        return {}
    if not isinstance(value, dict):
        reader.problem(key, f"'{key}' should be 'part: text' pairs, e.g. "
                            f"'{key}: {{given: John, family: Public}}'")
        return {}
    parts: dict[str, list[str]] = {}
    for part, text in value.items():
        name = str(part).strip().lower()
        if name not in NAME_PARTS:
            reader.problem(key, f"'{key}' has '{part}', which is not a part of a name; "
                                f"the parts are {', '.join(NAME_PARTS)}")
        elif isinstance(text, list):
            parts[name] = [str(item).strip() for item in text if item is not None and str(item).strip()]
        elif text not in (None, "") and not isinstance(text, dict):
            parts[name] = [str(text).strip()]
    return {part: texts for part, texts in parts.items() if texts}


def tags(values: list[str]) -> tuple[list[str], dict[str, str]]:
    """Tag keys, and the text of those written with a `[[link]]` (see `Contact.tag_sources`)."""
    keys = list(dict.fromkeys(tag_key(value) for value in values if value.strip("# ")))
    sources = {tag_key(value): value for value in values if "[[" in value}
    return keys, sources


def profile_links(reader: FieldReader) -> dict[str, str]:
    """A contact's profile links: `links:` (a map, a list or one URL) and `linkedin:`, `url:`..."""
    value = reader.raw.meta.get("links")
    links: dict[str, str] = {}
    if value in (None, ""):
        pass
    elif isinstance(value, dict):
        for label, url in value.items():
            if url not in (None, "") and not isinstance(url, (list, dict)):
                links[str(label)] = str(url).strip()
    elif isinstance(value, list):
        for number, url in enumerate(value, 1):
            if isinstance(url, str) and url.strip():
                links[f"link {number}" if len(value) > 1 else "link"] = url.strip()
    else:
        links["link"] = str(value).strip()
    for label in LINK_FIELDS:
        extra = reader.text_at(label) if label in reader.raw.meta else None
        if extra and label not in links:
            links[label] = extra
    numbered = reader.numbered.get("url", [])  # `url[1]`, `url[home]`
    for number, key in enumerate(numbered, 1):
        url = reader.text_at(key)
        if url and url not in links.values():
            links["link" if len(numbered) == 1 and "link" not in links else f"link {number}"] = url
    return links


def claim_names(contact: Contact, reader: FieldReader, resolver: Resolver,
                contacts: Mapping[str, Contact]) -> None:
    """Put the contact's slug, file name, name and aliases in the index; a clash is a problem."""
    resolver.claim_contact(contact.slug, contact.slug)
    resolver.claim_contact(stem(contact.source.path), contact.slug)  # Obsidian links by file name
    for address in contact.emails:
        resolver.claim_email(address, contact.slug)
    for key, value in [("name", contact.name)] + [("aliases", a) for a in contact.aliases]:
        holder = resolver.claim_contact(value, contact.slug)
        if holder is not None:
            other = contacts[holder]
            what = "name" if key == "name" else "alias"
            reader.problem(reader.key(key) or key,
                           f"{what} '{shown(value)}' is already used by {other.source.path}, so "
                           f"[[{shown(value)}]] links to that file, not this one; give one of them a "
                           f"distinct {what} (e.g. with the company: '{shown(value)} (Acme)')")


def resolve_contact(contact: Contact, reader: FieldReader, resolver: Resolver) -> None:
    key = reader.key("introduced_by")
    for reference in reader.texts("introduced_by"):
        found = _person(reference, reader, key, resolver)
        if found is not None and found != contact.slug:
            contact.introduced_by.append(found)
    contact.body_links = body_finds(reader.raw).new_links()
    _resolve_links(contact.body_links, reader, resolver)
    # [[links]] in other front-matter values (e.g. `company: "[[Northwind]]"`) resolve too.
    _resolve_front_matter_links(reader, resolver, skip={"introduced_by", "name", "aliases"})
    if contact.follow_up is not None:
        contact.tasks.append(Task(note="", line=reader.line(reader.key("next_follow_up")) or 1,
                                  text="Follow up", done=False, due=contact.follow_up, waiting=False,
                                  people=[contact.slug], synthetic=True, contact=contact.slug,
                                  id=follow_up_id(contact.source.path)))


def _person(reference: str, reader: FieldReader, key: str | None, resolver: Resolver) -> str | None:
    """The contact a people field names; a problem when it names nobody (a person is meant here)."""
    match = resolver.resolve(reference)
    if match is not None and match.kind == "contact":
        return match.slug
    if match is not None and match.kind == "broken":
        reader.problem(key, broken_message(reference, resolver.broken_problem(match.slug)))
    else:
        reader.problem(key, unknown_person(reference, resolver))
    return None


def _resolve_front_matter_links(reader: FieldReader, resolver: Resolver, skip: set[str]) -> None:
    """[[links]] in front-matter values, a text or a list of texts (`colleagues: ["[[Kim]]"]`)."""
    for name, value in reader.raw.meta.items():
        if name in skip:
            continue
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str) and "[[" in text:
                _resolve_links(links_in_line(text, reader.line(name)), reader, resolver)


def _resolve_links(links: list[Link], reader: FieldReader, resolver: Resolver) -> None:
    """Links in text: to a person, a note, or any other page of the vault. A link to nothing is
    normal (Obsidian makes pages on first click) unless it is one or two edits from someone's
    name: then a person was meant and misspelt."""
    for link in links:
        match = resolver.resolve(link.target)
        if match is None:
            near = [] if link.embed else resolver.near_contacts(link.target)
            if near:
                reader.problems.append(Problem(
                    reader.path, link.line,
                    f"[[{shown(link.target)}]] links to nobody; did you mean "
                    + " or ".join(f"'{name}'" for name in near) + "?"))
        elif match.kind == "contact" and not link.embed:
            link.contact = match.slug
        elif match.kind == "note":
            link.note = match.slug
        elif match.kind == "broken" and not link.embed:
            reader.problems.append(Problem(reader.path, link.line,
                                           broken_message(link.target, resolver.broken_problem(match.slug))))


def broken_message(reference: str, problem: Problem) -> str:
    """A link to a person whose file cannot be read: which file, and why (the file's own problem)."""
    where = f"line {problem.line}: " if problem.line else ""
    return (f"[[{shown(strip_link_syntax(reference))}]] is the contact in {problem.path}, whose file could "
            f"not be read ({where}{problem.message}); the link is not shown until that file is fixed")


def unknown_person(reference: str, resolver: Resolver) -> str:
    target = strip_link_syntax(reference)
    if "@" in target and " " not in target.strip():
        return (f"'{shown(target)}' is not a known contact: no contact has that e-mail address; add it to "
                "the person's contact file (email:), or add a contact for them")
    message = f"'{shown(target)}' is not a known contact: no contact has that name, alias or file name"
    close = resolver.near_contacts(target) or resolver.candidates(target)
    if close:
        message += "; did you mean " + " or ".join(f"'{c}'" for c in close[:3]) + "?"
    else:
        message += f"; add a contact for them (kith add \"{shown(target)}\") or fix the spelling"
    return message


# Notes.

def date_from_stem(file_name: str) -> dt.date | None:
    match = _STEM_DATE.match(file_name)
    if match is None:
        return None
    try:
        return parse_date("-".join(match.groups()))
    except DateError:
        return None


def first_heading(body: str) -> str | None:
    if "#" not in body:
        return None
    if "```" not in body and "~~~" not in body:  # no code: the first heading line of the text
        match = _HEADING_LINE.search(body)
        return match.group(1).strip() if match else None
    for _, line in iter_prose_lines(body):
        match = _HEADING.match(line)
        if match:
            return match.group(1).strip()
    return None


def title_from_stem(file_name: str) -> str:
    """`2026-04-14 Call with Tomas Berg` -> `Call with Tomas Berg`; `2026-11-20-coffee-with-aisha`
    -> `Coffee with aisha`; "" when the file name is only a date."""
    words = _STEM_DATE.sub("", file_name, count=1)
    if _SLUG_LIKE.match(words.lower()) and (words == words.lower()):
        words = words.replace("-", " ").replace("_", " ")
    words = " ".join(words.split())
    return words[:1].upper() + words[1:]


def build_note(reader: FieldReader, taken: Mapping[str, Note]) -> Note | None:
    raw = reader.raw
    file_name = stem(raw.source.path)
    if reader.key("date") is not None:
        date = reader.date("date", Severity.ERROR, "; the note is left out until its date is fixed")
        if date is None:
            return None
    else:
        date = date_from_stem(file_name)
        if date is None and reader.key("created") is not None:
            date = reader.date("created", Severity.ERROR, "; the note is left out until its date is fixed")
            if date is None:
                return None
        if date is None:
            reader.problems.append(Problem(
                reader.path, 2 if raw.key_lines else 1,
                "note has no date, so it is left out; add a line 'date: YYYY-MM-DD' to the front matter, "
                "or start the file name with the date (2026-11-20 Coffee with Aisha.md)",
                Severity.ERROR,
            ))
            return None
    title = reader.text("title") or first_heading(raw.body) or title_from_stem(file_name)
    kind = reader.text("kind")
    if kind is not None and "[[" in kind:
        kind = strip_link_syntax(kind) or None  # `type: ["[[Lunch]]"]`: a link to the page of a kind
    if not title:
        title = f"{(kind or 'conversation').capitalize()} on {date.day} {date:%B %Y}"
    note = Note(slug=file_slug(reader, taken, "notes"), date=date, title=title, source=raw.source,
                body=raw.body, body_line=raw.body_line)
    if kind is not None:
        note.kind = " ".join(kind.lower().split())  # any word is a kind; the known ones get icons
    note.tags, note.tag_sources = tags(reader.texts("tags"))
    note.follow_up = reader.date("follow_up")
    note.summary = reader.text("summary")
    note.event_uid = reader.text("event_uid")
    note.occurrence = reader.text("occurrence")
    note.private = reader.private()
    return note


def plain_title(note: Note, visibility: Visibility, names: Callable[[str, str], str]) -> str:
    """`# Coffee with [[aisha|Aisha]]` is titled "Coffee with Aisha": a title is shown as plain text
    (in lists, the browser tab, search), so each link reads as its label or the person's name; a
    public note does not name a private person or note in its title."""
    if "[[" not in note.title:
        return note.title
    return visibility.plain(note.title, names)


def resolve_note(note: Note, reader: FieldReader, resolver: Resolver) -> None:
    keys = reader.keys("with")
    for key in keys:
        for reference in reader.texts_at(key):
            found = _person(reference, reader, key, resolver)
            if found is not None and found not in note.participants:
                note.participants.append(found)
    note.body_links = body_finds(reader.raw).new_links()
    _resolve_links(note.body_links, reader, resolver)
    _resolve_front_matter_links(reader, resolver, skip={*keys, "title"})
    note.tasks = _tasks(note, reader)
    if note.follow_up is not None:
        note.tasks.append(Task(note=note.slug, line=reader.line(reader.key("follow_up")) or 1,
                               text="Follow up", done=False, due=note.follow_up, waiting=False,
                               people=list(note.participants), synthetic=True,
                               id=follow_up_id(note.source.path)))


def _tasks(note: Note, reader: FieldReader) -> list[Task]:
    tasks: list[Task] = []
    finds = body_finds(reader.raw)
    if not finds.tasks:
        return tasks
    links_by_line: dict[int, list[Link]] = {}
    for link in note.body_links:
        if link.line is not None:
            links_by_line.setdefault(link.line, []).append(link)
    for number, task_id, task in finds.numbered_tasks():
        for message in task.bad_dates:
            reader.problems.append(Problem(reader.path, number, message))
        people = list(dict.fromkeys(link.contact for link in links_by_line.get(number, []) if link.contact))
        # Tasks' scheduled date (⏳) is "not before": a task with only ⏳ is due then; one with a
        # later ⏳ than its 📅 is put off until then (core/followups.py `TaskItem.date`).
        tasks.append(Task(note=note.slug, line=number, text=task.text, done=task.done,
                          due=task.dates.get("due") or task.dates.get("scheduled"), waiting=task.waiting,
                          people=people or list(note.participants), scheduled=task.dates.get("scheduled"),
                          start=task.dates.get("start"), status=task.status, recurring=task.recurring,
                          id=task_id))
    return tasks


# Private names typed as plain words.

# The front-matter fields a profile publishes as text.
_PUBLISHED_CONTACT_FIELDS = ("company", "role", "location", "met_at", "expertise", "interests", "tags")


def plain_name_warnings(names: PrivateNames,
                        records: Sequence[tuple[Contact | Note, FieldReader]]) -> list[list[Problem]]:
    """For each record, the warnings for a public record whose published text (or file name, which
    becomes its address) names a private contact as plain words. The texts of a few dozen records
    are scanned in one pass: a vault has thousands of records, and one pass over all of them would
    go through memory several times over."""
    found: list[list[Problem]] = [[] for _ in records]
    if names.automaton is None:
        return found
    for first in range(0, len(records), _RECORDS_PER_SCAN):
        batch = range(first, min(first + _RECORDS_PER_SCAN, len(records)))
        _scan_for_private_names(names, records, batch, found)
    return found


_RECORDS_PER_SCAN = 32


def _scan_for_private_names(names: PrivateNames, records: Sequence[tuple[Contact | Note, FieldReader]],
                            indexes: range, found: list[list[Problem]]) -> None:
    texts: list[tuple[int, str]] = []
    owners: list[tuple[int, bool]] = []  # for each text: its record, and whether it is the file name
    for index in indexes:
        record, reader = records[index]
        if record.private:
            continue
        published = _published_texts(record, reader)
        texts += published
        owners += [(index, False)] * len(published)
        texts.append((1, stem(record.source.path).replace("-", " ").replace("_", " ")))
        owners.append((index, True))
    file_named: set[int] = set()
    for text, line, name in names.scan(texts):
        index, file_name = owners[text]
        path = records[index][1].path
        if not file_name:
            found[index].append(plain_name_problem(path, line, name))
        elif index not in file_named:  # said once
            file_named.add(index)
            found[index].append(Problem(path, 1, f"the file name names the private contact '{name}', and "
                                        "it becomes the page's address; rename the file"))


def _published_texts(record: Contact | Note, reader: FieldReader) -> list[tuple[int, str]]:
    """A record's texts a site publishes as written, each with the line it starts on."""
    texts: list[tuple[int, str]] = [(record.body_line, record.body)]
    if isinstance(record, Note):
        texts.append((reader.line(reader.key("title")) or 1, record.title))
        if record.summary:
            texts.append((reader.line(reader.key("summary")) or 1, record.summary))
    else:
        for name in _PUBLISHED_CONTACT_FIELDS:
            key = reader.key(name)
            if key is not None:
                texts += [(reader.line(key) or 1, value) for value in reader.texts_at(key)]
    return texts
