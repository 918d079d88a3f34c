"""`kith serve`: the site with live reload, re-rendering only the pages a saved file affects."""

from __future__ import annotations

import logging

import click

from .common import CommandError, Settings, pass_settings

# MkDocs warns on every dirty rebuild that navigation may be stale; kith's navigation never
# changes with the contacts and notes, so the warning would only teach users to ignore warnings.
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _HideDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


@click.command("serve", short_help="Serve the site and rebuild on save.")
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Address to serve on.")
@click.option("--full", is_flag=True,
              help="Rebuild every page on every change (as plain `mkdocs serve` does).")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
@pass_settings
def serve(settings: Settings, dev_addr: str, full: bool, open_in_browser: bool) -> None:
    """Serve the vault's site on http://127.0.0.1:8000 and reload pages as files are saved.

    After the first full build, a saved contact or note re-renders only the pages that show it
    (its profile or note page, the people in it, its topics and events, the follow-ups and home
    page) and keeps the search index complete, so a change appears in seconds, not in the time of
    a whole build.

    \b
    Example:
      kith serve
      kith serve --dev-addr 127.0.0.1:8001
    """
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    context = settings.vault()
    if context.config_file is None:
        raise CommandError(f"{context.root} has no mkdocs.yml; create a vault with: kith init DIR")
    logging.getLogger("mkdocs").addFilter(_HideDirtyWarning())
    _show_mkdocs_log()
    try:
        mkdocs_serve(config_file=str(context.config_file), livereload=True,
                     build_type=None if full else "dirty", dev_addr=dev_addr,
                     open_in_browser=open_in_browser)
    except MkDocsException as error:
        raise CommandError(str(error)) from None


def _show_mkdocs_log() -> None:
    """Print MkDocs' INFO and WARNING lines as `mkdocs serve` does."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        handler.addFilter(_HideDirtyWarning())
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
