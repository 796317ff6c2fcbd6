"""The Graphviz picture keeps a shape people can read and print (issue 15): near a landscape
page, measured from each output's own size; stages in journey order whatever `next` says;
labels wrapped; a service blueprint's lanes and lines in their order; the title top left."""

from __future__ import annotations

import itertools
import math
import random
import re
import struct
import unicodedata
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

import cjmap
from cjmap.render.formats import TEXT_RENDERERS, RenderOptions
from cjmap.render.graph_labels import NAME, STAGE, TITLE, TOOLTIP_CHARS, Measure, shortened, width, wrapped
from cjmap.render.graph_rows import Piece, pack
from cjmap.render.graphviz import layout
from cjmap.text.templates import environment
from conftest import EXAMPLES, cli, run_cjmap
from sized_journeys import LONG_WORD, STAGES, sized_journey

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _write(tmp_path: Path, text: str, name: str = "j") -> Path:
    path = tmp_path / f"{name}.journey.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _render(path: Path, out: Path, *args: str) -> bytes:
    run = cli("render", str(path), "-o", str(out), *args)
    assert (run.code, run.stdout, run.stderr) == (0, "", f"cjmap: wrote {out}\n")
    return out.read_bytes()


def _svg_size(svg: bytes) -> tuple[float, float]:
    root = ElementTree.fromstring(svg)
    return float(root.get("width", "").removesuffix("pt")), float(root.get("height", "").removesuffix("pt"))


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    width_, height = struct.unpack(">II", png[16:24])
    return width_, height


def _pdf_size(pdf: bytes) -> tuple[float, float]:
    box = re.search(rb"/MediaBox \[\s*([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\s*\]", pdf)
    assert box is not None
    x0, y0, x1, y1 = (float(v) for v in box.groups())
    return x1 - x0, y1 - y0


class Picture:
    """An SVG drawn by Graphviz, read back: where each node and cluster is."""

    def __init__(self, svg: bytes) -> None:
        self.root = ElementTree.fromstring(svg)
        self.graph = next(g for g in self.root.iter(f"{SVG}g") if g.get("class") == "graph")

    def _groups(self, kind: str) -> dict[str, ElementTree.Element]:
        return {g.findtext(f"{SVG}title") or "": g for g in self.root.iter(f"{SVG}g") if g.get("class") == kind}

    @staticmethod
    def _box(group: ElementTree.Element) -> tuple[float, float, float, float]:
        """x0, y0, x1, y1 of a node's or cluster's outline (SVG y grows downwards)."""
        numbers: list[float] = []
        for shape in group:
            if shape.tag in (f"{SVG}path", f"{SVG}polygon"):
                numbers += [float(n) for n in NUMBER.findall(shape.get("d") or shape.get("points") or "")]
        if not numbers:  # a plaintext node (a blueprint's lane names): where its lines are
            numbers = [float(t.get(axis, "")) for t in group.iter(f"{SVG}text") for axis in ("x", "y")]
        xs, ys = numbers[0::2], numbers[1::2]
        return min(xs), min(ys), max(xs), max(ys)

    def centres(self) -> dict[str, tuple[float, float]]:
        # Invisible nodes (gaps, points) have a title and nothing drawn.
        boxes = {name: self._box(g) for name, g in self._groups("node").items() if len(g) > 1}
        return {name: ((x0 + x1) / 2, (y0 + y1) / 2) for name, (x0, y0, x1, y1) in boxes.items()}

    def clusters(self) -> list[tuple[str, tuple[float, float, float, float]]]:
        """(label, box) of each cluster, in the order of the DOT (cluster_1, cluster_2…)."""
        found = self._groups("cluster")
        return [(" ".join(t.text or "" for t in found[f"cluster_{n}"].iter(f"{SVG}text")), self._box(found[f"cluster_{n}"]))
                for n in range(1, len(found) + 1)]

    def texts(self, name: str) -> list[str]:
        return [t.text or "" for t in self._groups("node")[name].iter(f"{SVG}text")]

    def node_texts(self) -> list[str]:
        return [t.text or "" for g in self._groups("node").values() for t in g.iter(f"{SVG}text")]

    def outlines(self) -> dict[str, tuple[float, float, float, float]]:
        """The box of each node drawn with an outline (touchpoints, cells, stage names)."""
        return {name: self._box(g) for name, g in self._groups("node").items()
                if any(shape.tag in (f"{SVG}path", f"{SVG}polygon") for shape in g)}

    def text_boxes(self, name: str) -> list[tuple[float, float, float]]:
        """(left, right, baseline) of each line of a node's text. SVG gives no text width: a
        generous 0.6 em a character (Helvetica averages about 0.5) errs on the wide side."""
        boxes = []
        for t in self._groups("node")[name].iter(f"{SVG}text"):
            wide = 0.6 * float(t.get("font-size", "")) * len(t.text or "")
            x = float(t.get("x", ""))
            left = {"start": x, "middle": x - wide / 2, "end": x - wide}[t.get("text-anchor", "start")]
            boxes.append((left, left + wide, float(t.get("y", ""))))
        return boxes

    def edge_paths(self, prefix: str) -> dict[str, tuple[float, float, float, float]]:
        """The box of each drawn edge whose title starts with ``prefix`` (titles as Graphviz
        escapes them: '-' as '&#45;')."""
        found = {}
        for title, g in self._groups("edge").items():
            plain = title.replace("&#45;", "-").replace("&gt;", ">")
            if plain.startswith(prefix):
                found[plain] = self._box(g)
        return found


def _in_reading_order(centres: dict[str, tuple[float, float]], ids: list[str]) -> bool:
    """Each box to the right of the one before on the same row (a row is one rank: one y), or on
    a row below."""
    points = [centres[i] for i in ids]
    return all(b[1] > a[1] + 1 or (abs(b[1] - a[1]) <= 1 and b[0] > a[0]) for a, b in itertools.pairwise(points))


# --- the shape, from each output's own size -------------------------------------------------


@pytest.mark.parametrize("touchpoints", [5, 26, 100])
def test_a_journey_is_drawn_near_a_landscape_page(tmp_path, touchpoints):
    width_, height = _svg_size(_render(_write(tmp_path, sized_journey(touchpoints)), tmp_path / "map.svg"))
    assert 1.0 <= width_ / height <= 2.5, (width_, height)


@pytest.mark.parametrize(("touchpoints", "most_points"), [(5, 1_000), (26, 1_500), (100, 3_000)])
def test_png_and_pdf_keep_the_shape(tmp_path, touchpoints, most_points):
    """The issue measured, for 26 touchpoints, a PNG of 10,895 x 267 px and a PDF 2.9 m wide."""
    path = _write(tmp_path, sized_journey(touchpoints))
    png_width, png_height = _png_size(_render(path, tmp_path / "map.png"))
    assert 1.0 <= png_width / png_height <= 2.5 and png_width < most_points * 4 / 3, (png_width, png_height)  # 96 dpi
    pdf_width, pdf_height = _pdf_size(_render(path, tmp_path / "map.pdf"))
    assert 1.0 <= pdf_width / pdf_height <= 2.5 and pdf_width < most_points, (pdf_width, pdf_height)  # 1,500 points: 53 cm


def test_a_blueprint_of_26_is_drawn_near_a_landscape_page(tmp_path):
    width_, height = _svg_size(_render(_write(tmp_path, sized_journey(26, blueprint=True)), tmp_path / "map.svg"))
    assert 1.0 <= width_ / height <= 2.5, (width_, height)


@pytest.mark.parametrize(("direction", "low", "high"), [("rows", 1.0, 2.5), ("down", 0.5, 2.5), ("across", 8.0, 40.0)])
def test_each_direction_has_its_shape(tmp_path, direction, low, high):
    path = _write(tmp_path, sized_journey(26))
    width_, height = _svg_size(_render(path, tmp_path / "map.svg", "--direction", direction))
    assert low <= width_ / height <= high, (width_, height)


def test_down_gives_each_stage_rows_of_its_own_and_across_one_row(tmp_path):
    path = _write(tmp_path, sized_journey(26))
    journey = cjmap.load_journey(path)
    down = Picture(_render(path, tmp_path / "down.svg", "--direction", "down")).centres()
    rows_of = [{round(down[tp.id][1]) for tp in stage.touchpoints} for stage in journey.stages]
    assert all(not a & b for a in rows_of for b in rows_of if a is not b)
    across = Picture(_render(path, tmp_path / "across.svg", "--direction", "across")).centres()
    assert len({round(across[tp.id][1]) for _, tp in journey.touchpoints()}) == 1


def test_down_keeps_stages_apart_where_rows_lets_them_share_a_row(tmp_path):
    # 13 touchpoints in stages of 3, 3, 3, 2, 2: at 26 both layouts happen to give the same rows.
    path = _write(tmp_path, sized_journey(13))
    journey = cjmap.load_journey(path)

    def rows_of(direction: str) -> list[set[int]]:
        centres = Picture(_render(path, tmp_path / f"{direction}.svg", "--direction", direction)).centres()
        return [{round(centres[tp.id][1]) for tp in stage.touchpoints} for stage in journey.stages]

    down, rows = rows_of("down"), rows_of("rows")
    assert all(not a & b for a in down for b in down if a is not b)
    assert any(a & b for a in rows for b in rows if a is not b)  # the control: rows does share


def test_a_stage_wider_than_a_row_is_cut_into_even_pieces():
    # 14 columns on rows of 6: 5, 5 and 4 (the longer first), not 6, 6 and 2.
    assert pack([14], 6, stage_per_row=False) == [(Piece(0, 0, 5),), (Piece(0, 5, 10),), (Piece(0, 10, 14),)]
    assert pack([3, 14, 2], 6, stage_per_row=False) == [
        (Piece(0, 0, 3),), (Piece(1, 0, 5),), (Piece(1, 5, 10),), (Piece(1, 10, 14),), (Piece(2, 0, 2),)]


def test_direction_is_refused_for_formats_graphviz_does_not_draw(tmp_path):
    run = cli("render", str(_write(tmp_path, sized_journey(5))), "--direction", "down", "--format", "html")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "cjmap: error: --direction lays out the Graphviz picture (dot, svg, png, pdf), not html\n"


# --- stages in journey order ------------------------------------------------------------------


@pytest.mark.parametrize("direction", ["rows", "down", "across"])
def test_stages_stay_in_journey_order_whatever_next_jumps(tmp_path, direction):
    path = _write(tmp_path, sized_journey(26, jumps=True))
    journey = cjmap.load_journey(path)
    picture = Picture(_render(path, tmp_path / "map.svg", "--direction", direction))
    assert _in_reading_order(picture.centres(), [tp.id for _, tp in journey.touchpoints()])
    clusters = picture.clusters()
    assert [label for label, _ in clusters] == [name for _, name, _, _ in STAGES]
    centres = picture.centres()
    for (_, (x0, y0, x1, y1)), stage in zip(clusters, journey.stages, strict=True):
        assert all(x0 < centres[tp.id][0] < x1 and y0 < centres[tp.id][1] < y1 for tp in stage.touchpoints)
    # The jump back from the last touchpoint to the first is drawn, dashed.
    edges = {g.findtext(f"{SVG}title"): g for g in picture.root.iter(f"{SVG}g") if g.get("class") == "edge"}
    back = edges["tp&#45;26&#45;&gt;tp&#45;1"] if "tp&#45;26&#45;&gt;tp&#45;1" in edges else edges["tp-26->tp-1"]
    assert "stroke-dasharray" in ElementTree.tostring(back, encoding="unicode")


@pytest.mark.parametrize(("touchpoints", "blueprint"), [(13, False), (40, False), (13, True), (30, True)])
def test_random_next_jumps_never_reorder_a_row(tmp_path, touchpoints, blueprint):
    """Graphviz may reorder what crossings suggest; each row's order is held by invisible links
    (and, in a blueprint, by leaving stages out of clusters). Steps at random, forwards and back."""
    for seed in range(3):
        chooser = random.Random(seed)
        data = yaml.safe_load(sized_journey(touchpoints, blueprint=blueprint))
        touchpoint_data = [tp for stage in data["stages"] for tp in stage["touchpoints"]]
        ids = [tp["id"] for tp in touchpoint_data]
        for tp in touchpoint_data:
            tp.pop("personas", None)
            tp["emotion"] = 0
            if chooser.random() < 0.5:
                tp["next"] = chooser.sample(ids, chooser.randint(1, 4))
        journey = cjmap.load_journey(_write(tmp_path, yaml.safe_dump(data, sort_keys=False), f"random-{seed}"))
        dot = TEXT_RENDERERS["dot"](journey, environment(), "j", RenderOptions("rows"))
        centres = Picture(layout(dot, "svg")).centres()
        for rank in re.findall(r"\{ rank=same;(.*?) \}", dot):
            names = re.findall(r'"([^"]+)"', rank)
            xs = [centres[name][0] for name in names if name in centres]
            assert xs == sorted(xs), (seed, names)
        assert _in_reading_order(centres, ids), seed


# --- labels ------------------------------------------------------------------------------------


def test_labels_are_wrapped_at_a_readable_width(tmp_path):
    path = _write(tmp_path, sized_journey(26, spanish=True, long_word=True, title="Un título muy largo " * 12))
    picture = Picture(_render(path, tmp_path / "map.svg"))
    lines = picture.node_texts()
    assert lines and max(width(line) for line in lines) <= NAME.columns
    assert max(width(label) for label, _ in picture.clusters()) <= STAGE.columns * STAGE.lines + STAGE.lines
    title = [t.text or "" for t in picture.graph.findall(f"{SVG}text")]
    assert 1 < len(title) <= TITLE.lines and max(width(line) for line in title) <= TITLE.columns
    assert title[-1].endswith("…")


def test_wrapping_counts_wide_characters_twice_and_caps_the_lines():
    japanese = "顧客がアプリをダウンロードしてアカウントを作成する"  # 25 characters, 50 columns
    lines = wrapped(japanese, NAME)
    assert [width(line) for line in lines] == [24, 24, 2]
    assert "".join(lines) == japanese
    long = wrapped(" ".join(["word"] * 100), Measure(24, 3))
    assert len(long) == 3 and long[-1].endswith("…") and all(width(line) <= 24 for line in long)
    assert wrapped(LONG_WORD, Measure(24, 2)) == [LONG_WORD[:24], LONG_WORD[24:47] + "…"]
    assert wrapped("Pay  now\nor later", NAME) == ["Pay now", "or later"]


# "Kapitänskajüte" with each umlaut as a letter and a combining diaeresis (NFD, as macOS file
# names and some copy-pastes give it), and a family emoji joined by zero-width joiners.
DECOMPOSED = unicodedata.normalize("NFD", LONG_WORD)
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"


def test_accents_and_invisible_characters_take_no_column():
    assert [width(text) for text in ("e\u0301", "a\u200bb", "\u00ad", "\u202eabc\u202c", "\u0915\u093f")] == [1, 2, 0, 3, 2]
    assert width(DECOMPOSED) == width(LONG_WORD) < len(DECOMPOSED)
    # Counted once per letter, a decomposed word wrapped as the composed one does.
    assert [unicodedata.normalize("NFC", line) for line in wrapped(DECOMPOSED, NAME)] == wrapped(LONG_WORD, NAME)


@pytest.mark.parametrize("columns", range(3, 30))
def test_a_long_word_is_never_cut_between_a_letter_and_its_marks(columns):
    for text in (DECOMPOSED, "Re\u0301sume\u0301 " * 9, "\u0915\u093f\u0924\u093e\u092c" * 12, (FAMILY + "\U0001F44D\U0001F3FD") * 9):
        lines = wrapped(text, Measure(columns, 200))
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), columns  # nothing lost, nothing cut off
        for line in lines:
            assert not unicodedata.category(line[0]).startswith("M") and line[0] not in "\u200d\U0001F3FD", (columns, line)
            assert width(line) <= max(columns, 6), (columns, line)  # a family (three emoji, 6 columns) is one unbreakable letter
    # Cut short, the last line loses whole letters before its ellipsis: "ä", never "a".
    shown = "".join(wrapped(DECOMPOSED, Measure(columns, 2)))
    assert shown.endswith("…") and LONG_WORD.startswith(unicodedata.normalize("NFC", shown[:-1])), (columns, shown)


def test_shortening_keeps_a_letter_with_its_marks():
    assert shortened("cafe\u0301 au lait", 5) == "caf…"  # not "cafe…": the accent goes with its e
    assert shortened("cafe\u0301 au lait", 6) == "cafe\u0301…"
    assert shortened("ab" + FAMILY, 5) == "ab…"
    text = DECOMPOSED * 20
    assert len(shortened(text, TOOLTIP_CHARS)) <= TOOLTIP_CHARS and shortened(text, TOOLTIP_CHARS)[:-1] in text


def test_a_decomposed_name_draws_whole_letters(tmp_path):
    """Through the CLI: each line of the DOT label of a touchpoint named with a decomposed long
    word starts with a letter, and the line fits its 24 columns."""
    path = _write(tmp_path, sized_journey(5).replace('name: "Sees an ad on social media (1)"', f'name: "{DECOMPOSED}"'))
    run = cli("render", str(path), "-f", "dot")
    assert (run.code, run.stderr) == (0, "")
    label = re.search(r'"tp-1" \[label="([^"]*)"', run.stdout)
    assert label is not None
    name = label[1].split("\\n")[:4]
    assert all(not unicodedata.category(line[0]).startswith("M") and width(line.removesuffix("…")) <= NAME.columns for line in name), name
    assert unicodedata.normalize("NFC", "".join(name)).startswith(LONG_WORD[: 3 * NAME.columns])


def test_a_persona_stays_on_one_line_with_their_emotion(tmp_path):
    # "Emotion: Priya 0, Daniel" then "+1" on a line of its own read as nobody's +1.
    picture = Picture(_render(EXAMPLES / "travel-booking.journey.yaml", tmp_path / "map.svg"))
    lines = [line.replace("\u00a0", " ") for line in picture.node_texts()]
    assert "Daniel +1" in lines and "Emotion: Priya 0," in lines
    assert not [line for line in lines if line in ("+1", "+2", "0", "-1", "-2")]


def test_the_graphviz_limits_still_hold_for_huge_texts(tmp_path):
    """A valid journey may hold 10,000-character values: each label stays far under
    Graphviz's 16,384-byte string limit, the tooltip under its 1,000 characters."""
    text = sized_journey(5).replace('name: "Sees an ad on social media (1)"', 'name: "' + "ab " * 3_000 + '"')
    path = _write(tmp_path, text)
    dot = cli("render", str(path), "-f", "dot").stdout
    label = re.search(r'"tp-1" \[label="([^"]*)"', dot)
    assert label is not None and label[1].count("\\n") <= 8 and len(label[1]) < 300
    tooltip = re.search(r'"tp-1" \[[^\n]*tooltip="([^"]*)"', dot)
    assert tooltip is not None and len(tooltip[1]) == 1_000 and tooltip[1].endswith("…")
    assert _svg_size(_render(path, tmp_path / "map.svg"))[0] > 0


# --- service blueprints ---------------------------------------------------------------------


def test_a_blueprint_draws_its_lanes_and_lines_in_order(tmp_path):
    path = _write(tmp_path, sized_journey(26, blueprint=True))
    journey = cjmap.load_journey(path)
    picture = Picture(_render(path, tmp_path / "map.svg"))
    centres = picture.centres()
    order = ["stage", "evidence", "actions", "line_interaction", "frontstage", "line_visibility", "backstage", "line_internal", "support"]
    names = [" ".join(picture.texts(f"_{row}|band:0")) for row in order]
    assert names == ["Stage", "Evidence", "Actions", "Line of interaction", "Front stage", "Line of visibility", "Back stage",
                     "Line of internal interaction", "Support processes"]
    ys = [centres[f"_{row}|band:0"][1] for row in order]
    assert ys == sorted(ys)
    # Every lane's cell in its touchpoint's column, and the lines across it at its height.
    for _, tp in journey.touchpoints():
        x, _ = centres[tp.id]
        for lane in ("evidence", "frontstage", "backstage", "support"):
            assert abs(centres[f"_{lane}|tp:{tp.id}"][0] - x) < 1
    lines = {g.findtext(f"{SVG}title"): g for g in picture.root.iter(f"{SVG}g") if g.get("class") == "edge"}
    widths = {}
    for line in ("line_interaction", "line_visibility", "line_internal"):
        drawn = [g for title, g in lines.items() if title and title.startswith(f"_{line}|")]
        assert len(drawn) > len(journey.stages), line
        widths[line] = {g.find(f"{SVG}path").get("stroke-width", "1") for g in drawn}  # type: ignore[union-attr]
    assert widths == {"line_interaction": {"1"}, "line_visibility": {"2.5"}, "line_internal": {"1"}}
    stages = [" ".join(t.text or "" for t in g.iter(f"{SVG}text")) for name, g in picture._groups("node").items() if name.startswith("_stage|tp:")]
    assert stages == [name for _, name, _, _ in STAGES]


def test_a_blueprints_empty_lanes_are_left_out_and_labels_follow_the_language(tmp_path):
    text = sized_journey(5, blueprint=True, spanish=True).replace("        support: [Payment provider API]\n", "")
    picture = Picture(_render(_write(tmp_path, text), tmp_path / "map.svg"))
    sides = [" ".join(picture.texts(name)) for name in picture.centres() if name.endswith("|band:0")]
    assert "Procesos de soporte" not in sides and not [name for name in picture.centres() if name.startswith("_support|")]
    assert {"Evidencia física", "Acciones", "Línea de interacción", "Línea de visibilidad", "Línea de interacción interna"} <= set(sides)


def test_a_long_blueprint_wraps_into_bands_with_their_own_lane_names(tmp_path):
    path = _write(tmp_path, sized_journey(100, blueprint=True))
    picture = Picture(_render(path, tmp_path / "map.svg"))
    bands = sorted({int(name.rsplit(":", 1)[1]) for name in picture.centres() if "|band:" in name})
    assert len(bands) > 1
    width_, height = _svg_size(ElementTree.tostring(picture.root))
    assert 0.7 <= width_ / height <= 2.5, (width_, height)


# --- small blueprints and even rows (issue 15, a new user's trial) -----------------------------


@pytest.mark.parametrize("touchpoints", [5, 9])
def test_a_small_blueprint_is_landscape(tmp_path, touchpoints):
    """A blueprint of 9 was drawn in bands of 8 + 1 (0.9 : 1 in a user's trial): the estimate of
    its shape left out the title, the band margins and the lane names' column."""
    path = _write(tmp_path, sized_journey(touchpoints, blueprint=True))
    picture = Picture(_render(path, tmp_path / "map.svg"))
    width_, height = _svg_size(ElementTree.tostring(picture.root))
    assert 1 / 1.5 <= width_ / height <= 4.0, (width_, height)
    assert [name for name in picture.centres() if name.startswith("_stage|band:")] == ["_stage|band:0"]  # one band


@pytest.mark.parametrize(("touchpoints", "blueprint"), [(9, False), (13, False), (26, False), (100, False), (9, True), (26, True), (100, True)])
def test_rows_and_bands_are_even(tmp_path, touchpoints, blueprint):
    """No row left mostly empty: 9 columns on two rows are 5 + 4, never 7 + 2 (or 8 + 1)."""
    path = _write(tmp_path, sized_journey(touchpoints, blueprint=blueprint))
    journey = cjmap.load_journey(path)
    centres = Picture(_render(path, tmp_path / "map.svg")).centres()
    rows_ = [len(list(group)) for _, group in itertools.groupby(round(centres[tp.id][1]) for _, tp in journey.touchpoints())]
    assert min(rows_) >= max(rows_) / 2, rows_


def test_packing_evens_out_rows_with_whole_stages():
    def widths(sizes: list[int], most: int) -> list[int]:
        return [sum(piece.stop - piece.start for piece in row) for row in pack(sizes, most, stage_per_row=False, even=True)]

    assert widths([1] * 9, 5) == [5, 4]  # filled in turn: 5 + 4 too; with 7 a row, 7 + 2
    assert widths([1] * 9, 7) == [5, 4]
    assert widths([2, 2, 2, 2, 1], 4) == [4, 2, 3]  # filled in turn: 4 + 4 + 1
    assert widths([9], 7) == [5, 4]  # a stage wider than a row: its own rows, the longer first
    assert widths([3, 9, 2], 4) == [3, 3, 3, 3, 2]
    assert widths([1] * 1000, 36) == [36] * 20 + [35] * 8  # 1,000 stages: fast, and still even


# --- a blueprint's lines and stages ----------------------------------------------------------


@pytest.mark.parametrize("source", ["bank", "9", "26"])
def test_a_blueprints_lines_run_from_the_names_to_past_the_last_column(tmp_path, source):
    """Each line starts right of the lane and line names (it began at the centre of its own
    name and ran through the text) and ends past the widest cell of the band's last column (it
    stopped short, leaving the last column sticking out)."""
    path = EXAMPLES / "bank-account-opening.journey.yaml" if source == "bank" else _write(tmp_path, sized_journey(int(source), blueprint=True))
    picture = Picture(_render(path, tmp_path / "map.svg"))
    centres, outlines = picture.centres(), picture.outlines()
    bands = sorted(name for name in centres if name.startswith("_stage|band:"))
    tops = [centres[band][1] for band in bands] + [math.inf]
    checked = 0
    for number, (top, bottom) in enumerate(itertools.pairwise(tops)):
        names = [name for name in centres if name.endswith(f"|band:{number}")]
        right_of_names = max(right for name in names for _, right, _ in picture.text_boxes(name))
        cells = [box for name, box in outlines.items() if not name.endswith(f"|band:{number}") and top - 30 < (box[1] + box[3]) / 2 < bottom - 30]
        assert cells
        for line in ("line_interaction", "line_visibility", "line_internal"):
            drawn = [box for title, box in picture.edge_paths(f"_{line}|").items() if top < box[1] < bottom]
            x0, x1 = min(box[0] for box in drawn), max(box[2] for box in drawn)
            assert right_of_names < x0 <= min(box[0] for box in cells), (number, line)
            assert x1 >= max(box[2] for box in cells), (number, line)
            checked += 1
    assert checked == 3 * len(bands)


def test_a_blueprint_shows_where_each_stage_ends(tmp_path):
    """A band in the stage colour runs over all of a stage's columns, under its name; the bands
    of two stages do not meet, and each stage's cells lie within its band."""
    path = EXAMPLES / "bank-account-opening.journey.yaml"
    journey = cjmap.load_journey(path)
    picture = Picture(_render(path, tmp_path / "map.svg"))
    outlines = picture.outlines()
    spans = []
    for stage in journey.stages:
        ids = [tp.id for tp in stage.touchpoints]
        drawn = {title: box for title, box in picture.edge_paths("_stage|").items()
                 if any(f"|tp:{tp}" in title for tp in ids)}
        assert drawn, stage.id
        x0, x1 = min(box[0] for box in drawn.values()), max(box[2] for box in drawn.values())
        cells = [box for name, box in outlines.items() if any(name == tp or name.endswith(f"|tp:{tp}") for tp in ids)]
        assert x0 < min(box[0] for box in cells) and max(box[2] for box in cells) < x1, stage.id
        spans.append((x0, x1))
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    assert _band_widths(picture) == {30.0}


def _band_widths(picture: Picture) -> set[float]:
    return {float(g.find(f"{SVG}path").get("stroke-width", "")) for g in picture._groups("edge").values()  # type: ignore[union-attr]
            if (g.findtext(f"{SVG}title") or "").startswith("_stage|")}


def test_a_stage_name_on_two_lines_stays_within_its_band(tmp_path):
    text = sized_journey(9, blueprint=True).replace("name: Consideration", "name: Consideration of every plan and its price")
    picture = Picture(_render(_write(tmp_path, text), tmp_path / "map.svg"))
    (band,) = _band_widths(picture)
    names = [box for name, box in picture.outlines().items() if name.startswith("_stage|tp:")]
    assert len(names) == 5 and max(y1 - y0 for _, y0, _, y1 in names) <= band


# --- the title and determinism ------------------------------------------------------------


def test_the_title_is_where_the_eye_starts(tmp_path):
    picture = Picture(_render(_write(tmp_path, sized_journey(26, title="Where the eye starts")), tmp_path / "map.svg"))
    background = picture.graph.find(f"{SVG}polygon")
    assert background is not None
    x0, y0, x1, _ = Picture._box(picture.graph)
    title = picture.graph.find(f"{SVG}text")
    assert title is not None and title.text == "Where the eye starts"
    assert float(title.get("x", "")) < x0 + 0.15 * (x1 - x0)
    assert all(float(title.get("y", "")) < y for _, y in picture.centres().values())
    assert float(title.get("y", "")) < y0 + 60  # the first line: the margin and one line of 18 pt


def test_wrapped_titles_and_stage_names_are_flush_left(tmp_path):
    """Each line of a wrapped title or stage name starts at the same x (Graphviz centred lines
    joined with \\n inside the left-justified block; the renderer ends each with \\l)."""
    text = sized_journey(13, title="Opening an account at a bank that customers can trust with their savings for many years")
    text = text.replace("name: Consideration", "name: Consideration of every plan and its price")
    picture = Picture(_render(_write(tmp_path, text), tmp_path / "map.svg"))
    title = picture.graph.findall(f"{SVG}text")
    assert len(title) == 2 and {t.get("text-anchor") for t in title} == {"start"}
    assert len({t.get("x") for t in title}) == 1
    x0, _, x1, _ = Picture._box(picture.graph)
    assert float(title[0].get("x", "")) < x0 + 0.05 * (x1 - x0)
    consideration = next(g for g in picture._groups("cluster").values() if "Consideration" in (g.findtext(f"{SVG}text") or ""))
    lines = consideration.findall(f"{SVG}text")
    assert [t.text for t in lines] == ["Consideration of every plan", "and its price"]
    assert {t.get("text-anchor") for t in lines} == {"start"} and len({t.get("x") for t in lines}) == 1


def test_a_label_escape_in_the_data_stays_text(tmp_path):
    r"""The renderer writes \l after each line of the title and stage names; a \l, \n, quote or
    trailing backslash in the journey stays text."""
    # YAML double-quoted: the title is  A \l title \n with "quotes" and a backslash \
    text = sized_journey(5, title=r'A \\l title \\n with \"quotes\" and a backslash \\').replace("name: Awareness", r"name: Aware\lness")
    path = _write(tmp_path, text)
    dot = cli("render", str(path), "-f", "dot").stdout
    assert r'label="A \\l title \\n with \"quotes\" and a backslash \\" + "\l"' in dot
    assert r'label="Aware\\lness" + "\l";' in dot
    picture = Picture(_render(path, tmp_path / "map.svg"))
    assert [t.text for t in picture.graph.findall(f"{SVG}text")] == ['A \\l title \\n with "quotes" and a backslash \\']
    assert picture.clusters()[0][0] == r"Aware\lness"


def test_the_dot_is_the_same_bytes_in_every_process(tmp_path):
    path = _write(tmp_path, sized_journey(26, blueprint=True, jumps=True))
    first = run_cjmap("render", str(path), "-f", "dot", env={"PYTHONHASHSEED": "1"})
    second = run_cjmap("render", str(path), "-f", "dot", env={"PYTHONHASHSEED": "2"})
    assert first.code == 0 and first.stdout == second.stdout and first.stdout.startswith("digraph journey {")
