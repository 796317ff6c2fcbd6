"""The graph view for DOT: stages as clusters in order, touchpoints as nodes, `next` as edges."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cjmap.model import Journey
from cjmap.render.view import JourneyView, TouchpointView


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    color: str
    tooltip: str
    has_pains: bool


@dataclass(frozen=True)
class Cluster:
    name: str
    nodes: tuple[Node, ...]
    placeholder: str  # an invisible node keeps an empty stage in its place


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    backwards: bool  # drawn dashed, and not allowed to pull the layout out of stage order


@dataclass(frozen=True)
class GraphView:
    title: str
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]


def build_graph(journey: Journey, view: JourneyView) -> GraphView:
    text = view.label
    clusters = []
    for stage in view.stages:
        nodes = tuple(
            Node(tp.id, _label(tp, text), tp.color, tp.description or tp.name, bool(tp.pains)) for tp in stage.touchpoints
        )
        clusters.append(Cluster(stage.name, nodes, "" if nodes else f"stage-{stage.id}"))
    return GraphView(view.title, tuple(clusters), _edges(journey))


def _label(tp: TouchpointView, text: Mapping[str, str]) -> str:
    lines = [tp.name]
    if tp.channel:
        lines.append(tp.channel)
    if tp.emotions:
        lines.append(f"{text['emotion']}: " + ", ".join(f"{e.who + ' ' if e.who else ''}{e.shown}" for e in tp.emotions))
    if tp.pains:
        lines.append(f"⚠ {text['pain_points']}: {len(tp.pains)}")
    return "\n".join(lines)


def _edges(journey: Journey) -> tuple[Edge, ...]:
    ordered = [tp for _, tp in journey.touchpoints()]
    position = {tp.id: index for index, tp in enumerate(ordered)}
    edges = []
    for index, tp in enumerate(ordered):
        targets = tp.next if tp.next is not None else [t.id for t in ordered[index + 1 : index + 2]]
        edges.extend(Edge(tp.id, target, position[target] <= index) for target in targets)
    return tuple(edges)
