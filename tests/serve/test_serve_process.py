"""``cjmap serve`` as a process: its address, ports, paths, Ctrl-C, --open, named files, slow
renders and floods of saves, and what it imports at start-up."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serving import CJMAP, Serving, finish, running, snapshot, start

from conftest import EXAMPLES, ROOT, clean_environment, cli, modules_loaded, top_level
from sized_journeys import sized_journey

ENGLISH_TITLE = "Buying clothes at a Northlane store"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _copy(name: str, folder: Path, as_name: str | None = None) -> Path:
    target = folder / (as_name or name)
    target.write_bytes((EXAMPLES / name).read_bytes())
    return target


def test_a_given_port(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path)
    port = _free_port()
    with running(str(tmp_path), "--port", str(port)) as serving:
        assert serving.first_line == f"Serving 1 journey at http://127.0.0.1:{port}/ (Ctrl-C to stop)\n"
        assert serving.get("/journeys/retail-store")[0] == 200


def test_a_taken_port_is_exit_2_with_a_message(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run([str(CJMAP), "serve", str(tmp_path), "--port", str(port)], capture_output=True, text=True, timeout=30,
                             env=clean_environment(), check=False)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (f"cjmap: error: port {port} on 127.0.0.1 is in use by another program; "
                          "choose another with --port, or leave --port out for a free one\n")


@pytest.mark.parametrize(("args", "message"), [
    (["nowhere/"], "cjmap: error: nowhere/: no such file or directory\n"),
    (["examples/", "nowhere.journey.yaml"], "cjmap: error: nowhere.journey.yaml: no such file or directory\n"),
    (["-"], "cjmap: error: serve follows files as they are saved; it cannot read standard input (-)\n"),
    (["examples/", "--templates", "nowhere"], "cjmap: error: --templates: nowhere is not a folder\n"),
    (["examples/", "--max-file-size", "lots"], None),
    (["examples/", "--port", "70000"], None),
])
def test_what_cannot_start_is_exit_2(args, message):
    run = cli("serve", *args)
    assert (run.code, run.stdout) == (2, "")
    if message is not None:
        assert run.stderr == message
    else:
        assert run.stderr.strip() and "Traceback" not in run.stderr


def test_a_named_pipe_or_device_cannot_be_followed(tmp_path):
    # Read, a pipe held a render and the index (which waits for every page) until a writer came.
    pipe = tmp_path / "pipe.journey.yaml"
    os.mkfifo(pipe)
    for special, kind in ((str(pipe), "a named pipe (FIFO)"), ("/dev/null", "a character device")):
        run = cli("serve", "examples/", special)
        assert (run.code, run.stdout) == (2, "")
        assert run.stderr == f"cjmap: error: {special}: {kind}, not a regular file; serve follows journey files as they are saved\n"


def test_an_empty_folder_is_served_and_fills(tmp_path):
    with running(str(tmp_path)) as serving:
        assert serving.first_line.startswith("Serving 0 journeys at http://127.0.0.1:")
        status, _, body = serving.get("/")
        assert status == 200 and "<tbody>" in body.decode() and "<a " not in body.decode()
        (tmp_path / "deep" / "er").mkdir(parents=True)
        _copy("retail-store.journey.yaml", tmp_path / "deep" / "er")
        serving.wait_for("/", ENGLISH_TITLE)
        assert ENGLISH_TITLE in serving.get("/journeys/retail-store")[2].decode()


def test_a_folder_moved_in_joins_the_index(tmp_path):
    served, outside = tmp_path / "served", tmp_path / "outside"
    served.mkdir()
    (outside / "team").mkdir(parents=True)
    _copy("retail-store.journey.yaml", outside / "team")
    with running(str(served)) as serving:
        (outside / "team").rename(served / "team")  # one event for the folder, none for the file inside
        serving.wait_for("/", ENGLISH_TITLE)


def test_ctrl_c_stops_at_once_and_closes_the_event_streams(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path)
    streams = []
    with running(str(tmp_path)) as serving:
        for page in ("/", "/journeys/retail-store"):
            stream = socket.create_connection(("127.0.0.1", serving.port), timeout=5)
            stream.sendall(f"GET /_cjmap/events?page={page} HTTP/1.1\r\nHost: localhost:{serving.port}\r\n\r\n".encode())
            received = b""
            while b"data: " not in received:
                received += stream.recv(4096)  # the headers, then the page's version
            streams.append(stream)
        stopped = finish(serving)
    assert stopped.seconds < 2, stopped
    assert "Traceback" not in stopped.stderr
    for stream in streams:
        stream.settimeout(2)
        rest = b""
        while chunk := stream.recv(4096):  # the server closes it: recv gives b"" at the end
            rest += chunk
        assert b"data:" not in rest
        stream.close()


def test_sigterm_stops_cleanly_with_143(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path)
    serving = start(str(tmp_path))
    try:
        serving.process.send_signal(signal.SIGTERM)
        out, err = serving.process.communicate(timeout=10)
        assert (serving.process.returncode, out, err) == (143, b"", b"cjmap: stopped\n")
    finally:
        serving.kill()


def test_open_starts_the_browser_on_the_index(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    _copy("retail-store.journey.yaml", served)
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n')
    browser.chmod(0o755)
    with running(str(served), "--open", env={"BROWSER": str(browser)}) as serving:
        deadline = time.monotonic() + 10
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == serving.url


def test_open_without_a_browser_says_so_and_serves_on(tmp_path):
    # A browser that fails, and no other on PATH: the user is told where to go.
    _copy("retail-store.journey.yaml", tmp_path)
    with running(str(tmp_path), "--open", env={"BROWSER": "/bin/false", "PATH": str(tmp_path / "no-programs")}) as serving:
        deadline = time.monotonic() + 10
        said = b""
        while b"no web browser" not in said and time.monotonic() < deadline:
            ready, _, _ = select.select([serving.process.stderr], [], [], 0.2)
            if ready:
                said += os.read(serving.process.stderr.fileno(), 4096)
        assert said == f"cjmap: note: no web browser found to open; open {serving.url} yourself\n".encode()
        assert serving.get("/")[0] == 200


def test_a_named_file_saved_by_rename_and_deleted(tmp_path):
    journey = _copy("retail-store.journey.yaml", tmp_path, "mine.yaml")  # any name, when named
    original = journey.read_text(encoding="utf-8")
    with running(str(journey)) as serving:
        assert serving.first_line.startswith("Serving 1 journey at")
        serving.wait_for("/journeys/mine", ENGLISH_TITLE)
        for number in range(3):  # the watch survives the file being replaced
            temporary = tmp_path / f".mine.yaml.{number}"
            temporary.write_text(original.replace(ENGLISH_TITLE, f"Renamed save {number}"), encoding="utf-8")
            temporary.replace(journey)
            serving.wait_for("/journeys/mine", f"Renamed save {number}")
        with serving.listening("/journeys/mine"):  # a tab shows the page while the file is away
            journey.unlink()
            assert "mine.yaml is gone" in serving.wait_for("/journeys/mine", "is gone")
            assert serving.get("/journeys/mine")[0] == 410
            journey.write_text(original, encoding="utf-8")
            serving.wait_for("/journeys/mine", ENGLISH_TITLE)
        journey.unlink()  # no tab shows it now: the address is given up
        assert serving.wait_for("/journeys/mine", "not found") == "not found\n"


def test_a_slow_render_blocks_nobody_and_a_flood_of_saves_ends_on_the_last(tmp_path):
    big = tmp_path / "big.journey.yaml"
    text = sized_journey(4000)
    big.write_text(text, encoding="utf-8")
    _copy("retail-store.journey.yaml", tmp_path)
    first_title = text.split("title: ", 1)[1].split("\n", 1)[0].strip("\"'")
    with running(str(tmp_path)) as serving:
        serving.wait_for("/journeys/big", first_title, seconds=60)
        for number in range(12):  # a save every 100 ms, while the first of them renders for seconds
            big.write_text(text.replace(first_title, f"Flood {number}", 1), encoding="utf-8")
            time.sleep(0.1)
        started = time.monotonic()
        for target in ("/journeys/retail-store", "/", "/journeys/big", "/_cjmap/live.js"):
            assert serving.get(target)[0] == 200
        assert time.monotonic() - started < 1.0  # answered while the big journey renders
        serving.wait_for("/journeys/big", "Flood 11", seconds=60)
        time.sleep(1.5)
        assert "Flood 11" in serving.get("/journeys/big")[2].decode()  # no older render lands after the last


def test_pages_are_the_same_from_run_to_run(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path)
    _copy("laptop-purchase.journey.yaml", tmp_path)
    bodies = []
    for _ in range(2):
        with running(str(tmp_path)) as serving:
            bodies.append([serving.get(target)[2] for target in ("/", "/journeys/retail-store", "/journeys/laptop-purchase", "/_cjmap/live.js",
                                                                 "/_cjmap/live-worker.js")])
    assert bodies[0] == bodies[1]


def test_nothing_is_written_into_the_folders(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path)
    _copy("laptop-purchase.journey.yaml", tmp_path)
    before = snapshot(tmp_path)
    with running(str(tmp_path)) as serving:
        for target in ("/", "/journeys/retail-store", "/journeys/laptop-purchase"):
            serving.get(target)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["serve", "nowhere"]])
def test_start_up_does_not_import_the_server(args):
    assert top_level(modules_loaded(*args)) & {"starlette", "uvicorn", "watchfiles", "anyio", "jinja2", "h11"} == set()


def test_a_server_that_ignores_ctrl_c_is_killed_and_the_test_fails():
    ignoring = subprocess.Popen([sys.executable, "-c", "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nprint('ready', flush=True)\ntime.sleep(60)"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert ignoring.stdout is not None and ignoring.stdout.readline() == b"ready\n"  # SIGINT is ignored from here on
    stubborn = Serving(ignoring, "", "", 0)
    try:
        with pytest.raises(AssertionError, match=r"did not stop within 0\.5 s of Ctrl-C: killed"):
            stubborn.interrupt(timeout=0.5)
        assert ignoring.poll() is not None  # not left running
    finally:
        ignoring.kill()
        ignoring.communicate()


def test_a_failing_test_leaves_no_server_running(tmp_path):
    held: list[Serving] = []

    def failing_test() -> None:
        with running(str(tmp_path)) as serving:
            held.append(serving)
            assert serving.get("/")[0] == 200
            raise ZeroDivisionError  # the test's own failure, in the middle of the block

    with pytest.raises(ZeroDivisionError):
        failing_test()
    assert held[0].process.poll() is not None


def test_a_restart_takes_the_same_port_at_once(tmp_path):
    # An HTTP/1.0 answer is closed by the server, which leaves its side of the connection in
    # TIME_WAIT for a minute; SO_REUSEADDR (POSIX) lets the next run listen on the port at once.
    _copy("retail-store.journey.yaml", tmp_path)
    port = _free_port()
    for _ in range(2):
        with running(str(tmp_path), "--port", str(port)) as serving:
            assert serving.raw(f"GET / HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()).startswith(b"HTTP/1.1 200 ")


def test_a_websocket_upgrade_is_answered_as_http_and_logs_nothing(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path)
    with running(str(tmp_path)) as serving:
        for upgrade in ("websocket", "h2c"):
            answer = serving.raw((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{serving.port}\r\nConnection: Upgrade\r\nUpgrade: {upgrade}\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
            assert answer.startswith(b"HTTP/1.1 200 "), answer[:100]
            assert b"content-security-policy" in answer.lower() and b"101 Switching" not in answer
        stopped = finish(serving)  # exactly "cjmap: stopped": no advice to install a WebSocket library
    assert "WebSocket" not in stopped.stderr and "upgrade" not in stopped.stderr


def test_names_in_any_script_keep_their_letters(tmp_path):
    _copy("retail-store.journey.yaml", tmp_path, "покупка.journey.yaml")
    _copy("laptop-purchase.journey.yaml", tmp_path, "购买.journey.yaml")
    _copy("travel-booking.journey.yaml", tmp_path, "Compra Portátil.journey.yaml")
    with running(str(tmp_path)) as serving:
        index = serving.get("/")[2].decode()
        for address, encoded in (("покупка", "%D0%BF%D0%BE%D0%BA%D1%83%D0%BF%D0%BA%D0%B0"), ("购买", "%E8%B4%AD%E4%B9%B0"),
                                 ("compra-portátil", "compra-port%C3%A1til")):
            assert f'href="./journeys/{encoded}"' in index, address
            status, _, body = serving.get(f"/journeys/{encoded}")
            assert status == 200 and "<h1>" in body.decode(), address
        with serving.listening("/journeys/购买") as said:  # the event stream names the page as the script asks for it
            assert b'data: {"/journeys/\\u8d2d\\u4e70":"' in said
        assert serving.get("/journeys/journey")[0] == 404 and serving.get("/journeys/journey-2")[0] == 404


def test_pages_that_are_not_maps_speak_the_portfolios_language(tmp_path):
    # A Spanish portfolio: the index is Spanish, and so are a broken file's row and page.
    _copy("laptop-purchase.journey.yaml", tmp_path)
    broken = _copy("laptop-purchase.journey.yaml", tmp_path, "roto.journey.yaml")
    broken.write_text(broken.read_text(encoding="utf-8").replace("  language: es\n", "  language: es\n  colour: red\n", 1), encoding="utf-8")
    (tmp_path / "sintaxis.journey.yaml").write_text("journey: [\n", encoding="utf-8")  # no language to read: the index's
    with running(str(tmp_path)) as serving:
        index = serving.get("/")[2].decode()
        assert '<html lang="es">' in index and ">roto.journey.yaml no es válido</a>" in index and ">sintaxis.journey.yaml no es válido</a>" in index
        page = serving.get("/journeys/roto")[2].decode()
        assert '<html lang="es">' in page and "<h1>roto.journey.yaml no es válido</h1>" in page and '<a href="/">Recorridos</a>' in page
        broken.write_text("journey: [\n", encoding="utf-8")  # now unreadable too: the index's language, known by now
        page = serving.wait_for("/journeys/roto", "<pre")
        assert '<html lang="es">' in page and "<h1>roto.journey.yaml no es válido</h1>" in page


def test_a_saved_template_redraws_every_page(tmp_path):
    served, templates = tmp_path / "served", tmp_path / "templates"
    served.mkdir()
    templates.mkdir()
    _copy("retail-store.journey.yaml", served)
    _copy("laptop-purchase.journey.yaml", served)
    shipped = (ROOT / "templates" / "journey.html.j2").read_text(encoding="utf-8")
    override = templates / "journey.html.j2"
    override.write_text(shipped.replace("<h1>", '<h1 data-edition="first">', 1), encoding="utf-8")
    with running(str(served), "--templates", str(templates)) as serving:
        maps = ("/journeys/retail-store", "/journeys/laptop-purchase")
        assert all('data-edition="first"' in serving.get(address)[2].decode() for address in maps)
        override.write_text(shipped.replace("<h1>", '<h1 data-edition="second">', 1), encoding="utf-8")
        for address in maps:
            serving.wait_for(address, 'data-edition="second"')
        assert serving.get("/")[0] == 200


@pytest.mark.parametrize("command", ["serve", "render"])
def test_render_and_serve_check_the_templates_folder_alike(command, tmp_path):
    not_a_folder = tmp_path / "journey.html.j2"
    not_a_folder.write_text("{{ view.title }}")
    output = ["-o", f"{tmp_path / 'site'}/"] if command == "render" else []
    run = cli(command, str(EXAMPLES), *output, "--templates", str(not_a_folder))
    assert (run.code, run.stdout, run.stderr) == (2, "", f"cjmap: error: --templates: {not_a_folder} is not a folder\n")
    assert not (tmp_path / "site").exists()
