"""The package as it would be published: metadata, the sdist and its tests, the wheel in a fresh
virtual environment, and the declared dependencies against what the code imports.

The builds run without build isolation: setuptools comes from the lock, like everything else.
"""

from __future__ import annotations

import ast
import email.parser
import importlib.metadata
import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from conftest import EXAMPLES, ROOT, SHARED

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REPOSITORY = "https://github.com/cjmap/cjmap"
# Test files the unpacked sdist runs: they reach its examples, docs, rule cases, schema,
# templates, goldens and ../shared, so a file missing from the sdist fails one of them.
SDIST_TESTS = [
    "tests/loader/test_loader.py",
    "tests/validation/test_validation.py",
    "tests/lint/test_rules.py",
    "tests/docs/test_docs.py",
    "tests/model/test_schema.py",
    "tests/render/test_render_golden.py",
    "tests/loader/test_yaml_test_suite.py",
]


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, and the wheel built from it (``python -m build``'s default, as a publisher runs it)."""
    out = tmp_path_factory.mktemp("dist")
    completed = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    [sdist] = out.glob("cjmap-*.tar.gz")
    [wheel] = out.glob("cjmap-*.whl")
    return {"sdist": sdist, "wheel": wheel}


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_every_package_is_listed_in_pyproject():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(ROOT / "src").parts)
        for path in (ROOT / "src").rglob("__init__.py")
    }
    assert found | {"cjmap.templates"} == listed


def test_metadata_has_an_spdx_licence_and_project_urls(dists):
    metadata = _metadata(dists["wheel"])
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["License"] is None  # the table form setuptools stops reading on 2027-02-18
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL"))
    assert set(urls) >= {"Homepage", "Documentation", "Repository", "Issues"}
    assert all(url.startswith(REPOSITORY) for url in urls.values())
    with zipfile.ZipFile(dists["wheel"]) as archive:
        [licence] = [n for n in archive.namelist() if n.endswith("/LICENSE")]
        assert "MIT License" in archive.read(licence).decode("utf-8")
    assert metadata["Requires-Python"] == PYPROJECT["project"]["requires-python"]


def test_twine_check_strict_passes(dists):
    completed = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(dists["sdist"]), str(dists["wheel"])],
        capture_output=True, text=True, timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.count("PASSED") == 2, completed.stdout


def test_readme_links_work_on_a_package_index_page():
    # PyPI renders the README away from the repository: a relative link would 404 there.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert links, "the README links its docs"
    for link in links:
        assert link.startswith(("https://", "#")), f"relative link in README: {link}"
        if link.startswith(f"{REPOSITORY}/blob/main/"):
            target = ROOT / link.removeprefix(f"{REPOSITORY}/blob/main/").split("#")[0]
            assert target.is_file(), f"README links {link}, but {target.relative_to(ROOT)} does not exist"


def test_every_declared_dependency_is_imported_by_the_code():
    imported = _top_level_imports(ROOT / "src" / "cjmap")
    for line in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(line)
        # A distribution counts as used when the code imports a module it ships (PyYAML: yaml)
        # or its own name (a meta-package such as typer over typer-slim ships no module).
        provided = {requirement.name.lower().replace("-", "_")}
        if requirement.marker is None or requirement.marker.evaluate():
            provided |= _modules_of(requirement.name)
        assert provided & imported, f"{requirement.name} is declared but never imported"


def _modules_of(distribution: str) -> set[str]:
    try:
        files = importlib.metadata.distribution(distribution).files or []
    except importlib.metadata.PackageNotFoundError:
        return set()
    modules = set()
    for file in files:
        top = file.parts[0]
        if top.endswith((".dist-info", ".data", ".pth")) or top in ("__pycache__", ".."):
            continue
        modules.add(top.split(".")[0])
    return modules


def _top_level_imports(package: Path) -> set[str]:
    modules: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules


def test_sdist_carries_what_its_tests_need(dists):
    with tarfile.open(dists["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for required in (
        "LICENSE", "README.md", "pyproject.toml", "requirements/dev.lock", "requirements/runtime.lock",
        "tests/conftest.py", "tests/lint/cases/CJ101.yaml", "tests/hostile_text.py", "tests/render/golden/bank-account-opening.html",
        "examples/bank-account-opening.journey.yaml", "docs/rules.md", "schema/journey.schema.json",
        "templates/map.css", "scripts/setup", ".ci/run",
    ):
        assert required in names, f"{required} is missing from the sdist"
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


def test_the_sdists_tests_pass_against_the_package_built_from_it(dists, tmp_path):
    with tarfile.open(dists["sdist"]) as archive:
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # 3.10.12+, 3.11.4+
        archive.extractall(tmp_path, **safe)
    [unpacked] = tmp_path.glob("cjmap-*")
    venv = _venv_with_test_tools(tmp_path / "venv")
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(dists["wheel"])],
                   check=True, capture_output=True, timeout=300)
    where = subprocess.run([python, "-c", "import cjmap; print(cjmap.__file__)"],
                           capture_output=True, text=True, cwd=unpacked, timeout=120)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr  # not this checkout
    completed = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SDIST_TESTS],
        capture_output=True, text=True, cwd=unpacked, timeout=1200,
        env={**_clean_env(), "CJMAP_SHARED": str(SHARED)},
    )
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-2000:]
    assert re.search(r"\d+ passed", completed.stdout) and "skipped" not in completed.stdout


def _venv_with_test_tools(venv: Path) -> Path:
    """A fresh venv that sees this environment's locked packages (a .pth file) but not its
    editable cjmap: .pth files inside a directory added that way are not run."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    site_packages = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, timeout=120,
    ).stdout.strip()
    (Path(site_packages) / "locked-test-tools.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS")}


def test_wheel_installs_from_the_runtime_lock_and_renders_with_shipped_templates(dists, tmp_path):
    wheel = dists["wheel"]
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("journey.html.j2", "journey.dot.j2", "journey.mmd.j2", "journey.md.j2", "index.html.j2", "map.css"):
        assert f"cjmap/templates/{template}" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--require-hashes", "--no-deps", "-r", str(ROOT / "requirements" / "runtime.lock")],
                   check=True, capture_output=True, timeout=900)
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True, capture_output=True, timeout=300)
    check = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "check"], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout  # the runtime lock holds every dependency of the wheel
    work = tmp_path / "elsewhere"  # not the source tree: templates must come from the wheel
    work.mkdir()
    for name in ("map.html", "map.svg"):
        completed = subprocess.run(
            [str(venv / "bin" / "cjmap"), "render", str(EXAMPLES / "bank-account-opening.journey.yaml"), "-o", name],
            cwd=work, capture_output=True, text=True, timeout=300,
        )
        assert completed.returncode == 0, completed.stderr
    assert (work / "map.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<svg" in (work / "map.svg").read_text(encoding="utf-8")
    shipped = subprocess.run([str(venv / "bin" / "python"), "-c", "from cjmap.text.templates import shipped_templates as s; print(s())"],
                             capture_output=True, text=True, cwd=work, timeout=120).stdout.strip()
    assert Path(shipped).parts[-2:] == ("cjmap", "templates") and "site-packages" in shipped
