"""`kith serve`: the site with live reload, re-rendering only the pages a saved file affects."""

from __future__ import annotations

import logging
from typing import Any

import click

from ..core.text import visible
from .common import CommandError, Settings, pass_settings

# MkDocs warns on every dirty rebuild that navigation may be stale; kith's navigation never
# changes with the contacts and notes, so the warning would only teach users to ignore warnings.
# Private MkDocs API (DEVELOPERS.md): the wording of that log line, in mkdocs/commands/build.py.
# tests/test_mkdocs_private_api.py fails if it changes.
_DIRTY_WARNING = "A 'dirty' build is being performed"


class _VisibleFormatter(logging.Formatter):
    """MkDocs' log lines quote users' files (a warning names a contact): control characters shown."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))


class _HideDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_DIRTY_WARNING)


@click.command("serve", short_help="Serve the site and rebuild on save.")
@click.option("--dev-addr", "-a", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Address to serve on.")
@click.option("--full", is_flag=True,
              help="Rebuild every page on every change (as plain `mkdocs serve` does).")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
@click.option("--poll", is_flag=True,
              help="Look for changes by checking every file twice a second, as `mkdocs serve` does "
                   "(for a vault on a network drive, where the system does not report changes).")
@pass_settings
def serve(settings: Settings, dev_addr: str, full: bool, open_in_browser: bool, poll: bool) -> None:
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
    # Imported here: MkDocs and its server are not needed by the other commands, which start faster.
    # Private MkDocs API (DEVELOPERS.md): `mkdocs.commands.serve.serve`, the function behind
    # `mkdocs serve`, with its keyword arguments, and the module's name `LiveReloadServer`, which it
    # looks up when called and which is swapped below. `mkdocs serve` has no option for the file
    # watcher. tests/test_mkdocs_private_api.py fails if either changes.
    import mkdocs.commands.serve as mkdocs_serve_module
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    context = settings.vault()
    if context.config_file is None:
        raise CommandError(f"{context.root} has no mkdocs.yml; create a vault with: kith init DIR")
    logging.getLogger("mkdocs").addFilter(_HideDirtyWarning())
    _show_mkdocs_log()
    original_server = mkdocs_serve_module.LiveReloadServer
    if not poll:
        mkdocs_serve_module.LiveReloadServer = _notified_server(original_server)
    try:
        mkdocs_serve(config_file=str(context.config_file), livereload=True,
                     build_type=None if full else "dirty", dev_addr=dev_addr,
                     open_in_browser=open_in_browser)
    except MkDocsException as error:
        raise CommandError(str(error)) from None
    finally:
        mkdocs_serve_module.LiveReloadServer = original_server


def _notified_server(server_class: type) -> type:
    """MkDocs' live-reload server, told of saved files by the system (inotify on Linux, FSEvents
    on macOS) where MkDocs polls: a snapshot of every watched file twice a second, which in a
    vault of thousands of files takes a good part of a core, also while a rebuild runs, and
    notices a save a quarter of a second late on average."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class ChangesOnly(FileSystemEventHandler):
        """Passes on what changes a file. The system also reports files merely opened and closed,
        and a rebuild opens the note it re-reads: MkDocs, which rebuilds on any event, would then
        build a second time after every save."""

        def __init__(self, handler: Any) -> None:
            self.handler = handler

        def dispatch(self, event: Any) -> None:
            if event.event_type not in _NOT_CHANGES:
                self.handler.dispatch(event)

    class ChangesObserver(Observer):  # type: ignore[misc, valid-type]
        def schedule(self, event_handler: Any, path: Any, **kwargs: Any) -> Any:
            return super().schedule(ChangesOnly(event_handler), path, **kwargs)

    class NotifiedServer(server_class):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Private MkDocs API (DEVELOPERS.md): `LiveReloadServer.observer`, the watchdog observer
            # its `watch` schedules paths on and `serve` starts. tests/test_mkdocs_private_api.py.
            self.observer = ChangesObserver()

    return NotifiedServer


_NOT_CHANGES = frozenset({"opened", "closed_no_write"})


def _show_mkdocs_log() -> None:
    """Print MkDocs' INFO and WARNING lines as `mkdocs serve` does."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(_VisibleFormatter("%(levelname)-8s-  %(message)s"))
        handler.addFilter(_HideDirtyWarning())
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
