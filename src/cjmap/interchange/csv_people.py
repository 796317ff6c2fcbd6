"""Personas named in a spreadsheet: the ``personas`` column and the keys of ``emotion``
(``Ana: 1, Luis: -1``) take persona names as well as ids.

With a base journey, a name or id is matched to one of the base's personas ignoring case and
accents ("ana lopez" is "Ana López"); an id wins over another persona's name. Without a base,
each distinct name (ignoring case and accents) becomes a new persona: the typed text as its
name and an id from :func:`cjmap.text.slugs.slug`; a cell that already holds an id keeps it,
and a name whose id is written elsewhere in the file is that persona.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from cjmap.interchange.ids import BASE_LENGTH, IdMaker
from cjmap.interchange.located import Located
from cjmap.text.names import named_few
from cjmap.text.slugs import slug
from cjmap.text.suggest import MAX_CANDIDATES

if TYPE_CHECKING:
    from cjmap.interchange.csv_rows import Row
    from cjmap.model import Journey

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*", re.ASCII)
_SPACES = re.compile(r"\s+")
# How many of the base's personas an "unknown persona" message lists.
LISTED = 6
# Look-ups for a "did you mean" in one file: a sheet of misspelt names stays cheap.
HINTS = 50


def person_key(text: str) -> str:
    """``text`` with case, accents and runs of spaces set aside: the same key, the same person."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", bare.casefold()).strip()


class People:
    """Turns the names in the rows into persona ids, and for a new journey makes the personas."""

    def __init__(self, base: Journey | None) -> None:
        self.base = base
        self.ids: dict[str, str] = {}  # person_key -> persona id
        self.names: dict[str, list[str]] = {}  # person_key of a base persona's name -> ids
        self.made: list[dict[str, Any]] = []  # the personas of a new journey
        self.first: dict[str, tuple[int, int, str]] = {}  # persona id -> the first cell that names it
        self.hints = HINTS
        self.spelt: dict[str, str] = {}  # person_key -> a base persona's id or name as written
        if base is not None:
            for persona in base.personas:
                self.spelt.update({person_key(text): text for text in (persona.name, persona.id) if text})
            for persona in base.personas:
                if persona.name:
                    self.names.setdefault(person_key(persona.name), []).append(persona.id)
            self.ids = {person_key(persona.id): persona.id for persona in base.personas}

    def resolve(self, stages: list[dict[str, Any]], origins: dict[int, Row]) -> list[Located]:
        """Replace the names in every touchpoint's ``personas`` and ``emotion`` by ids; the
        problems, each at its cell."""
        touchpoints = [(tp, origins[id(tp)]) for stage in stages for tp in stage["touchpoints"]]
        if self.base is None:
            self._make([(written, row, column) for tp, row in touchpoints for column, written in _written(tp)])
        problems: list[Located] = []
        for tp, row in touchpoints:
            problems.extend(self._replace(tp, row))
        return problems

    def personas(self) -> list[dict[str, Any]]:
        """A new journey's personas, by id (the order the import always had)."""
        return sorted(self.made, key=lambda persona: str(persona["id"]))

    def places(self) -> dict[str, tuple[int, int, str]]:
        """Where each made persona was first named, by its path in the journey (``personas[0]``)."""
        return {f"personas[{index}]": self.first[persona["id"]] for index, persona in enumerate(self.personas())}

    def _make(self, written: list[tuple[str, Row, str]]) -> None:
        """A persona per distinct key: the id written as an id if any cell does, else one made
        from the first spelling (ids written are taken first, so a made one never takes them)."""
        spellings: dict[str, list[str]] = {}
        cells: dict[str, tuple[int, int, str]] = {}
        for text, row, column in written:
            key = person_key(text)
            spellings.setdefault(key, []).append(text)
            if key not in cells:
                cells[key] = (*row.at(column), f"column `{column}`")
        given = {text for texts in spellings.values() for text in texts if _SLUG.fullmatch(text)}
        made = IdMaker(taken=given)
        personas: dict[str, dict[str, Any]] = {}
        for key, texts in spellings.items():
            written_id = next((text for text in texts if _SLUG.fullmatch(text)), None)
            named = next((text for text in texts if not _SLUG.fullmatch(text)), written_id or "")
            if written_id is None:
                # "Ana López" in one cell and `ana-lopez` in another are one persona.
                own = slug(named, fallback="persona", limit=BASE_LENGTH)
                written_id = own if own in given else made.make(named, "persona")
            self.ids[key] = written_id
            persona = personas.setdefault(written_id, {"id": written_id, "name": written_id})
            if _SLUG.fullmatch(persona["name"]) and not _SLUG.fullmatch(named):
                persona["name"] = named
            self.first.setdefault(written_id, cells[key])
        self.made = list(personas.values())

    def _replace(self, tp: dict[str, Any], row: Row) -> list[Located]:
        problems = []
        if "personas" in tp:
            found = [self._id(text, row, "personas") for text in tp["personas"]]
            problems += [problem for problem in found if isinstance(problem, Located)]
            tp["personas"] = list(dict.fromkeys(one for one in found if isinstance(one, str)))
        if isinstance(tp.get("emotion"), dict):
            emotion: dict[str, int] = {}
            for text, score in tp["emotion"].items():
                one = self._id(text, row, "emotion")
                if isinstance(one, Located):
                    problems.append(one)
                elif one in emotion:
                    problems.append(row.problem(f"`{text}` is the persona `{one}` again; give each persona one emotion", "emotion"))
                else:
                    emotion[one] = score
            tp["emotion"] = emotion
        return problems

    def _id(self, text: str, row: Row, column: str) -> str | Located:
        key = person_key(text)
        if key in self.ids:
            return self.ids[key]
        matches = self.names.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            return row.problem(f"`{text}` is the name of {len(matches)} personas of the base journey ({', '.join(matches)}); write the id", column)
        return row.problem(self._unknown(text), column)

    def _unknown(self, text: str) -> str:
        personas = self.base.personas if self.base is not None else []  # without a base every name makes a persona
        hint = self._hint(person_key(text))
        listed = named_few([f"{p.id} ({p.name})" if p.name else p.id for p in personas[:LISTED + 1]], LISTED, total=len(personas))
        return f"`{text}` is not a persona of the base journey{hint}; write the id or name of one of its personas: {listed}"


    def _hint(self, key: str) -> str:
        """`` (did you mean `Ana López`?)``, comparing without case and accents, as matching does."""
        if self.hints <= 0 or len(self.spelt) > MAX_CANDIDATES:
            return ""
        self.hints -= 1
        import difflib

        close = difflib.get_close_matches(key, sorted(self.spelt), n=1, cutoff=0.6)
        return f" (did you mean `{self.spelt[close[0]]}`?)" if close else ""


def _written(tp: dict[str, Any]) -> list[tuple[str, str]]:
    """(column, text) for each persona a touchpoint names, in the cells' order."""
    named = [("personas", text) for text in tp.get("personas", [])]
    emotion = tp.get("emotion")
    return named + ([("emotion", text) for text in emotion] if isinstance(emotion, dict) else [])
