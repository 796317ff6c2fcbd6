"""``cjmap render --persona ID`` as users call it: one persona's map (their touchpoints, their
steps, their curve, a title naming them) in every format, and the refusals around it.

What the map should hold is computed from the whole journey with ``model.lanes`` (the persona's
lane, what they reach from their start, the steps they take), not from ``persona_path``.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

import cjmap
from cjmap.model.lanes import on_lane, steps_along, walks
from conftest import EXAMPLES, cli, run_cjmap
from two_lanes import two_lanes

TRAVEL = EXAMPLES / "travel-booking.journey.yaml"
LAPTOP = EXAMPLES / "laptop-purchase.journey.yaml"
BANK = EXAMPLES / "bank-account-opening.journey.yaml"
SVG = "{http://www.w3.org/2000/svg}"


def _walked(path: Path, persona: str) -> tuple[list[str], set[tuple[str, str]], list[str]]:
    """The persona's touchpoints (in journey order) and steps in the whole journey, and the
    names of the touchpoints that are not theirs."""
    journey = cjmap.load_journey(path.read_bytes())
    found = walks(journey)
    reached = found.reached[persona]
    path_of = found.paths[persona]
    steps = steps_along(path_of)
    theirs = [tp.id for _, tp in journey.touchpoints() if on_lane(tp, persona) and tp.id in reached]
    taken = {(tp, target) for tp in theirs for target in steps[tp]}
    others = [tp.name for _, tp in journey.touchpoints() if tp.id not in theirs]
    return theirs, taken, others


def _names(path: Path, ids: list[str]) -> list[str]:
    journey = cjmap.load_journey(path.read_bytes())
    return [tp.name for _, tp in journey.touchpoints() if tp.id in ids]


DANIEL, DANIEL_STEPS, NOT_DANIEL = _walked(TRAVEL, "daniel")


def test_what_daniel_walks_is_what_the_example_means() -> None:
    """The expectations below rest on this: his own phone call, none of Priya's touchpoints,
    and the `next` that only Priya takes (back to the start) is no step of his."""
    assert "agency-phone" in DANIEL and "agency-consult" not in DANIEL and "destination-research" not in DANIEL
    assert ("next-trip-email", "destination-research") not in DANIEL_STEPS
    assert ("delay-notice", "agency-phone") in DANIEL_STEPS
    assert len(NOT_DANIEL) == 4


def _render(*args: str) -> str:
    run = cli("render", *args)
    assert (run.code, run.stderr.count("error")) == (0, 0), run.stderr
    return run.stdout


# -- HTML --------------------------------------------------------------------------------------


def test_html_shows_only_his_touchpoints_one_line_and_no_legend() -> None:
    page = _render(str(TRAVEL), "--persona", "daniel")
    assert re.findall(r'<th scope="col" id="tp-([^"]+)"', page) == DANIEL
    for name in NOT_DANIEL:
        assert html.escape(name) not in page
    assert page.count('<g class="series"') == 1  # one curve line: his
    assert 'class="legend"' not in page
    title = "Planning and booking a trip with Wayfarer (target experience 2027) · Daniel&#39;s path"
    assert f"<h1>{title}</h1>" in page and f"<title>{title} · " in page
    assert re.findall(r'<li class="card" id="persona-([^"]+)"', page) == ["daniel"]
    assert "Priya" not in page  # no card, no emotion, no line, no "Personas: Priya, Daniel"


def test_html_of_the_other_persona_is_hers() -> None:
    priya, _, not_priya = _walked(TRAVEL, "priya")
    page = _render(str(TRAVEL), "-p", "priya")
    assert re.findall(r'<th scope="col" id="tp-([^"]+)"', page) == priya
    assert "Call the travel agency from the airport" in not_priya and "Call the travel agency" not in page
    assert "Daniel" not in page


# -- Graphviz: DOT, SVG ------------------------------------------------------------------------


def test_dot_has_only_his_nodes_and_steps() -> None:
    import pygraphviz

    graph = pygraphviz.AGraph(string=_render(str(TRAVEL), "-p", "daniel", "--format", "dot"))
    drawn = [node for node in graph.nodes() if node.attr.get("style") != "invis"]
    edges = {(str(a), str(b)) for a, b in graph.edges() if graph.get_edge(a, b).attr.get("style") != "invis"}
    assert sorted(drawn) == sorted(DANIEL)
    assert edges == DANIEL_STEPS
    assert graph.graph_attr["label"].replace("\\l", " ").rstrip().endswith("· Daniel's path")  # lines end with \l: left-aligned


def test_svg_has_only_his_nodes_and_edges(tmp_path: Path) -> None:
    target = tmp_path / "daniel.svg"
    run = cli("render", str(TRAVEL), "-p", "daniel", "-o", str(target))
    assert (run.code, run.stdout, run.stderr) == (0, "", f"cjmap: wrote {target}\n")
    root = ElementTree.parse(target).getroot()
    nodes = {g.findtext(f"{SVG}title") for g in root.iter(f"{SVG}g") if g.get("class") == "node"}
    edges = {g.findtext(f"{SVG}title") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"}
    assert nodes == set(DANIEL)
    assert edges == {f"{a}->{b}" for a, b in DANIEL_STEPS}
    assert "Daniel's path" in " ".join("".join(root.itertext()).split())


# -- Mermaid, Markdown -------------------------------------------------------------------------


def _tasks(mermaid: str) -> list[tuple[str, str]]:
    """(task, actors) of each task line: ``name: score: actors``."""
    return [(line.split(":")[0].strip(), line.rsplit(":", 1)[1].strip()) for line in mermaid.splitlines() if line.startswith("    ")]


def test_mermaid_has_only_his_tasks_and_him_as_the_only_actor() -> None:
    diagram = _render(str(TRAVEL), "-p", "daniel", "--format", "mermaid")
    assert _tasks(diagram) == [(name, "Daniel#44; the frequent business traveller") for name in _names(TRAVEL, DANIEL)]
    assert diagram.splitlines()[1] == "  title Planning and booking a trip with Wayfarer (target experience 2027) · Daniel's path"
    assert diagram.count("  section ") == 5  # every stage, Discovery (all Priya's) left empty


def test_mermaid_does_not_call_his_own_emotions_averaged() -> None:
    run = cli("render", str(TRAVEL), "-p", "daniel", "--format", "mermaid")
    assert run.code == 0 and "leaves out" in run.stderr and "averaged" not in run.stderr


def test_markdown_has_his_touchpoints_only() -> None:
    document = _render(str(TRAVEL), "-p", "daniel", "--format", "markdown")
    assert document.startswith("# Planning and booking a trip with Wayfarer (target experience 2027) · Daniel's path\n")
    every_name = set(_names(TRAVEL, DANIEL)) | set(NOT_DANIEL)
    cells = [line[2:].split(" | ")[0].split(" → ")[0] for line in document.splitlines() if line.startswith("| ")]
    rows = [cell for cell in cells if cell in every_name]
    assert rows == _names(TRAVEL, DANIEL)
    assert all(name not in document for name in NOT_DANIEL)
    assert "- **Daniel, the frequent business traveller**" in document and "Priya" not in document


# -- PNG, PDF ----------------------------------------------------------------------------------


def test_png_is_written(tmp_path: Path) -> None:
    target = tmp_path / "daniel.png"
    run = cli("render", str(TRAVEL), "-p", "daniel", "-o", str(target))
    assert (run.code, run.stdout) == (0, "")
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    whole = tmp_path / "all.png"
    assert cli("render", str(TRAVEL), "-o", str(whole)).code == 0
    assert _png_size(target) != _png_size(whole)  # a different picture, not the whole journey's


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


def test_pdf_text_names_his_touchpoints_and_not_hers(tmp_path: Path) -> None:
    target = tmp_path / "daniel.pdf"
    run = cli("render", str(TRAVEL), "-p", "daniel", "-o", str(target))
    assert (run.code, run.stdout) == (0, "")
    assert target.read_bytes().startswith(b"%PDF-")
    text = " ".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True, text=True).stdout.split())
    assert "Daniel's path" in text
    # Graphviz wraps a label over lines, so each name is looked for by its first two words.
    for name in _names(TRAVEL, DANIEL):
        assert " ".join(name.split()[:2]) in text, name
    for name in NOT_DANIEL:
        assert " ".join(name.split()[:2]) not in text, name


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "dot", "mermaid", "markdown"])
def test_an_unknown_persona_is_refused_with_a_suggestion(fmt: str) -> None:
    run = cli("render", str(TRAVEL), "-p", "danel", "--format", fmt)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == f"cjmap: error: {TRAVEL}: --persona: no persona has the id `danel` (did you mean `daniel`?)\n"


def test_an_unknown_persona_writes_no_file(tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    run = cli("render", str(TRAVEL), "-p", "nobody", "-o", str(target))
    assert (run.code, run.stdout) == (2, "") and "no persona has the id `nobody`" in run.stderr
    assert not target.exists()


def test_a_folder_where_one_journey_has_the_persona(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    shutil.copy(TRAVEL, folder)
    shutil.copy(LAPTOP, folder)
    out = tmp_path / "site"
    run = cli("render", str(folder), "-p", "daniel", "-o", f"{out}/")
    assert (run.code, run.stdout) == (2, "")
    assert f"{folder / LAPTOP.name}: --persona: no persona has the id `daniel`" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "travel-booking.html"]
    page = (out / "travel-booking.html").read_text(encoding="utf-8")
    assert re.findall(r'<th scope="col" id="tp-([^"]+)"', page) == DANIEL
    assert "Daniel&#39;s path" in (out / "index.html").read_text(encoding="utf-8")


# -- language, hostile names, determinism ------------------------------------------------------


@pytest.mark.parametrize(("path", "persona", "name"), [(LAPTOP, "ana", "Ana"), (BANK, "carmen", "Carmen")])
def test_a_spanish_journey_gets_a_spanish_title(path: Path, persona: str, name: str) -> None:
    journey = cjmap.load_journey(path.read_bytes())
    title = f"{journey.journey.title} · recorrido de {name}"
    page = _render(str(path), "-p", persona)
    assert f"<h1>{html.escape(title)}</h1>" in page and '<html lang="es"' in page
    assert _render(str(path), "-p", persona, "--format", "markdown").startswith(f"# {title}\n")
    theirs, _, _ = _walked(path, persona)
    assert re.findall(r'<th scope="col" id="tp-([^"]+)"', page) == theirs


def test_a_hostile_persona_name_stays_escaped(tmp_path: Path) -> None:
    import pygraphviz

    source = tmp_path / "hostile.journey.yaml"
    source.write_text(two_lanes(kim_name='<img src=x> \\"; a->b; \\"'), encoding="utf-8")
    page = _render(str(source), "-p", "kim")
    assert "<img" not in page and "Two lanes · &lt;img src=x&gt; &#34;; a-&gt;b; &#34;&#39;s path" in page
    graph = pygraphviz.AGraph(string=_render(str(source), "-p", "kim", "--format", "dot"))
    assert graph.graph_attr["label"] == 'Two lanes · <img src=x> "; a->b; "\'s path\\l'
    assert sorted(graph.nodes()) == ["kim-ad", "kim-signup"]  # the quotes opened no statement


@pytest.mark.parametrize("fmt", ["html", "dot", "mermaid", "markdown"])
def test_the_same_persona_map_every_time(fmt: str) -> None:
    first = _render(str(TRAVEL), "-p", "daniel", "--format", fmt)
    assert _render(str(TRAVEL), "-p", "daniel", "--format", fmt) == first
    assert first != _render(str(TRAVEL), "--format", fmt)


def test_the_same_persona_map_in_another_process() -> None:
    """Two processes with different hash seeds: no set or dict order reaches the output."""
    runs = [run_cjmap("render", str(TRAVEL), "-p", "daniel", env={"PYTHONHASHSEED": seed}) for seed in ("1", "2")]
    assert runs[0].code == 0 and runs[0].stdout == runs[1].stdout == _render(str(TRAVEL), "-p", "daniel")
