"""The postmortem model: plain data, no MkDocs, no parsing.

Everything the validator, the timeline drawing, the library and the exports
need is here, so each of them can be read (and tested) on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import Any, Literal, TypeVar

Level = Literal["error", "warning"]
T = TypeVar("T")


def quick_pickle(cls: type[T]) -> type[T]:
    """A slotted dataclass pickled as a tuple of its fields, by names listed once: dataclasses' own
    state functions ask `fields()` again for every object (~6 µs; a warm build of 1,000
    postmortems reads ~22,000 such objects back from the cache)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = attrgetter(*names)

    def getstate(self: T) -> tuple[Any, ...]:
        state = values(self)
        return state if len(names) > 1 else (state,)

    def setstate(self: T, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)  # (frozen classes too)

    cls.__getstate__ = getstate  # type: ignore[attr-defined]
    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    return cls


Issue = tuple[int, int, str, str]  # line, col, message, rule: a problem before it has a path


@quick_pickle
@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    level: Level
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "level": self.level,
            "message": self.message,
            "rule": self.rule,
        }


@quick_pickle
@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime  # always timezone-aware
    event: str
    kind: str | None = None  # detect, mitigate, resolve, ... (free text)
    line: int = 0
    stamp: str = ""  # the stamp as the author wrote it
    extra: tuple[str, ...] = ()  # further table columns, kept verbatim
    # second, minute, approximate, day or unknown; `at` of an unknown time is where it is drawn
    # (after the entry before it), not a time the document gives
    precision: str = "minute"

    @property
    def known(self) -> bool:
        return self.precision != "unknown"

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat() if self.known else None,
            "event": self.event,
            "kind": self.kind,
            "precision": self.precision,
        }


@quick_pickle
@dataclass(frozen=True, slots=True)
class ActionItem:
    task: str
    status: Literal["open", "done"] = "open"
    owner: str | None = None
    ticket: str | None = None
    due: date | None = None
    line: int = 0
    priority: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def as_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "owner": self.owner,
            "status": self.status,
            "ticket": self.ticket,
            "due": self.due.isoformat() if self.due else None,
            "priority": self.priority,
        }


@quick_pickle
@dataclass(frozen=True, slots=True)
class Section:
    """A body section: its canonical names (aliases resolved) and where it is."""

    heading: str  # as written
    names: tuple[str, ...]  # canonical section names it counts as ("Root Cause", "Resolution")
    line: int  # 1-based line of the heading in the file
    end_line: int  # last line of the section (inclusive)
    level: int  # 1-6 for headings, 0 for a bold-paragraph marker
    text: str  # the section's Markdown, heading excluded
    text_line: int = 0  # 1-based file line of the text's first line (a Setext underline is skipped)


_LEADING_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kmb]|thousand|million|billion)?\b", re.I)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9}


def _minutes(span: timedelta | None) -> float | None:
    return None if span is None else round(span.total_seconds() / 60, 2)


@quick_pickle
@dataclass(slots=True)
class Postmortem:
    """A parsed postmortem page. Fields are None where unknown or invalid."""

    source: str  # path as given (relative to docs_dir in MkDocs)
    title: str | None = None
    severity: str | None = None
    services: list[str] = field(default_factory=list)
    status: str = "final"
    started: datetime | None = None
    ended: datetime | None = None
    detected: datetime | None = None
    mitigated: datetime | None = None
    timezone: str = "UTC"
    impact: str | None = None
    affected_users: int | float | str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # the whole front matter, as JSON-able values
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    url: str | None = None  # site-relative, set by the engine adapter
    # Owning team and roles: read from `meta` when not given, so every reader fills them alike
    team: str | None = None
    commander: str | None = None
    responders: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        meta = self.meta
        if self.team is None and isinstance(meta.get("team"), str) and meta["team"].strip():
            self.team = meta["team"].strip()
        if self.commander is None and isinstance(meta.get("commander"), str) and meta["commander"].strip():
            self.commander = meta["commander"].strip()
        if not self.responders:
            value = meta.get("responders")
            values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            self.responders = [str(v).strip() for v in values if isinstance(v, str | int) and str(v).strip()]

    @property
    def affected_count(self) -> float | None:
        """The number `affected_users` gives, for sorting and sums: `312 accounts` -> 312,
        `1.2B queries` -> 1.2e9; None for a percentage or no number."""
        value = self.affected_users
        if isinstance(value, int | float):
            return value
        if not isinstance(value, str) or value.strip().endswith("%"):
            return None
        match = _LEADING_NUMBER.search(value)
        if not match:
            return None
        number = float(match.group(1).replace(",", ""))
        number *= _SCALE.get((match.group(2) or "").lower(), 1)
        return int(number) if number.is_integer() else number

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def date(self) -> date | None:
        return self.started.date() if self.started else None

    @property
    def duration(self) -> timedelta | None:
        if self.started and self.ended:
            return self.ended - self.started
        return None

    time_to_resolve = duration

    @property
    def detected_at(self) -> datetime | None:
        """`detected`, or failing it the first timeline entry of kind `detect`."""
        if self.detected:
            return self.detected
        return next((e.at for e in self.timeline if e.kind == "detect"), None)

    @property
    def mitigated_at(self) -> datetime | None:
        if self.mitigated:
            return self.mitigated
        return next((e.at for e in self.timeline if e.kind == "mitigate"), None)

    @property
    def time_to_detect(self) -> timedelta | None:
        at = self.detected_at
        return at - self.started if at and self.started else None

    @property
    def time_to_mitigate(self) -> timedelta | None:
        at = self.mitigated_at
        return at - self.started if at and self.started else None

    @property
    def open_action_items(self) -> list[ActionItem]:
        return [item for item in self.action_items if item.is_open]

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if name in s.names), None)

    def as_record(self) -> dict[str, Any]:
        """The `incidents.json` object: every front-matter field plus the derived ones."""
        record: dict[str, Any] = dict(self.meta)
        record.update(
            title=self.title,
            url=self.url,
            source=self.source,
            severity=self.severity,
            services=list(self.services),
            status=self.status,
            timezone=self.timezone,
            started=self.started.isoformat() if self.started else None,
            ended=self.ended.isoformat() if self.ended else None,
            detected=self.detected_at.isoformat() if self.detected_at else None,
            mitigated=self.mitigated_at.isoformat() if self.mitigated_at else None,
            date=self.date.isoformat() if self.date else None,
            impact=self.impact,
            affected_users=self.affected_users,
            affected_users_count=self.affected_count,
            authors=list(self.authors),
            tags=list(self.tags),
            team=self.team,
            commander=self.commander,
            responders=list(self.responders),
            duration_minutes=_minutes(self.duration),
            time_to_detect_minutes=_minutes(self.time_to_detect),
            time_to_mitigate_minutes=_minutes(self.time_to_mitigate),
            time_to_resolve_minutes=_minutes(self.time_to_resolve),
            timeline=[e.as_dict() for e in self.timeline],
            action_items=[a.as_dict() for a in self.action_items],
        )
        return record
