"""``cjmap import mermaid`` through the CLI as users call it: what Mermaid reads is what is
imported, problems at line:column with the way out, every Markdown block, hostile sizes."""

from __future__ import annotations

import contextlib
import time

import pytest
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
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["first.journey.yaml", "journey.schema.json", "second.journey.yaml"]
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
        # One character above U+00FF makes str.find("\u2028") a slow scan; searched again from
        # every line, 400,000 sections took 7 min 52 s.
        "400,000 sections after a €": "journey €\n" + "  section S\n" * 400_000,
        "200,000 directives after a €": "journey €\n" + "%%{init: {}}%%\n" * 200_000,
        "200,000 style lines after a €": "journey €\n" + "  style x: y\n" * 200_000,
    }
    for what, text in cases.items():
        started = time.monotonic()
        with within(20, what), contextlib.suppress(MermaidError):
            import_mermaid(text, title="T", language="en", scale=None)
        assert time.monotonic() - started < 20, what


# -- after review: the front matter, scale hints, messages a user trial asked for ------------

BODY = "journey\n  section S\n    Pay: 3: Ana\n"


def test_front_matter_aliases_are_refused_at_their_place_not_expanded(tmp_path):
    # `&a [*a]` raised a RecursionError (exit 2); eight levels of aliases (a billion laughs) hung.
    laughs = "---\na: &a [1,2]\n" + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)) + "title: *i\n---\n"
    for text, where in (("---\ntitle: &a [*a]\n---\n", "2:12"), (laughs, "3:8")):
        with within(10):
            source, run = _run(tmp_path, text + BODY)
        assert (run.code, run.stdout) == (1, ""), run.stderr
        assert f"{source}:{where}: error: the front matter uses an alias (`*name`): cjmap does not expand YAML aliases" in run.stderr
        assert "Traceback" not in run.stderr


def test_deep_front_matter_is_refused_quickly(tmp_path):
    # PyYAML's own scanner is quadratic in the nesting: 5,000 `[` took 4 s.
    with within(5):
        source, run = _run(tmp_path, "---\n" + "[" * 100_000 + "\n---\n" + BODY)
    assert (run.code, run.stdout) == (1, "") and f"{source}:2:" in run.stderr and "not valid YAML" in run.stderr


def test_the_front_matter_title_is_read_as_mermaid_reads_it(tmp_path):
    titles = {"0x1F": "31", "0o17": "15", "-.inf": "-Infinity", "1.50": "1.5", "[a, [b, 2.50], ~]": "a,b,2.5,", "yes": "yes"}
    for written, shown in titles.items():
        _, run = _run(tmp_path, f"---\ntitle: {written}\n---\n" + BODY)
        assert run.code == 0, run.stderr
        assert yaml.safe_load(run.stdout)["journey"]["title"] == shown, written
    source, run = _run(tmp_path, "---\ntitle: !!binary aGVsbG8=\n---\n" + BODY)
    assert run.code == 1 and f"{source}:2:8: error: the front matter's tag 'tag:yaml.org,2002:binary' is unknown to Mermaid" in run.stderr


def test_front_matter_that_is_not_yaml_is_located_with_the_way_to_quote(tmp_path):
    source, run = _run(tmp_path, "---\nlayout: x\ntitle: Sales: Q3\n---\n" + BODY)
    assert (run.code, run.stdout) == (1, "")
    assert f"{source}:3:13: error: the `---` front matter is not valid YAML (mapping values are not allowed" in run.stderr
    assert 'e.g. title: "Sales: Q3"' in run.stderr


def test_a_scale_hint_names_a_scale_that_works(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    A: 7: Ana\n    B: 0: Ana\n")
    assert run.code == 1
    assert f"{source}:3:8: error: the score 7 of task 'A' is outside 1–5; to keep such scores, choose a scale that fits them all: --score-scale 0..10" in run.stderr
    assert cli("import", "mermaid", str(source), "--score-scale", "0..10").code == 0


def test_no_scale_is_hinted_for_scores_no_journey_can_hold(tmp_path):
    for score, said in (("5000", "5000"), ("99999999999999999999999", "1e+23")):
        source, run = _run(tmp_path, f"journey\n  section S\n    A: {score}: Ana\n")
        assert (run.code, run.stdout) == (1, "")
        assert f"{source}:3:8: error: the score {said} of task 'A' is outside 1–5; no scale a journey holds goes beyond ±1,000: correct the score" in run.stderr
        assert "--score-scale" not in run.stderr


def test_an_empty_score_is_no_score_and_gets_no_scale_hint(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    Empty: : Bob\n    Other: 9: Bob\n")
    assert run.code == 1
    assert f"{source}:3:12: error: task 'Empty' has no score (Mermaid draws it as 0)" in run.stderr
    assert "0..10" not in run.stderr and "--score-scale 1..10" in run.stderr  # the 9 alone makes the hint


def test_journey_in_capitals_is_located_and_explained(tmp_path):
    source, run = _run(tmp_path, "\nJOURNEY\n  section S\n    A: 3: Ana\n")
    assert (run.code, run.stdout) == (1, "")
    assert f"{source}:2:1: error: Mermaid knows the keyword `journey` only in lower case" in run.stderr


def test_a_title_that_reads_like_a_task_is_the_title_with_a_warning(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    Title deed check: 3: Ana\n    Sign: 4: Ana\n")
    assert run.code == 0, run.stderr
    assert yaml.safe_load(run.stdout)["journey"]["title"] == "deed check: 3: Ana"
    assert f"{source}:3:5: warning: Mermaid reads 'Title deed check: 3: Ana' as the diagram's title, not as a task" in run.stderr
    assert "`#84;itle`" in run.stderr


def test_an_html_entity_in_a_name_is_pointed_to_mermaids_entity_code(tmp_path):
    source, run = _run(tmp_path, "journey\n  section S\n    Tom &amp; Jerry: 3: Ana\n")
    assert run.code == 1 and f"{source}:3:13: error:" in run.stderr
    assert "`&amp;` is HTML's spelling: write Mermaid's entity code `#amp;` instead" in run.stderr


def test_a_section_without_a_name_takes_the_label_of_the_language(tmp_path):
    for language, name in (("en", "Section"), ("es", "Sección")):
        _, run = _run(tmp_path, "journey\n  section  \n    A: 3: Ana\n", "--lang", language)
        assert run.code == 0, run.stderr
        assert yaml.safe_load(run.stdout)["stages"][0]["name"] == name


def test_a_plain_diagram_into_a_folder_says_nothing_about_blocks(tmp_path):
    _, run = _run(tmp_path, "journey\n  title Plain\n  section S\n    A: 3: Ana\n", "-o", str(tmp_path / "out") + "/")
    assert run.code == 0, run.stderr
    assert "block" not in run.stderr and f"cjmap: Plain → {tmp_path / 'out' / 'plain.journey.yaml'}" in run.stderr


def test_a_folder_import_writes_every_file_or_none(tmp_path, monkeypatch):
    import cjmap.validation

    source = tmp_path / "r.md"
    source.write_text(MARKDOWN.replace("9: Bo", "4: Bo"), encoding="utf-8")
    out = tmp_path / "out"
    (out / "second.journey.yaml").mkdir(parents=True)  # the second file cannot be written
    run = cli("import", "mermaid", str(source), "-o", str(out) + "/", "--force")
    assert (run.code, run.stdout) == (2, "") and "nothing was written" in run.stderr
    assert sorted(p.name for p in out.iterdir()) == ["second.journey.yaml"]  # no first file, no staged leftovers
    (out / "second.journey.yaml").rmdir()
    validated = []
    real = cjmap.validation.validate_text
    monkeypatch.setattr(cjmap.validation, "validate_text", lambda *a, **k: validated.append(1) or real(*a, **k))
    assert cli("import", "mermaid", str(source), "-o", str(out) + "/").code == 0
    assert len(validated) == 2  # each journey once
    assert sorted(p.name for p in out.iterdir()) == ["first.journey.yaml", "journey.schema.json", "second.journey.yaml"]


def test_the_library_refuses_a_block_that_is_not_there():
    with pytest.raises(IndexError, match="block 3: the text has 1 journey block"):
        import_mermaid(BODY, title="T", language="en", scale=None, block=3)
