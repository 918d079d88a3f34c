"""Bodies cannot restyle the page: a `style` or a theme class set with attr_list on a link in a body
(written by the user, or an imported vCard NOTE) covers nothing, moves nothing and loads nothing.

The page keeps what an honest body styles: colours and emphasis, table cell alignment, Material's
buttons. Built with the real `mkdocs build --strict`, then opened in Chromium.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import material.extensions.emoji as emoji
import pytest
from html_sections import content, parse
from kith.site.markdown import BodyMarkdown, safe_html
from kith_browser import browser_page
from kith_vault import FEATURED_MKDOCS_YML

MKDOCS_YML = FEATURED_MKDOCS_YML.format(site_name="Restyling test")

OVERLAY = '{: style="position:fixed;inset:0;z-index:9999" }'
# CSS that reads as a request or runs script in some browser, each behind a style filter's back.
# Every URL is unique, so a test can say it is nowhere in the output.
STYLE_TRICKS = [
    r"color: \75 rl(https://evil.example/escaped-hex.png)",
    r"color: u\rl(https://evil.example/escaped-letter.png)",
    "background-image: image-set('https://evil.example/image-set.png' 1x)",
    "width: expression(alert('expression'))",
    "color: red; @import url(https://evil.example/import.css)",
    "-moz-binding: url(https://evil.example/binding.xml#x)",
    "background: url(https://evil.example/background.png)",
    "content: url(https://evil.example/content.png)",
    "position: absolute; top: 0; left: 0; width: 100vw; height: 100vh",
    "transform: scale(40)",
    "color: red /* */; z-index: 9998",
]
# The theme's own components: each is fixed to the window or lies over the page.
THEME_CLASSES = ".md-dialog .md-dialog--active", ".md-top", ".md-overlay", ".md-search__overlay"
# None of these is anywhere in the output; the theme's classes are nowhere in the content.
SURVIVING_WORDS = ["z-index", "inset:", "position:", "\\75", "u\\rl", "image-set", "expression(",
                   "@import", "-moz-binding", "scale(40)", "evil.example/escaped", "evil.example/import",
                   "evil.example/binding", "evil.example/background", "evil.example/content"]

# What the bodies' honest styles become: table cells' alignment, the red and bold link.
HONEST_STYLE = re.compile(r"text-align:(?:left|center|right)|color:red;font-weight:bold")


def attack_body(who: str) -> str:
    tricks = "\n".join(f'[trick {n}](https://evil.example/{who}/trick-{n}){{: style="{style}" }}'
                       for n, style in enumerate(STYLE_TRICKS))
    themed = "\n".join(f"[theme {n}](https://evil.example/{who}/theme-{n}){{: {classes} }}"
                       for n, classes in enumerate(THEME_CLASSES))
    return f"""\
Before the prize.

[![a giant picture](dot.png){{: width="3000" height="9000" }}](https://evil.example/{who}/giant)

[Claim your prize](https://evil.example/{who}/prize){OVERLAY}

{tricks}

{themed}

Honest styling: [red and bold](https://ok.example/{who}){{: style="color: red; font-weight: bold" }}
and a [button](https://ok.example/{who}/button){{: .md-button }}.

[The theme's own ids](#__search){{: #__drawer }}

| Left | Centre | Right |
|:-----|:------:|------:|
| a    | b      | c     |

- [ ] a task that stays a task
"""


VCARD = r"""BEGIN:VCARD
VERSION:3.0
FN:Mallory Import
N:Import;Mallory;;;
EMAIL;TYPE=INTERNET:mallory@example.org
NOTE:Imported from a phone.\n\n[Claim your prize](https://evil.example/vcard/p
 rize){: style="position:fixed\;inset:0\;z-index:9999" }\n\n[theme](https://e
 vil.example/vcard/theme){: .md-dialog .md-dialog--active }
END:VCARD
"""

# A one-pixel PNG.
DOT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
PAGES = {"contacts/eve-styles/": "contact", "notes/2026-11-10-styled-note/": "note",
         "contacts/mallory-import/": "vcard"}


@pytest.fixture
def styled_site(vault, tmp_path: Path):
    vault.write("mkdocs.yml", MKDOCS_YML)
    for folder in ("contacts", "notes"):  # the picture the giant links show, beside their pages
        vault.write(f"site_src/{folder}/dot.png", DOT_PNG)
    vault.contact("eve-styles", attack_body("contact"), name="Eve Styles", tags=["styles"])
    vault.note("2026-11-10-styled-note", attack_body("note"), date="2026-11-10", title="Styled note",
               kind="call", **{"with": ["[[Eve Styles]]"]})
    card = tmp_path / "mallory.vcf"
    card.write_text(VCARD, "utf-8")
    kith = Path(sys.executable).parent / "kith"  # the installed command, as a user runs it
    imported = subprocess.run([str(kith), "--vault", str(vault.root), "import", "vcard", str(card)],
                              capture_output=True, text=True, env={**os.environ, "KITH_TODAY": "2026-11-22"},
                              timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert "position:fixed;inset:0" in (vault.root / "contacts/mallory-import.md").read_text("utf-8")
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    return result


def test_no_style_trick_survives_into_any_output_file(styled_site) -> None:
    files = [path for path in styled_site.site.rglob("*") if path.is_file()
             and path.suffix in (".html", ".json", ".xml")]
    assert len(files) > 10
    for path in files:
        text = path.read_text("utf-8")
        for word in SURVIVING_WORDS:
            assert word not in text, (path, word)
        if path.suffix == ".html" and path.name != "404.html":
            # What is left of any style or theme class in a body: only the honest ones.
            for body in content(text).find_all("div", "kith-body"):
                for element in body.iter():
                    assert [name for name in element.classes if name.startswith("md-")] in ([], ["md-button"])
                    style = element.attrs.get("style")
                    assert style is None or HONEST_STYLE.fullmatch(style), (path, style)


@pytest.mark.parametrize(("url", "who"), PAGES.items())
def test_the_links_are_there_without_their_styles(styled_site, url: str, who: str) -> None:
    body = content(styled_site.page(url)).find("div", "kith-body")
    assert body is not None, url
    links = {a.text(): a for a in body.find_all("a")}
    prize = links["Claim your prize"]
    assert prize.attrs == {"href": f"https://evil.example/{who}/prize", "rel": "noopener noreferrer"}
    theme = links.get("theme") or links["theme 0"]
    assert "class" not in theme.attrs, theme.attrs
    assert "Imported from a phone." in body.text() or "Before the prize." in body.text()


@pytest.mark.parametrize(("url", "who"), [(url, who) for url, who in PAGES.items() if who != "vcard"])
def test_honest_styling_is_kept(styled_site, url: str, who: str) -> None:
    body = content(styled_site.page(url)).find("div", "kith-body")
    links = {a.text(): a for a in body.find_all("a")}
    assert links["red and bold"].attrs["style"] == "color:red;font-weight:bold"
    assert links["button"].attrs["class"] == "md-button"
    # Each trick's whole style goes, its harmless `color: red` with it: nothing half-kept.
    assert [n for n in range(len(STYLE_TRICKS)) if "style" in links[f"trick {n}"].attrs] == []
    cells = [cell.attrs.get("style") for cell in body.find_all("th")]
    assert cells == ["text-align:left", "text-align:center", "text-align:right"]
    # A picture keeps no size of attr_list's: inside a link it was a link as large as the window.
    picture = body.find("a", href=f"https://evil.example/{who}/giant").find("img")
    assert set(picture.attrs) == {"alt", "src"} and picture.attrs["src"].endswith("dot.png"), picture.attrs
    # `__search`, `__drawer`: ids the theme's scripts look up, renamed (the link follows its target).
    assert links["The theme's own ids"].attrs["id"] == "kith__drawer"
    assert links["The theme's own ids"].attrs["href"] == "#kith__search"
    task = body.find("li", "task-list-item")
    assert task is not None and task.find("input", type="checkbox") is not None
    assert task.find("span", "task-list-indicator") is not None


@pytest.mark.browser
def test_in_chromium_nothing_of_the_body_covers_the_page(styled_site) -> None:
    with browser_page(styled_site.site) as (page, served):
        page.set_viewport_size({"width": 1280, "height": 900})
        for url in PAGES:
            page.goto(served + url, wait_until="load")
            page.locator(".kith-body").first.wait_for()
            found = page.evaluate("""() => {
                const body = document.querySelector('.kith-body');
                const centre = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
                const fixed = [...document.querySelectorAll('*')].filter(e =>
                    ['fixed', 'sticky'].includes(getComputedStyle(e).position) && body.contains(e));
                // An overlay, or a link as large: a quarter of the window or more.
                const links = [...body.querySelectorAll('a')].map(a => a.getBoundingClientRect())
                    .filter(r => r.width * r.height >= innerWidth * innerHeight / 4);
                const high = [...document.querySelectorAll('*')].filter(e =>
                    Number(getComputedStyle(e).zIndex) >= 9000);
                return {
                    centre_is_the_overlay: centre !== null
                        && centre.closest('a[href$="/prize"], a[href$="/giant"]') !== null,
                    fixed: fixed.map(e => e.outerHTML.slice(0, 80)),
                    big_links: links.length,
                    high: high.map(e => e.outerHTML.slice(0, 80)),
                    prize: body.querySelector('a[href$="/prize"]') !== null,
                };
            }""")
            assert found == {"centre_is_the_overlay": False, "fixed": [], "big_links": 0, "high": [],
                             "prize": True}, url


EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "pymdownx.tasklist", "pymdownx.superfences",
              "footnotes", "abbr", "admonition", "pymdownx.details", "pymdownx.tabbed", "pymdownx.highlight",
              "def_list", "pymdownx.emoji", "pymdownx.keys", "pymdownx.mark"]
RICH_BODY = """\
## A heading

| L | C |
|:--|:-:|
| a | b |

- [x] done

A footnote[^1], an HTML abbreviation, ++ctrl+c++, ==marked== and :material-account:.

*[HTML]: Hyper Text Markup Language
[^1]: The footnote.

!!! note "Admonition"
    Inside.

=== "Tab one"
    One.
=== "Tab two"
    Two.

```python linenums="1"
x = 1
```
"""


def test_what_the_markdown_extensions_write_is_kept() -> None:
    configs = {"toc": {"permalink": True}, "pymdownx.tasklist": {"custom_checkbox": True},
               "pymdownx.tabbed": {"alternate_style": True}, "pymdownx.highlight": {"anchor_linenums": True},
               "pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}}
    page = parse(safe_html(BodyMarkdown(EXTENSIONS, configs).render(RICH_BODY)))
    heading = page.find("h2", id="a-heading")
    assert heading is not None and heading.find("a", "headerlink").attrs["href"] == "#a-heading"
    assert [cell.attrs["style"] for cell in page.find_all("th")] == ["text-align:left", "text-align:center"]
    task = page.find("li", "task-list-item")
    assert task.find("label", "task-list-control").find("input", type="checkbox").attrs.keys() >= {"checked"}
    assert page.find("sup", id="fnref:1").find("a", "footnote-ref").attrs["href"] == "#fn:1"
    assert page.find("li", id="fn:1").find("a", "footnote-backref").attrs["href"] == "#fnref:1"
    assert page.find("abbr").attrs["title"] == "Hyper Text Markup Language"
    assert page.find("kbd", "key-control") is not None and page.find("mark") is not None
    assert page.find("div", "admonition").find("p", "admonition-title").text() == "Admonition"
    icon = page.find("span", "twemoji").find("svg")
    assert icon.attrs["viewbox"] == "0 0 24 24"  # (read lower-cased) and icon.find("path").attrs["d"]
    # Tabs: radio inputs and their labels, renamed together from the theme's `__` ids.
    radios = page.find("div", "tabbed-set").find_all("input", type="radio")
    labels = page.find("div", "tabbed-labels").find_all("label")
    assert [r.attrs["id"] for r in radios] == [label.attrs["for"] for label in labels] == [
        "kith__tabbed_1_1", "kith__tabbed_1_2"]
    # Code: highlighting classes, and line numbers that link to their (renamed) anchors.
    code = page.find("div", "highlight")
    assert code.find("span", "n") is not None
    number = code.find("td", "linenos").find("a")
    assert number.attrs["href"] == "#kith__codelineno-0-1"
    assert code.find("a", id="kith__codelineno-0-1") is not None
