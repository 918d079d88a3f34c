"""Nothing runs: user text with `<script>`, `<img onerror>`, quote breaks and `javascript:` URLs is
shown as text in every file of the built site, and nothing fires in a real browser.

The vault puts the payloads in every field a user writes; the site is built with the same theme
features and Markdown extensions as the example network (`attr_list`, tooltips, instant loading).
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
from html_sections import content
from kith_browser import browser_page, search
from kith_vault import FEATURED_MKDOCS_YML

TODAY = "2026-11-22"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
QUOTE = "\"onmouseover=\"alert(1)\" x='onfocus='alert(1)' "
JS_URL = "javascript:alert(1)"
TITLE_BREAK = "</title><script>alert(1)</script>"

MKDOCS_YML = FEATURED_MKDOCS_YML.format(site_name="Escaping test")

EVIL_BODY = f"""\
Body {SCRIPT} and {IMG} and {QUOTE}.

Links: [a]({JS_URL}) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) [d](java&#x09;script:alert(1))
[e](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [f][ref] <javascript:alert(1)>
<a href="{JS_URL}">raw anchor</a> <svg onload=alert(1)> <iframe src="{JS_URL}"></iframe>

[tooltip](https://ok.example "t {IMG}") ![pic](pic.png "{IMG}")
[handler](https://ok.example){{: onmouseover="alert(1)" }}
[override](https://ok.example){{: href="{JS_URL}" title="{IMG}" }}

Wiki: [[Evie|{IMG}]] [[Nobody {IMG}]] [[{SCRIPT}]] and entity &lt;script&gt;alert(1)&lt;/script&gt;
Code: `{SCRIPT}`

```html
{SCRIPT}
```

[ref]: {JS_URL}
"""


# Text Markdown reads differently from a first guess: a "fence" it does not accept, a code span
# that pairs across lines, an autolink that is not one. Each once let raw HTML through.
TRICKY_BODY = f"""\
```{SCRIPT}
{SCRIPT}
```

a `b
`{IMG}` c`

<mailto:x/onmouseover=alert(1)> `<svg/onload=alert(1)>``

~~~~
{IMG}
~~~
"""


def write_evil_vault(vault) -> None:
    vault.contact("tricky", TRICKY_BODY, name="Tricky Markdown", tags=["plain"])
    vault.contact(
        "eve", EVIL_BODY, name=f"Eve {SCRIPT}", aliases=[IMG, "Evie"], company=QUOTE, role=f"{SCRIPT} CTO",
        tags=[SCRIPT, IMG, QUOTE, f"parent/{IMG}"], expertise=[IMG, QUOTE], interests=[SCRIPT],
        met_at=f"{IMG} Expo", met="2026-01-05", location=IMG, email=f"eve{QUOTE}@x.org", phone=QUOTE,
        links={"home": JS_URL, SCRIPT: "https://ok.example", "spaced": f"  {JS_URL.upper()}",
               "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
               "vb": "vbscript:msgbox(1)"},
        website=JS_URL, circle="close", birthday="11-30", introduced_by=f"[[{TITLE_BREAK}]]",
    )
    vault.contact("img-only", f"# {IMG}\n{EVIL_BODY}", name=IMG, circle="regular", met="2025-01-01")
    vault.contact("title-break", "Plain.", name=TITLE_BREAK, company=TITLE_BREAK, tags=["plain"])
    vault.note(
        "2026-11-01-evil", f"# {IMG}\n{EVIL_BODY}\n"
        f"- [ ] Send [[Evie|{IMG}]] the {SCRIPT} deck 📅 2026-11-25\n"
        f"- [ ] {QUOTE} [[Nobody {SCRIPT}]] #waiting due:2026-11-26\n"
        f"- [ ] {JS_URL} [link]({JS_URL}) 📅 2026-11-20\n",
        date="2026-11-01", title=f"{SCRIPT} meeting", kind="event", tags=[IMG, f"../{SCRIPT}"],
        follow_up="2026-11-24", **{"with": [f"[[Eve {SCRIPT}]]", "Evie", IMG, TITLE_BREAK]})
    vault.note("2026-11-02-title-break", f"Met [[{TITLE_BREAK}]].\n", date="2026-11-02", title=TITLE_BREAK,
               kind="introduction", **{"with": ["Evie", TITLE_BREAK, IMG]})


@pytest.fixture
def evil_site(vault):
    vault.write("mkdocs.yml", MKDOCS_YML)
    write_evil_vault(vault)
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log
    return result


# What counts as live markup: an element or attribute a browser would act on.
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data"}
_BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text|data:application)", re.IGNORECASE)


class _LiveMarkup(HTMLParser):
    """Collects every piece of live markup a payload could have become."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False
        self.in_content = False  # the theme's own <head> may hold <meta> and <base>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and _BAD_SCHEME.match(re.sub(r"[\x00-\x20]+", "", value)):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "title" and "<" in value:  # Material's tooltips render a title as HTML
                self.found.append(f"<{tag} title={value!r}>")
        if tag in ("iframe", "object", "embed", "base", "form", "frame", "meta") and self.in_content:
            self.found.append(f"<{tag} {attrs}>")
        if tag == "article":
            self.in_content = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._script = False

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(1)" in data:
            self.found.append(f"<script>{data[:60]}")


def live_markup(text: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(text)
    parser.close()
    return parser.found


def output_files(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*") if path.is_file())


def test_every_html_file_shows_payloads_as_text(evil_site) -> None:
    pages = [path for path in output_files(evil_site.site) if path.suffix == ".html"]
    assert len(pages) > 25
    for page in pages:
        text = page.read_text("utf-8")
        assert live_markup(text) == [], page
        lowered = text.lower()
        assert "<script>alert" not in lowered and "<img src=x" not in lowered, page


def test_payloads_really_are_on_the_pages(evil_site) -> None:
    """The payloads are shown, as text, where the user put them: escaping did not just drop them."""
    profile = content(evil_site.page("contacts/eve/"))
    assert profile.find("h1").text() == f"Eve {SCRIPT}"
    assert f"{SCRIPT} CTO at {QUOTE.strip()}" in profile.text()
    body = profile.find("div", "kith-body").text()
    assert f"Body {SCRIPT} and {IMG}" in body and "raw anchor" in body
    hrefs = {a.text(): a.attrs.get("href") for a in profile.find_all("a")}
    assert hrefs["a"] is None and hrefs["b"] is None and hrefs["handler"] == "https://ok.example"
    assert hrefs["override"] is None
    assert "home" not in hrefs and "vb" not in hrefs and hrefs[SCRIPT] == "https://ok.example"
    tricky = content(evil_site.page("contacts/tricky/")).find("div", "kith-body").text()
    assert "alert(1)" in tricky and "<mailto:x/onmouseover=alert(1)>" in tricky
    note = content(evil_site.page("notes/2026-11-01-evil/"))
    assert note.find("h1").text() == f"{SCRIPT} meeting"
    assert f"the {SCRIPT} deck" in note.text()
    head = evil_site.page("notes/2026-11-02-title-break/").split("</head>")[0]
    assert f"<title>{html.escape(TITLE_BREAK)} - Escaping test</title>" in head


def test_search_index_entries_are_escaped(evil_site) -> None:
    """Material's search shows title, text and tags of an entry as HTML: each must be inert."""
    index = json.loads((evil_site.site / "search/search_index.json").read_text("utf-8"))
    entries = index["docs"]
    assert any("Eve" in entry["title"] for entry in entries)
    for entry in entries:
        for field in ("title", "text"):
            assert live_markup(entry[field]) == [], entry["location"]
            assert "<script" not in entry[field].lower() and "<img" not in entry[field].lower()
        for tag in entry.get("tags", []):
            assert "<" not in tag, (entry["location"], tag)
        assert not _BAD_SCHEME.match(entry["location"])


def test_sitemap_lists_only_site_urls(evil_site) -> None:
    sitemap = ElementTree.parse(evil_site.site / "sitemap.xml")
    locations = [element.text or "" for element in sitemap.iter() if element.tag.endswith("loc")]
    assert len(locations) > 20
    for location in locations:
        assert location.startswith("https://network.example.org/"), location
        assert "<" not in location and " " not in location


def test_graphics_have_no_script(evil_site) -> None:
    for path in output_files(evil_site.site):
        if path.suffix == ".svg" or (path.suffix == ".html" and "<svg" in path.read_text("utf-8")):
            text = path.read_text("utf-8")
            for svg in re.findall(r"<svg\b.*?</svg>", text, re.DOTALL):
                assert live_markup(svg) == [], path
                assert "<script" not in svg.lower() and "javascript:" not in svg.lower(), path


def test_calendar_feed_has_no_markup(evil_site) -> None:
    """Calendar apps (Outlook, Google) render HTML in event text: the feed holds none from users."""
    feed = evil_site.site / "follow-ups.ics"
    assert feed.exists()
    text = feed.read_text("utf-8").replace("\r\n ", "").replace("\n ", "")  # unfolded
    assert "Send " in text  # the payload tasks are in the feed
    for needle in ("<script", "<img", "onerror=", "javascript:"):
        assert needle not in text.lower(), needle


@pytest.mark.browser
def test_nothing_runs_in_a_browser(evil_site) -> None:
    """Every page opened, every tooltip hovered, the search used: no payload ever runs."""
    pages = [path.relative_to(evil_site.site).as_posix() for path in output_files(evil_site.site)
             if path.suffix == ".html" and path.name == "index.html" and path.parent.name != "search"]
    fired: list[str] = []
    with browser_page(evil_site.site) as (page, served):
        page.on("dialog", lambda dialog: (fired.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for url in pages:
            page.goto(served + url.removesuffix("index.html"), wait_until="load")
            for element in page.locator("article [title]").all()[:40]:
                if element.is_visible():
                    element.hover(timeout=2000)
            injected = page.evaluate("""() => [...document.querySelectorAll('img, script, iframe, svg')]
                .filter(e => e.hasAttribute('onload') || e.hasAttribute('onerror') || e.tagName === 'IFRAME'
                             || (e.tagName === 'SCRIPT' && /alert\\(1\\)/.test(e.textContent))).length""")
            assert injected == 0, url
        for query in ("Eve", "alert", "onerror", "meeting"):
            page.goto(served, wait_until="networkidle")
            assert search(page, query), query
            for item in page.locator(".md-search-result__item").all()[:10]:
                item.hover(timeout=2000)
            page.wait_for_timeout(300)
            assert page.evaluate("document.querySelectorAll('.md-search-result [onerror]').length") == 0
    assert fired == []
