"""A customer who leaves half-way (``next: []``) is visible on the map: without a marker the
touchpoint looked like one that leads on to the next (issue 14). And the channel modes read
right in Spanish: a phone call is "fuera de línea", not "presencial"."""

from __future__ import annotations

import re

from conftest import cli

LEAVING = """\
cjmap: 1
journey: {{title: Leaving half-way, owner: cx, reviewed: 2026-11-01, language: {language}}}
personas:
  - {{id: kim, goals: [g], pain_points: [p]}}
stages:
  - id: purchase
    goal: Buy
    touchpoints:
      - {{id: browse, name: Browses, channel: web, emotion: 1, actions: [a]}}
      - {{id: quit, name: Gives up at the fees, channel: phone, emotion: -2, actions: [a], next: []}}
      - {{id: pay, name: Pays, channel: store, emotion: 2, actions: [a], next: [browse]}}
"""

# The touchpoints' header cells (their names) in the HTML map, and the row of their details
# (channel, personas, where it leads) under the header rows.
HEADER = re.compile(r'<th scope="col" id="tp-(?P<id>[^"]+)">')
DETAILS = re.compile(r'<tr class="lane-details">(?P<row>.*?)</tr>', re.DOTALL)


def _render(write, tmp_path, fmt: str, language: str = "en") -> str:
    source = write("leave.journey.yaml", LEAVING.format(language=language))
    out = tmp_path / f"map.{fmt}"
    run = cli("render", str(source), "--format", fmt, "-o", str(out))
    assert (run.code, run.stdout, run.stderr) == (0, "", f"cjmap: wrote {out}\n")
    return out.read_text(encoding="utf-8")


def _headers(html: str) -> dict[str, str]:
    """Each touchpoint's details cell, by touchpoint id, from the screen map (the first table)."""
    details = DETAILS.search(html)
    assert details is not None
    cells = re.findall(r"<td>(.*?)</td>", details["row"])
    ids = [m["id"] for m in HEADER.finditer(html)]
    assert len(cells) == len(ids)
    return dict(zip(ids, cells, strict=True))


def test_html_marks_the_end_on_the_touchpoint_with_an_empty_next_only(write, tmp_path):
    cells = _headers(_render(write, tmp_path, "html"))
    assert list(cells) == ["browse", "quit", "pay"]
    assert cells["quit"].endswith('<span class="note next ends">→ end of the journey</span>')
    # No `next` (the default) says nothing; an explicit target is named, never an end.
    assert "→" not in cells["browse"]
    assert cells["pay"].endswith('<span class="note next">→ Browses</span>')


def test_markdown_marks_the_end_on_that_touchpoints_row_only(write, tmp_path):
    rows = [line for line in _render(write, tmp_path, "markdown").splitlines() if line.startswith("| ") and "| a |" in line]
    assert [row.split(" | ")[0] for row in rows] == ["| Browses", "| Gives up at the fees → end of the journey", "| Pays"]


def test_the_end_marker_speaks_the_journeys_language(write, tmp_path):
    cells = _headers(_render(write, tmp_path, "html", "es"))
    assert cells["quit"].endswith('<span class="note next ends">→ fin del recorrido</span>')
    markdown = _render(write, tmp_path, "markdown", "es")
    assert "| Gives up at the fees → fin del recorrido |" in markdown
    assert markdown.count("fin del recorrido") == 1


def test_spanish_channel_modes_say_online_and_offline(write, tmp_path):
    cells = _headers(_render(write, tmp_path, "html", "es"))
    assert '<span class="note">Canal: Sitio web (en línea)</span>' in cells["browse"]
    assert '<span class="note">Canal: Teléfono (fuera de línea)</span>' in cells["quit"]
    assert "presencial" not in "".join(cells.values())
