"""Run from a subfolder of a repository, or under GitHub Actions, every SARIF URI names a file
that exists when joined to the root GitHub joins it to (issue 17: from a subfolder, codeql-action
fingerprinted 0 of 31 results and the alerts pointed at files that did not exist)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import EXAMPLES, TODAY, cli, run_cjmap


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "journeys" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()  # what marks a repository root to cjmap (as a worktree's .git file would)
    shutil.copy(EXAMPLES / "retail-store.journey.yaml", root / "journeys" / "retail store.journey.yaml")
    shutil.copy(EXAMPLES / "travel-booking.journey.yaml", root / "journeys" / "deep" / "travel.journey.yaml")
    return root


def _resolved(document: dict) -> list[Path]:
    """Each result's file as GitHub finds it: %SRCROOT% from originalUriBaseIds, then the URI."""
    [run] = document["runs"]
    bases = {name: unquote(urlparse(base["uri"]).path) for name, base in run["originalUriBaseIds"].items()}
    found = []
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%" and not location["uri"].startswith(("/", "file:"))
        found.append(Path(bases[location["uriBaseId"]]) / unquote(location["uri"]))
    return found


@pytest.mark.parametrize("runner", [cli, run_cjmap], ids=["in-process", "real-process"])
def test_from_a_subfolder_every_uri_resolves_from_the_root(repository: Path, runner) -> None:
    run = runner("lint", "-f", "sarif", ".", cwd=repository / "journeys", env=TODAY)
    assert run.stderr == ""
    document = json.loads(run.stdout)
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repository.as_uri() + "/"
    files = _resolved(document)
    assert files and all(path.is_file() for path in files)
    assert {path.relative_to(repository).as_posix() for path in files} == {"journeys/retail store.journey.yaml", "journeys/deep/travel.journey.yaml"}
    # codeql-action could hash each of them: the line hashes are there.
    assert all("primaryLocationLineHash" in r["partialFingerprints"] for r in document["runs"][0]["results"])


@pytest.mark.parametrize("runner", [cli, run_cjmap], ids=["in-process", "real-process"])
def test_under_actions_the_workspace_is_the_root(repository: Path, runner) -> None:
    # GITHUB_WORKSPACE wins over the .git folder: here a folder inside the checkout is the workspace.
    workspace = repository / "journeys"
    run = runner("lint", "-f", "sarif", "deep", cwd=workspace / "deep" / "..", env={**TODAY, "GITHUB_WORKSPACE": str(workspace)})
    document = json.loads(run.stdout)
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == workspace.as_uri() + "/"
    files = _resolved(document)
    assert files and all(path.is_file() for path in files)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]} == {"deep/travel.journey.yaml"}


def test_standard_input_keeps_its_name(repository: Path) -> None:
    text = (repository / "journeys" / "deep" / "travel.journey.yaml").read_bytes()
    run = cli("lint", "-f", "sarif", "-", stdin=text, cwd=repository / "journeys", env=TODAY)
    [location] = {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in json.loads(run.stdout)["runs"][0]["results"]}
    assert json.loads(location) == {"uri": "%3Cstdin%3E"}


def test_a_link_to_a_file_outside_the_repository_gets_no_line_hash(repository: Path, tmp_path: Path) -> None:
    # The link is in the repository, the file it names is not: GitHub cannot read that file, and
    # a hash of its lines would tell something about a file the repository does not hold.
    outside = tmp_path / "outside.journey.yaml"
    shutil.copy(EXAMPLES / "travel-booking.journey.yaml", outside)
    (repository / "journeys" / "linked.journey.yaml").symlink_to(outside)
    run = cli("lint", "-f", "sarif", "journeys", cwd=repository, env=TODAY)
    results = json.loads(run.stdout)["runs"][0]["results"]
    by_uri: dict[str, list[dict]] = {}
    for result in results:
        by_uri.setdefault(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], []).append(result)
    assert by_uri["journeys/linked.journey.yaml"] and by_uri["journeys/deep/travel.journey.yaml"]
    assert all("primaryLocationLineHash" not in r["partialFingerprints"] for r in by_uri["journeys/linked.journey.yaml"])
    # The same journey inside the repository is hashed: the link alone makes the difference.
    assert all("primaryLocationLineHash" in r["partialFingerprints"] for r in by_uri["journeys/deep/travel.journey.yaml"])
