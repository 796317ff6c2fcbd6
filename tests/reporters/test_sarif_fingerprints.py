"""partialFingerprints: codeql-action's primaryLocationLineHash, reproduced exactly, and
cjmap/v1, which keeps a finding's identity when lines are added above it and when its message
changes (a date, a line number, a KPI's actual), and which no two findings share."""

from __future__ import annotations

import json
import re
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import problem, result

from cjmap.reporters.fingerprints import cjmap_fingerprint
from cjmap.reporters.sarif import report
from cjmap.text.line_hashes import line_hashes
from conftest import ROOT, cli

# The inputs and expected hashes of the "hash" test in github/codeql-action's
# src/fingerprints.test.ts at commit f3f1edbedfb4a1d188d344570834df2996d45d39, copied as data.
CODEQL_ACTION_CASES = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", [
        "8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1",
    ]),
    *[(text, ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1",
              "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]) for text in (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
        " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
        " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
        " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
    )],
    ("Lorem ipsum dolor sit amet.\n" * 10, [
        "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
        "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
    ]),
    ("x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n", [
        "e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1", "54517377da7028d2:1",
        "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1",
    ]),
]
TODAY = {"CJMAP_TODAY": "2026-11-23"}
JOURNEY = """cjmap: 1
journey:
  title: Checkout
  owner: cx-team
  reviewed: 2026-11-01
personas: [{id: ana, goals: [Buy], pain_points: [Slow]}]
stages:
  - id: purchase
    touchpoints:
      - {id: cart, name: Cart, channel: web, emotion: 1, actions: [Pay]}
"""


@pytest.mark.parametrize(("text", "expected"), CODEQL_ACTION_CASES)
def test_line_hashes_are_codeql_actions(text: str, expected: list[str]) -> None:
    every_line = range(1, len(expected) + 1)
    assert line_hashes(text, every_line) == dict(zip(every_line, expected, strict=True))
    # As many lines as codeql-action's test counts (text.split(/\r\n|\r|\n/)), and no more.
    assert len(expected) == len(re.split(r"\r\n|\r|\n", text))
    assert line_hashes(text, [len(expected) + 1]) == {}


def _rolling(text: str) -> list[str]:
    """fingerprints.ts's ``hash``, statement for statement (its window, its rolling update, its
    flush): the oracle for texts its own test data does not cover."""
    units = [*array("H", text.encode("utf-16-le", errors="surrogatepass")), 65535]
    window, starts, counts, hashes = [0] * 100, [-1] * 100, {}, []
    raw = index = number = 0
    line_start, after_cr = True, False

    def output() -> None:
        value = format(raw, "x")
        counts[value] = counts.get(value, 0) + 1
        hashes.append(f"{value}:{counts[value]}")
        starts[index] = -1

    def update(current: int) -> None:
        nonlocal raw, index
        raw = (37 * raw + current - pow(37, 100, 1 << 64) * window[index]) & ((1 << 64) - 1)
        window[index] = current
        index = (index + 1) % 100

    for read in units:
        if read in (32, 9) or (after_cr and read == 10):  # skip tabs, spaces, and an LF right after a CR
            after_cr = False
            continue
        after_cr = read == 13
        current = 10 if after_cr else read  # replace CR with LF
        if starts[index] != -1:
            output()
        if line_start:
            line_start, number = False, number + 1
            starts[index] = number
        if current == 10:
            line_start = True
        update(current)
    for _ in range(100):
        if starts[index] != -1:
            output()
        update(0)
    return hashes


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(["a", "Z", " ", "\t", "\r", "\n", "é", "😀", "\ufeff", "\u2028", ":", "-"]), max_size=400))
def test_line_hashes_match_a_literal_port_of_the_rolling_hash(text: str) -> None:
    expected = _rolling(text)
    every_line = range(1, len(expected) + 1)
    assert line_hashes(text, every_line) == dict(zip(every_line, expected, strict=True))


def test_the_literal_port_passes_codeql_actions_own_cases() -> None:
    for text, expected in CODEQL_ACTION_CASES:
        assert _rolling(text) == expected


def test_only_the_lines_asked_for() -> None:
    text, expected = CODEQL_ACTION_CASES[-2]
    assert line_hashes(text, [7, 2]) == {2: expected[1], 7: expected[6]}
    assert line_hashes(text, []) == {}


def _sarif(tmp_path: Path, text: str, *, today: dict[str, str] = TODAY) -> list[dict]:
    (tmp_path / "a.journey.yaml").write_text(text, encoding="utf-8")
    run = cli("lint", "-f", "sarif", "a.journey.yaml", cwd=tmp_path, env={**today, "GITHUB_WORKSPACE": str(tmp_path)})
    return json.loads(run.stdout)["runs"][0]["results"]


def _fingerprints(tmp_path: Path, text: str, *, today: dict[str, str] = TODAY) -> list[dict]:
    return [entry["partialFingerprints"] for entry in _sarif(tmp_path, text, today=today)]


def _by_rule(results: list[dict]) -> dict[str, tuple[str, str]]:
    """rule -> (its one finding's message, its cjmap/v1)."""
    found = {r["ruleId"]: (r["message"]["text"], r["partialFingerprints"]["cjmap/v1"]) for r in results}
    assert len(found) == len(results)
    return found


def test_fingerprints_survive_lines_added_above(tmp_path: Path) -> None:
    before = _fingerprints(tmp_path, JOURNEY)
    after = _fingerprints(tmp_path, "# A comment\n\n# added above everything\n" + JOURNEY)
    assert before and all(set(f) == {"cjmap/v1", "primaryLocationLineHash"} for f in before)
    assert [f["cjmap/v1"] for f in after] == [f["cjmap/v1"] for f in before]
    # codeql-action's hash reads the line and what follows it, not its number: it stays too.
    assert [f["primaryLocationLineHash"] for f in after] == [f["primaryLocationLineHash"] for f in before]


def test_the_line_hash_is_the_one_codeql_action_computes_from_the_file(tmp_path: Path) -> None:
    text = "\ufeff" + JOURNEY.replace("\n", "\r\n").replace("Checkout", "Caja 😀 rápida")  # a BOM, CRLF, astral and accented text
    (tmp_path / "a.journey.yaml").write_bytes(text.encode("utf-8"))
    run = cli("lint", "-f", "sarif", "a.journey.yaml", cwd=tmp_path, env={**TODAY, "GITHUB_WORKSPACE": str(tmp_path)})
    results = json.loads(run.stdout)["runs"][0]["results"]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
    assert results and [r["partialFingerprints"]["primaryLocationLineHash"] for r in results] == [line_hashes(text, lines)[n] for n in lines]


def test_a_result_the_check_did_not_hash_gets_no_line_hash() -> None:
    # The reporter reads no file: a hand-made result (or one checked without line_hashes=True)
    # has no hashes, so the log holds cjmap/v1 alone.
    document = json.loads(report([result("a.journey.yaml", problem(3, 1, file="a.journey.yaml"))]))
    [entry] = document["runs"][0]["results"]
    assert list(entry["partialFingerprints"]) == ["cjmap/v1"]


def test_standard_input_is_hashed_as_read_not_the_file_its_name_names(tmp_path: Path) -> None:
    # An editor pipes an unsaved buffer with --stdin-filename: the hash is the buffer's. Before,
    # the reporter read the file of that name from the disk (here another file entirely).
    (tmp_path / "a.journey.yaml").write_text("# saved long ago\n" * 5 + JOURNEY, encoding="utf-8")
    run = cli("lint", "-f", "sarif", "--stdin-filename", "a.journey.yaml", "-", stdin=JOURNEY.encode("utf-8"), cwd=tmp_path,
              env={**TODAY, "GITHUB_WORKSPACE": str(tmp_path)})
    results = json.loads(run.stdout)["runs"][0]["results"]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results]
    assert results and [r["partialFingerprints"]["primaryLocationLineHash"] for r in results] == [line_hashes(JOURNEY, lines)[n] for n in lines]


def test_only_sarif_asks_the_check_for_line_hashes(tmp_path: Path) -> None:
    from cjmap.check import check_files
    from cjmap.files.reading import Source
    from cjmap.loader import Limits

    invalid = JOURNEY + "unknown_key: 1\n"  # CJ021: a finding for validate alone
    (tmp_path / "a.journey.yaml").write_text(invalid, encoding="utf-8")
    source = Source(str(tmp_path / "a.journey.yaml"), tmp_path / "a.journey.yaml")
    [plain] = check_files([source], limits=Limits())
    [hashed] = check_files([source], limits=Limits(), line_hashes=True)
    assert plain.line_hashes == {} and plain.problems
    assert hashed.line_hashes == line_hashes(invalid, {p.line for p in hashed.problems}) != {}


def test_identical_findings_are_told_apart() -> None:
    twice = [result("a.journey.yaml", problem(3, 1, message="same"), problem(9, 1, message="same"))]
    prints = [r["partialFingerprints"]["cjmap/v1"] for r in json.loads(report(twice))["runs"][0]["results"]]
    assert prints[0].endswith(":1") and prints[1].endswith(":2") and prints[0][:-2] == prints[1][:-2]


def test_a_stale_review_keeps_its_fingerprint_from_day_to_day(tmp_path: Path) -> None:
    stale = JOURNEY.replace("reviewed: 2026-11-01", "reviewed: 2026-01-01")
    first = _by_rule(_sarif(tmp_path, stale, today={"CJMAP_TODAY": "2026-11-01"}))["CJ101"]
    second = _by_rule(_sarif(tmp_path, stale, today={"CJMAP_TODAY": "2026-11-02"}))["CJ101"]
    assert first[0] != second[0] and "304 days" in first[0] and "305 days" in second[0]  # the message moves on …
    assert first[1] == second[1]  # … the alert stays the same alert


def test_a_duplicate_key_keeps_its_fingerprint_when_a_comment_is_added_above_it(tmp_path: Path) -> None:
    twice = JOURNEY.replace("  owner: cx-team\n", "  owner: cx-team\n  owner: ops\n")
    before = _by_rule(_sarif(tmp_path, twice))["CJ002"]
    after = _by_rule(_sarif(tmp_path, twice.replace("  owner: cx-team\n", "  # who answers for it\n  owner: cx-team\n")))["CJ002"]
    assert "first defined at line 4" in before[0] and "first defined at line 5" in after[0]
    assert before[1] == after[1]


def test_a_syntax_error_is_known_by_its_line_not_its_number(tmp_path: Path) -> None:
    """No document path: the text of the line stands for the place, spaces around it left out."""
    def syntax_error(text: str) -> tuple[int, str]:
        [found] = [r for r in _sarif(tmp_path, text) if r["ruleId"] == "CJ001"]
        return found["locations"][0]["physicalLocation"]["region"]["startLine"], found["partialFingerprints"]["cjmap/v1"]

    broken = JOURNEY.replace("  title: Checkout\n", "  title: [Checkout\n")
    before, moved = syntax_error(broken), syntax_error("# added\n\n" + broken)
    reindented = syntax_error(broken.replace("  title: [Checkout", "   title: [Checkout"))
    assert moved[0] == before[0] + 2 and moved[1] == before[1] == reindented[1]
    elsewhere = syntax_error(JOURNEY.replace("  owner: cx-team\n", "  owner: [cx-team\n"))
    assert elsewhere[1] != before[1]


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_no_two_findings_share_a_fingerprint(command: str) -> None:
    run = cli(command, "-f", "sarif", "examples", "tests/data", "tests/cli/data", cwd=ROOT, env={**TODAY, "GITHUB_WORKSPACE": str(ROOT)})
    results = json.loads(run.stdout)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["cjmap/v1"] for r in results]
    assert len(results) >= {"validate": 5, "lint": 40}[command] and len(set(prints)) == len(prints)


def test_what_tells_findings_apart() -> None:
    same = cjmap_fingerprint("CJ021", "a.journey.yaml", "stages[0].chanel", "")
    assert same == cjmap_fingerprint("CJ021", "a.journey.yaml", "stages[0].chanel", "    chanel: web")  # a path: the line is not read
    assert len({
        same,
        cjmap_fingerprint("CJ022", "a.journey.yaml", "stages[0].chanel", ""),
        cjmap_fingerprint("CJ021", "b.journey.yaml", "stages[0].chanel", ""),
        cjmap_fingerprint("CJ021", "a.journey.yaml", "stages[1].chanel", ""),
        # A line whose text is a document path is not that path.
        cjmap_fingerprint("CJ001", "a.journey.yaml", "", "stages[0].chanel"),
        cjmap_fingerprint("CJ001", "a.journey.yaml", "stages[0].chanel", ""),
    }) == 6
    assert cjmap_fingerprint("CJ001", "a.journey.yaml", "", "  title: [x  ") == cjmap_fingerprint("CJ001", "a.journey.yaml", "", "title: [x")


def test_the_message_is_not_part_of_it_but_the_order_of_equal_ones_is() -> None:
    two = [result("a.journey.yaml", problem(3, 1, message="the KPI is at 71%", path="stages[0].kpis[0]"),
                  problem(9, 1, message="the KPI is at 64%", path="stages[0].kpis[0]"))]
    changed = [result("a.journey.yaml", problem(3, 1, message="the KPI is at 72%", path="stages[0].kpis[0]"),
                      problem(9, 1, message="the KPI is at 60%", path="stages[0].kpis[0]"))]
    prints = [[r["partialFingerprints"]["cjmap/v1"] for r in json.loads(report(run))["runs"][0]["results"]] for run in (two, changed)]
    assert prints[0] == prints[1] and prints[0][0] != prints[0][1]
