"""``cjmap render`` as users call it: formats, files, folders, errors, and never a lost input."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from conftest import EXAMPLES, MINIMAL, ROOT, cli, run_cjmap

# In process (cli) except: renders without pygraphviz and without `dot` (a fresh interpreter
# where the import fails, and PATH), and byte-identical output between runs (two processes
# with different hash seeds).

LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"
BANK = EXAMPLES / "bank-account-opening.journey.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("fmt", "start"), [("html", "<!DOCTYPE html>"), ("dot", "digraph journey {"), ("mermaid", "journey\n"), ("markdown", "# ")])
def test_text_formats_print_to_stdout(fmt, start):
    run = cli("render", str(LAPTOP), "--format", fmt)
    assert run.code == 0 and run.stdout.startswith(start)


def test_mermaid_says_what_it_drops():
    run = cli("render", str(LAPTOP), "--format", "mermaid")
    assert "leaves out 11 pain points, 11 opportunities, 7 KPIs" in run.stderr


def test_format_from_the_extension(tmp_path):
    for name, magic in [("m.html", b"<!DOCTYPE html>"), ("m.svg", b"<?xml"), ("m.png", b"\x89PNG"), ("m.pdf", b"%PDF"),
                        ("m.dot", b"digraph"), ("m.mmd", b"journey"), ("m.md", b"# ")]:
        run = cli("render", str(BANK), "-o", str(tmp_path / name))
        assert (run.code, run.stdout) == (0, "") and run.stderr.endswith(f"cjmap: wrote {tmp_path / name}\n")
        assert (tmp_path / name).read_bytes().startswith(magic)


def test_svg_structure_has_a_node_per_touchpoint(tmp_path):
    import cjmap

    target = tmp_path / "bank.svg"
    assert cli("render", str(BANK), "-o", str(target)).code == 0
    root = ElementTree.parse(target).getroot()
    # Names starting with "_" (never a touchpoint id) are a blueprint's cells, lane names and lines.
    nodes = {g.findtext(f"{SVG}title") for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    nodes = {name for name in nodes if not name.startswith("_")}
    journey = cjmap.load_journey(BANK)
    assert nodes == {tp.id for _, tp in journey.touchpoints()}
    # A blueprint heads each stage's first column with its name (no clusters: see graph_blueprint).
    heads = [" ".join(t.text or "" for t in g.iter(f"{SVG}text")) for g in root.iter(f"{SVG}g")
             if g.get("class") == "node" and (g.findtext(f"{SVG}title") or "").startswith("_stage|tp:")]
    assert [head for head in heads if head] == [stage.name for stage in journey.stages]
    edges = [g.findtext(f"{SVG}title") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    assert "alta-online&#45;&gt;visita-sucursal" in edges or "alta-online->visita-sucursal" in edges


def test_binary_formats_need_an_output_file():
    run = cli("render", str(BANK), "--format", "png")
    assert run.code == 2 and "-o FILE.png" in run.stderr and run.stdout == ""


def test_unknown_extension_is_a_usage_error(tmp_path):
    run = cli("render", str(BANK), "-o", str(tmp_path / "map.xyz"))
    assert run.code == 2 and "cannot tell the format" in run.stderr
    assert not (tmp_path / "map.xyz").exists()


def test_a_folder_of_journeys_gets_pages_and_an_index(tmp_path):
    out = tmp_path / "site"
    run = cli("render", "examples/", "-o", f"{out}/")
    assert run.code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "bank-account-opening.html", "index.html", "laptop-purchase.html", "retail-store.html", "travel-booking.html",
    ]
    index = (out / "index.html").read_text(encoding="utf-8")
    for href in ("bank-account-opening.html", "laptop-purchase.html", "retail-store.html", "travel-booking.html"):
        assert f'href="./{href}"' in index
    assert "Compra de un portátil Dell en la tienda online" in index and "equipo-ecommerce" in index
    assert "Plano de servicio" in index and "2026-10-06" in index  # each journey's type in its language


def test_several_journeys_need_a_folder():
    run = cli("render", str(BANK), str(LAPTOP))
    assert run.code == 2 and "-o site/" in run.stderr


def test_several_journeys_in_another_format(tmp_path):
    run = cli("render", str(BANK), str(LAPTOP), "--format", "mermaid", "-o", f"{tmp_path}/")
    assert run.code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bank-account-opening.mmd", "index.html", "laptop-purchase.mmd"]


def test_invalid_journey_is_reported_and_nothing_is_written_for_it(write, tmp_path):
    bad = write("bad.journey.yaml", MINIMAL.replace("title: Minimal", "titel: Minimal"))
    good = write("good.journey.yaml", MINIMAL)
    out = tmp_path / "out"
    run = cli("render", str(bad), str(good), "-o", f"{out}/")
    assert run.code == 1
    assert f"{bad}:3:3: error CJ021 unknown field `titel`" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["good.html", "index.html"]


def test_output_is_byte_identical_between_runs(tmp_path):
    # Real processes with different hash seeds (one process would repeat its own set order).
    for name, seed in (("a", "1"), ("b", "2")):
        assert run_cjmap("render", "examples/", "-o", f"{tmp_path / name}/", env={"PYTHONHASHSEED": seed}).code == 0
    pages = sorted(page.name for page in (tmp_path / "a").iterdir())
    assert pages == sorted(page.name for page in (tmp_path / "b").iterdir()) and len(pages) == 5  # 4 maps and the index
    for page in (tmp_path / "a").iterdir():
        assert page.read_bytes() == (tmp_path / "b" / page.name).read_bytes()


def test_html_lang_and_labels_follow_the_journey_language():
    spanish = cli("render", str(LAPTOP)).stdout
    english = cli("render", str(EXAMPLES / "retail-store.journey.yaml")).stdout
    assert '<html lang="es">' in spanish and "Puntos de dolor" in spanish and "Conciencia" in spanish
    assert '<html lang="en">' in english and "Pain points" in english


def test_blueprint_lanes_and_lines():
    html = cli("render", str(BANK)).stdout
    for lane in ("lane-evidence", "lane-frontstage", "lane-backstage", "lane-support"):
        assert f'class="{lane}"' in html
    assert html.index("Línea de interacción") < html.index("Línea de visibilidad") < html.index("Línea de interacción interna")


def test_html_is_self_contained():
    html = cli("render", str(LAPTOP)).stdout
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    assert "<script" not in html and "<link" not in html and "@import" not in html


def test_templates_can_be_overridden_by_name(tmp_path):
    (tmp_path / "journey.mmd.j2").write_text("custom {{ mermaid.title }}\n", encoding="utf-8")
    run = cli("render", str(LAPTOP), "--format", "mermaid", "--templates", str(tmp_path))
    assert run.stdout == "custom Compra de un portátil Dell en la tienda online\n"
    # The other templates still come from the shipped set.
    assert cli("render", str(LAPTOP), "--format", "dot", "--templates", str(tmp_path)).stdout.startswith("digraph")


def test_never_overwrites_an_input(tmp_path):
    journey = tmp_path / "mine.journey.yaml"
    journey.write_text(MINIMAL, encoding="utf-8")
    link = tmp_path / "out.html"
    link.symlink_to(journey)
    run = cli("render", str(journey), "-o", str(link))
    assert run.code == 2 and "refusing to overwrite" in run.stderr
    assert journey.read_text(encoding="utf-8") == MINIMAL


def test_an_existing_folder_is_written_into(tmp_path):
    (tmp_path / "maps").mkdir()
    assert cli("render", str(BANK), "-o", str(tmp_path / "maps")).code == 0
    assert (tmp_path / "maps" / "bank-account-opening.html").is_file()


def test_an_output_file_that_is_a_folder(tmp_path):
    (tmp_path / "site" / "index.html").mkdir(parents=True)
    run = cli("render", str(BANK), "-o", f"{tmp_path / 'site'}/")
    assert run.code == 2 and "index.html: is a folder" in run.stderr and "Traceback" not in run.stderr


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = cli("render", str(BANK), "-o", str(blocker / "map.html"))
    assert run.code == 2 and "cannot write" in run.stderr and "Traceback" not in run.stderr


def test_without_graphviz_the_dot_is_written_and_both_remedies_named(tmp_path):
    probe = (
        "import sys\nsys.modules['pygraphviz'] = None\nfrom cjmap.cli import main\n"
        f"sys.argv = ['cjmap', 'render', {str(BANK)!r}, '-o', {str(tmp_path / 'map.svg')!r}]\nmain()\n"
    )
    env = {**os.environ, "PATH": str(tmp_path)}  # no `dot` program either
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env)
    assert completed.returncode == 2
    assert "pip install 'pygraphviz>=2.0.4'" in completed.stderr and "apt-get install graphviz" in completed.stderr
    assert (tmp_path / "map.dot").read_text(encoding="utf-8").startswith("digraph journey")
    assert not (tmp_path / "map.svg").exists()


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_every_example_renders_to_every_graphviz_format(tmp_path, fmt):
    run = cli("render", "examples/", "--format", fmt, "-o", f"{tmp_path}/")
    assert run.code == 0, run.stderr
    outputs = sorted(p.name for p in tmp_path.iterdir() if p.suffix == f".{fmt}")
    assert outputs == sorted(p.name.replace(".journey.yaml", f".{fmt}") for p in EXAMPLES.glob("*.journey.yaml"))
    assert all((tmp_path / name).stat().st_size > 1000 for name in outputs)


def test_several_journeys_to_a_file_name_is_refused(tmp_path):
    run = cli("render", str(BANK), str(LAPTOP), "-o", str(tmp_path / "out.html"))
    assert run.code == 2 and "end the path with /" in run.stderr and not (tmp_path / "out.html").exists()


def test_pdf_is_byte_identical_between_runs(tmp_path):
    for name, seed in (("a.pdf", "1"), ("b.pdf", "2")):
        assert run_cjmap("render", str(BANK), "-o", str(tmp_path / name), env={"PYTHONHASHSEED": seed}).code == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    # Two runs in one second would match even with the clock in the file: the dates are fixed.
    dates = re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", (tmp_path / "a.pdf").read_bytes())
    assert set(dates) == {b"19700101000000"}


def test_a_broken_override_template_is_located(tmp_path):
    # cjmap's part is the "template FILE:LINE: " prefix and the exit code; the reason after it
    # is jinja2's own wording, so it is only required to be there, on the same line.
    template = tmp_path / "journey.html.j2"
    template.write_text("<p>\n{% for x in %}\n", encoding="utf-8")
    run = cli("render", str(BANK), "--templates", str(tmp_path))
    assert (run.code, run.stdout) == (2, "")
    assert re.fullmatch(rf"cjmap: error: template {re.escape(str(template))}:2: \S.*\n", run.stderr), run.stderr
    template.write_text("{{ view.nope }}\n", encoding="utf-8")
    run = cli("render", str(BANK), "--templates", str(tmp_path))
    assert (run.code, run.stdout) == (2, "")
    assert re.fullmatch(r"cjmap: error: template .+: \S.*\n", run.stderr), run.stderr


def test_a_broken_override_dot_template_is_reported(tmp_path):
    (tmp_path / "journey.dot.j2").write_text("digraph {\n", encoding="utf-8")
    run = cli("render", str(BANK), "-o", str(tmp_path / "x.svg"), "--templates", str(tmp_path))
    assert run.code == 2 and "Graphviz could not lay out the DOT" in run.stderr and "internal error" not in run.stderr


def test_without_graphviz_every_journey_gets_its_dot(tmp_path):
    probe = (
        "import sys\nsys.modules['pygraphviz'] = None\nfrom cjmap.cli import main\n"
        f"sys.argv = ['cjmap', 'render', 'examples/', '--format', 'svg', '-o', {str(tmp_path) + '/'!r}]\nmain()\n"
    )
    env = {**os.environ, "PATH": str(tmp_path)}
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, env=env)
    assert completed.returncode == 2
    assert sorted(p.name for p in tmp_path.glob("*.dot")) == [
        "bank-account-opening.dot", "laptop-purchase.dot", "retail-store.dot", "travel-booking.dot",
    ]
    assert completed.stderr.count("pip install 'pygraphviz>=2.0.4'") == 1


def test_invalid_journeys_get_one_summary(write, tmp_path):
    first = write("a.journey.yaml", "cjmap: 2\n")
    second = write("b.journey.yaml", "- x\n")
    run = cli("render", str(first), str(second), "-o", f"{tmp_path / 'out'}/")
    assert run.code == 1 and run.stderr.count("files checked") == 1
