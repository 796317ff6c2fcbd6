"""Issue 12: nothing leaks from the file system, and outputs never clobber.

Discovery follows links only inside the folder it searches and opens only regular files (a
path the user typed is theirs); outputs are written only as regular files, with the umask's
mode or the replaced file's; index links are percent-encoded relative URLs. Every input here is
made by the test in tmp_path.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from cjmap.files.reading import Unreadable, discover, read_limited, read_source
from cjmap.files.writing import (
    OutputError,
    OutputExists,
    _existing_mode,
    remove_pending,
    write_atomically,
)
from cjmap.loader import Limits
from cjmap.render.index import relative_url
from conftest import EXAMPLES, MINIMAL, cli

SECRET = "machine example.com login ci password S3CRET-TOKEN-42"
BANK = EXAMPLES / "bank-account-opening.journey.yaml"
CSV = "stage_id,touchpoint_id,touchpoint\nawareness,search,Search\n"


@pytest.fixture
def scanned(tmp_path: Path) -> Path:
    """A folder to scan beside a secret, with one valid journey in it."""
    (tmp_path / "secret.netrc").write_text(SECRET + "\n", encoding="utf-8")
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "ok.journey.yaml").write_text(MINIMAL, encoding="utf-8")
    return folder


def _no_secret(*texts: str) -> None:
    for text in texts:
        assert "S3CRET" not in text and "machine example.com" not in text


# --- discovery: links out of the folder -------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_a_link_out_of_the_scanned_folder_is_refused_and_never_read(scanned, fmt):
    (scanned / "x.journey.yaml").symlink_to("../secret.netrc")
    run = cli("validate", str(scanned), "--format", fmt)
    assert run.code == 1
    _no_secret(run.stdout, run.stderr)
    assert "CJ012" in run.stdout and "outside the folder" in run.stdout


def test_the_refusal_is_located_at_the_link(scanned):
    (scanned / "x.journey.yaml").symlink_to(scanned.parent / "secret.netrc")  # absolute, too
    run = cli("validate", str(scanned))
    assert run.stdout.startswith(f"{scanned / 'x.journey.yaml'}:1:1: error CJ012 not read: a link to a file outside the folder")
    assert run.stdout.endswith("2 files checked: 1 error in 1 file.\n") and run.stderr == ""


# lint and render fail on the refused file (1); stats lists it as not counted (0).
@pytest.mark.parametrize(("command", "code"), [(["lint"], 1), (["stats"], 0), (["render", "-o", "OUT/"], 1)])
def test_no_command_shows_a_linked_secret(scanned, tmp_path, command, code):
    (scanned / "x.journey.yaml").symlink_to("../secret.netrc")
    args = [part.replace("OUT", str(tmp_path / "site")) for part in command]
    run = cli(args[0], str(scanned), *args[1:])
    assert run.code == code, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    assert "x.journey.yaml" in run.stdout + run.stderr  # the refused file is named, its bytes are not
    _no_secret(run.stdout, run.stderr)
    for page in (tmp_path / "site").glob("*"):
        _no_secret(page.read_text(encoding="utf-8"))


def test_a_link_through_a_subfolder_that_climbs_out_is_refused(scanned):
    (scanned / "sub").mkdir()
    (scanned / "sub" / "x.journey.yaml").symlink_to("../../secret.netrc")
    run = cli("validate", str(scanned))
    assert run.code == 1 and "outside the folder" in run.stdout
    _no_secret(run.stdout)


def test_a_link_to_a_file_inside_the_folder_is_followed(scanned):
    (scanned / "sub").mkdir()
    (scanned / "sub" / "alias.journey.yaml").symlink_to("../ok.journey.yaml")
    run = cli("validate", str(scanned))
    assert (run.code, run.stdout) == (0, "2 files checked: no problems.\n")


def test_links_to_folders_are_not_entered(scanned, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "leak.journey.yaml").write_text(SECRET, encoding="utf-8")
    (scanned / "linked").symlink_to(elsewhere)
    (scanned / "loop").symlink_to(".")
    run = cli("validate", str(scanned))
    assert (run.code, run.stdout) == (0, "1 file checked: no problems.\n")


def test_an_editors_lock_link_is_not_a_journey(scanned):
    # Emacs keeps ".#NAME" (a link to "user@host.pid", which does not exist) beside a file with
    # unsaved changes: validating the folder meanwhile must not report it as a broken journey.
    (scanned / ".#ok.journey.yaml").symlink_to("someone@host.4242:1700000000")
    run = cli("validate", str(scanned))
    assert (run.code, run.stdout, run.stderr) == (0, "1 file checked: no problems.\n", "")


def test_a_path_the_user_typed_is_theirs(scanned):
    # Named on the command line, a link is followed (as every tool does): the user chose it.
    link = scanned / "x.journey.yaml"
    link.symlink_to(BANK)
    run = cli("validate", str(link))
    assert (run.code, run.stdout) == (0, "1 file checked: no problems.\n")


def test_a_folder_given_through_a_link_is_searched(scanned, tmp_path):
    (tmp_path / "via").symlink_to(scanned)
    (scanned / "alias.journey.yaml").symlink_to("ok.journey.yaml")
    run = cli("validate", str(tmp_path / "via"))
    assert (run.code, run.stdout) == (0, "2 files checked: no problems.\n")


# --- discovery: only regular files --------------------------------------------------------


def test_a_fifo_in_a_scanned_folder_is_refused_without_hanging(scanned):
    os.mkfifo(scanned / "f.journey.yaml")
    run = cli("validate", str(scanned))  # cli's timeout fails the test on a hang
    assert run.code == 1
    assert f"{scanned / 'f.journey.yaml'}:1:1: error CJ012 not read: a named pipe (FIFO), not a regular file" in run.stdout
    assert run.stdout.endswith("2 files checked: 1 error in 1 file.\n")


def test_a_link_to_a_fifo_inside_the_folder_is_refused(scanned):
    os.mkfifo(scanned / "pipe")
    (scanned / "p.journey.yaml").symlink_to("pipe")
    run = cli("lint", str(scanned))
    assert run.code == 1 and "named pipe (FIFO)" in run.stdout


def test_a_socket_in_a_scanned_folder_is_refused(scanned):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(scanned / "s.journey.yaml"))
        run = cli("validate", str(scanned))
    finally:
        server.close()
    assert run.code == 1 and "CJ012 not read: a socket, not a regular file" in run.stdout


def test_a_device_named_on_the_command_line_is_refused():
    run = cli("validate", "/dev/zero")  # would otherwise read 5 MB of zero bytes
    assert run.code == 1
    assert run.stdout.startswith("/dev/zero:1:1: error CJ012 not read: a character device, not a regular file;")
    assert "use - for standard input" in run.stdout


def test_a_fifo_named_on_the_command_line_is_read(tmp_path):
    # As `cjmap validate <(cat journey)` does: the user named a pipe, so it is read.
    fifo = tmp_path / "pipe.journey.yaml"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as writer:
            writer.write(MINIMAL)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    run = cli("validate", str(fifo))
    feeder.join(timeout=10)
    assert (run.code, run.stdout) == (0, "1 file checked: no problems.\n")


def test_the_library_refuses_a_fifo_found_in_a_folder_without_blocking(scanned):
    os.mkfifo(scanned / "f.journey.yaml")
    found = {source.name: source for source in discover([str(scanned)]).sources}
    # The library says why in words; check reports it as CJ012 (the CLI tests above).
    refused = read_source(found[str(scanned / "f.journey.yaml")], limits=Limits())
    assert isinstance(refused, Unreadable) and "named pipe" in refused.message
    assert read_source(found[str(scanned / "ok.journey.yaml")], limits=Limits()) == MINIMAL.encode()


def test_the_library_refuses_a_device_even_when_named():
    problem = read_limited(Path("/dev/null"), limits=Limits())
    assert not isinstance(problem, bytes) and "character device" in problem.message


# --- outputs: only regular files ----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["render", str(BANK), "-o", "OUT"],
        ["render", str(BANK), "--format", "dot", "-o", "OUT"],
        ["export", "csv", str(BANK), "-o", "OUT", "--force"],
    ],
)
def test_a_fifo_as_output_is_refused_and_kept(tmp_path, command):
    fifo = tmp_path / "out.html"
    os.mkfifo(fifo)
    run = cli(*[str(fifo) if part == "OUT" else part for part in command])
    assert run.code == 2 and "Traceback" not in run.stderr
    assert f"{fifo}: is a named pipe (FIFO), not a regular file; cjmap writes only regular files" in run.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.html"]


def test_a_link_to_dev_null_as_output_is_refused_and_dev_null_survives(tmp_path):
    link = tmp_path / "map.html"
    link.symlink_to(os.devnull)
    run = cli("render", str(BANK), "-o", str(link))
    assert run.code == 2 and f"{link}: is a symbolic link; cjmap writes only regular files" in run.stderr
    assert os.path.islink(link) and stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_link_to_a_regular_file_as_output_is_refused_not_written_through(tmp_path):
    theirs = tmp_path / "bashrc"
    theirs.write_text("export PATH\n", encoding="utf-8")
    link = tmp_path / "map.html"
    link.symlink_to(theirs)
    for args in (["render", str(BANK), "-o", str(link)], ["export", "csv", str(BANK), "-o", str(link), "--force"]):
        run = cli(*args)
        assert run.code == 2 and "is a symbolic link" in run.stderr and "leave out -o" in run.stderr
    assert theirs.read_text(encoding="utf-8") == "export PATH\n" and os.path.islink(link)


def test_a_link_in_the_output_folder_is_not_written_through(tmp_path):
    # A pull request may ship site/bank-account-opening.html -> ~/.bashrc; render into site/.
    theirs = tmp_path / "bashrc"
    theirs.write_text("keep me\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "bank-account-opening.html").symlink_to(theirs)
    run = cli("render", str(BANK), str(EXAMPLES / "laptop-purchase.journey.yaml"), "-o", f"{site}/")
    assert run.code == 2 and "is a symbolic link" in run.stderr
    assert theirs.read_text(encoding="utf-8") == "keep me\n"
    assert (site / "laptop-purchase.html").is_file()  # the other journey is still written


def test_the_library_refuses_devices_links_and_folders(tmp_path):
    (tmp_path / "link").symlink_to(os.devnull)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    for name, words in (("link", "symbolic link"), ("fifo", "named pipe"), ("folder", "is a folder")):
        with pytest.raises(OutputError, match=words):
            write_atomically(tmp_path / name, b"x")
    # The check is on the file type, so it holds for root too. Asked of the real /dev/null
    # without writing: a regression here must not be able to replace the machine's device.
    with pytest.raises(OutputError, match="is a character device, not a regular file"):
        _existing_mode(Path(os.devnull))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_device_node_as_output_is_refused_when_one_can_be_made(tmp_path):
    device = tmp_path / "null.html"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # /dev/null's numbers
        refusal = "is a character device, not a regular file"
    except OSError:  # without CAP_MKNOD: a link to /dev/null, refused as well
        device.symlink_to(os.devnull)
        refusal = "is a symbolic link"
    mermaid = tmp_path / "j.mmd"
    mermaid.write_text("journey\n  title T\n  section S\n    Search: 3: Ana\n", encoding="utf-8")
    for args in (["render", str(BANK), "-o", str(device)], ["import", "mermaid", str(mermaid), "-o", str(device), "--force"],
                 ["export", "csv", str(BANK), "-o", str(device), "--force"]):
        run = cli(*args)
        assert run.code == 2 and refusal in run.stderr, (args, run.stderr)
    assert not stat.S_ISREG(os.lstat(device).st_mode)


# --- outputs: modes -----------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_output_gets_the_mode_the_umask_gives(tmp_path, umask):
    previous = os.umask(umask)
    try:
        write_atomically(tmp_path / "new.html", b"<html>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(os.stat(tmp_path / "new.html").st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_a_replaced_output_keeps_its_mode(tmp_path, mode):
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(mode)
    run = cli("render", str(BANK), "-o", str(target))
    assert run.code == 0 and target.read_text(encoding="utf-8").endswith("</html>\n")
    assert stat.S_IMODE(os.stat(target).st_mode) == mode


def test_cli_outputs_follow_the_umask(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT, clean_environment

    out = tmp_path / "new.csv"
    subprocess.run(
        [sys.executable, "-m", "cjmap", "export", "csv", str(BANK), "-o", str(out)],
        cwd=ROOT, capture_output=True, timeout=120, check=True, preexec_fn=lambda: os.umask(0o077), env=clean_environment(),
    )
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


# --- outputs: no temporary left, never over an existing file when asked not to ---------


def test_a_signal_between_creating_the_temporary_and_writing_leaves_nothing(tmp_path, monkeypatch):
    real_open = os.open

    def open_then_interrupted(*args, **kwargs):  # the signal lands right after open() returns
        real_open(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr("cjmap.files.writing.os.open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "map.html", b"<html>")
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # the window is real…
    remove_pending()  # …and the clean-up that runs at exit and on SIGINT/SIGTERM closes it
    assert list(tmp_path.iterdir()) == []


def test_replace_false_never_touches_an_existing_file(tmp_path):
    target = tmp_path / "mine.journey.yaml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExists):
        write_atomically(target, b"new", replace=False)
    assert target.read_text(encoding="utf-8") == "mine" and list(tmp_path.iterdir()) == [target]
    write_atomically(tmp_path / "free.yaml", b"new", replace=False)
    assert (tmp_path / "free.yaml").read_bytes() == b"new"


def test_init_refuses_a_dangling_link_and_a_fifo(tmp_path):
    (tmp_path / "a.journey.yaml").symlink_to(tmp_path / "nowhere" / "x")
    os.mkfifo(tmp_path / "b.journey.yaml")
    for name in ("a.journey.yaml", "b.journey.yaml"):
        run = cli("init", str(tmp_path / name))
        assert run.code == 2 and "already exists" in run.stderr
    assert not (tmp_path / "nowhere").exists() and stat.S_ISFIFO(os.lstat(tmp_path / "b.journey.yaml").st_mode)


@pytest.mark.parametrize(
    ("kind", "name", "content"),
    [("csv", "touchpoints.csv", CSV), ("mermaid", "journey.mmd", "journey\n  title T\n  section S\n    Search: 3: Ana\n")],
)
def test_import_force_never_overwrites_its_own_input(tmp_path, kind, name, content):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    for target in (source, tmp_path / "link"):
        if target != source:
            target.symlink_to(source)
        run = cli("import", kind, str(source), "-o", str(target), "--force")
        assert run.code == 2 and "refusing to overwrite" in run.stderr, run.stderr
    assert source.read_text(encoding="utf-8") == content


def test_export_force_never_overwrites_its_input(tmp_path):
    journey = tmp_path / "mine.journey.yaml"
    journey.write_text(MINIMAL, encoding="utf-8")
    run = cli("export", "csv", str(journey), "-o", str(journey), "--force")
    assert run.code == 2 and "refusing to overwrite" in run.stderr
    assert journey.read_text(encoding="utf-8") == MINIMAL


# --- render: the user's own index.html ----------------------------------------------------


def test_render_keeps_a_users_own_index_without_force(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>My own home page</h1>\n", encoding="utf-8")
    run = cli("render", str(EXAMPLES), "-o", f"{site}/")
    assert run.code == 2
    assert f"{site / 'index.html'} exists and was not written by cjmap; use --force to replace it" in run.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "<h1>My own home page</h1>\n"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]  # nothing written at all
    forced = cli("render", str(EXAMPLES), "-o", f"{site}/", "--force")
    assert forced.code == 0 and '<meta name="generator" content="cjmap">' in (site / "index.html").read_text(encoding="utf-8")


def test_render_replaces_its_own_index(tmp_path):
    site = tmp_path / "site"
    assert cli("render", str(EXAMPLES), "-o", f"{site}/").code == 0
    again = cli("render", str(EXAMPLES), "-o", f"{site}/")
    assert again.code == 0 and f"wrote {site / 'index.html'}" in again.stderr


# --- index links --------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs.extend(value or "" for name, value in attrs if tag == "a" and name == "href")


HOSTILE_NAMES = [
    "javascript:top.document.title='PWNED',top",
    "data:text/html,<script>alert(1)</script>",
    "a#fragment",
    "what?query=1",
    "per%2Fcent",
    "two  spaces & \"quotes\"",
    "//host",
]


def test_index_links_are_percent_encoded_relative_urls(tmp_path):
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    for index, name in enumerate(HOSTILE_NAMES):
        (journeys / f"{name.replace('/', '_')}.journey.yaml").write_text(MINIMAL.replace("Minimal", f"Journey {index}"), encoding="utf-8")
    site = tmp_path / "site"
    run = cli("render", str(journeys), "-o", f"{site}/")
    assert run.code == 0, run.stderr
    parser = _Links()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    assert len(parser.hrefs) == len(HOSTILE_NAMES)
    for href in parser.hrefs:
        parts = urlsplit(href)
        assert href.startswith("./") and parts.scheme == "" and parts.netloc == ""
        assert parts.query == "" and parts.fragment == ""  # a # or ? in a name stays in the path
        assert (site / unquote(parts.path[2:])).is_file(), href  # each link leads to its page


def test_relative_url_encodes_every_character_that_could_change_the_link():
    assert relative_url("javascript:alert(1).html") == "./javascript%3Aalert%281%29.html"
    assert relative_url("a#b?c d.html") == "./a%23b%3Fc%20d.html"
    assert relative_url("plain-name.html") == "./plain-name.html"
