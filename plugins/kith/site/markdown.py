"""Preparing a user's Markdown body for the site: links resolved, raw HTML made harmless.

Works line by line on the text the user wrote; fenced code and inline code are left alone.
After Markdown, `safe_html` (nh3) writes the result out again with known tags and safe attributes
only, so no extension and no quirk of Markdown's reading can put live markup on a page, restyle it,
or make it load anything from another host.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterator, Sequence
from html import escape

import markdown
import nh3

from ..core.followups import relative_label
from ..core.links import WIKILINK, code_fence_mask, shown_target
from ..core.privacy import PRIVATE, Visibility
from ..core.tasks import CANCELLED, DONE, HAS_CHECKBOX, IN_PROGRESS, TASK_LINE, TaskLine, parse_task_line
from ..core.url_safety import SAFE_SCHEMES, local_image, safe_url

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
# `<` that starts an autolink stays; every other `<` is shown as text, not parsed as HTML.
_RAW_LT = re.compile(r"<(?!(?:https?://[^<>\s]+|mailto:[^<>\s@]+@[^<>\s@]+)>)")
_MARKUP = re.compile(r"[*_`>#~]|^\s*[-+]\s+|\[([ xX])\]\s*")
# No brackets inside a label or parentheses inside a URL: every `[` is scanned once, never re-scanned.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
# attr_list's `{: .class #id key="value" }` (or `{ .class }`): markup, not words of an excerpt.
_ATTR_LIST = re.compile(r"\{:[^{}\n]*\}|\{[ \t]*(?:[.#][\w-]|[\w-]+=)[^{}\n]*\}")

LinkRenderer = Callable[[str, str | None], str]  # (target, label) -> HTML


def link_html(visibility: Visibility, url_for: Callable[[str, str], str],
              names: Callable[[str, str], str]) -> LinkRenderer:
    """How a `[[link]]` becomes HTML on a page: a link to a person or a note, "(private)", or text
    (a page of the vault that is not a person, or one that does not exist yet). A link that
    looks like a misspelt name is marked, as `kith check` reports it."""
    resolver = visibility.resolver

    def render(target: str, label: str | None) -> str:
        match = resolver.resolve(target)
        if match is None and (near := resolver.near_contacts(target)):
            text = escape(label or target)
            # Material's tooltips show a title as HTML: escaped twice, it is shown as text.
            hint = f"No contact is called “{target}”; did you mean {' or '.join(near)}?"
            title = escape(escape(hint), quote=True)
            return f'<span class="kith-unresolved" title="{title}">{text}<sup>?</sup></span>'
        if match is None or match.kind == "page":
            return f'<span class="kith-page">{escape(label or shown_target(target))}</span>'
        if visibility.hides(match):
            # Neither the name nor the label: a label written about a private person names them too.
            return f'<span class="kith-private">{PRIVATE}</span>'
        text = escape(label or names(match.kind, match.slug))
        href = escape(url_for(match.kind, match.slug), quote=True)
        return f'<a class="kith-link kith-link--{match.kind}" href="{href}">{text}</a>'

    return render


# Python-Markdown's inline pass costs (links in a paragraph) x (its length): a pasted transcript
# of 50,000 lines with no blank line takes minutes. Such a run of text lines gets a paragraph
# break every so many lines, which a reader does not miss in a text that long.
PARAGRAPH_LINES = 50
# Lists, quotes, headings, underlines, indented code and table rows: never split.
_NOT_PARAGRAPH_TEXT = re.compile(r"\s*(?:[-*+]\s|\d+[.)]\s|[>#|]|[=-]+\s*$)|\s{4}|\t")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])\s")
# What may start a list right under a paragraph line (CommonMark: a bullet, or the number 1).
_LIST_START = re.compile(r" {0,3}(?:[-*+]|1[.)])\s+\S")


# Obsidian's queries and buttons (Dataview, Datacore, Tasks, Bases, search, Meta Bind): what they
# show exists only in Obsidian, and kith's pages list the same things (conversations, follow-ups).
_QUERY_FENCE = re.compile(
    r"(`{3,}|~{3,}) *(?:dataview(?:js)?|datacore\w*|tasks|bases?|query|meta-bind[\w-]*) *$", re.IGNORECASE)


def without_queries(lines: list[str], in_code: list[bool]) -> None:
    """Blank the lines of fenced query blocks (```dataview ...```), in place."""
    index = 0
    while index < len(lines):
        query = _QUERY_FENCE.match(lines[index]) if in_code[index] else None
        if query is not None:
            fence = query.group(1)
            end = index + 1
            while end < len(lines) and in_code[end] and lines[end].rstrip() != fence:
                end += 1
            for blank in range(index, min(end + 1, len(lines))):
                lines[blank] = ""
            index = end
        index += 1


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def without_comments(text: str) -> str:
    """The text without its HTML comments (`<!-- ... -->`, as Obsidian hides them and `kith log`'s
    template writes one), outside code; each keeps its line breaks, so lines keep their numbers."""
    if "<!--" not in text:
        return text
    in_code = code_fence_mask(text.split("\n"))

    def comment(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        if in_code[text.count("\n", 0, match.start())] or text.count("`", line_start, match.start()) % 2:
            return match.group(0)  # in a code block or an inline code span: shown as written
        return "\n" * match.group(0).count("\n")

    return _COMMENT.sub(comment, text)


# kith's own HTML in a body (a link, a task's dates and badges) goes into the Markdown as a word
# made of this mark and a number, put back after Markdown (`put_back`): Markdown passes a word
# through as it is, where each piece of HTML costs it two parses and a substitution. The mark is
# new in each process (workers forked from it share it), so no text of a user's can hold it.
MARK = f"kith{secrets.token_hex(6)}n"
_KEPT = re.compile(rf"{MARK}(\d+)z")
# A line Markdown may make a heading: its text becomes the table of contents' entry and the
# heading's id, so the HTML in it stays HTML (Markdown reads it out as text).
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_ONE_ELEMENT = re.compile(r"(<(a|span)\b[^<>]*>)([^<>]*)(</\2>)")


class Snippets(list[str]):
    """The HTML kept out of one body's Markdown, in order; `keep` gives the word that stands for one."""

    def keep(self, html: str) -> str:
        self.append(html)
        return f"{MARK}{len(self) - 1}z"


def put_back(html: str, snippets: Sequence[str]) -> str:
    """The body's HTML with kith's own HTML where its words stand."""
    if not snippets or MARK not in html:
        return html
    return _KEPT.sub(lambda match: snippets[int(match.group(1))] if int(match.group(1)) < len(snippets)
                     else match.group(0), html)


def prepare_body(text: str, render_link: LinkRenderer, today: dt.date | None = None,
                 snippets: Snippets | None = None) -> str:
    """The body as Markdown for the page: `[[links]]` as HTML anchors, raw HTML escaped, comments
    and Obsidian's query blocks left out, tasks with their dates in words (and, given `today`, how
    far off). Given `snippets`, that HTML is kept there, a word in its place (see `MARK`), but in
    a line that may be a heading."""
    text = without_comments(text)
    lines = text.split("\n")
    html_link = render_link
    if snippets is not None:

        def render_link(target: str, label: str | None) -> str:
            html = html_link(target, label)
            # The label stays in the Markdown, between its tags (`[[Sam|Sam *the* man]]`).
            tags = _ONE_ELEMENT.fullmatch(html)
            if tags is None:
                return snippets.keep(html)
            return snippets.keep(tags.group(1)) + tags.group(3) + snippets.keep(tags.group(4))
    in_code = code_fence_mask(lines)  # the same fenced blocks Markdown will see: left as written
    if "```" in text or "~~~" in text:
        without_queries(lines, in_code)
    has_tasks = HAS_CHECKBOX.search(text) is not None
    run = 0  # text lines in a row, in one paragraph
    in_list = False
    for index, line in enumerate(lines):
        if in_code[index]:
            run = 0
            in_list = False
            continue
        task = parse_task_line(line) if has_tasks and "[" in line else None
        if task is not None:
            line = lines[index] = _task_markdown(line, task, render_link, today, snippets)
        elif "<" in line or "[[" in line:
            heading = snippets is not None and "[[" in line and (
                _HEADING.match(line) is not None
                or (index + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[index + 1]) is not None))
            line = lines[index] = _prepare_line(line, html_link if heading else render_link)
        if _LIST_ITEM.match(line):
            if run and not in_list and _LIST_START.match(line):
                # Tasks written right under a paragraph (as Obsidian allows) are a list, not
                # more of the paragraph: Python-Markdown needs a blank line to see that.
                lines[index] = "\n" + line
            in_list = True
            run = 0
        elif not line.strip() or _NOT_PARAGRAPH_TEXT.match(line) or "|" in line:
            if line.strip() and not line[0].isspace():
                in_list = False  # a heading, quote or table ends a list
            run = 0
        else:
            if run == 0 and not line[0].isspace() and (index == 0 or not lines[index - 1].strip()):
                in_list = False  # a paragraph after a blank line, not indented: the list is over
            if run == PARAGRAPH_LINES:
                lines[index] = "\n" + line
                run = 0
            run += 1
    return "\n".join(lines)


# How a task's dates read after its text, in the order shown.
_TASK_DATES = (("due", "due"), ("scheduled", "scheduled"), ("start", "starts"), ("done", "done"),
               ("cancelled", "cancelled"))


def _task_markdown(line: str, task: TaskLine, render_link: LinkRenderer, today: dt.date | None,
                   snippets: Snippets | None = None) -> str:
    """A task line as the page shows it: a checkbox the task list extension knows (`[x]` for
    done or cancelled, `[ ]` otherwise), the text without Tasks' and Dataview's markers, then what
    they said in words: its dates, and badges for how far off it is (an open task, relabelled by
    kith.js on the reader's date), in progress, cancelled (struck through too), waiting."""
    match = TASK_LINE.match(line)
    assert match is not None
    checked = "x" if task.done else " "
    text = _prepare_line(task.text, render_link)
    if task.status == CANCELLED:
        text = f"<del>{text}</del>"
    dates = [f"{words} {task.dates[name].day} {task.dates[name]:%b %Y}" for name, words in _TASK_DATES
             if name in task.dates and not (name == "done" and task.status != DONE)]
    if task.recurring:
        dates.append("recurring")
    after = []
    if dates:
        after.append(f'<span class="kith-task__dates">{" · ".join(dates)}</span>')
    when = task.dates.get("due") or task.dates.get("scheduled")
    if when is not None and today is not None and not task.done:
        after.append(_when_badge(when, today))
    badges = {IN_PROGRESS: "in progress", CANCELLED: "cancelled"}
    if task.status in badges:
        after.append(_badge(badges[task.status], task.status.replace(" ", "-")))
    if task.waiting and not task.done:
        after.append(_badge(WAITING_BADGE, "waiting"))
    if snippets is not None and after:
        after = [snippets.keep(" ".join(after))]
    shown = [text] if text else []
    return f"{match.group(1)}{checked}{match.group(3)}{' '.join(shown + after)}"


# What `#waiting` reads as: someone else owes it (core/tasks.py).
WAITING_BADGE = "waiting on them"


def _badge(words: str, kind: str) -> str:
    return f'<span class="kith-badge kith-badge--{kind}">{words}</span>'


def _when_badge(day: dt.date, today: dt.date) -> str:
    """How far off a date is ("overdue by 3 days", "today", "in 5 days"), as kith.js relabels it on
    the reader's date. Left out of search: what it says is true on the day of the build only."""
    days = (day - today).days
    modifier = " kith-when--overdue" if days < 0 else " kith-when--today" if days == 0 else ""
    iso = day.isoformat()
    return (f'<time class="kith-when{modifier}" datetime="{iso}" data-kith-date="{iso}" data-search-exclude>'
            f'{relative_label(day, today)}</time>')


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
    if "[[" not in text:
        return _RAW_LT.sub("&lt;", text) if "<" in text else text
    # Links first, then `<` in the text between them: a label is escaped once, not twice.
    parts: list[str] = []
    position = 0
    for match in WIKILINK.finditer(text):
        before = text[position:match.start()]
        if before.endswith("!"):
            before = before[:-1]  # an embed (`![[...]]`) is shown as what it links to
        parts.append(_RAW_LT.sub("&lt;", before))
        parts.append(render_link(match.group(1).strip(), _label(match.group(2))))
        position = match.end()
    parts.append(_RAW_LT.sub("&lt;", text[position:]))
    return "".join(parts)


def _label(label: str | None) -> str | None:
    return label.strip() or None if label else None


# A text with its `[[links]]` as they read, privacy kept: `Visibility.plain` (core/privacy.py),
# the one place links become text, bound to the names of a build.
PlainText = Callable[[str], str]


def plain_text(text: str, plain: PlainText) -> str:
    """A body's prose as one line of plain text: markup and links removed, without its tasks and
    headings."""
    return " ".join(" ".join(_plain_lines(text, plain)).split())


# An ATX heading (`## Next steps`): a title over the prose, not part of it.
_HEADING = re.compile(r" {0,3}#{1,6}(?:\s|$)")


def _plain_lines(text: str, plain: PlainText) -> Iterator[str]:
    """The lines of prose: tasks (follow-ups, listed in their own place), headings and comments left
    out, so an excerpt never runs "…the programme outline Sam to share the list…"."""
    lines = without_comments(text).split("\n")
    in_code = code_fence_mask(lines)
    for index, line in enumerate(lines):
        if in_code[index] or not line.strip():
            continue
        if "[" in line and TASK_LINE.match(line) is not None:
            continue
        if "#" in line and _HEADING.match(line):
            continue
        if "[[" in line:
            line = plain(line.replace("![[", "[["))  # an embed reads as what it shows
        line = _MD_LINK.sub(r"\1", line)
        if "{" in line:
            line = _ATTR_LIST.sub("", line)
        line = _MARKUP.sub("", line).strip()
        if line:
            yield line


def excerpt(text: str, plain: PlainText, limit: int = 180) -> str:
    """The start of a body as plain text, cut at a word; reads only as many lines as it needs."""
    collected: list[str] = []
    length = 0
    for line in _plain_lines(text, plain):
        line = " ".join(line.split())  # counted as it will read, so it stops only past the limit
        collected.append(line)
        length += len(line) + 1
        if length > limit + 1:
            break
    plain = " ".join(collected)
    if len(plain) <= limit:
        return plain
    cut = plain.rfind(" ", 0, limit)
    return plain[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"


# Making rendered body HTML safe. Raw HTML in a body is escaped before Markdown runs, but
# extensions still let a user set attributes (`attr_list`: `{: onclick=... }`, `{: style=... }`,
# `{: .md-dialog }`) and URLs (`[x](javascript:...)`), and any text Markdown reads differently from
# `prepare_body` (a fence it does not accept, a code span it pairs otherwise) reaches the HTML raw.
# So the HTML goes through nh3 (Python's binding of the Rust sanitiser ammonia): parsed as a
# browser parses it, written out again with only the tags and attributes below, and every value
# checked by `_checked_attribute`. Everything else is dropped; text stays text.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
    # Icons inlined by Markdown extensions (Material's `:material-...:` emoji as SVG).
    "svg", "g", "path", "circle", "ellipse", "line", "polygon", "polyline", "rect",
})
# The attributes kept, by tag ("*": on every tag above), as the extensions write them: task lists
# (label, input, span), the table of contents (heading ids, headerlinks), code highlighting
# (classes, line numbers and their anchors), tables (cell alignment as `style`), footnotes,
# abbreviations, tabs (radio inputs and their labels), icons. Not an image's width or height: a
# missing picture inside a link, sized with attr_list, is a link as large as the window.
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "style"},
    "a": {"href", "name"},
    "img": {"src", "alt", "align", "loading"},
    "input": {"checked", "disabled", "name"},
    "label": {"for"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime", "data-kith-date", "data-search-exclude"},  # a task's due badge (kith.js)
    "del": {"datetime"},
    "ins": {"datetime"},
    "details": {"open"},
    "span": {"data-linenos"},  # pymdownx.highlight's line numbers
    "div": {"data-tabs"},  # pymdownx.tabbed
    "svg": {"xmlns", "viewBox", "width", "height", "fill"},
    "g": {"fill", "fill-rule"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "circle": {"cx", "cy", "r", "fill"},
    "ellipse": {"cx", "cy", "rx", "ry", "fill"},
    "line": {"x1", "y1", "x2", "y2"},
    "polygon": {"points", "fill"},
    "polyline": {"points", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "ry", "fill"},
}
# Attributes kept only with one of these values.
_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "input": {"type": {"checkbox", "radio"}},
    "a": {"target": {"_blank"}},
}
# What `style` may set: colours, alignment and emphasis, which cannot move, cover or resize
# anything, nor load anything. (Tables write their cells' alignment as `style="text-align: ..."`.)
SAFE_STYLE_PROPERTIES = frozenset({
    "color", "background-color", "text-align", "font-weight", "font-style", "text-decoration",
})
# The functions such values may use. A style with any other (`url(`, `image-set(`, `expression(`),
# a CSS escape (`\75 rl(`, `u\rl(`), an at-rule, a comment or a string is dropped whole, before
# the sanitiser keeps the properties above: nothing that could read as a request reaches the page.
_STYLE_FUNCTIONS = frozenset({
    "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color", "color-mix", "var",
})
_STYLE_FUNCTION = re.compile(r"([\w-]*)\(")
_UNSAFE_IN_STYLE = ("\\", "@", "/*", "<", '"', "'")
# Classes of the theme's own components (`md-dialog`, `md-top`, `md-overlay`... are fixed to the
# window): a body may use its buttons only. `mermaid` makes the theme fetch its diagram script
# from unpkg.com, and a page of kith loads nothing from another host.
_THEME_CLASS = "md-"
_THEME_CLASSES_ALLOWED = frozenset({"md-button", "md-button--primary"})
_FETCHING_CLASSES = frozenset({"mermaid"})
# Ids the theme's scripts look up (`__search`, `__drawer`, `__config`) are renamed in bodies.
_THEME_ID = "__"
_RENAMED_ID = "kith"  # `__search` becomes `kith__search`


# What a search index leaves out of a cleaned body anyway: a task's checkbox (an element with no
# text) and the tags of kith's links (their text stays). The search plugin's parser, Python's
# HTMLParser, takes markedly longer over each tag than over text; a regular expression drops these
# at a fraction of that. Safe on cleaned HTML only: there every `"` inside an attribute value is
# written `&quot;`, so neither pattern can match inside one.
_TASK_CHECKBOX_CONTROL = re.compile(
    r'<label class="task-list-control"><input[^<>]*><span class="task-list-indicator"></span></label>')
_KITH_LINK = re.compile(r'<a class="kith-link[^"<>]*" href="[^"<>]*"(?: rel="[^"<>]*")?>([^<>]*)</a>')


def searchable_body(clean_html: str) -> str:
    """A cleaned body as a search index reads it, less the markup it would leave out."""
    if "task-list-control" in clean_html:
        clean_html = _TASK_CHECKBOX_CONTROL.sub("", clean_html)
    if "kith-link" in clean_html:
        clean_html = _KITH_LINK.sub(r"\1", clean_html)
    return clean_html


def narrow_html(html: str) -> str:
    """HTML with every character beyond Latin-1 written as a character reference (`&#9749;`).

    Python stores a string in 1, 2 or 4 bytes a character, by its widest one: a single emoji (a
    conversation's kind icon) makes a page's content four times its size in memory, and MkDocs
    keeps every page's content to the end of the build. Browsers, and the search plugin's parser,
    read a reference as the character itself. Only for HTML without `<script>` or `<style>`, where
    references are not read: kith's templates have none and bodies are cleaned of them.
    """
    if html.isascii():
        return html
    try:
        html.encode("latin-1")  # fails fast at the first wider character; a narrow page is kept
    except UnicodeEncodeError:
        return html.encode("latin-1", "xmlcharrefreplace").decode("latin-1")
    return html


def _renamed(value: str) -> str:
    return _RENAMED_ID + value if value.startswith(_THEME_ID) else value


def _checked_href(tag: str, value: str) -> str | None:
    if not safe_url(value):
        return None
    # `#__codelineno-0-1`: an anchor to an id renamed above.
    return "#" + _renamed(value[1:]) if value.startswith("#" + _THEME_ID) else value


def _checked_src(tag: str, value: str) -> str | None:
    return value if local_image(value) else None


def _checked_title(tag: str, value: str) -> str:
    # Material's tooltips show a title as HTML: escaped once more, it shows as the text it is.
    return escape(value, quote=False) if "<" in value else value


def _checked_class(tag: str, value: str) -> str | None:
    if _THEME_CLASS not in value and not any(name in value for name in _FETCHING_CLASSES):
        return value
    kept = [name for name in value.split() if name not in _FETCHING_CLASSES
            and (not name.startswith(_THEME_CLASS) or name in _THEME_CLASSES_ALLOWED)]
    return " ".join(kept) or None


def _checked_style(tag: str, value: str) -> str | None:
    if any(part in value for part in _UNSAFE_IN_STYLE):
        return None
    if "(" in value and not all(name.lower() in _STYLE_FUNCTIONS for name in _STYLE_FUNCTION.findall(value)):
        return None
    # Without quotes, comments or escapes a declaration ends at the next `;`. The sanitiser keeps
    # the same properties (named in lower case); here a style left with none is dropped, not kept
    # as `style=""`.
    kept = []
    for declaration in value.split(";"):
        name, _, setting = declaration.partition(":")
        name = name.strip().lower()
        if name in SAFE_STYLE_PROPERTIES and setting.strip():
            kept.append(f"{name}:{setting.strip()}")
    return ";".join(kept) if kept else None


def _checked_name(tag: str, value: str) -> str:
    return _renamed(value)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _checked_day(tag: str, value: str) -> str | None:
    return value if _ISO_DAY.fullmatch(value) else None


_CHECKS: dict[str, Callable[[str, str], str | None]] = {
    "href": _checked_href, "src": _checked_src, "title": _checked_title, "class": _checked_class,
    "style": _checked_style, "id": _checked_name, "name": _checked_name, "for": _checked_name,
    "data-kith-date": _checked_day,
}


def _checked_attribute(tag: str, name: str, value: str) -> str | None:
    """An attribute's value as written back, or None to drop it."""
    check = _CHECKS.get(name)
    return value if check is None else check(tag, value)


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},  # dropped with what they hold
    attributes=_ATTRIBUTES,
    tag_attribute_values=_ATTRIBUTE_VALUES,
    attribute_filter=_checked_attribute,
    strip_comments=True,
    # Links leaving the site do not tell where the reader came from (nor get a handle on the page).
    link_rel="noopener noreferrer",
    url_schemes=set(SAFE_SCHEMES | {"data"}),  # data: only for images, as `_checked_src` says
    filter_style_properties=set(SAFE_STYLE_PROPERTIES),
)


def safe_html(html: str) -> str:
    """Rendered body HTML with only known tags, no event handlers, script URLs or images from other
    hosts, no styles that move or cover anything, and titles that Material's tooltips (which show a
    title as HTML) show as text."""
    if "<" not in html:
        return html
    return _CLEANER.clean(html)


# pymdownx.tasklist wraps each checkbox in a `<label>` with no text, before the task's text: a
# screen reader would announce a checkbox with no name.
_TASK_CHECKBOX = re.compile(
    r'(<li class="task-list-item">(?:<label class="task-list-control">)?<input)\b([^>]*)>')


def labelled_tasks(html: str) -> str:
    """Task-list checkboxes named for what they say: "done" or "to do"."""
    if "task-list-item" not in html:
        return html

    def label(match: re.Match[str]) -> str:
        attributes = match.group(2)
        if "aria-label" in attributes:
            return match.group(0)
        state = "done" if re.search(r"\bchecked\b", attributes) else "to do"
        closing = "/>" if attributes.endswith("/") else ">"
        return f'{match.group(1)} aria-label="{state}"{attributes.rstrip("/")}{closing}'

    return _TASK_CHECKBOX.sub(label, html)


# Rendering a body's Markdown without the site engine, with the site's extensions: for the tests
# and the benchmark of the sanitiser (bench/sanitise.py).
class BodyMarkdown:
    """Python-Markdown with the site's extensions, one instance reused for every body."""

    def __init__(self, extensions: list, extension_configs: dict) -> None:
        self._markdown = markdown.Markdown(extensions=extensions, extension_configs=extension_configs or {})

    def render(self, text: str) -> str:
        return self._markdown.reset().convert(text)
