"""Limits that keep hostile input cheap to refuse."""

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
