"""``cjmap init``: a starter journey of every type and language, written safely."""

from __future__ import annotations

import pytest

import cjmap
from cjmap.interchange.starter import starter_stages
from cjmap.model.vocabulary import JOURNEY_TYPES
from cjmap.text.labels import LANGUAGES
from conftest import TODAY, cli


# Every type and every language the CLI offers (both lists come from their one source, so a
# language given labels but no starter text fails here, not in a user's hands).
@pytest.mark.parametrize("journey_type", JOURNEY_TYPES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_init_writes_a_journey_that_validates_and_lints_clean(tmp_path, journey_type, lang):
    run = cli("init", "--type", journey_type, "--lang", lang, "--title", "Móvil: alta", cwd=tmp_path, env=TODAY)
    assert run.code == 0, run.stderr
    [written] = list(tmp_path.glob("*.journey.yaml"))
    assert written.name == "movil-alta.journey.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    journey = cjmap.load_journey(written)
    if journey_type == "day-in-the-life":  # the parts of a day, not a purchase funnel
        assert [s.kind for s in journey.stages] == ["custom"] * 4 and not any(s.kpis for s in journey.stages)
        assert [s.name for s in journey.stages] == (["Mañana", "Trayecto", "Jornada", "Noche"] if lang == "es" else ["Morning", "Commute", "Workday", "Evening"])
    else:
        assert [s.kind for s in journey.stages] == ["awareness", "consideration", "purchase", "retention", "advocacy"]
    assert journey.journey.type == journey_type and journey.journey.language == lang and len(journey.personas) == 1
    assert text.count("  # ") >= 10  # guidance comments
    lint = cli("lint", "--strict", str(written), env=TODAY)
    assert lint.code == 0 and " error " not in lint.stdout and " warning " not in lint.stdout


def test_init_refuses_to_overwrite(tmp_path):
    target = tmp_path / "mine.journey.yaml"
    target.write_text("keep me", encoding="utf-8")
    run = cli("init", str(target))
    assert run.code == 2 and "already exists" in run.stderr and target.read_text(encoding="utf-8") == "keep me"


def test_init_into_a_folder(tmp_path):
    assert cli("init", str(tmp_path), "--title", "Checkout").code == 0
    assert (tmp_path / "checkout.journey.yaml").is_file()


def test_init_into_a_new_folder(tmp_path):
    assert cli("init", f"{tmp_path / 'journeys'}/", "--lang", "es").code == 0
    assert (tmp_path / "journeys" / "mi-recorrido-del-cliente.journey.yaml").is_file()


def test_init_under_a_file_says_so(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    run = cli("init", str(tmp_path / "file" / "sub.journey.yaml"))
    assert run.code == 2 and "cannot create the folder" in run.stderr


def test_help_says_what_each_type_starts_with():
    # It said "five stages" for every type, though a day in the life starts from four parts of a day.
    run = cli("init", "--help")
    assert run.code == 0
    text = " ".join(run.stdout.split())
    assert "five stages" not in text.split("the five stages of the purchase funnel")[0]
    assert "One persona and the five stages of the purchase funnel (awareness to advocacy), each with a KPI target; " in text
    assert "a day-in-the-life map gets four parts of a day instead (morning, commute, workday, evening), without KPIs." in text
    # What the help says is what init writes.
    assert len(starter_stages("current-state", "en")) == 5 and all(s.kpi for s in starter_stages("current-state", "en"))
    day = starter_stages("day-in-the-life", "en")
    assert [s.id for s in day] == ["morning", "commute", "workday", "evening"] and not any(s.kpi for s in day)
