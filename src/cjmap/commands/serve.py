"""``cjmap serve [PATHS]``: the live preview of the journeys under PATHS, until Ctrl-C.

This module knows how a journey becomes a page (``render/``, the text reporter for one that
does not validate); ``serve/`` knows the server, the table of journeys, the watcher and the
reload, and is handed ``Pages`` to make each page. Nothing is written: every page is rendered
in memory. Exit 0 after Ctrl-C (143 after SIGTERM, as every command), 2 when it could not start.
A folder with no journeys yet is served too: the index fills as journey files appear.
"""

from __future__ import annotations

import logging
import os
import signal
import stat
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap.commands.inputs import EXIT_OK, EXIT_USAGE, templates_folder
from cjmap.commands.output import error
from cjmap.commands.process import EXIT_TERMINATED
from cjmap.files.reading import STDIN, Source, file_kind
from cjmap.loader import Limits
from cjmap.text.labels import base_language, labels
from cjmap.text.safe import visible
from cjmap.text.sizes import size_option

if TYPE_CHECKING:
    import jinja2

    from cjmap.problems import FileResult
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
    # Existence only, as discovery judges it: the site walks the folders itself when it starts.
    missing = [path for path in paths if not Path(path).exists()]
    for path in missing:
        error(f"{path}: no such file or directory")
    if missing:
        return EXIT_USAGE
    # A pipe or a device cannot be followed, and reading one would hold a render (and the
    # index, which waits for every page) until something writes to it.
    special = [(path, file_kind(mode)) for path in paths if not (stat.S_ISDIR(mode := os.stat(path).st_mode) or stat.S_ISREG(mode))]
    for path, kind in special:
        error(f"{visible(path)}: {kind}, not a regular file; serve follows journey files as they are saved")
    if special:
        return EXIT_USAGE
    folder = templates_folder(templates)
    if isinstance(folder, int):
        return folder
    from cjmap.serve.server import run

    pages = Pages(templates=folder, limits=Limits(max_bytes=max_bytes))
    outcome = run(paths, pages, port=port, on_listening=lambda url, count: _listening(url, count, open_browser=open_browser), log_config=LOG_CONFIG,
                  templates=str(folder) if folder is not None else None)
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


@dataclass(frozen=True)
class Broken:
    """The listing of a journey that is not drawn: its file name, why (a label key), and the
    language of its page. The index titles it in the index's own language."""

    why: str  # serve_invalid or serve_undrawable
    name: str
    href: str
    language: str

    def entry(self, language: str) -> IndexEntry:
        from cjmap.render.index import IndexEntry

        return IndexEntry(href=self.href, title=labels(language)[self.why].format(name=self.name), type_label="", owner="", reviewed="",
                          stages=0, touchpoints=0, pain_points=0, language=self.language, broken=True)


class Pages:
    """How a journey file becomes a page of the preview: its map, or the problems that keep it
    from being one (as ``cjmap validate`` prints them). Called from worker threads.

    A page that is not a map is in the journey's language where the file says it (a file that
    does not validate usually still does), else in the index's, once the index is drawn."""

    def __init__(self, *, templates: Path | None, limits: Limits) -> None:
        from cjmap.serve.live import LIVE_SCRIPT
        from cjmap.serve.site import INDEX
        from cjmap.text.templates import environment

        self.env: jinja2.Environment = environment(templates)
        self.env.globals["live_script"] = LIVE_SCRIPT
        self.env.globals["live_index"] = INDEX
        self.limits = limits
        self.language = "en"  # the index's, as last drawn (a str is replaced whole: safe across threads)

    def page(self, source: Source, link: str) -> Page:
        from cjmap.check import check_source
        from cjmap.reporters import render as report
        from cjmap.serve.site import Page

        name = Path(source.name).name  # the map's footer names the file, never the machine's paths
        result = check_source(source, limits=self.limits)
        if result.journey is None:
            return self._broken(Broken("serve_invalid", name, _href(link), self._declared(result)), report("text", [result], color=False))
        try:
            from cjmap.render.formats import render_html
            from cjmap.render.index import index_entry

            return Page(render_html(result.journey, self.env, name), index_entry(result.journey, link))
        except Exception as problem:  # noqa: BLE001 - a template override or a bug must not stop the server: the page says it
            language = base_language(result.journey.journey.language)
            return self._broken(Broken("serve_undrawable", name, _href(link), language), f"{type(problem).__name__}: {problem}")

    def index(self, listings: Sequence[object]) -> str:
        from cjmap.render.index import IndexEntry, index_language, render_index

        drawn = [listing for listing in listings if isinstance(listing, IndexEntry)]
        self.language = language = index_language(drawn)
        broken = [listing.entry(language) for listing in listings if isinstance(listing, Broken)]
        return render_index([*drawn, *broken], self.env)

    def gone(self, name: str, listing: object) -> str:
        from cjmap.render.index import IndexEntry

        language = listing.language if isinstance(listing, (IndexEntry, Broken)) else self.language
        return self._notice("serve_gone", Path(name).name, language, "")

    def _broken(self, broken: Broken, details: str) -> Page:
        from cjmap.serve.site import Page

        return Page(self._notice(broken.why, broken.name, broken.language, details), broken)

    def _declared(self, result: FileResult) -> str:
        """The language the file declares when it could be read as YAML, else the index's."""
        data = result.load.data if result.load is not None else None
        journey = data.get("journey") if isinstance(data, dict) else None
        declared = journey.get("language") if isinstance(journey, dict) else None
        return base_language(declared) if isinstance(declared, str) else self.language

    def _notice(self, why: str, name: str, language: str, details: str) -> str:
        said = labels(language)
        return self.env.get_template("serve-notice.html.j2").render(lang=language, L=said, name=name, heading=said[why].format(name=name),
                                                                     details=details)


def _href(link: str) -> str:
    from cjmap.render.index import relative_url

    return relative_url(link)


class OneLine(logging.Formatter):
    """uvicorn's and the preview's log records as one line each: ``cjmap: error: message``,
    an exception as its type and message, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            problem = record.exc_info[1]
            message = f"{message}: {type(problem).__name__}: {problem}"
        return f"cjmap: {record.levelname.lower()}: {visible(message.strip())}"  # uvicorn ends some with a line break


LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": OneLine}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "one_line", "stream": "ext://sys.stderr"}},
    "loggers": {name: {"handlers": ["stderr"], "level": "WARNING", "propagate": False} for name in ("uvicorn", "uvicorn.error", "cjmap.serve")},
}
