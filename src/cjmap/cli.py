"""The command line: parses options, hands them to a command, maps the result to an exit code.

Only typer is imported at start-up; each command imports what it needs when it runs, so
``cjmap --version`` and ``cjmap --help`` stay fast (no pydantic, jinja2 or graphviz).
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from cjmap import __version__

app = typer.Typer(
    name="cjmap",
    help="Customer journey maps as code: validate, lint, show and render journey YAML files.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: rich costs ~50 ms to import, and only `show` needs it.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)



class ValidateFormat(str, Enum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cjmap {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Customer journey maps as code."""


@app.command()
def validate(
    paths: Annotated[
        Optional[list[str]],  # noqa: UP007 - typer needs Optional on Python 3.10
        typer.Argument(help="Files, directories (searched for *.journey.yaml / *.journey.yml) or - for stdin. Default: the current directory.", show_default=False, metavar="PATH..."),
    ] = None,
    output_format: Annotated[
        ValidateFormat,
        typer.Option("--format", "-f", help="Output format; auto picks github under GitHub Actions, else text."),
    ] = ValidateFormat.auto,
    max_file_size: Annotated[
        str, typer.Option("--max-file-size", help="Refuse files larger than this (bytes, or with K/M suffix).", metavar="SIZE")
    ] = "5M",
    stdin_filename: Annotated[
        str, typer.Option("--stdin-filename", help="Name to show for a file read from stdin.", metavar="NAME")
    ] = "<stdin>",
) -> None:
    """Check journey files against the format: every problem at file:line:col.

    Exit 0 when all files are valid, 1 when any has errors, 2 when the command could not run
    as asked (no such file, bad option).
    """
    from cjmap.commands.validate import run_validate

    raise typer.Exit(run_validate(
        paths or [], output_format=output_format.value, max_file_size=max_file_size, stdin_name=stdin_filename
    ))


@app.command()
def schema() -> None:
    """Print the JSON Schema of journey files (for editors and the YAML language server)."""
    from cjmap.commands.schema import run_schema

    raise typer.Exit(run_schema())


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("cjmap: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        # Output piped into `head` and similar: stop quietly, as Unix tools do.
        sys.stderr.close()
        sys.exit(0)
    except Exception as error:  # pragma: no cover - last line of defence
        if os.environ.get("CJMAP_DEBUG"):
            raise
        sys.stderr.write(
            f"cjmap: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in cjmap; run again with CJMAP_DEBUG=1 for details and report it.\n"
        )
        sys.exit(2)
