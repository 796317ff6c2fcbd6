"""``cjmap import mermaid`` through the CLI as users call it: what Mermaid reads is what is
imported, problems at line:column with the way out, every Markdown block, hostile sizes."""

from __future__ import annotations

import contextlib
import time

import yaml

from cjmap.interchange.mermaid_in import MermaidError, import_mermaid
from conftest import cli, within


def _run(tmp_path, text: str, *args: str, name: str = "j.mmd"):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return source, cli("import", "mermaid", str(source), *args)


def test_a_colon_in_a_time_says_what_mermaid_reads_and_drops(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    Push at 08:00: 5: Phone\n")
    assert (run.code, run.stdout) == (1, "")
    assert f"{source}:3:21: error: Mermaid reads this line as task 'Push at 08' with score 0 from '00' and actor '5', and drops ': Phone'" in run.stderr
    assert "08.00" in run.stderr and "#58;" in run.stderr and "--score-scale" not in run.stderr


def test_a_colon_that_makes_the_score_gives_no_scale_hint(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    Meeting at 10:30: 4\n    Other: 9: Ana\n")
    assert run.code == 1
    assert f"{source}:3:19: error: Mermaid reads task 'Meeting at 10' with score 30 and actor '4'" in run.stderr
    # The hint fits the score typed as a score (9), not the one the colon made (30).
    assert "--score-scale 1..10" in run.stderr and "0..100" not in run.stderr


def test_keyword_starts_are_located_with_their_escape(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    Section 21 notice: 3\n    Pay; leave: 3\n")
    assert run.code == 1
    assert f"{source}:3:5: error: Mermaid reads 'section 21 notice' as a section" in run.stderr and "#83;ection" in run.stderr
    assert f"{source}:4:8: error: not a task" in run.stderr and "#59;" in run.stderr


def test_non_whole_scores_are_refused_with_what_mermaid_reads(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    A: 4.5: Me\n    B: five: Me\n")
    assert f"{source}:3:8: error: the score '4.5' of task 'A' is not a whole number (Mermaid reads 4.5)" in run.stderr
    assert f"{source}:4:8: error: the score 'five' of task 'B' is not a number" in run.stderr


def test_what_mermaid_shows_is_imported(tmp_path):
    text = (
        "---\ntitle: Front matter title\n---\njourney\n  accTitle: Not used\n  accDescr {\n    Two\n    lines\n  } Before: 3\n"
        "  section Caf#233; #amp; more\n    \u200bTitle deed check: 4: Ana, Bo\n    #83;ection 21 notice: 5\n    Push at 08#58;00: 2: ,\n"
    )
    _, run = _run(tmp_path, text)
    assert run.code == 0, run.stderr
    data = yaml.safe_load(run.stdout)
    assert data["journey"]["title"] == "Front matter title" and data["journey"]["description"] == "Two\nlines"
    assert [(s["name"], [(t["name"], t["personas"], t["emotion"]) for t in s["touchpoints"]]) for s in data["stages"]] == [
        ("Journey", [("Before", [], 0)]),
        ("Café & more", [("Title deed check", ["ana", "bo"], 1), ("Section 21 notice", [], 2), ("Push at 08:00", [], -1)]),
    ]


def test_no_actors_gives_one_placeholder_persona_on_no_touchpoint(tmp_path):
    _, run = _run(tmp_path, "journey\n  title Solo\n  section S\n    Pay: 3\n", "--lang", "es")
    assert run.code == 0
    data = yaml.safe_load(run.stdout)
    assert data["personas"] == [{"id": "cliente", "name": "Cliente"}] and data["stages"][0]["touchpoints"][0]["personas"] == []
    assert "cjmap: the diagram names no actors: the journey has one persona, 'Cliente', on no touchpoint" in run.stderr


def test_a_diagram_with_only_a_title_is_a_journey(tmp_path):
    out = tmp_path / "t.journey.yaml"
    _, run = _run(tmp_path, "journey\n  title Nothing else\n", "-o", str(out))
    assert run.code == 0, run.stderr
    assert "the diagram has no tasks: the journey has 1 empty stage" in run.stderr
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["journey"]["title"] == "Nothing else" and data["stages"] == [{"id": "journey", "name": "Journey", "touchpoints": []}]


MARKDOWN = """# Journeys

```mermaid
journey
  title First
  section S
    A: 3: Ana
```

<!--
```mermaid
journey
  title Hidden
```
-->

> ~~~mermaid
> journey
>   title Second
>   section T
>     B: 9: Bo
> ~~~
"""


def test_several_blocks_and_one_output_are_refused_naming_them(tmp_path):
    _, run = _run(tmp_path, MARKDOWN.replace("9: Bo", "4: Bo"), name="r.md")
    assert (run.code, run.stdout) == (2, "")
    assert "has 2 journey blocks (1 at line 3: 'First'; 2 at line 17: 'Second'); import one with --block N, or each to its own file with -o FOLDER/" in run.stderr
    assert "Hidden" not in run.stderr


def test_problems_in_a_quoted_block_are_at_the_file_line_and_column(tmp_path):
    source, run = _run(tmp_path, MARKDOWN, "--block", "2", name="r.md")
    assert run.code == 1 and f"{source}:21:10: error: the score 9 of task 'B' is outside 1–5" in run.stderr


def test_each_block_to_its_own_file_and_never_over_one(tmp_path):
    text = MARKDOWN.replace("9: Bo", "4: Bo")
    source, run = _run(tmp_path, text, "-o", str(tmp_path / "out") + "/", name="r.md")
    assert run.code == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first.journey.yaml", "second.journey.yaml"]
    assert "journey block 2 of 2 (line 17): Second →" in run.stderr
    again = cli("import", "mermaid", str(source), "-o", str(tmp_path / "out"))
    assert again.code == 2 and "already exist" in again.stderr and "nothing was written" in again.stderr
    assert cli("import", "mermaid", str(source), "-o", str(tmp_path / "out"), "--force").code == 0
    assert cli("import", "mermaid", str(source), "--block", "3").code == 2


def test_blocks_only_in_html_comments_are_not_imported(tmp_path):
    source, run = _run(tmp_path, "# Notes\n\n<!--\n```mermaid\njourney\n  title Hidden\n```\n-->\n", name="c.md")
    assert (run.code, run.stdout) == (1, "")
    assert f"{source}:3:1: error: the only Mermaid journey block is inside this HTML comment, which GitHub does not show" in run.stderr


def test_untrusted_sizes_are_linear(tmp_path):
    cases = {
        "one line of 5 MB": "journey\n  section S\n    " + "a" * 5_000_000 + ": 3: Me\n",
        "100,000 tasks": "journey\n  section S\n" + "".join(f"    Task {i}: 3: Me\n" for i in range(100_000)),
        "accDescr { nested 100,000 deep": "journey\n  " + "accDescr {\n" * 100_000 + "}\n  section S\n    A: 3: Me\n",
        "5 MB of ;": "journey\n" + ";" * 5_000_000,
    }
    for what, text in cases.items():
        started = time.monotonic()
        with within(20, what), contextlib.suppress(MermaidError):
            import_mermaid(text, title="T", language="en", scale=None)
        assert time.monotonic() - started < 20, what
