"""Limits that keep hostile input cheap to refuse.

Every budget is decided before any work starts, so the work a file can cause is bounded by
these numbers, not by how cleverly it is written. docs/validation.md ("Budgets") lists each
one with its code and what to do when a real file meets it.
"""

from __future__ import annotations

from dataclasses import dataclass

MEBIBYTE = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    # A real journey is a few kilobytes; 5 MiB leaves room for huge portfolios of touchpoints.
    max_bytes: int = 5 * MEBIBYTE
    # A journey nests about 8 levels deep. libyaml's C composer recurses per level and
    # crashes the interpreter near 50,000 levels, so the cap is enforced while parsing events.
    max_depth: int = 64
    # Nodes that aliases add beyond their first appearance ("billion laughs" protection).
    # The file size limit alone does not help: 1 KB of nested aliases expands to 10^9 nodes.
    max_alias_nodes: int = 10_000
    # Characters of every scalar plus one per node, with each alias counted at the full size of
    # what it expands to: renderers write every copy, so a 154 KB file whose 100 KB string is
    # repeated by 9,000 aliases became a 900 MB page. Without aliases a document is at most
    # about twice its file size, so 20 MiB (4x the default file limit) is met only by aliases.
    # See ``expanded_budget``: a larger --max-file-size raises it with the file size.
    max_expanded: int = 20 * MEBIBYTE
    # One scalar (a name, a description). The longest text in examples/ is about 300
    # characters; 10,000 is some 1,500 words. A 1 MB name made Graphviz fail, and every
    # renderer wraps and escapes each value as a whole.
    max_scalar_chars: int = 10_000
    # One line of the file. Tools write journeys as one line of JSON (`jq -c`, `json.dumps`),
    # which is valid YAML: an example journey is 11 KB as one line, so 1 MiB holds about a
    # hundred of them. Beyond, the line is a located error (excerpts show only its start).
    max_line_chars: int = MEBIBYTE
    # A number literal, in characters (`9999…`, `0xFFFF…`, `1.5e3`). Python refuses to convert
    # integers past 4,300 digits (a crash in every command); 100 is far beyond any real value.
    max_number_chars: int = 100
    # Touchpoints in one journey: twice the largest benchmark (50,000 in bench/), a hundred
    # times the largest journey a team draws. Checked before the models are built.
    max_touchpoints: int = 100_000
    # `next:` edges in one journey: two per touchpoint at the touchpoint budget. Graphviz
    # layout grows much faster than linearly with edges (200 x 20 edges took 185 s).
    max_edges: int = 200_000
    # Persona lanes: for each touchpoint, the personas that take part in it (all of them when
    # it has no `personas:`). Outputs list them per touchpoint (the Mermaid actors, show's JSON),
    # so they grow as personas x touchpoints: a 1.1 MB journey of 1,000 personas and 5,000
    # touchpoints made 100 MB of JSON. Ten personas on every touchpoint at the touchpoint budget.
    max_persona_lanes: int = 1_000_000
    # Persona steps: for each touchpoint, its `next:` entries times the personas on it (all of
    # them without `personas:`, one for `personas: []`). Lint's per-persona reachability (CJ126),
    # the per-persona successors and the curve's line joins walk each `next:` entry once per
    # persona on its touchpoint: 1,000 personas x 190,000 `next:` entries made lint take 6 s+.
    # Ten personas on every edge at the edge budget.
    max_persona_steps: int = 2_000_000

    @property
    def expanded_budget(self) -> int:
        """``max_expanded``, or 4x the file limit when --max-file-size raised it above 5 MiB."""
        return max(self.max_expanded, 4 * self.max_bytes)
