"""The editor experience, proved with the real client: ``yaml-language-server`` 1.25.0 (what VS
Code's YAML extension runs) driven over LSP (tests/yaml_ls.py) on journeys that ``cjmap init``
and ``cjmap import`` wrote, with the modeline and the schema file they wrote (issue 17,
Deliver 3): inline diagnostics with the schema's message at the right line, completion of the
built-in channels, hover help, and no schema fetched from the network.

One server for the module (as an editor keeps one), stopped (killed if it will not go) when the
module ends, whatever failed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjmap.model.schema import journey_schema
from cjmap.model.vocabulary import BUILTIN_CHANNELS, SCHEMA_URL
from conftest import ROOT, TODAY, cli
from yaml_ls import LanguageServer, ProxyTrap, settings

CSV = ROOT / "tests" / "cli" / "data" / "retail-store.csv"
_KEY = re.compile(r"^(\s*(?:- )?)([a-z_]+):")


class Workspace:
    """A folder opened in the editor, with a journey ``cjmap init`` wrote in it."""

    def __init__(self, root: Path, server: LanguageServer, trap: ProxyTrap) -> None:
        self.root, self.server, self.trap = root, server, trap
        self.journey = root / "checkout.journey.yaml"
        self.text = self.journey.read_text(encoding="utf-8")
        self.lines = self.text.split("\n")

    def line_of(self, text: str, after: str = "") -> int:
        """The 0-based line of the first ``text`` after the first line holding ``after``."""
        start = next(i for i, line in enumerate(self.lines) if after in line)
        return next(i for i, line in enumerate(self.lines) if i >= start and text in line)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    # A folder name an editor must encode in its URI (a space, accents).
    root = tmp_path_factory.mktemp("editor") / "Mis recorridos ñ"
    root.mkdir()
    run = cli("init", "--title", "Checkout", cwd=root, env=TODAY)
    assert run.code == 0 and (root / "journey.schema.json").is_file(), run.stderr
    trap = ProxyTrap()
    server = LanguageServer(root, settings=settings(trap.url))
    try:
        yield Workspace(root, server, trap)
    finally:
        server.stop()
        trap.close()
    assert server.returncode is not None


def _messages(diagnostics: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    return [(d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"]) for d in diagnostics]


def _labels(completion: Any) -> list[str]:
    items = completion["items"] if isinstance(completion, dict) else completion
    return [item["label"] for item in items]


# -- diagnostics ----------------------------------------------------------------------------


def test_the_journey_init_wrote_has_no_diagnostics(workspace):
    assert workspace.text.startswith("# yaml-language-server: $schema=journey.schema.json\n")
    assert workspace.server.check(workspace.journey) == []


def test_a_wrong_type_is_reported_at_its_line_with_the_schema_message(workspace):
    line = workspace.line_of("emotion: 0")
    text = workspace.text.replace("emotion: 0", "emotion: high", 1)
    diagnostics = workspace.server.check(workspace.journey, text)
    assert _messages(diagnostics) == [(line, workspace.lines[line].index("0"), "Incorrect type. Expected one of integer, object, null.")]
    assert diagnostics[0]["source"] == "yaml-schema: Emotion" and diagnostics[0]["severity"] == 1  # an error, titled by the schema


def test_an_unknown_stage_kind_is_reported_with_the_kinds_the_schema_allows(workspace):
    line = workspace.line_of("name:", after="stages:")  # the first stage's name; kind goes after it
    lines = [*workspace.lines[: line + 1], "    kind: nonsense", *workspace.lines[line + 1 :]]
    diagnostics = workspace.server.check(workspace.journey, "\n".join(lines))
    kinds = ", ".join(f'"{kind}"' for kind in ("awareness", "consideration", "purchase", "retention", "advocacy", "custom"))
    assert _messages(diagnostics) == [(line + 1, len("    kind: "), f"Value is not accepted. Valid values: {kinds}, null.")]


def test_a_misspelt_key_is_reported_where_it_is(workspace):
    line = workspace.line_of("channel:")
    text = "\n".join([*workspace.lines[:line], workspace.lines[line].replace("channel:", "chanel:"), *workspace.lines[line + 1:]])
    messages = _messages(workspace.server.check(workspace.journey, text))
    column = workspace.lines[line].index("channel")
    assert (line, column, "Property chanel is not allowed.") in messages


def test_a_channel_of_the_journeys_own_is_valid(workspace):
    line = workspace.line_of("channel:")
    lines = [*workspace.lines[:line], "        channel: kiosk", *workspace.lines[line + 1:]]
    at = lines.index("personas:  # at least one; with several, say on each touchpoint who goes through it")
    lines[at:at] = ["channels:", "  - {id: kiosk, name: In-store kiosk, mode: offline}", ""]
    assert workspace.server.check(workspace.journey, "\n".join(lines)) == []


# -- completion and hover -------------------------------------------------------------------


def test_completion_after_channel_offers_the_built_in_channels_and_nothing_else(workspace):
    # Exactly the 20, in the format's order: no "null" (the schema's null branch names no type)
    # and no "Default value" (no `default: null`); the server adds nothing of its own here.
    line = workspace.line_of("channel:")
    lines = [*workspace.lines[:line], "        channel: ", *workspace.lines[line + 1:]]
    uri = workspace.server.open(workspace.journey, "\n".join(lines))
    try:
        completion = workspace.server.at("completion", uri, line, len("        channel: "))
    finally:
        workspace.server.close(uri)
    assert _labels(completion) == list(BUILTIN_CHANNELS)
    items = completion["items"] if isinstance(completion, dict) else completion
    assert [item["documentation"] for item in items][:2] == ["Website (online)", "Mobile app (online)"]  # each with its name and mode


def test_completing_an_optional_key_fills_in_no_null(workspace):
    # With `default: null` the server wrote `channel: ${1:null}`; without it, the key alone.
    line = workspace.line_of("channel:")
    lines = [*workspace.lines[:line], "        chan", *workspace.lines[line + 1:]]
    uri = workspace.server.open(workspace.journey, "\n".join(lines))
    try:
        completion = workspace.server.at("completion", uri, line, len("        chan"))
    finally:
        workspace.server.close(uri)
    items = completion["items"] if isinstance(completion, dict) else completion
    assert [item["insertText"] for item in items if item["label"] == "channel"] == ["channel: "]


def test_hover_over_a_key_shows_its_description(workspace):
    uri = workspace.server.open(workspace.journey)
    try:
        line = workspace.line_of("  title:")
        hover = workspace.server.at("hover", uri, line, 3)
    finally:
        workspace.server.close(uri)
    described = journey_schema()["$defs"]["JourneyMeta"]["properties"]["title"]["description"]
    assert hover["contents"]["kind"] == "markdown" and described in hover["contents"]["value"]
    assert (hover["range"]["start"]["line"], hover["range"]["start"]["character"]) == (line, 2)


def test_hover_over_every_key_init_writes_says_something(workspace):
    # Each key of the starter journey: a hover with more than the schema's source line.
    uri = workspace.server.open(workspace.journey)
    silent = []
    try:
        for number, line in enumerate(workspace.lines):
            match = _KEY.match(line)
            if match:
                hover = workspace.server.at("hover", uri, number, len(match.group(1)) + 1)
                text = hover["contents"]["value"] if hover else ""
                if not re.sub(r"Source: \[.*?\]\(.*?\)", "", text).strip():
                    silent.append(f"{number + 1}: {line.strip()}")
    finally:
        workspace.server.close(uri)
    assert silent == []


# -- where the schema is found, and the network ---------------------------------------------


def test_a_journey_imported_into_a_subfolder_finds_the_schema_above_it(workspace):
    run = cli("import", "csv", str(CSV), "-o", "shop/retail.journey.yaml", cwd=workspace.root)
    assert run.code == 0, run.stderr
    imported = workspace.root / "shop" / "retail.journey.yaml"
    text = imported.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../journey.schema.json\n")
    assert workspace.server.check(imported) == []
    lines = text.split("\n")
    line = next(number for number, x in enumerate(lines) if x.strip() == "emotion: 1")
    lines[line] = lines[line].replace("1", "[1]")
    messages = _messages(workspace.server.check(imported, "\n".join(lines)))
    assert [(m[0], m[1]) for m in messages] == [(line, lines[line].index("["))], messages  # the schema was loaded from ../


def test_nothing_is_fetched_from_the_network(workspace):
    # The schema's $id is an https address nobody serves; every $ref is inside the file. After a
    # check, a completion and a hover, the proxy every download would go through saw nothing.
    uri = workspace.server.open(workspace.journey)
    try:
        workspace.server.at("hover", uri, workspace.line_of("channel:"), 10)
        workspace.server.at("completion", uri, workspace.line_of("  type:"), len("  type: "))
    finally:
        workspace.server.close(uri)
    assert workspace.server.check(workspace.journey) == []
    assert journey_schema()["$id"] == SCHEMA_URL and SCHEMA_URL.startswith("https://")
    assert workspace.trap.requests == []


def test_the_proxy_trap_sees_a_download(workspace, tmp_path):
    # The check above is only worth something if a download would reach the trap: the address
    # cjmap's modeline used to name (the unserved $id) is tried through it, and fails. A trap and
    # a server of its own (set up as the module's are), so no other test's order or requests count.
    trap = ProxyTrap()
    server = LanguageServer(tmp_path, settings=settings(trap.url))
    try:
        text = workspace.text.replace("$schema=journey.schema.json", f"$schema={SCHEMA_URL}", 1)
        assert trap.requests == []
        messages = _messages(server.check(tmp_path / "remote.journey.yaml", text))
    finally:
        server.stop()
        trap.close()
    host = SCHEMA_URL.split("/")[2]
    assert any(f"Unable to load schema from '{SCHEMA_URL}'" in message for _, _, message in messages), messages
    assert trap.requests and all(request.startswith(f"CONNECT {host}:443 ".encode()) for request in trap.requests)


def test_yaml_schemas_in_the_settings_maps_journeys_without_a_modeline(workspace, tmp_path):
    # docs/editors.md's other way: .vscode/settings.json maps every *.journey.yaml (in any
    # folder) to the file, relative to the workspace root; other YAML files are left alone.
    trap = ProxyTrap()
    configured = settings(trap.url)
    configured["yaml"]["schemas"] = {"./journey.schema.json": ["*.journey.yaml", "*.journey.yml"]}
    server = LanguageServer(workspace.root, settings=configured)
    try:
        text = workspace.text.split("\n", 1)[1].replace("emotion: 0", "emotion: high", 1)  # no modeline
        assert not text.startswith("# yaml-language-server")
        for path in (workspace.root / "bare.journey.yaml", workspace.root / "deep" / "er" / "bare.journey.yml"):
            assert [d["message"] for d in server.check(path, text)] == ["Incorrect type. Expected one of integer, object, null."], path
        assert server.check(workspace.root / "other.yaml", text) == []
    finally:
        server.stop()
        trap.close()
    assert trap.requests == []


def test_the_server_is_stopped_and_gone(tmp_path):
    trap = ProxyTrap()
    server = LanguageServer(tmp_path, settings=settings(trap.url))
    assert server.returncode is None  # running
    server.stop()
    trap.close()
    # The Popen's own word (poll): it exited when asked, not killed, and was reaped. Probing the
    # pid with a signal could find another process that has taken the number since.
    assert server.returncode == 0
    server.stop()  # stopping again finds it gone and changes nothing
    assert server.returncode == 0
