"""Contacts and notes folders inside docs_dir (or reached through a link in it) are published only as
kith's pages: MkDocs does not also make each file a plain page (private ones included) in every
page's navigation, the search index and the sitemap, nor copy their attachments.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from kith_vault import MKDOCS_YML, BuildResult, Vault
from test_site_build import primary_nav_links

SECRETS = ["Mark Ellison", "mark-ellison", "Ellison", "the merger nobody may know of", "Secret board meeting",
           "2026-11-03-secret", "slides.pdf", "aisha.jpg", "attachment bytes"]
SETTINGS = MKDOCS_YML.replace("site_name: Test network\n", "site_name: Test network\nsite_url: https://n.example/\n")


def write_people(vault: Vault, contacts: str, notes: str) -> None:
    vault.write(f"{contacts}/aisha-rahman.md", "---\nname: Aisha Rahman\n---\nMet at the launch.\n")
    vault.write(f"{contacts}/kim-osei.md", "---\nname: Kim Osei\n---\nKim.\n")
    vault.write(f"{contacts}/mark-ellison.md",
                "---\nname: Mark Ellison\nprivate: true\n---\nTold me about the merger nobody may know of.\n")
    vault.write(f"{contacts}/photos/aisha.jpg", b"attachment bytes")
    vault.write(f"{notes}/2026-11-01-coffee.md",
                "---\ndate: 2026-11-01\ntitle: Coffee\nwith: [Aisha Rahman]\n---\n"
                "We talked about [[Kim Osei]].\n")
    vault.write(f"{notes}/2026-11-03-secret.md", "---\ndate: 2026-11-03\ntitle: Secret board meeting\n"
                "with: [Mark Ellison]\nprivate: true\n---\nthe merger nobody may know of\n")
    vault.write(f"{notes}/slides.pdf", b"%PDF attachment bytes")


def build_inside(root: Path) -> BuildResult:
    settings = SETTINGS.replace("  - kith\n", "  - kith:\n      contacts_dir: site_src/contacts\n"
                                               "      notes_dir: site_src/notes\n")
    vault = Vault(root, settings)
    write_people(vault, "site_src/contacts", "site_src/notes")
    return vault.build(strict=True)


def build_through_a_link(root: Path) -> BuildResult:
    vault = Vault(root, SETTINGS)
    write_people(vault, "contacts", "notes")
    (vault.root / "site_src/people").symlink_to(vault.root / "contacts", target_is_directory=True)
    return vault.build(strict=True)


LAYOUTS = {"inside docs_dir": build_inside, "through a link in docs_dir": build_through_a_link}
MESSAGES = {
    "inside docs_dir": "kith: docs_dir 'site_src' holds the files of contacts_dir 'site_src/contacts' and "
                       "notes_dir 'site_src/notes' (7 files): they are published only as kith's pages, not "
                       "also as MkDocs pages of their own",
    "through a link in docs_dir": "kith: docs_dir 'site_src' holds the files of contacts_dir 'contacts' "
                                  "(4 files): they are published only as kith's pages",
}


@pytest.fixture(scope="module", params=LAYOUTS)
def layout(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuildResult]:
    result = LAYOUTS[request.param](tmp_path_factory.mktemp("inside") / "vault")
    assert result.returncode == 0, result.log  # --strict: nothing replaced, nothing to warn of
    return request.param, result


def test_one_message_names_the_folders(layout: tuple[str, BuildResult]) -> None:
    name, result = layout
    assert result.log.count("kith: ") == 1 and MESSAGES[name] in result.log, result.log


def test_nothing_private_is_in_any_output_file(layout: tuple[str, BuildResult]) -> None:
    _, result = layout
    files = [path for path in result.site.rglob("*") if path.is_file()]
    names = {path.relative_to(result.site).as_posix() for path in files}
    assert {"search/search_index.json", "sitemap.xml"} <= names
    for path in files:
        assert not any(secret in path.as_posix() for secret in SECRETS), path
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        for secret in SECRETS:
            assert secret not in text, (secret, path)


def test_the_public_people_have_their_kith_pages_once(layout: tuple[str, BuildResult]) -> None:
    _, result = layout
    for url in ("contacts/aisha-rahman/", "contacts/kim-osei/"):
        assert 'data-kith-page="profile"' in result.page(url), url
    assert 'class="kith-body"' in result.page("notes/2026-11-01-coffee/")
    assert not result.exists("people/aisha-rahman/") and not result.exists("site_src/")
    index = json.loads((result.site / "search/search_index.json").read_text("utf-8"))
    pages = [doc["location"] for doc in index["docs"] if "#" not in doc["location"]]
    assert pages.count("contacts/aisha-rahman/") == 1 and not any("people/" in page for page in pages), pages
    sitemap = (result.site / "sitemap.xml").read_text("utf-8")
    assert sitemap.count("<loc>https://n.example/contacts/aisha-rahman/</loc>") == 1
    assert "people/" not in sitemap


def test_no_navigation_entry_for_the_vaults_files(layout: tuple[str, BuildResult]) -> None:
    _, result = layout
    for url in ("", "contacts/aisha-rahman/", "notes/2026-11-01-coffee/"):
        links = primary_nav_links(result.page(url))
        assert {"Contacts", "Follow-ups", "Conversations"} <= set(links), links
        assert not {"Aisha Rahman", "Kim Osei", "Coffee", "Mark Ellison"} & set(links), (url, links)
        hrefs = " ".join(links.values())
        assert not any(part in hrefs for part in ("aisha", "people", "photos")), links
