"""What each validation code means and how to fix it, as Markdown: the table of docs/validation.md
(and CJ100's row in docs/lint.md, which has no fix column).

SARIF's rule help for these codes is made from them. The docs are not shipped with cjmap, so
the words live here too; tests/reporters/test_sarif_rules.py fails when they differ from the tables.
"""

from __future__ import annotations

# code -> (what it means, how to fix it), cells of the table as written there
VALIDATION_HELP: dict[str, tuple[str, str]] = {
    "CJ001": (
        'The file is not well-formed YAML (also: an alias to an undefined anchor, a list or mapping used as a key).',
        ('Fix the YAML at the caret; quote values that contain `: ` or start with `@`, `` ` ``, `[`, `{`. A quote or bracket never closed is reported where it '
         'opens; a key indented more than the key above it is reported at the key, naming that key; a key indented less than the keys of its mapping but more '
         "than the key or `-` that holds it is reported at the key, naming the key to align it with; text after a quoted value that has closed (`title: 'Ana's "
         'map\'`, `title: "x" y`) is reported at the closing quote, with the value written both ways (`\'Ana\'\'s map\'`, `"Ana\'s map"`).'),
    ),
    "CJ002": (
        'A mapping has the same key twice. Plain YAML loaders silently keep the last value; cjmap keeps the first and names both lines.',
        'Keep one of the two keys.',
    ),
    "CJ003": (
        ('A tag other than the core `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq`, `!!map` (for example `!!python/object`), or a core tag with an '
         'impossible value (`!!int abc`).'),
        'Remove the tag: journeys are plain data.',
    ),
    "CJ004": (
        ('Anchors and aliases expand to more than 10,000 extra nodes, or the document with every alias written out grows past 20 MiB of text (an "alias bomb"; '
         'see [Budgets](#budgets)). Located at the alias that crosses the limit.'),
        'Write the repeated values out, or repeat smaller ones.',
    ),
    "CJ005": (
        ("Collections nest more than 64 levels. Checked while parsing, before anything recurses: libyaml's C composer would crash the process near 50,000 "
         'levels.'),
        'Flatten the structure; a journey needs about 8 levels.',
    ),
    "CJ006": (
        'The file is larger than the limit (5 MiB by default).',
        'Split the journey, or raise the limit with `--max-file-size 20M`.',
    ),
    "CJ007": (
        'The file is not valid UTF-8 (the first bad byte is located), or is UTF-16.',
        'Save the file as UTF-8. A UTF-8 byte-order mark is accepted.',
    ),
    "CJ008": (
        'The file holds no YAML document (empty, or only comments).',
        'Start with `cjmap: 1`, `journey:`, `personas:`, `stages:`.',
    ),
    "CJ009": (
        'A second document starts (`---`).',
        'One journey per file: remove the separator or split the file.',
    ),
    "CJ010": (
        'The top level is a list or a single value.',
        'The top level is a mapping with `cjmap:`, `journey:`, `personas:`, `stages:`.',
    ),
    "CJ011": (
        'A tab is used for indentation, also right after a `-` (`-\\tname`).',
        'Indent with spaces. (A tab after `key:` is fine.)',
    ),
    "CJ012": (
        ('The file exists but cannot be read (permissions, I/O error), or may not be: a link out of a searched folder, a FIFO, socket or device (see [Which '
         'files are read](#which-files-are-read)).'),
        "Fix the file's permissions; give a regular file inside the folder.",
    ),
    "CJ013": (
        'A line is longer than 1 MiB (1,048,576 characters). Located at the first such line, at the column where it crosses the budget.',
        'Break the line: a long text as a block (`\\|` or `>`), a long list one item per line.',
    ),
    "CJ014": (
        'One value (a scalar: a name, a description, a key) is longer than 10,000 characters.',
        'Shorten it, or keep the long text elsewhere and link to it (for example under `evidence:`).',
    ),
    "CJ015": (
        'A number is written with more than 100 characters (`9999…`, `0xFFFF…`). It is never converted.',
        'Shorten it; put it in quotes if it is text (an id, a code).',
    ),
    "CJ016": (
        'The journey has more than 100,000 touchpoints. Located at the first one over.',
        'Split the journey into several files.',
    ),
    "CJ017": (
        'The journey has more than 200,000 `next:` targets in all. Located at the first one over.',
        'Keep `next:` for real branches (the following touchpoint is the default), or split the journey.',
    ),
    "CJ018": (
        ("The touchpoints' personas add up to more than 1,000,000 persona lanes (a touchpoint without `personas:` counts every persona), located at the "
         'touchpoint that crosses it; or the `next:` entries times the personas on their touchpoints add up to more than 2,000,000 persona steps, located at the'
         ' first entry over.'),
        "List each touchpoint's `personas:`, shorten the `next:` lists, or split the journey.",
    ),
    "CJ019": (
        'cjmap itself failed on this file (a bug, not a problem in the file). Located at 1:1; every other file is still checked and reported.',
        'Report it with the file; `CJMAP_DEBUG=1` shows the traceback instead.',
    ),
    "CJ020": (
        "A required field is missing (`journey.title`, a touchpoint's `name`…).",
        'Add the field.',
    ),
    "CJ021": (
        'A key the format does not define; the nearest known name is suggested.',
        'Fix the spelling, or remove the key.',
    ),
    "CJ022": (
        'A value of the wrong type (text where a list belongs, a boolean as an emotion…).',
        'Write the type the message names.',
    ),
    "CJ023": (
        ('A value the field does not accept: an id that is not a slug, a `type` or `severity` outside its choices, an impossible date, a number that is not '
         'finite (`.nan`, `.inf`, `1e999`) or out of its range (see [Numbers](#numbers)).'),
        'Use one of the values the message lists.',
    ),
    "CJ024": (
        '`cjmap:` is not a version this tool reads.',
        'Write `cjmap: 1`, or upgrade cjmap.',
    ),
    "CJ030": (
        'Two personas, stages, touchpoints, pain points, opportunities, KPIs or channels share an id.',
        'Give each its own id.',
    ),
    "CJ031": (
        ('A persona id (on a touchpoint or in a per-persona emotion), a `next` target, an `addresses` pain-point id or a channel that does not exist. The '
         'nearest id is suggested.'),
        'Fix the id, or declare the channel under `channels:`.',
    ),
    "CJ032": (
        'An emotion outside `journey.emotion_scale` (default -2..2).',
        'Use a value in the scale, or widen the scale.',
    ),
    "CJ033": (
        ('A per-persona emotion for a known persona who is not on the touchpoint (`personas: [analyst]`, `emotion: {admin: 1}`), located at the key: "`admin` is'
         ' not on this touchpoint (personas: analyst): add them to `personas` or remove the emotion". An unknown persona id is CJ031 instead, with its '
         'suggestion.'),
        "Add the persona to the touchpoint's `personas`, or remove the emotion.",
    ),
    "CJ099": (
        ('With `cjmap lint --skip-invalid`: the file has validation errors, so its rules did not run; this one finding stands for them (`cjmap validate`'
         ' reports each). Severity error.'),
        "",
    ),
    "CJ100": (
        'A `# cjmap: disable=` comment names no rule (a typo such as `CJ1O1`). Severity warning.',
        "",
    ),
}
