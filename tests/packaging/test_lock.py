"""The locks in requirements/ are current: every range in pyproject.toml is pinned, hashed, and
the runtime lock agrees with the development lock. Made by scripts/lock (uv); read offline."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# Supported Pythons the lock must cover (uv resolves for all of them at once).
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


def _pins(lock: Path) -> list[tuple[str, Version, Marker | None, list[str]]]:
    """(name, version, marker, hashes) of every entry; an entry spans its continuation lines."""
    entries = re.split(r"\n(?=[a-z0-9])", lock.read_text(encoding="utf-8"))
    pins = []
    for entry in entries:
        head = entry.split("\n", 1)[0].rstrip(" \\")
        if head.startswith("#") or "==" not in head:
            continue
        requirement, _, marker = head.partition(" ; ")
        name, _, version = requirement.partition("==")
        pins.append((canonicalize_name(name), Version(version), Marker(marker) if marker else None,
                     re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)))
    return pins


def _pinned_for(pins, name: str, python: str) -> list[Version]:
    environment = {"python_version": python, "python_full_version": f"{python}.0", "sys_platform": "linux",
                   "platform_machine": "x86_64", "platform_python_implementation": "CPython",
                   "implementation_name": "cpython", "os_name": "posix"}
    return [v for n, v, marker, _ in pins if n == name and (marker is None or marker.evaluate(environment))]


def _direct_requirements() -> list[Requirement]:
    lines = [*PYPROJECT["project"]["dependencies"], *PYPROJECT["project"]["optional-dependencies"]["dev"]]
    build = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    lines += [line for line in build if line.strip() and not line.startswith("#")]
    return [Requirement(line) for line in lines]


def test_every_entry_is_pinned_with_hashes():
    for lock in ("dev.lock", "runtime.lock"):
        pins = _pins(ROOT / "requirements" / lock)
        assert len(pins) > 10, lock
        assert all(hashes for *_, hashes in pins), [name for name, *_, hashes in pins if not hashes]


def test_every_direct_requirement_is_locked_within_its_range_on_every_python():
    pins = _pins(ROOT / "requirements" / "dev.lock")
    for python in PYTHONS:
        for requirement in _direct_requirements():
            environment = {"python_version": python, "python_full_version": f"{python}.0"}
            if requirement.marker is not None and not requirement.marker.evaluate(environment):
                continue
            versions = _pinned_for(pins, canonicalize_name(requirement.name), python)
            assert len(versions) == 1, f"{requirement.name} on Python {python}: pinned {versions}; run scripts/lock"
            assert requirement.specifier.contains(versions[0], prereleases=True), (
                f"{requirement} is locked at {versions[0]}: run scripts/lock"
            )


def test_the_runtime_lock_agrees_with_the_development_lock():
    development = {(name, version) for name, version, *_ in _pins(ROOT / "requirements" / "dev.lock")}
    runtime = _pins(ROOT / "requirements" / "runtime.lock")
    assert {(name, version) for name, version, *_ in runtime} <= development
    runtime_names = {name for name, *_ in runtime}
    for line in PYPROJECT["project"]["dependencies"]:
        assert canonicalize_name(Requirement(line).name) in runtime_names, line
