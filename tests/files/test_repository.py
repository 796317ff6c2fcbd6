"""Paths as a repository names them (``cjmap.files.repository``): the root cjmap finds, and each
file relative to it, through symbolic links on either side (issue 17: GitHub reads ``file=`` and
SARIF URIs relative to the checkout's root)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cjmap.files.repository import repository_path, repository_root
from conftest import TODAY, cli, run_cjmap

# A journey with one lint finding on a known line, so each format names the file once at least.
JOURNEY = """cjmap: 1
journey: {title: Checkout, owner: cx-team, reviewed: 2026-11-01}
personas: [{id: ana, goals: [Buy], pain_points: [Slow]}]
stages:
  - id: purchase
    touchpoints:
      - {id: cart, name: Cart, chanel: web, emotion: 1, actions: [Pay]}
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "journeys").mkdir(parents=True)
    (root / ".git").mkdir()  # what marks a repository root to cjmap
    (root / "journeys" / "a.journey.yaml").write_text(JOURNEY, encoding="utf-8")
    return root


@pytest.fixture
def alias(repository: Path) -> Path:
    """``ln -s repo alias``: the same checkout under a second name, beside it."""
    link = repository.parent / "alias"
    link.symlink_to(repository, target_is_directory=True)
    return link


@pytest.fixture
def no_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)


# --- repository_root ---------------------------------------------------------------------------

@pytest.mark.usefixtures("no_workspace")
def test_the_root_is_the_nearest_folder_holding_git(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository / "journeys")
    assert repository_root() == repository
    # A submodule: its .git is a file, and the nearest one wins over the enclosing repository's.
    (repository / "module" / "deep").mkdir(parents=True)
    (repository / "module" / ".git").write_text("gitdir: ../.git/modules/module\n", encoding="utf-8")
    monkeypatch.chdir(repository / "module" / "deep")
    assert repository_root() == repository / "module"


@pytest.mark.usefixtures("no_workspace")
def test_outside_any_repository_there_is_no_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not any((folder / ".git").exists() for folder in (tmp_path, *tmp_path.parents))
    monkeypatch.chdir(tmp_path)
    assert repository_root() is None


def test_the_workspace_wins_over_git(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository / "journeys")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repository / "journeys"))
    assert repository_root() == repository / "journeys"
    monkeypatch.setenv("GITHUB_WORKSPACE", "")  # empty: as if unset
    assert repository_root() == repository


# --- repository_path ---------------------------------------------------------------------------

def test_a_file_inside_is_named_from_the_root_with_slashes(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository / "journeys")
    assert repository_path("a.journey.yaml", repository) == "journeys/a.journey.yaml"
    assert repository_path("./../journeys/a.journey.yaml", repository) == "journeys/a.journey.yaml"
    assert repository_path(str(repository / "journeys" / "a.journey.yaml"), repository) == "journeys/a.journey.yaml"
    assert repository_path(".", repository) == "journeys"


def test_a_file_outside_has_no_repository_path(repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    outside = tmp_path / "elsewhere.journey.yaml"
    outside.write_text(JOURNEY, encoding="utf-8")
    assert repository_path(str(outside), repository) is None
    assert repository_path("../elsewhere.journey.yaml", repository) is None
    # A sibling whose name starts with the root's is still outside it (no string prefix test).
    (tmp_path / "repo-other").mkdir()
    assert repository_path(str(tmp_path / "repo-other" / "x.yaml"), repository) is None


@pytest.mark.parametrize("name", ["<stdin>", "<string>", "a\0b.journey.yaml", "journeys/\0"])
def test_a_name_that_is_no_path_has_no_repository_path(repository: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    assert repository_path(name, repository) is None  # no exception either: a NUL would make realpath raise


def test_without_a_root_nothing_has_a_repository_path(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    assert repository_path("journeys/a.journey.yaml", None) is None


def test_a_file_named_through_a_link_to_the_root_is_named_from_the_root(repository: Path, alias: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repository)
    assert repository_path("../alias/journeys/a.journey.yaml", repository) == "journeys/a.journey.yaml"
    # And the other way round: the root is given through the link (a workspace path that holds one).
    assert repository_path("journeys/a.journey.yaml", alias) == "journeys/a.journey.yaml"


# --- through the CLI ---------------------------------------------------------------------------

def _annotated_files(stdout: str) -> set[str]:
    return {line.split("file=", 1)[1].split(",", 1)[0] for line in stdout.splitlines() if line.startswith("::")}


def _sarif_uris(stdout: str) -> set[tuple[str, str | None]]:
    [run] = json.loads(stdout)["runs"]
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    return {(location["uri"], location.get("uriBaseId")) for location in locations}


@pytest.mark.parametrize("runner", [cli, run_cjmap], ids=["in-process", "real-process"])
def test_a_journey_named_through_a_link_to_the_repository(repository: Path, alias: Path, runner) -> None:
    # `ln -s repo alias`, then from repo/ the file named through the link: the same file, so the
    # same repository path, as GitHub finds it in the checkout.
    name = str(Path("..") / alias.name / "journeys" / "a.journey.yaml")
    github = runner("lint", "-f", "github", name, cwd=repository, env=TODAY)
    assert github.code == 1, github.stderr
    assert _annotated_files(github.stdout) == {"journeys/a.journey.yaml"}
    sarif = runner("lint", "-f", "sarif", name, cwd=repository, env=TODAY)
    assert sarif.code == 1, sarif.stderr
    assert _sarif_uris(sarif.stdout) == {("journeys/a.journey.yaml", "%SRCROOT%")}


@pytest.mark.parametrize("runner", [cli, run_cjmap], ids=["in-process", "real-process"])
def test_a_workspace_named_through_a_link(repository: Path, alias: Path, runner) -> None:
    # GITHUB_WORKSPACE holds the link; the current folder (the real one) names the file.
    env = {**TODAY, "GITHUB_WORKSPACE": str(alias)}
    github = runner("lint", "-f", "github", "journeys/a.journey.yaml", cwd=repository, env=env)
    assert _annotated_files(github.stdout) == {"journeys/a.journey.yaml"}
    sarif = runner("lint", "-f", "sarif", "journeys/a.journey.yaml", cwd=repository, env=env)
    assert _sarif_uris(sarif.stdout) == {("journeys/a.journey.yaml", "%SRCROOT%")}
    assert json.loads(sarif.stdout)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == alias.as_uri() + "/"


def test_the_current_folder_is_its_real_path(repository: Path, alias: Path) -> None:
    # Entered through the link, the process's current folder is the real one (the kernel keeps no
    # link name), so the root and the paths come out the same as from repo/ itself.
    previous = os.getcwd()
    os.chdir(alias / "journeys")
    try:
        assert Path(os.getcwd()) == repository / "journeys"
    finally:
        os.chdir(previous)
    run = cli("lint", "-f", "github", "a.journey.yaml", cwd=alias / "journeys", env=TODAY)
    assert _annotated_files(run.stdout) == {"journeys/a.journey.yaml"}
