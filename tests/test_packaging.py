"""The built wheel, installed in a fresh virtual environment, renders with the templates it ships."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from conftest import EXAMPLES, ROOT


def test_every_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {
        ".".join(path.parent.relative_to(ROOT / "src").parts)
        for path in (ROOT / "src").rglob("__init__.py")
    }
    assert found | {"cjmap.templates"} == listed


def test_wheel_installs_and_renders_with_shipped_templates(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    [wheel] = dist.glob("cjmap-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("journey.html.j2", "journey.dot.j2", "journey.mmd.j2", "journey.md.j2", "index.html.j2", "map.css"):
        assert f"cjmap/templates/{template}" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True, timeout=900)
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
    shipped = subprocess.run([str(venv / "bin" / "python"), "-c", "from cjmap.render.environment import shipped_templates as s; print(s())"],
                             capture_output=True, text=True, cwd=work, timeout=120).stdout.strip()
    assert Path(shipped).parts[-2:] == ("cjmap", "templates") and "site-packages" in shipped
