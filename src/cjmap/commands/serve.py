"""``cjmap serve [PATHS]``: the live preview of the journeys under PATHS, until Ctrl-C.

This module knows how a journey becomes a page (``render/``, the text reporter for one that
does not validate); ``serve/`` knows the server, the table of journeys, the watcher and the
reload, and is handed ``Pages`` to make each page. Nothing is written: every page is rendered
in memory. Exit 0 after Ctrl-C (143 after SIGTERM, as every command), 2 when it could not start.
A folder with no journeys yet is served too: the index fills as journey files appear.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap.commands.inputs import EXIT_OK, EXIT_USAGE
from cjmap.commands.output import error
from cjmap.commands.process import EXIT_TERMINATED
from cjmap.files.reading import STDIN, Source, discover
from cjmap.loader import Limits
from cjmap.text.safe import visible
from cjmap.text.sizes import size_option

if TYPE_CHECKING:
    import jinja2

    from cjmap.render.index import IndexEntry
    from cjmap.serve.site import Page


def run_serve(paths: list[str], *, port: int, open_browser: bool, templates: str | None, max_file_size: str) -> int:
    paths = paths or ["."]
    max_bytes = size_option(max_file_size)
    if isinstance(max_bytes, str):
        error(max_bytes)
        return EXIT_USAGE
    if STDIN in paths:
        error("serve follows files as they are saved; it cannot read standard input (-)")
        return EXIT_USAGE
    missing = discover(paths).missing
    for path in missing:
        error(f"{path}: no such file or directory")
    if missing:
        return EXIT_USAGE
    if templates is not None and not Path(templates).is_dir():
        error(f"--templates: {templates} is not a folder")
        return EXIT_USAGE
    from cjmap.serve.server import run

    pages = Pages(templates=Path(templates) if templates else None, limits=Limits(max_bytes=max_bytes))
    outcome = run(paths, pages, port=port, on_listening=lambda url, count: _listening(url, count, open_browser=open_browser), log_config=LOG_CONFIG)
    if isinstance(outcome, str):
        error(outcome)
        return EXIT_USAGE
    sys.stderr.write("cjmap: stopped\n")
    return EXIT_TERMINATED if outcome == signal.SIGTERM else EXIT_OK


def _listening(url: str, count: int, *, open_browser: bool) -> None:
    journeys = "1 journey" if count == 1 else f"{count:,} journeys"
    sys.stdout.write(f"Serving {journeys} at {url} (Ctrl-C to stop)\n")
    sys.stdout.flush()  # a script reading the address must see it now, not at exit
    if open_browser:
        import webbrowser

        def show() -> None:
            if not webbrowser.open(url):
                sys.stderr.write(f"cjmap: note: no web browser found to open; open {url} yourself\n")
                sys.stderr.flush()

        # In a thread: some browsers' launchers wait, and the server must answer meanwhile.
        threading.Thread(target=show, daemon=True).start()


class Pages:
    """How a journey file becomes a page of the preview: its map, or the problems that keep it
    from being one (as ``cjmap validate`` prints them). Called from worker threads."""

    def __init__(self, *, templates: Path | None, limits: Limits) -> None:
        from cjmap.serve.live import LIVE_SCRIPT
        from cjmap.text.templates import environment

        self.env: jinja2.Environment = environment(templates)
        self.env.globals["live_script"] = LIVE_SCRIPT
        self.env.globals["live_index"] = "/"
        self.limits = limits

    def page(self, source: Source, link: str) -> Page:
        from cjmap.check import check_source
        from cjmap.reporters import render as report
        from cjmap.serve.site import Page

        name = Path(source.name).name  # the map's footer names the file, never the machine's paths
        result = check_source(source, limits=self.limits)
        if result.journey is None:
            problems = report("text", [result], color=False)
            return Page(self._notice(name, f"{name} does not validate", "The map comes back when the file is fixed and saved.", problems),
                        _unlisted(f"{name} (does not validate)", link))
        try:
            from cjmap.render.formats import render_html
            from cjmap.render.index import index_entry

            return Page(render_html(result.journey, self.env, name), index_entry(result.journey, link))
        except Exception as problem:  # noqa: BLE001 - a template override or a bug must not stop the server: the page says it
            reason = f"{type(problem).__name__}: {problem}"
            return Page(self._notice(name, f"{name} could not be drawn", "The map comes back when the cause is fixed.", reason),
                        _unlisted(f"{name} (could not be drawn)", link))

    def index(self, listings: Sequence[object]) -> str:
        from dataclasses import replace

        from cjmap.render.index import IndexEntry, render_index

        entries = [listing for listing in listings if isinstance(listing, IndexEntry)]
        # A broken file is listed in the language the other journeys share, so a Spanish
        # portfolio's index stays Spanish while one file is being fixed.
        languages = {entry.language for entry in entries if entry.type_label}
        language = languages.pop() if len(languages) == 1 else "en"
        return render_index([entry if entry.type_label else replace(entry, language=language) for entry in entries], self.env)

    def gone(self, name: str) -> str:
        shown = Path(name).name
        return self._notice(shown, f"{shown} is gone", "The file was deleted or moved away. This page comes back if the file does.", "")

    def _notice(self, name: str, heading: str, message: str, details: str) -> str:
        return self.env.get_template("serve-notice.html.j2").render(name=name, title=heading, heading=heading, message=message, details=details)


def _unlisted(title: str, link: str) -> IndexEntry:
    """The index row of a journey that cannot be drawn: its file name and why, and no type
    (which marks it as such for ``Pages.index``)."""
    from cjmap.render.index import IndexEntry, relative_url

    return IndexEntry(href=relative_url(link), title=title, type_label="", owner="", reviewed="",
                      stages=0, touchpoints=0, pain_points=0, language="en")


class OneLine(logging.Formatter):
    """uvicorn's and the preview's log records as one line each: ``cjmap: error: message``,
    an exception as its type and message, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            problem = record.exc_info[1]
            message = f"{message}: {type(problem).__name__}: {problem}"
        return f"cjmap: {record.levelname.lower()}: {visible(message)}"


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": OneLine}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "one_line", "stream": "ext://sys.stderr"}},
    "loggers": {name: {"handlers": ["stderr"], "level": "WARNING", "propagate": False} for name in ("uvicorn", "uvicorn.error", "cjmap.serve")},
}
