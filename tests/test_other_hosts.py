"""Nothing asks or tells another host. No page loads anything from elsewhere: web fonts are off
unless the user names a font, images in bodies come only from the site. Links leaving the site do
not say where the reader came from: `rel="noreferrer"` on them, and a no-referrer policy at the
top of every page, kith's and the user's own.

Real vaults built with `mkdocs build --strict`, every output file read back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from html_sections import content, parse
from kith_vault import Vault
from other_hosts import references_to_other_hosts

FONTS_MESSAGE = ("kith: web fonts are off so that pages load nothing from other hosts; "
                 "name one under theme.font to use it")
REFERRER = '<meta name="referrer" content="no-referrer">'

# A vault as a new user writes it: Material's defaults (web fonts included), Markdown extensions
# that make images and icons, and bodies that point at other hosts.
MKDOCS_YML = """\
site_name: Other hosts
site_url: https://network.example.org/
docs_dir: site_src
theme:
  name: material{font}
  features:
    - navigation.instant
    - content.tooltips
plugins:
  - search
  - kith{kith_options}
markdown_extensions:
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.emoji
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""

BODY = """\
A pixel ![tracker](https://tracker.example/pixel.png?who=aisha) and a protocol-relative one
![cdn](//cdn.example/p.png), a backslashed one ![slash](\\\\\\\\slash.example/p.png), an emoji :smile:
(its image is on a CDN), an inline picture ![dot](data:image/gif;base64,R0lGODlhAQABAAAAACw=)
and a [link to read later](https://news.example/story) next to [[Kim Osei]].

```mermaid
graph TD; A-->B
```

[styled](https://news.example/styled){: style="background: url(https://tracker.example/bg.png)" }
"""


def other_hosts_vault(root: Path, font: str = "", kith_options: str = "") -> Vault:
    vault = Vault(root, MKDOCS_YML.format(font=font, kith_options=kith_options))
    vault.contact("aisha-rahman", BODY, name="Aisha Rahman",
                  links={"LinkedIn": "https://www.linkedin.com/in/aisha-example", "site": "https://aisha.example/"})
    vault.contact("kim-osei", "Kim.\n", name="Kim Osei")
    vault.note("2026-11-01-coffee", BODY, date="2026-11-01", title="Coffee", kind="coffee",
               **{"with": ["[[Aisha Rahman]]"]})
    # The user's own pages, which MkDocs renders without kith.
    vault.write("site_src/about.md", "# About\n\nSee [the blog](https://blog.example/).\n")
    return vault


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory):
    vault = other_hosts_vault(tmp_path_factory.mktemp("fonts-default") / "vault")
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    return result


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_web_fonts_are_off_unless_the_user_names_one(default_site) -> None:
    assert default_site.log.count(FONTS_MESSAGE) == 1, default_site.log
    for path in html_pages(default_site.site):
        text = path.read_text("utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, path


def test_no_output_file_makes_a_browser_contact_another_host(default_site) -> None:
    assert references_to_other_hosts(default_site.site) == []
    # The bodies' images are there, without their source: the alt text shows instead.
    body = content(default_site.page("contacts/aisha-rahman/")).find("div", "kith-body")
    images = {image.attrs["alt"]: image.attrs.get("src") for image in body.find_all("img")}
    assert images == {"tracker": None, "cdn": None, "slash": None, "😄": None,
                      "dot": "data:image/gif;base64,R0lGODlhAQABAAAAACw="}
    mermaid = body.find("pre")
    assert mermaid is not None and "mermaid" not in mermaid.classes  # the theme fetches its script


@pytest.mark.parametrize("font", ["\n  font:\n    text: Inter", "\n  font: {text: Inter, code: Fira Code}"])
def test_a_font_the_user_names_is_kept(tmp_path: Path, font: str) -> None:
    result = other_hosts_vault(tmp_path / "vault", font=font).build(strict=True)
    assert result.returncode == 0, result.log
    assert FONTS_MESSAGE not in result.log
    assert "fonts.googleapis.com/css?family=Inter" in result.page("")
    # The check is not blind: the fonts are what it finds, and all it finds.
    found = references_to_other_hosts(result.site)
    assert found and all("fonts.g" in what for what in found), found


def test_a_font_named_in_an_inherited_file_is_kept(tmp_path: Path) -> None:
    vault = other_hosts_vault(tmp_path / "vault")
    settings = (vault.root / "mkdocs.yml").read_text("utf-8")
    vault.write("base.yml", "theme:\n  name: material\n  font:\n    text: Inter\n")
    vault.write("mkdocs.yml", "INHERIT: base.yml\n" + settings)
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    assert FONTS_MESSAGE not in result.log
    assert "fonts.googleapis.com/css?family=Inter" in result.page("")


def test_font_false_is_the_users_own_choice_and_says_nothing(tmp_path: Path) -> None:
    result = other_hosts_vault(tmp_path / "vault", font="\n  font: false").build(strict=True)
    assert result.returncode == 0, result.log
    assert FONTS_MESSAGE not in result.log
    assert references_to_other_hosts(result.site) == []


@pytest.mark.parametrize("parallel", ["true", "false"])
def test_every_page_has_a_no_referrer_policy_first_in_its_head(tmp_path: Path, parallel: str) -> None:
    vault = other_hosts_vault(tmp_path / "vault", kith_options=f":\n      parallel: {parallel}")
    result = vault.build(strict=True)
    assert result.returncode == 0, result.log
    pages = html_pages(result.site)
    names = {path.relative_to(result.site).as_posix() for path in pages}
    # kith's pages, the user's own, and the theme's 404 page.
    assert {"index.html", "about/index.html", "404.html", "contacts/aisha-rahman/index.html",
            "notes/2026-11-01-coffee/index.html", "follow-ups/index.html"} <= names
    for path in pages:
        head = path.read_text("utf-8").split("</head>", 1)[0]
        assert head.count('name="referrer"') == 1, path
        # Before anything the page loads or links to.
        first = re.search(r"<(?:link|script|style|base|img)\b", head)
        assert first is not None and head.index(REFERRER) < first.start(), path


def test_links_leaving_the_site_carry_noreferrer(default_site) -> None:
    page = content(default_site.page("contacts/aisha-rahman/"))
    links = {a.text(): a.attrs for a in page.find_all("a")}
    for label in ("LinkedIn", "site", "link to read later", "styled"):
        assert "noreferrer" in links[label].get("rel", "").split(), (label, links[label])
    note = content(default_site.page("notes/2026-11-01-coffee/")).find("div", "kith-body")
    outside = [a for a in note.find_all("a") if a.attrs.get("href", "").startswith("https://")]
    assert outside and all("noreferrer" in a.attrs.get("rel", "").split() for a in outside)


def test_a_page_without_a_head_is_reported(tmp_path: Path) -> None:
    vault = other_hosts_vault(tmp_path / "vault", font="\n  custom_dir: site_src/overrides")
    vault.write("site_src/overrides/bare.html", "<!doctype html><title>x</title>{{ page.content }}\n")
    vault.write("site_src/bare.md", "---\ntemplate: bare.html\n---\n# Bare\n")
    settings = (vault.root / "mkdocs.yml").read_text("utf-8")
    vault.write("mkdocs.yml", settings + "exclude_docs: |\n  overrides/\n")
    result = vault.build()
    assert result.returncode == 0, result.log
    assert "kith: 'bare.md' has no <head>, so it has no referrer policy" in result.log
    assert parse(result.page("bare/")).find("meta") is None
