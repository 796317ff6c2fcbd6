"""Which column plays which role: `--columns user=a,time=b,...`, and the default names tried without it.

A flat event table names its columns as its producer liked (`user_id`, `userId`, `anonymous_id`);
the roles are fixed: ``user``, ``time`` and ``event`` are required, ``session``, ``page`` and
``value`` optional. An explicit name must exist in the data; without one, the first default name
the data has (exact, then ignoring case) is taken. GA4's export has its own names (`--source ga4`).

An optional role named with nothing (`session=`) is off: the data's column is not read even when it
has one (edges then follow the whole unit, not its sessions). Any other `NAME=COLUMN` maps a
property the journey names (a `where:`/`segment:` key, `--by NAME`) to the data's COLUMN, so one
journey measures exports that name things differently (`device=context_device_type`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from cjmap.measure.errors import EXIT_DATA, EXIT_USAGE, MeasureError
from cjmap.text.safe import visible

ROLES: tuple[str, ...] = ("user", "time", "event", "session", "page", "value")
REQUIRED: tuple[str, ...] = ("user", "time", "event")
OFF = ""  # an optional role named with nothing: no column plays it (the data's own is ignored)

# Tried in order when --columns does not name the role: the names analytics exports use
# (Segment, Snowplow, Mixpanel, Amplitude, GA4 and hand-made tables).
DEFAULT_NAMES: Mapping[str, tuple[str, ...]] = {
    "user": ("user_id", "user", "userid", "customer_id", "visitor_id", "anonymous_id", "distinct_id", "user_pseudo_id"),
    "time": ("timestamp", "ts", "time", "event_time", "event_timestamp", "datetime", "date_time", "created_at"),
    "event": ("event", "event_name", "event_type", "name", "action"),
    "session": ("session_id", "session", "sessionid", "ga_session_id"),
    "page": ("page", "page_path", "path", "url", "page_url", "page_location"),
    "value": ("value", "revenue", "amount", "score"),
}
GA4_NAMES: Mapping[str, str] = {"user": "user_pseudo_id", "time": "event_timestamp", "event": "event_name"}
COLUMNS_FORM = "--columns user=COLUMN,time=COLUMN,event=COLUMN[,session=COLUMN,page=COLUMN,value=COLUMN,PROPERTY=COLUMN]"


@dataclass(frozen=True)
class Fields:
    """The column of each role: as `--columns` named it (before :func:`resolve`), or as found in the data (after)."""

    user: str | None = None
    time: str | None = None
    event: str | None = None
    session: str | None = None
    page: str | None = None
    value: str | None = None
    # PROPERTY=COLUMN pairs of --columns, in the order written: the journey's property → the data's column.
    aliases: tuple[tuple[str, str], ...] = ()

    def of(self, role: str) -> str | None:
        """The role's column; None when none plays it (OFF included, after :func:`resolve`)."""
        column: str | None = getattr(self, role)
        return column

    def named(self) -> dict[str, str]:
        """The roles that have a column, in ROLES order."""
        return {role: column for role in ROLES if (column := getattr(self, role))}

    def column_of(self, prop: str) -> str:
        """The column a journey property reads: the one --columns maps it to, else its own name."""
        return dict(self.aliases).get(prop, prop)

    def roles(self) -> dict[str, str | None]:
        """Which column played each role (None: none), then each mapped property: `definition.columns` of the results."""
        return {**{role: getattr(self, role) or None for role in ROLES}, **dict(self.aliases)}


def parse_columns(text: str | None) -> Fields:
    """`user=a,time=b,session=,device=ctx_device` → Fields; a bad form is a usage error (exit 2).

    A role not in ROLES is a property's name (mapped to a column); an optional role with nothing
    after `=` is OFF; a required one needs a column."""
    if not text or not text.strip():
        return Fields()
    named: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for part in text.split(","):
        role, equals, column = (piece.strip() for piece in part.partition("="))
        if not equals or not role or (not column and role not in ROLES):
            raise _usage(f"`{visible(part.strip())}` is not ROLE=COLUMN")
        if not column and role in REQUIRED:
            raise _usage(f"the {role} column is required: `{visible(part.strip())}` names none")
        if role in named or role in aliases:
            raise _usage(f"`{visible(role)}` is named twice")
        if role in ROLES:
            named[role] = column
        else:
            aliases[role] = column
    return replace(Fields(), **named, aliases=tuple(aliases.items()))


def _usage(message: str) -> MeasureError:
    return MeasureError(message, where="--columns", hint=f"write {COLUMNS_FORM}", exit_code=EXIT_USAGE)


def resolve(given: Fields, columns: Sequence[str], *, where: str, ga4: bool = False) -> Fields:
    """Each role's column in the data ``columns`` of ``where`` (a file name, shown as is).

    A required role with no column, or an explicit name the data lacks, is a data error (exit 1)
    that lists the columns the data has and the `--columns` form.
    """
    found: dict[str, str | None] = {}
    for role in ROLES:
        explicit = given.of(role)
        if explicit == OFF:
            found[role] = None
        elif explicit is not None:
            found[role] = _find(explicit, columns) or _missing(role, explicit, columns, where=where)
        else:
            found[role] = _default(role, columns, ga4=ga4)
            if found[role] is None and role in REQUIRED:
                _missing(role, None, columns, where=where)
    return Fields(**found, aliases=given.aliases)


def _find(name: str, columns: Sequence[str]) -> str | None:
    if name in columns:
        return name
    folded = [column for column in columns if column.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def _default(role: str, columns: Sequence[str], *, ga4: bool) -> str | None:
    # GA4's session, page and value are event parameters, not columns (the engines read them there).
    names = ((GA4_NAMES[role],) if role in GA4_NAMES else ()) if ga4 else DEFAULT_NAMES[role]
    for name in names:
        if (column := _find(name, columns)) is not None:
            return column
    return None


def _missing(role: str, explicit: str | None, columns: Sequence[str], *, where: str) -> str:
    has = ", ".join(f"`{visible(column)}`" for column in columns) or "no columns"
    if explicit is None:
        tried = ", ".join(DEFAULT_NAMES[role][:4])
        message = f"no {role} column (looked for {tried}, …); the data has: {has}"
    else:
        message = f"no column `{visible(explicit)}` for the {role}; the data has: {has}"
    raise MeasureError(message, where=visible(where), hint=f"name the columns with {COLUMNS_FORM}", exit_code=EXIT_DATA)
