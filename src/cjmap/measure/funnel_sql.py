"""THE funnel, written once as SQL text in DuckDB's dialect; the Spark engine transpiles it.

Every query reads the normalised table ``events`` or the table ``matched`` made from it once:
one row per matched row (touchpoint events and failures) with its unit and, for a touchpoint
event of stage k, ``nxt``: the time of the next event of stage k+1 after it. The order is (ts,
touchpoint journey index, row_no), and stages follow journey order, so the events of stage k+1
after a stage-k event are exactly those at its time or later: the next one depends on the time
alone. ``nxt`` comes from ONE sort of the unit's rows, newest first, where the rows after a row
are the running frame before it. The stage funnel is then S-1 equi-joins on (unit, time), each
keeping the step only within the window of the entry.

Written so that both engines mean the same: integers for times (µs), no float→integer cast, no
percentile function (ranks are selected here and interpolated in Python), explicit ORDER BY
wherever order matters, on columns that are never NULL, and only the reverse running frame
(``ORDER BY … DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING``), which Spark evaluates in
linear time, for "the next … after this row".
"""

from __future__ import annotations

from dataclasses import dataclass

from cjmap.measure.definition import BY_PERSONA, Definition
from cjmap.measure.durations import MICROSECONDS
from cjmap.measure.matching import ambiguous_expression, code_expression, persona_expression, prefilter, property_column, sql_text

# The ranks p50 and p90 need, as tenths: 5 and 9 (exact integers, no float in SQL).
PERCENTILE_TENTHS = (5, 9)
# The unit's rows newest first: the frame before a row holds every row after it in time. The
# order is (ts, tp, row_no) for touchpoint events; failures (f = 1) go after them at equal
# times, which no measure sees (every ordered measure skips failures) and which keeps the
# events of one stage at one time together (``fst``).
NEWEST_FIRST = "ORDER BY ts DESC, f DESC, tp DESC, row_no DESC"
_LATER = f"{NEWEST_FIRST} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING"
# The same and the row itself: a running aggregate, cheaper, where the row cannot count itself.
_FROM_HERE = f"{NEWEST_FIRST} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"


@dataclass(frozen=True)
class Frame:
    """What a run knows once the data is loaded."""

    start: int  # first µs of the period (included)
    end: int  # first µs after it (excluded)
    has_session: bool  # the data has a session column
    with_value: bool  # a KPI reads `value`

    def within(self, column: str = "ts") -> str:
        return f"{column} >= {self.start} AND {column} < {self.end}"


def _window(definition: Definition) -> int:
    return definition.window_seconds * MICROSECONDS


def _unit_key(user: str, part: str) -> str:
    # The length prefix keeps (user "a:1", session "2") apart from (user "a", session "1:2").
    return f"CAST(length({user}) AS VARCHAR) || ':' || {user} || ':' || {part}"


def _derived_sessions(columns: str, timeout_us: int) -> str:
    """All rows of ``events`` with ``sno``: the user's session number, a new one after a gap > timeout."""
    order = "PARTITION BY user_id ORDER BY ts, row_no"
    gaps = (
        f"SELECT {columns}, CASE WHEN ts - lag(ts) OVER ({order}) <= {timeout_us} THEN 0 ELSE 1 END AS brk FROM events"
    )
    return f"SELECT *, sum(brk) OVER ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sno FROM ({gaps}) AS gaps"


def _stage_case(definition: Definition, column: str) -> str:
    branches = " ".join(f"WHEN {tp.index} THEN {tp.stage_index}" for tp in definition.touchpoints if tp.stage_index is not None)
    return f"CASE {column} {branches} END" if branches else "NULL"


def _group_expression(definition: Definition) -> str | None:
    if definition.by == BY_PERSONA:
        return persona_expression(definition)
    if definition.by_property is not None:
        return property_column(definition.by_property)
    return None


def matched_sql(definition: Definition, frame: Frame) -> str:
    """The table ``matched``: unit, [sess], ts, row_no, tp, f (1 = failure), a (ambiguous),
    s (stage index), [g (group)], [value], nxt, fst (1: the first touchpoint event of its stage
    at its time), and (when :func:`edges_in_matched`) the previous row's tp, ts and f."""
    session_unit = definition.unit == "session"
    derived = session_unit and not frame.has_session
    extra = [expr for expr in (("value" if frame.with_value else None),) if expr]
    group = _group_expression(definition)
    if group is not None:
        extra.append(f"{group} AS g")
    keep_session = frame.has_session and not session_unit
    raw_columns = ", ".join(
        ["user_id", "session_id", "ts", "row_no", f"{code_expression(definition)} AS code", f"{ambiguous_expression(definition)} AS a", *extra]
    )
    timeout = definition.session_timeout_seconds * MICROSECONDS
    only = prefilter(definition)
    scanned = f"(SELECT {raw_columns} FROM events{f' WHERE {only}' if only else ''}) AS rows"
    source = f"({_derived_sessions(raw_columns, timeout)}) AS rows" if derived else scanned
    if not session_unit:
        unit = "user_id"
    elif derived:
        unit = _unit_key("user_id", "CAST(sno AS VARCHAR)")
    else:
        unit = _unit_key("user_id", "coalesce(session_id, '')")
    carried = ["g" if group is not None else None, "value" if frame.with_value else None]
    carry = "".join(f", {c}" for c in carried if c)
    session = ", coalesce(session_id, '') AS sess" if keep_session else ""
    rows = (
        f"SELECT {unit} AS unit{session}, ts, row_no, CASE WHEN code >= 0 THEN code ELSE -code - 1 END AS tp, "
        f"CASE WHEN code < 0 THEN 1 ELSE 0 END AS f, a{carry} FROM {source} WHERE code IS NOT NULL"
    )
    staged = f"SELECT *, {_stage_case(definition, 'tp')} AS s FROM ({rows}) AS r"
    over = f"OVER (PARTITION BY unit {NEWEST_FIRST})"
    previous = f", lead(tp) {over} AS pf, lead(ts) {over} AS pts, lead(f) {over} AS pff" if edges_in_matched(definition, frame) else ""
    # The first touchpoint event of its stage at its time: the step joins read one row per time.
    first = f"CASE WHEN lead(ts) {over} = ts AND lead(s) {over} = s AND lead(f) {over} = 0 THEN 0 ELSE 1 END"
    return f"SELECT *, {_next_stage(definition)} AS nxt, {first} AS fst{previous} FROM ({staged}) AS st"


def edges_in_matched(definition: Definition, frame: Frame) -> bool:
    """The edges can read each row's previous row from ``matched`` (no second sort): when edges
    follow the unit (no session of their own) and no failure can sit between two events."""
    one_sequence = not frame.has_session or definition.unit == "session"
    return one_sequence and not any(tp.fails for tp in definition.touchpoints)


def _next_stage(definition: Definition) -> str:
    """For a touchpoint event of stage k: the time of the next event of stage k+1 after it (the
    running frame may hold the row itself: it is of stage k, not k+1)."""
    stages = len(definition.stages)
    if stages < 2:
        return "CAST(NULL AS BIGINT)"
    branches = " ".join(
        f"WHEN s = {k} AND f = 0 THEN min(CASE WHEN s = {k + 1} AND f = 0 THEN ts END) OVER (PARTITION BY unit {_FROM_HERE})" for k in range(stages - 1)
    )
    return f"CASE {branches} END"


def counts_sql(frame: Frame) -> str:
    """matched rows, ambiguous rows, units (with a touchpoint event in the period)."""
    return f"SELECT count(*), coalesce(sum(a), 0), count(DISTINCT CASE WHEN f = 0 AND {frame.within()} THEN unit END) FROM matched"


def has_session_sql() -> str:
    """One row when some row has a session (cheap: both engines stop at the first)."""
    return "SELECT 1 FROM events WHERE session_id IS NOT NULL LIMIT 1"


def has_page_sql() -> str:
    """One row when some row has a page (the data has a page column, and it is not empty)."""
    return "SELECT 1 FROM events WHERE page IS NOT NULL LIMIT 1"


def event_names_sql(definition: Definition) -> str:
    """The table ``event_names``: each event name of the data (all rows with a user, whatever the
    period), its rows (n), and its rows that no touchpoint matched (u). When every touchpoint is
    plain names, a row is matched exactly when its name is one of them: no CASE per row."""
    only = prefilter(definition)
    unmatched = f"CASE WHEN {only} THEN 0 ELSE 1 END" if only else f"CASE WHEN {code_expression(definition)} IS NULL THEN 1 ELSE 0 END"
    return f"SELECT event, count(*) AS n, sum({unmatched}) AS u FROM events GROUP BY event"


def present_names_sql(names: list[str]) -> str:
    """Which of ``names`` the data has."""
    listed = ", ".join(sql_text(name) for name in names)
    return f"SELECT event FROM event_names WHERE event IN ({listed})"


def top_unmatched_sql(limit: int) -> str:
    """The ``limit`` names with the most unmatched rows: rows, then the name, descending / ascending."""
    return f"SELECT event, u FROM event_names WHERE u > 0 ORDER BY u DESC, event ASC NULLS LAST LIMIT {limit}"


def frequent_names_sql(limit: int) -> str:
    """The ``limit`` most frequent names (the candidates of "did you mean")."""
    return f"SELECT event FROM event_names WHERE event IS NOT NULL ORDER BY n DESC, event ASC LIMIT {limit}"


def any_row_sql(frame: Frame) -> str:
    return f"SELECT 1 FROM events WHERE {frame.within()} LIMIT 1"


def groups_sql(frame: Frame) -> str:
    """The table ``unit_groups``: each unit's group, read on its first touchpoint event in the period."""
    firsts = f"SELECT unit, g, row_number() OVER (PARTITION BY unit ORDER BY ts, tp, row_no) AS rn FROM matched WHERE f = 0 AND {frame.within()}"
    return f"SELECT unit, g FROM ({firsts}) AS firsts WHERE rn = 1"


def _grouped(grouped: bool, table: str) -> tuple[str, str, str]:
    """(select prefix, join, group-by prefix) for a query by group or not."""
    if not grouped:
        return "", "", ""
    return "ug.g, ", f" LEFT JOIN unit_groups ug ON ug.unit = {table}.unit", "ug.g, "


def touchpoints_sql(frame: Frame, *, grouped: bool = False) -> str:
    """[g,] tp, reach, failed, events: in the period."""
    select, join, group = _grouped(grouped, "m")
    return (
        f"SELECT {select}m.tp, count(DISTINCT CASE WHEN m.f = 0 THEN m.unit END), count(DISTINCT CASE WHEN m.f = 1 THEN m.unit END), "
        f"sum(1 - m.f) FROM matched m{join} WHERE {frame.within('m.ts')} GROUP BY {group}m.tp"
    )


def units_sql(frame: Frame) -> str:
    """g, units (with a touchpoint event in the period) per group."""
    return f"SELECT ug.g, count(DISTINCT m.unit) FROM matched m JOIN unit_groups ug ON ug.unit = m.unit WHERE m.f = 0 AND {frame.within('m.ts')} GROUP BY ug.g"


def best_sql(definition: Definition, frame: Frame) -> str:
    """The table ``best``: each unit's counting attempt: unit, lvl, t0, t1 … t{S-1} (NULL past lvl).

    Every stage-0 event in the period is an attempt; step k joins the event ``nxt`` points to,
    kept when within the window of the entry. The attempt that counts: the highest level, then
    the earliest entry (ts, tp, row_no). Each join reads the next stage's times, one row each
    (events at the same time share their next)."""
    window = _window(definition)
    stages = len(definition.stages)
    query = f"SELECT unit, tp AS e0, row_no AS r0, ts AS t0, nxt AS n0 FROM matched WHERE f = 0 AND s = 0 AND {frame.within()}"
    carried = "unit, e0, r0, t0"
    for k in range(1, stages):
        query = (
            f"SELECT j.*, m.ts AS t{k}, m.nxt AS n{k} FROM ({query}) AS j "
            f"LEFT JOIN (SELECT unit, ts, nxt FROM matched WHERE f = 0 AND s = {k} AND fst = 1) AS m "
            f"ON m.unit = j.unit AND m.ts = j.n{k - 1} AND m.ts <= j.t0 + {window}"
        )
        carried += f", t{k}"
    levels = " ".join(f"WHEN t{k} IS NOT NULL THEN {k + 1}" for k in range(stages - 1, 0, -1))
    level = f"CASE {levels} ELSE 1 END" if levels else "1"
    attempts = f"SELECT {carried}, {level} AS lvl FROM ({query}) AS a"
    ranked = f"SELECT *, row_number() OVER (PARTITION BY unit ORDER BY lvl DESC, t0, e0, r0) AS rn FROM ({attempts}) AS tried"
    return f"SELECT {carried}, lvl FROM ({ranked}) AS r WHERE rn = 1"


def funnel_sql(definition: Definition, *, grouped: bool = False) -> str:
    """[g,] then per stage k: entered (lvl ≥ k+1); then per step k: the sum of µs from entry to
    the step's first event (over the units that reached it)."""
    select, join, group = _grouped(grouped, "b")
    stages = len(definition.stages)
    entered = ", ".join(f"sum(CASE WHEN b.lvl >= {k + 1} THEN 1 ELSE 0 END)" for k in range(stages))
    sums = "".join(f", sum(CAST(b.t{k} - b.t0 AS DECIMAL(38, 0)))" for k in range(1, stages))
    query = f"SELECT {select}{entered}{sums} FROM best b{join}"
    return f"{query} GROUP BY {group.rstrip(', ')}" if grouped else query


def ranks_sql(definition: Definition, *, grouped: bool = False) -> str:
    """[g,] k, rank, µs: the durations of step k at the ranks p50 and p90 interpolate between
    (rank r in {floor, ceil} of (n-1)·p, as (n-1)·p - 1 < r < (n-1)·p + 1, in tenths)."""
    select, join, _ = _grouped(grouped, "b")
    steps = " UNION ALL ".join(
        f"SELECT {select}{k} AS k, b.t{k} - b.t0 AS d FROM best b{join} WHERE b.t{k} IS NOT NULL" for k in range(1, len(definition.stages))
    )
    if not steps:
        return ""
    group_column = "g, " if grouped else ""
    ranked = (
        f"SELECT {group_column}k, d, row_number() OVER (PARTITION BY {group_column}k ORDER BY d) - 1 AS r, "
        f"count(*) OVER (PARTITION BY {group_column}k) AS n FROM ({steps}) AS steps"
    )
    wanted = " OR ".join(f"(10 * r > (n - 1) * {q} - 10 AND 10 * r < (n - 1) * {q} + 10)" for q in PERCENTILE_TENTHS)
    return f"SELECT {group_column}k, r, d FROM ({ranked}) AS ranked WHERE {wanted}"


def edges_sql(definition: Definition, frame: Frame) -> str:
    """from, to, transitions, units: consecutive touchpoint events (repeats collapsed) of a unit,
    in the same session when the data has sessions, counted when the from-event is in the period
    (the from-event: the last of its run of repeats)."""
    # matched_sql keeps ``sess`` for unit=user with a session column; a session unit is one already.
    if edges_in_matched(definition, frame):
        steps = "SELECT unit, tp, pf, pts FROM matched WHERE f = 0 AND pff = 0"
    else:
        partition = "unit, sess" if frame.has_session and definition.unit != "session" else "unit"
        over = f"OVER (PARTITION BY {partition} ORDER BY ts, tp, row_no)"
        steps = f"SELECT unit, tp, lag(tp) {over} AS pf, lag(ts) {over} AS pts FROM matched WHERE f = 0"
    return (
        f"SELECT pf, tp, count(*), count(DISTINCT unit) FROM ({steps}) AS steps "
        f"WHERE pf IS NOT NULL AND pf <> tp AND {frame.within('pts')} GROUP BY pf, tp"
    )


def pair_sql(frame: Frame, *, source: int, target: int, window_seconds: int) -> str:
    """units with an entry (a `source` event in the period), units converted (a `target` event
    after an entry, within the window)."""
    following = f"min(CASE WHEN tp = {target} THEN ts END) OVER (PARTITION BY unit {_LATER})"
    steps = f"SELECT unit, ts, tp, {following} AS nb FROM matched WHERE f = 0 AND tp IN ({source}, {target})"
    return (
        f"SELECT count(DISTINCT unit), count(DISTINCT CASE WHEN nb <= ts + {window_seconds * MICROSECONDS} THEN unit END) "
        f"FROM ({steps}) AS steps WHERE tp = {source} AND {frame.within()}"
    )


# Values are summed exactly as DECIMAL(38, 6): up to 1e20 each, a sum of up to 1e12 of them
# fits in its 32 integer digits. A larger value (or NaN, infinity) is counted, not summed:
# kpis.py refuses the KPI with the reason, rather than round or overflow differently per engine.
VALUE_LIMIT = "1e20"


def values_sql(frame: Frame, touchpoints: list[int]) -> str:
    """Of these touchpoints' events in the period that have a value: units, values, their exact
    sum, values ≥ 9, values ≤ 6, the smallest and largest value, and values beyond VALUE_LIMIT."""
    listed = ", ".join(str(tp) for tp in touchpoints)
    fits = f"abs(value) < {VALUE_LIMIT}"
    return (
        "SELECT count(DISTINCT CASE WHEN value IS NOT NULL THEN unit END), count(value), "
        f"sum(CASE WHEN {fits} THEN CAST(value AS DECIMAL(38, 6)) END), "
        "coalesce(sum(CASE WHEN value >= 9 THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN value <= 6 THEN 1 ELSE 0 END), 0), "
        f"min(value), max(value), coalesce(sum(CASE WHEN value IS NOT NULL AND NOT ({fits}) THEN 1 ELSE 0 END), 0) "
        f"FROM matched WHERE f = 0 AND tp IN ({listed}) AND {frame.within()}"
    )


def _all_rows(definition: Definition, frame: Frame) -> str:
    """Every row of ``events`` with its session (sk) and touchpoint order (tpo: journey index, or
    after every touchpoint when unmatched; code ≥ 0 for touchpoint events)."""
    code = code_expression(definition)
    columns = f"user_id, session_id, ts, row_no, {code} AS code"
    count = len(definition.touchpoints)
    tpo = f"CASE WHEN code >= 0 THEN code WHEN code < 0 THEN -code - 1 ELSE {count} END"
    if frame.has_session:
        return f"SELECT user_id, coalesce(session_id, '') AS sk, ts, row_no, code, {tpo} AS tpo FROM (SELECT {columns} FROM events) AS e"
    sessions = _derived_sessions(columns, definition.session_timeout_seconds * MICROSECONDS)
    return f"SELECT user_id, CAST(sno AS VARCHAR) AS sk, ts, row_no, code, {tpo} AS tpo FROM ({sessions}) AS e"


def bounce_sql(definition: Definition, frame: Frame, touchpoints: list[int]) -> str:
    """sessions starting in the period whose first touchpoint event is one of ``touchpoints``;
    those of them that hold exactly one touchpoint event (failures and unmatched rows aside: a
    GA4 session always holds session_start and a page view, and the journey, not the tracking,
    says what a visit is). A session starts at its first row of any kind."""
    rows = _all_rows(definition, frame)
    listed = ", ".join(str(tp) for tp in touchpoints)
    sessions = "SELECT user_id, sk, sum(CASE WHEN code >= 0 THEN 1 ELSE 0 END) AS n, min(ts) AS st FROM rows GROUP BY user_id, sk"
    firsts = (
        "SELECT user_id, sk, code FROM (SELECT user_id, sk, code, row_number() OVER (PARTITION BY user_id, sk ORDER BY ts, tpo, row_no) AS rn "
        "FROM rows WHERE code >= 0) AS t WHERE rn = 1"
    )
    return (
        f"WITH rows AS ({rows}), sessions AS ({sessions}), firsts AS ({firsts}) "
        "SELECT count(*), coalesce(sum(CASE WHEN s.n = 1 THEN 1 ELSE 0 END), 0) FROM sessions s "
        f"JOIN firsts f ON f.user_id = s.user_id AND f.sk = s.sk WHERE f.code IN ({listed}) AND {frame.within('s.st')}"
    )


def time_on_page_sql(definition: Definition, frame: Frame, touchpoints: list[int]) -> str:
    """times, their exact sum in µs: from each event of ``touchpoints`` in the period to the next
    row of its session (a session's last row has none)."""
    rows = _all_rows(definition, frame)
    listed = ", ".join(str(tp) for tp in touchpoints)
    following = "lead(ts) OVER (PARTITION BY user_id, sk ORDER BY ts, tpo, row_no)"
    timed = f"SELECT code, ts, {following} AS nts FROM ({rows}) AS r"
    return (
        f"SELECT count(nts), sum(CAST(nts - ts AS DECIMAL(38, 0))) FROM ({timed}) AS t "
        f"WHERE code IN ({listed}) AND {frame.within()}"
    )
