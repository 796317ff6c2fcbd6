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

from cjmap.interchange.ids import BASE_LENGTH, IdMaker, is_id
from cjmap.interchange.located import Located
from cjmap.text.names import named_few
from cjmap.text.slugs import slug
from cjmap.text.suggest import MAX_CANDIDATES

if TYPE_CHECKING:
    from cjmap.interchange.csv_rows import Row
    from cjmap.model import Journey

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


def _semicolons(line: str) -> str:
    """The way out for a line of personas typed apart by semicolons (from the whole line: a part
    of it may be a name that holds a comma, which commas cannot separate)."""
    names = [part.strip() for part in line.split(";") if part.strip()]
    if any("," in name for name in names):
        return f"`{line}`: commas or line breaks separate personas, not semicolons; put each persona on its own line of the cell: {' / '.join(names)}"
    return f"`{line}`: commas or line breaks separate personas, not semicolons; write `{', '.join(names)}`"


def _lengths_by_first_part(keys: set[str]) -> dict[str, list[int]]:
    """For the keys of names that hold commas: by the key of their first part, how many parts
    they have, longest first."""
    lengths: dict[str, set[int]] = {}
    for key in keys:
        lengths.setdefault(key.split(",", 1)[0].strip(), set()).add(key.count(",") + 1)
    return {first: sorted(counts, reverse=True) for first, counts in lengths.items()}


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
        # Names that hold a comma, by person_key: a run of a cell's comma-separated parts that is
        # one of them is that persona. The base's names; without a base, the names of `emotion`.
        self.with_commas: set[str] = set()
        if base is not None:
            for persona in base.personas:
                self.spelt.update({person_key(text): text for text in (persona.name, persona.id) if text})
            for persona in base.personas:
                if persona.name:
                    self.names.setdefault(person_key(persona.name), []).append(persona.id)
            self.ids = {person_key(persona.id): persona.id for persona in base.personas}
            self.with_commas = {key for key in self.names if "," in key}

    def resolve(self, stages: list[dict[str, Any]], origins: dict[int, Row]) -> list[Located]:
        """Replace the names in every touchpoint's ``personas`` (lines of the cell) and ``emotion``
        by ids; the problems, each at its cell. A touchpoint whose ``personas`` has a problem is
        left for every persona, so that checking the rest does not report its scores again."""
        touchpoints = [(tp, origins[id(tp)]) for stage in stages for tp in stage["touchpoints"]]
        if self.base is None:
            self.with_commas = {person_key(text) for tp, _ in touchpoints for text in _scored(tp) if "," in text}
        lengths = _lengths_by_first_part(self.with_commas)
        cells = {id(tp): [(part, line) for line in tp.get("personas", []) for part in self._split(line, lengths)] for tp, _ in touchpoints}
        if self.base is None:
            # A name with a semicolon is a list typed with the wrong separator: said at the cell, never made a persona.
            named = [[(part, line, "personas") for part, line in cells[id(tp)]] + [(text, text, "emotion") for text in _scored(tp)] for tp, _ in touchpoints]
            self._make([(text, row, column) for (_, row), triples in zip(touchpoints, named, strict=True) for text, line, column in triples if ";" not in line])
        problems: list[Located] = []
        for tp, row in touchpoints:
            problems.extend(self._replace(tp, row, cells[id(tp)]))
        return list(dict.fromkeys(problems))  # a line with semicolons is one problem, whichever part found it

    def _split(self, line: str, lengths: dict[str, list[int]]) -> list[str]:
        """The personas a line of a ``personas`` cell names: apart by commas, except that the
        longest run of parts that is a persona's name (or id) is that persona
        ("Luis, el estudiante cazador de ofertas"). Only the lengths of names that start with
        the part at hand are tried: trying every length up to the longest name, each a join,
        was cubic (an 8 KB cell of commas took 113 s)."""
        parts = line.split(",")
        found, start = [], 0
        while start < len(parts):
            tried = (start + n for n in lengths.get(person_key(parts[start]), ()) if start + n <= len(parts))
            end = next((end for end in tried if person_key(",".join(parts[start:end])) in self.with_commas), start + 1)
            found.append(",".join(parts[start:end]).strip())
            start = end
        return [text for text in found if text]

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
        given = {text for texts in spellings.values() for text in texts if is_id(text)}
        made = IdMaker(taken=given)
        personas: dict[str, dict[str, Any]] = {}
        for key, texts in spellings.items():
            written_id = next((text for text in texts if is_id(text)), None)
            named = next((text for text in texts if not is_id(text)), written_id or "")
            if written_id is None:
                # "Ana López" in one cell and `ana-lopez` in another are one persona.
                own = slug(named, fallback="persona", limit=BASE_LENGTH)
                written_id = own if own in given else made.make(named, "persona")
            self.ids[key] = written_id
            persona = personas.setdefault(written_id, {"id": written_id, "name": written_id})
            if is_id(persona["name"]) and not is_id(named):
                persona["name"] = named
            self.first.setdefault(written_id, cells[key])
        self.made = list(personas.values())

    def _replace(self, tp: dict[str, Any], row: Row, cell: list[tuple[str, str]]) -> list[Located]:
        problems = []
        if "personas" in tp:
            found = [self._id(text, row, "personas", line) for text, line in cell]
            wrong = [problem for problem in found if isinstance(problem, Located)]
            problems += wrong
            if wrong:
                del tp["personas"]
            else:
                tp["personas"] = list(dict.fromkeys(one for one in found if isinstance(one, str)))
        if isinstance(tp.get("emotion"), dict):
            emotion: dict[str, int] = {}
            spelt: dict[str, str] = {}  # persona id -> how this cell first named it
            for text, score in tp["emotion"].items():
                one = self._id(text, row, "emotion", text)
                if isinstance(one, Located):
                    problems.append(one)
                elif one in emotion:
                    problems.append(row.problem(f"`{spelt[one]}` and `{text}` name the same persona, `{one}`; give each persona one score", "emotion"))
                else:
                    emotion[one], spelt[one] = score, text
            tp["emotion"] = emotion
        return problems

    def _id(self, text: str, row: Row, column: str, line: str) -> str | Located:
        key = person_key(text)
        if key in self.ids:
            return self.ids[key]
        matches = self.names.get(key, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            return row.problem(f"`{text}` is the name of {len(matches)} personas of the base journey ({', '.join(matches)}); write the id", column)
        if ";" in line:
            return row.problem(_semicolons(line), column)
        return row.problem(self._unknown(text, line), column)

    def _unknown(self, text: str, line: str) -> str:
        personas = self.base.personas if self.base is not None else []  # without a base every name makes a persona
        listed = named_few([f"{p.id} ({p.name})" if p.name else p.id for p in personas[:LISTED + 1]], LISTED, total=len(personas))
        if "," in line:
            # Part of a name that holds a comma, typed not quite as the base spells it: the whole
            # line is compared, and the persona's id, which no comma can split, is the way out.
            close = self._close(person_key(line), [key for key in self.names if len(self.names[key]) == 1])
            if close:
                split = f": `{line}` was split at them" if text != line else ""
                persona = f"the persona `{self.spelt[close]}`"
                return f"`{text}` is not a persona of the base journey (commas separate personas{split}); for {persona}, write its id `{self.names[close][0]}`"
        hint = self._hint(person_key(text))
        return f"`{text}` is not a persona of the base journey{hint}; write the id or name of one of its personas: {listed}"

    def _hint(self, key: str) -> str:
        """`` (did you mean `Ana López`?)``, comparing without case and accents, as matching does."""
        close = self._close(key, list(self.spelt))
        return f" (did you mean `{self.spelt[close]}`?)" if close else ""

    def _close(self, key: str, candidates: list[str]) -> str | None:
        """The candidate closest to ``key``, if one is close enough and the file's budget of
        look-ups lasts."""
        if self.hints <= 0 or len(candidates) > MAX_CANDIDATES:
            return None
        self.hints -= 1
        import difflib

        close = difflib.get_close_matches(key, sorted(candidates), n=1, cutoff=0.6)
        return close[0] if close else None


def _scored(tp: dict[str, Any]) -> list[str]:
    """The personas a touchpoint's ``emotion`` names, as written."""
    emotion = tp.get("emotion")
    return list(emotion) if isinstance(emotion, dict) else []
