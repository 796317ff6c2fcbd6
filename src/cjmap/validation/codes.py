"""Stable codes for validation problems (``CJ0xx``), and the linter's own two (CJ099 for a file
``lint --skip-invalid`` did not lint, CJ100 for a suppression comment that names no rule). Lint
rules use ``CJ101`` and up.

Codes are a public contract: CI configurations and suppressions refer to them, so a code is
never reused for another meaning. Each code's documentation lives here, once: ``summary`` (one
line: ``cjmap rules``, completion, SARIF's short description), ``meaning`` and ``fix`` (Markdown:
the table of docs/validation.md, or for CJ099 and CJ100 the rows of docs/lint.md, and SARIF's
rule help). tests/docs/test_docs.py writes the tables from them (``CJMAP_UPDATE_GOLDEN=1``) and
fails when the pages differ. Plain data: importing this module costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cjmap.problems import Severity


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    summary: str
    # Markdown, as the docs' table cells hold it (a ``|`` plain: the table escapes it); links
    # such as ``[Budgets](#budgets)`` point into the page that documents the code.
    meaning: str
    fix: str  # "" when the meaning says it all (the linter's own codes)
    # The linter's own codes (reported by `cjmap lint`, documented in docs/lint.md) have their
    # own severity; every validation code is an error documented in docs/validation.md.
    severity: Severity = "error"
    by_linter: bool = False

    @property
    def page(self) -> str:
        """The docs page whose table documents the code (SARIF's helpUri, `cjmap rules CODE`)."""
        return "lint.md" if self.by_linter else "validation.md"


_CODES = (
    Code("CJ001", "yaml-syntax", "The file is not well-formed YAML.",
         meaning="The file is not well-formed YAML (also: an alias to an undefined anchor, a list or mapping used as a key).",
         fix=("Fix the YAML at the caret; quote values that contain `: ` or start with `@`, `` ` ``, `[`, `{`. A quote or bracket never closed is reported where "
              "it opens; a key indented more than the key above it is reported at the key, naming that key; a key indented less than the keys of its mapping but "
              "more than the key or `-` that holds it is reported at the key, naming the key to align it with; text after a quoted value that has closed (`title: "
              "'Ana's map'`, `title: \"x\" y`) is reported at the closing quote, with the value written both ways (`'Ana''s map'`, `\"Ana's map\"`).")),
    Code("CJ002", "duplicate-key", "A mapping has the same key twice.",
         meaning="A mapping has the same key twice. Plain YAML loaders silently keep the last value; cjmap keeps the first and names both lines.",
         fix="Keep one of the two keys."),
    Code("CJ003", "unsupported-tag", "A YAML tag other than the core ones (!!str, !!int…) is used.",
         meaning=("A tag other than the core `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map` (for example `!!python/object`), or a core tag "
                  "with an impossible value (`!!int abc`)."),
         fix="Remove the tag: journeys are plain data."),
    Code("CJ004", "alias-expansion", "Anchors and aliases expand beyond the size limit.",
         meaning=('Anchors and aliases expand to more than 10,000 extra nodes, or the document with every alias written out grows past 20 MiB of text (an "alias '
                  'bomb"; see [Budgets](#budgets)). Located at the alias that crosses the limit.'),
         fix="Write the repeated values out, or repeat smaller ones."),
    Code("CJ005", "too-deep", "Collections are nested deeper than the limit.",
         meaning=("Collections nest more than 64 levels. Checked while parsing, before anything recurses: libyaml's C composer would crash the process near "
                  "50,000 levels."),
         fix="Flatten the structure; a journey needs about 8 levels."),
    Code("CJ006", "file-too-large", "The file is larger than the size limit.",
         meaning="The file is larger than the limit (5 MiB by default).",
         fix="Split the journey, or raise the limit with `--max-file-size 20M`."),
    Code("CJ007", "encoding", "The file is not valid UTF-8.",
         meaning="The file is not valid UTF-8 (the first bad byte is located), or is UTF-16.",
         fix="Save the file as UTF-8. A UTF-8 byte-order mark is accepted."),
    Code("CJ008", "empty-file", "The file holds no YAML document.",
         meaning="The file holds no YAML document (empty, or only comments).",
         fix="Start with `cjmap: 1`, `journey:`, `personas:`, `stages:`."),
    Code("CJ009", "multiple-documents", "The file holds more than one YAML document.",
         meaning="A second document starts (`---`).",
         fix="One journey per file: remove the separator or split the file."),
    Code("CJ010", "not-a-mapping", "The top level of the file is not a mapping.",
         meaning="The top level is a list or a single value.",
         fix="The top level is a mapping with `cjmap:`, `journey:`, `personas:`, `stages:`."),
    Code("CJ011", "tab-indentation", "A tab character is used for indentation.",
         meaning="A tab is used for indentation, also right after a `-` (`-\\tname`).",
         fix="Indent with spaces. (A tab after `key:` is fine.)"),
    Code("CJ012", "unreadable", "The file cannot be read.",
         meaning=("The file exists but cannot be read (permissions, I/O error), or may not be: a link out of a searched folder, a FIFO, socket or device (see "
                  "[Which files are read](#which-files-are-read))."),
         fix="Fix the file's permissions; give a regular file inside the folder."),
    Code("CJ013", "line-too-long", "A line is longer than the budget for one line.",
         meaning="A line is longer than 1 MiB (1,048,576 characters). Located at the first such line, at the column where it crosses the budget.",
         fix="Break the line: a long text as a block (`|` or `>`), a long list one item per line."),
    Code("CJ014", "value-too-long", "A value is longer than the budget for one value.",
         meaning="One value (a scalar: a name, a description, a key) is longer than 10,000 characters.",
         fix="Shorten it, or keep the long text elsewhere and link to it (for example under `evidence:`)."),
    Code("CJ015", "number-too-long", "A number is written with more characters than the budget.",
         meaning="A number is written with more than 100 characters (`9999…`, `0xFFFF…`). It is never converted.",
         fix="Shorten it; put it in quotes if it is text (an id, a code)."),
    Code("CJ016", "too-many-touchpoints", "The journey has more touchpoints than the budget.",
         meaning="The journey has more than 100,000 touchpoints. Located at the first one over.",
         fix="Split the journey into several files."),
    Code("CJ017", "too-many-edges", "The journey has more `next:` edges than the budget.",
         meaning="The journey has more than 200,000 `next:` targets in all. Located at the first one over.",
         fix="Keep `next:` for real branches (the following touchpoint is the default), or split the journey."),
    Code("CJ018", "too-many-persona-lanes", "The touchpoints' personas add up to more persona lanes, or persona steps along `next:`, than the budget.",
         meaning=("The touchpoints' personas add up to more than 1,000,000 persona lanes (a touchpoint without `personas:` counts every persona), located at the "
                  "touchpoint that crosses it; or the `next:` entries times the personas on their touchpoints add up to more than 2,000,000 persona steps, "
                  "located at the first entry over."),
         fix="List each touchpoint's `personas:`, shorten the `next:` lists, or split the journey."),
    Code("CJ019", "internal-error", "cjmap failed on this file (a bug); the other files are still checked.",
         meaning="cjmap itself failed on this file (a bug, not a problem in the file). Located at 1:1; every other file is still checked and reported.",
         fix="Report it with the file; `CJMAP_DEBUG=1` shows the traceback instead."),
    Code("CJ020", "missing-field", "A required field is missing.",
         meaning="A required field is missing (`journey.title`, a touchpoint's `name`…).",
         fix="Add the field."),
    Code("CJ021", "unknown-field", "A key that the format does not define.",
         meaning="A key the format does not define; the nearest known name is suggested.",
         fix="Fix the spelling, or remove the key."),
    Code("CJ022", "wrong-type", "A value has the wrong type.",
         meaning="A value of the wrong type (text where a list belongs, a boolean as an emotion…).",
         fix="Write the type the message names."),
    Code("CJ023", "invalid-value", "A value is outside what the field accepts.",
         meaning=("A value the field does not accept: an id that is not a slug, a `type` or `severity` outside its choices, an impossible date, a number that is "
                  "not finite (`.nan`, `.inf`, `1e999`) or out of its range (see [Numbers](#numbers)); a duration not written `30m`, `7d`, `2w`…; a regular "
                  "expression (`re:…` in `page`, `where`, `segment`) that does not compile, or that RE2 does not read (look-arounds, back-references); an empty "
                  "`events` or `fails` list, rule, `where` or `segment`."),
         fix="Use one of the values the message lists."),
    Code("CJ024", "unsupported-version", "The `cjmap:` format version is not one this tool reads.",
         meaning="`cjmap:` is not a version this tool reads.",
         fix="Write `cjmap: 1`, or upgrade cjmap."),
    Code("CJ030", "duplicate-id", "Two items of the same kind share an id.",
         meaning="Two personas, stages, touchpoints, pain points, opportunities, KPIs or channels share an id.",
         fix="Give each its own id."),
    Code("CJ031", "unknown-reference", "A reference to a persona, touchpoint, pain point or channel that does not exist.",
         meaning=("A persona id (on a touchpoint or in a per-persona emotion), a `next` target, an `addresses` pain-point id, a channel, or a KPI's "
                  "`measure.from` or `measure.to` touchpoint that does not exist. "
                  "The nearest id is suggested."),
         fix="Fix the id, or declare the channel under `channels:`."),
    Code("CJ032", "emotion-out-of-scale", "An emotion lies outside the journey's emotion scale.",
         meaning="An emotion outside `journey.emotion_scale` (default -2..2).",
         fix="Use a value in the scale, or widen the scale."),
    Code("CJ033", "emotion-persona-absent", "An emotion is given for a persona who is not on the touchpoint.",
         meaning=("A per-persona emotion for a known persona who is not on the touchpoint (`personas: [analyst]`, `emotion: {admin: 1}`), located at the key: "
                  '"`admin` is not on this touchpoint (personas: analyst): add them to `personas` or remove the emotion". An unknown persona id is CJ031 instead, '
                  "with its suggestion."),
         fix="Add the persona to the touchpoint's `personas`, or remove the emotion."),
    # Reported by the linter, not by validation, and documented in docs/lint.md: with
    # `lint --skip-invalid`, an invalid file's one finding (its validation errors are `cjmap
    # validate`'s to report), and a suppression typo.
    Code("CJ099", "not-linted", "The file has validation errors, so its lint rules did not run (`lint --skip-invalid`).",
         meaning=("With `cjmap lint --skip-invalid`: the file has validation errors, so its rules did not run; this one finding stands for them (`cjmap validate` "
                  "reports each). Severity error."),
         fix="", by_linter=True),
    Code("CJ100", "unknown-suppression", "A `# cjmap: disable=` comment names no rule.",
         meaning="A `# cjmap: disable=` comment names no rule (a typo such as `CJ1O1`). Severity warning.",
         fix="", severity="warning", by_linter=True),
)

CODES: dict[str, Code] = {c.code: c for c in _CODES}
CODE_BY_NAME: dict[str, Code] = {c.name: c for c in _CODES}

if len(CODES) != len(_CODES) or len(CODE_BY_NAME) != len(_CODES):  # pragma: no cover
    raise RuntimeError("duplicated validation code or name in cjmap.validation.codes")


def name_of(code: str) -> str:
    """Slug name of a validation code; raises KeyError for an unknown code (fail loudly)."""
    return CODES[code].name
