"""Property-based tests: arbitrary bytes, text and front matter never crash kith.

Whatever a file holds, the loader returns problems (each with a file and a message), the link
resolver answers, and body preparation yields HTML with no live markup. Examples are kept few
enough for the whole module to run in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from kith.core.dates import DateError, parse_birthday, parse_cadence, parse_date
from kith.core.frontmatter import read_file
from kith.core.links import Resolver, find_links
from kith.core.loader import VaultLoader
from kith.core.model import Problem
from kith.core.privacy import Visibility
from kith.site.build import BODY_KINDS, BODY_SLOT, SiteBuild, SiteOptions
from kith.site.markdown import (
    SAFE_STYLE_PROPERTIES,
    excerpt,
    link_html,
    narrow_html,
    plain_text,
    prepare_body,
    safe_html,
)

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values users write, right and wrong, mixed with anything at all.
TRICKY = ["2026-02-30", "13-45", "next tuesday", "2026-11-20", "04-17", "6w", "0d", "-3m", "close",
          "besties", "[[Aisha Rahman]]", "[[Nobody]]", "<script>alert(1)</script>", "../../etc", "",
          "true", "maybe", "📅 2026-11-27", "a: b", "#tag", "[[", "]]", "|", "\t", "\x00", "\ufeff"]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(TRICKY), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=10,
)
FIELDS = st.one_of(st.sampled_from([
    "name", "aliases", "company", "role", "email", "phone", "links", "tags", "expertise", "interests",
    "circle", "cadence", "met", "met_at", "introduced_by", "birthday", "private", "publish", "date",
    "title", "with", "participants", "kind", "follow_up", "first_name", "last_name", "website",
]), st.text(min_size=1, max_size=10))
FRONT_MATTER = st.dictionaries(FIELDS, VALUES, max_size=8)
BODY_LINES = st.one_of(
    st.text(max_size=60),
    st.sampled_from([
        "- [ ] Send [[Aisha Rahman]] the report 📅 2026-11-27", "- [x] Done due:2026-02-30",
        "- [ ] Waiting #waiting due:13-45", "```", "~~~", "# Heading [[Kim Osei|Kim]]",
        "<img src=x onerror=alert(1)>", "```<script>alert(1)</script>", "a `b", "`<b>` c`",
        "[x](javascript:alert(1))", "[[Nobody <b>]]", "`code <script>`", "    indented <code>", "| a | b |",
        "[y](https://ok.example){: onclick=\"alert(1)\" }", "> quote [[x]]", "[[a#b|c]]", "[[", "]]",
    ]),
)
BODIES = st.lists(BODY_LINES, max_size=15).map("\n".join)
YAMLISH = st.text(alphabet=string.ascii_letters[:6] + string.digits[:4] + ":-[]{}\"'#|>&*!%@,?\t\n ._",
                  max_size=200)


def check_problem(problem: Problem, names: set[str], lines: dict[str, int]) -> None:
    """A problem names one of the files, a line inside it (when it has one) and says something."""
    assert problem.path in names, problem
    assert isinstance(problem.message, str) and len(problem.message) > 10, problem
    assert problem.line is None or 1 <= problem.line <= lines[problem.path] + 1, problem


def line_count(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") + 1


def document(front: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


@FAST
@given(data=st.binary(max_size=3000))
def test_read_file_takes_any_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contact.md"
        path.write_bytes(data)
        raw = read_file(path, "contacts/contact.md")
    assert isinstance(raw.meta, dict) and isinstance(raw.body, str)
    for problem in raw.problems:
        check_problem(problem, {"contacts/contact.md"}, {"contacts/contact.md": line_count(data)})


@FAST
@given(front=YAMLISH, body=BODIES)
def test_read_file_takes_any_yaml_like_front_matter(front: str, body: str) -> None:
    text = f"---\n{front}\n---\n{body}"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "note.md"
        path.write_text(text, "utf-8")
        raw = read_file(path, "notes/note.md")
    for problem in raw.problems:
        check_problem(problem, {"notes/note.md"}, {"notes/note.md": line_count(text.encode())})
    if raw.usable:
        assert all(isinstance(key, str) for key in raw.meta)


@SLOW
@given(contacts=st.lists(st.tuples(FRONT_MATTER, BODIES), max_size=4),
       notes=st.lists(st.tuples(FRONT_MATTER, BODIES), max_size=4),
       names=st.lists(st.sampled_from(["Aisha Rahman", "Kim Osei", "aisha-rahman", "Kim"]), max_size=3))
def test_loader_and_site_take_any_front_matter(contacts, notes, names) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        written: dict[str, int] = {}
        for kind, records in (("contacts", contacts), ("notes", notes)):
            (root / kind).mkdir()
            for number, (front, body) in enumerate(records):
                if kind == "contacts" and number < len(names):
                    front = {**front, "name": names[number]}
                data = document(front, body).encode("utf-8")
                (root / kind / f"{kind}-{number}.md").write_bytes(data)
                written[f"{kind}/{kind}-{number}.md"] = line_count(data)
        vault = VaultLoader(root).load()
    for problem in vault.problems:
        check_problem(problem, set(written), written)
    for contact in vault.contacts.values():
        assert isinstance(contact.name, str) and contact.name
        assert re.fullmatch(r"[\w-]+", contact.slug) and len(contact.slug.encode()) <= 100
    for note in vault.notes.values():
        assert isinstance(note.title, str) and isinstance(note.date, dt.date)
    # The whole site is rendered from it: every page, the home page and the feed.
    site = SiteBuild(vault, SiteOptions(today=dt.date(2026, 11, 22)))
    for source, spec in site.pages.items():
        page_url = site.urls.url_of_source(source)
        body = site.clean_body(spec, markdown.markdown(site.markdown(spec, page_url),
                                                       extensions=["toc", "pymdownx.tasklist"]),
                               site.snippets(spec, page_url))
        # Both steps of a page (what search reads, the whole page), and the whole page rendered
        # before its body, as the second process does.
        assert isinstance(site.page_html(spec, page_url, body, for_search=True), str)
        whole = site.page_html(spec, page_url, body)
        if spec.kind in BODY_KINDS and body.strip():
            assert site.page_html(spec, page_url).replace(BODY_SLOT, body, 1) == whole
    site.home_html("")
    if hasattr(site, "feed"):
        site.feed()


@FAST
@given(names=st.lists(st.text(max_size=20), max_size=8),
       references=st.lists(st.text(max_size=25), max_size=8))
def test_resolver_answers_any_reference(names: list[str], references: list[str]) -> None:
    resolver = Resolver()
    slugs = {f"person-{number}" for number in range(len(names))}
    for number, name in enumerate(names):
        resolver.claim_contact(f"person-{number}", f"person-{number}")
        resolver.claim_contact(name, f"person-{number}")
    resolver.add_note("a-note", references[0] if references else "A note")
    for reference in references + names + [f"[[{r}]]" for r in references]:
        found = resolver.contact(reference)
        assert found is None or found in slugs
        match = resolver.resolve(reference)
        assert match is None or match.slug in slugs | {"a-note"}
        assert all(isinstance(name, str) for name in resolver.candidates(reference))


@FAST
@given(text=st.one_of(st.text(max_size=400), BODIES))
def test_links_are_found_on_real_lines(text: str) -> None:
    lines = text.split("\n")
    for link in find_links(text, first_line=5):
        assert 5 <= link.line < 5 + len(lines)
        assert "[[" in lines[link.line - 5]


class _LiveMarkup(HTMLParser):
    """Elements and attributes that run script, load other documents, or restyle the page."""

    DANGEROUS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link",
                 "meta", "base", "form", "button", "textarea", "select", "math", "template", "noscript",
                 "title", "xmp", "plaintext", "portal", "dialog", "audio", "video", "source", "track"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.DANGEROUS:
            self.found.append(tag)
        for name, raw in attrs:
            raw = raw or ""
            value = re.sub(r"[\x00-\x20]+", "", raw).lower()  # as a browser reads a URL
            script_url = value.startswith(("javascript:", "vbscript:", "data:t"))
            if name.startswith("on") or (name in ("href", "src") and script_url):
                self.found.append(f"{tag} {name}={value}")
            if name == "title" and "<" in raw:
                self.found.append(f"{tag} title")
            if name == "src" and not value.startswith("data:image/") and re.match(r"[a-z]+:|[/\\]{2}", value):
                self.found.append(f"{tag} src from another host: {value}")
            if name == "style" and (
                    not {part.split(":")[0] for part in value.split(";") if part} <= SAFE_STYLE_PROPERTIES
                    or re.search(r"[\\@]|url|expression|image-set", value)):
                self.found.append(f"{tag} style={raw}")
            theme_class = name == "class" and any(
                word.startswith("md-") and not word.startswith("md-button") for word in raw.split())
            if theme_class or (name in ("id", "for", "name") and raw.startswith("__")):
                self.found.append(f"{tag} {name}={raw}")  # the theme's components and ids


def _aisha_only() -> Visibility:
    """A resolver that knows one person, who is private."""
    resolver = Resolver()
    resolver.claim_contact("Aisha Rahman", "aisha-rahman")
    return Visibility(resolver, frozenset({"aisha-rahman"}), frozenset())


def _render_link(target: str, label: str | None) -> str:
    # The real renderer, showing everyone.
    visibility = Visibility(_aisha_only().resolver, frozenset(), frozenset())
    render = link_html(visibility, lambda kind, slug: f"../{slug}/", lambda kind, slug: "Aisha")
    return render(target, label)


def _as_published(text: str) -> str:
    return _aisha_only().plain(text, lambda kind, slug: "Aisha")


@FAST
@given(text=st.one_of(st.text(max_size=300), BODIES))
# Found by Hypothesis: spaces a task marker leaves behind made the excerpt stop a line early,
# short of its limit and without the "…" that says more follows.
@example(text="0" * 45 + "  [X]0000 due:0\n0")
def test_any_body_renders_without_live_markup(text: str) -> None:
    prepared = prepare_body(text, _render_link)
    html = safe_html(markdown.markdown(prepared, extensions=[
        "attr_list", "md_in_html", "tables", "toc", "pymdownx.tasklist", "pymdownx.superfences"]))
    parser = _LiveMarkup()
    parser.feed(html)
    assert parser.found == [], (text, html)
    plain = plain_text(text, _as_published)
    assert "\n" not in plain
    short = excerpt(text, _as_published, limit=50)
    assert len(short) <= 51 and (short == plain or short.endswith("…"))


TAG_NAMES = st.sampled_from(["p", "a", "img", "script", "iframe", "svg", "li", "input", "P", "style", "x-y",
                             "label", "td", "path", "math"])
ATTRIBUTE_NAMES = st.sampled_from(["class", "href", "src", "title", "id", "onclick", "style", "data-md-color",
                                   "checked", "srcset", "formaction", "HREF", "on", "for", "name", "type",
                                   "data-clipboard-text", "popover", "target", "rel"])
ATTRIBUTE_VALUES = st.sampled_from([
    "x", "../kim/", "javascript:alert(1)", "java&#115;cript:x", " JaVaScRiPt:x", "data:text/html,x",
    "data:image/png;base64,AA", "__search", "&lt;b&gt;", "", "https://example.org/", "mailto:a@b.c",
    "a\"b", "a>b", "//evil.example/x.png", "\\\\evil.example/x", "position:fixed;inset:0;z-index:9999",
    "color: red; position: fixed", "color: \\75 rl(https://e/x)", "color: u\\rl(x)", "text-align: left;",
    "background-image: image-set(x 1x)", "width: expression(alert(1))", "@import 'x'", "-moz-binding: url(x)",
    "COLOR: RGB(1, 2, 3)", "md-dialog md-dialog--active", "md-button x", "mermaid", "checkbox", "_blank"])


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        name = draw(TAG_NAMES)
        attributes = "".join(
            f" {draw(ATTRIBUTE_NAMES)}" + (f'="{draw(ATTRIBUTE_VALUES)}"' if draw(st.booleans()) else "")
            for _ in range(draw(st.integers(0, 3))))
        parts.append(f"<{name}{attributes}{draw(st.sampled_from(['', ' /', '/']))}>")
        parts.append(draw(st.sampled_from(["text", "a < b", "&amp;", "<!-- c -->", "", f"</{name}>"])))
    return "".join(parts)


@FAST
@given(html=html_fragments())
@example(html='<p style="color: red; position: fixed; inset: 0">x</p><a href="x" class="md-top">y</a>')
def test_any_html_comes_out_without_live_markup_and_stays_as_it_is_when_cleaned_again(html: str) -> None:
    cleaned = safe_html(html)
    parser = _LiveMarkup()
    parser.feed(cleaned)
    assert parser.found == [], (html, cleaned)
    assert _markup(safe_html(cleaned)) == _markup(cleaned), html


def _markup(html: str) -> list[tuple[str, list[tuple[str, str | None]]] | str]:
    """Tags with their attributes (in any order) and text: what a browser makes of the HTML."""
    found: list[tuple[str, list[tuple[str, str | None]]] | str] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, sorted(attrs, key=str)))

        def handle_endtag(self, tag: str) -> None:
            found.append((f"/{tag}", []))

        def handle_data(self, data: str) -> None:
            found.append(data)

    reader = Reader()
    reader.feed(html)
    reader.close()
    return found


@FAST
@given(value=st.one_of(SCALARS, VALUES))
def test_date_parsers_raise_only_date_errors(value: object) -> None:
    for parse in (parse_date, parse_birthday, parse_cadence):
        try:
            result = parse(value)
        except DateError as error:
            assert str(error)
        else:
            if parse is parse_cadence:
                assert 0 < result <= 3650
            elif parse is parse_date:
                assert 1900 <= result.year <= 2999


@given(text=st.text(max_size=300))
def test_narrowed_html_writes_wider_characters_as_references(text: str) -> None:
    narrowed = narrow_html(text)
    assert narrowed == "".join(c if c <= "\xff" else f"&#{ord(c)};" for c in text)
    if max(text, default="\0") <= "\xff":
        assert narrowed is text  # a page with nothing to narrow is kept, not copied
