"""A journey full of hostile strings renders to every format without injecting anything."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pygraphviz
import pytest

from conftest import DATA, EXAMPLES, cli

HOSTILE = DATA / "hostile.journey.yaml"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)


def test_hostile_journey_is_valid():
    assert cli("validate", str(HOSTILE)).code == 0


def test_html_shows_hostile_strings_as_text():
    html = cli("render", str(HOSTILE)).stdout
    parsed = _Collector()
    parsed.feed(html)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags and "img" not in parsed.tags and "a" in parsed.tags
    assert parsed.tags.count("style") == 1  # the page's own stylesheet only
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    hrefs = [value for name, value in parsed.attributes if name == "href"]
    assert hrefs and all(value and value.startswith("#") for value in hrefs)
    assert "&lt;script&gt;window.__pwned = 3&lt;/script&gt;" in html
    assert "&lt;/title&gt;&lt;script&gt;" in html


def test_svg_is_well_formed_and_inert(tmp_path):
    target = tmp_path / "h.svg"
    assert cli("render", str(HOSTILE), "-o", str(target)).code == 0
    root = ElementTree.parse(target).getroot()
    names = {element.tag.split("}")[-1] for element in root.iter()}
    assert "script" not in names and "foreignObject" not in names
    attributes = [k.split("}")[-1] for element in root.iter() for k in element.attrib]
    assert not [name for name in attributes if name.startswith("on")]
    assert "href" not in attributes  # tooltips make <a xlink:title>, never a link
    texts = " ".join(element.text or "" for element in root.iter() if element.tag.endswith("text"))
    assert "<angle>" in texts and "<<html>> label" in texts


def test_dot_parses_to_exactly_the_journey_graph():
    dot = cli("render", str(HOSTILE), "--format", "dot").stdout
    graph = pygraphviz.AGraph(string=dot)
    # The blueprint's cells, lane names and lines are named with "_" (never a touchpoint id);
    # the journey's steps are the edges that do not pull the layout, the rest hold it.
    assert sorted(node for node in graph.nodes() if not node.startswith("_")) == ["evil-ad", "second"]
    assert [tuple(edge) for edge in graph.edges() if edge.attr["constraint"] == "false"] == [("evil-ad", "second")]
    assert "<style>body{display:" in graph.get_node("_frontstage|tp:evil-ad").attr["label"]
    assert graph.graph_attr["label"].startswith("</title><script>")


def test_mermaid_lines_keep_the_grammar():
    text = cli("render", str(HOSTILE), "--format", "mermaid").stdout
    lines = text.splitlines()
    assert lines[0] == "journey"
    for line in lines[1:]:
        # Every "#" starts one of Mermaid's entity codes (#58; for ":"): nothing else may hold one.
        bare = re.sub(r"#[0-9]+;", "", line)
        assert "#" not in bare, line
        assert re.fullmatch(r"  (title [^;<>%\n]+|section [^:;<>%\n]+|accDescr: [^;<>%}\n]+)|    [^:;<>%\n]+: [1-5](: [^:;<>%\n]+)?", bare), line


def test_markdown_has_no_html_and_intact_tables():
    text = cli("render", str(HOSTILE), "--format", "markdown").stdout
    assert "<" not in text and "```" in text and text.count("```") == 2
    for row in (line for line in text.splitlines() if line.startswith("|")):
        cells = re.split(r"(?<!\\)\|", row)
        assert len(cells) - 2 in (3, 4, 5, 7), row


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_binary_formats_render(tmp_path, fmt):
    target = tmp_path / f"h.{fmt}"
    assert cli("render", str(HOSTILE), "-o", str(target)).code == 0
    assert target.stat().st_size > 1000


@pytest.mark.parametrize("name", ["Section 2 of the form", "title transfer", "Journey planner", "%%%{init: {}}%%%"])
def test_mermaid_keywords_and_comments_in_names_stay_tasks(tmp_path, name):
    text = HOSTILE.read_text(encoding="utf-8").replace('name: "<<html>> label"', f"name: {name!r}")
    path = tmp_path / "k.journey.yaml"
    path.write_text(text, encoding="utf-8")
    lines = cli("render", str(path), "--format", "mermaid").stdout.splitlines()
    task = lines[-1]
    assert task.startswith("    ") and not task.strip().startswith("%%")
    assert not re.match(r"\s*(journey|title|section)\b", task, re.IGNORECASE)


def test_a_template_that_filters_the_view_through_mermaid_writes_each_text_once(tmp_path):
    # Templates written for cjmap 0.1 escaped each name with |mermaid; the view now holds the
    # names already written for Mermaid (entity codes), and the filter must not encode them again.
    shipped = (Path(__file__).parents[2] / "templates" / "journey.mmd.j2").read_text(encoding="utf-8")
    filtered = shipped.replace("{{ task.name }}", "{{ task.name|mermaid }}").replace("{{ section.name }}", "{{ section.name|mermaid }}")
    filtered = filtered.replace("{{ task.actors_text }}", "{{ task.actors_text|mermaid }}").replace("title {{ mermaid.title }}", "title {{ mermaid.title|mermaid }}")
    assert filtered.count("|mermaid") == 4
    (tmp_path / "journey.mmd.j2").write_text(filtered, encoding="utf-8")
    expected = cli("render", str(HOSTILE), "--format", "mermaid").stdout
    assert "#58;" in expected or "#35;" in expected  # the hostile names do need entity codes
    run = cli("render", str(HOSTILE), "--format", "mermaid", "--templates", str(tmp_path))
    assert (run.code, run.stdout) == (0, expected)


def test_markdown_render_pings_no_one_and_links_no_issue(tmp_path):
    import yaml

    from github_markdown import PINGS, assert_no_reference

    data = yaml.safe_load((EXAMPLES / "retail-store.journey.yaml").read_text(encoding="utf-8"))
    said = " ".join(PINGS)
    data["journey"]["title"] = f"{said} {data['journey']['title']}"
    data["stages"][0]["touchpoints"][0]["name"] = f"{said} in a touchpoint"
    path = tmp_path / "pings.journey.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = cli("render", str(path), "--format", "markdown")
    assert run.code == 0, run.stderr
    # The Mermaid block writes '#' as entity codes (#58;), which GitHub leaves alone in code.
    prose = re.sub(r"```mermaid\n.*?```", "", run.stdout, flags=re.DOTALL)
    shown = assert_no_reference(prose)
    assert shown.count("octocat") >= 2  # the title and the touchpoint, still readable
