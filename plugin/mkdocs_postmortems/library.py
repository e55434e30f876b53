"""The library: grouping and statistics over many postmortems. Pure functions.

Durations are skewed (most incidents are short, a few are very long), so every
figure comes as count, median and p90 next to the total; a mean alone misleads.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import quote

from .export import newest_first
from .formatting import format_duration
from .model import ActionItem, Postmortem
from .settings import Settings
from .slugs import unique_slugs


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least q of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass(slots=True)
class Stats:
    count: int
    resolved: int  # incidents with a known time to resolve
    total_minutes: float
    median_minutes: float | None
    p90_minutes: float | None
    mean_minutes: float | None
    last_started: datetime | None
    resolve_minutes: list[float] = field(default_factory=list)

    def since_last(self, now: datetime) -> timedelta | None:
        return now - self.last_started if self.last_started else None


def stats(postmortems: Iterable[Postmortem]) -> Stats:
    items = list(postmortems)
    minutes = [pm.duration.total_seconds() / 60 for pm in items if pm.duration is not None]
    starts = [pm.started for pm in items if pm.started]
    return Stats(
        count=len(items),
        resolved=len(minutes),
        total_minutes=sum(minutes),
        median_minutes=median(minutes),
        p90_minutes=percentile(minutes, 0.9),
        mean_minutes=sum(minutes) / len(minutes) if minutes else None,
        last_started=max(starts) if starts else None,
        resolve_minutes=minutes,
    )


@dataclass(slots=True)
class OpenItem:
    item: ActionItem
    incident: Postmortem
    age_days: int | None  # days since the incident, at build time (the page recomputes it at view time)
    overdue: bool  # at build time, likewise
    teams: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Period:
    """One quarter or month: incidents started in it and their time to resolve and detect."""

    key: str  # 2024 Q3, 2024-07
    count: int
    by_severity: dict[str, int]
    resolve: list[float]  # minutes
    detect: list[float]

    @property
    def resolve_median(self) -> float | None:
        return median(self.resolve)

    @property
    def resolve_p90(self) -> float | None:
        return percentile(self.resolve, 0.9)

    @property
    def detect_median(self) -> float | None:
        return median(self.detect)

    @property
    def detect_p90(self) -> float | None:
        return percentile(self.detect, 0.9)


@dataclass(frozen=True, slots=True)
class Change:
    """One figure of the last period against the one before, said in words and numbers."""

    what: str  # incidents, median time to resolve, ...
    last: float | None
    before: float | None
    minutes: bool  # a duration (else a count)

    @property
    def delta(self) -> float | None:
        return None if self.last is None or self.before is None else self.last - self.before

    @property
    def percent(self) -> int | None:
        if self.delta is None or not self.before:
            return None
        return round(100 * self.delta / self.before)

    @property
    def direction(self) -> str:
        """better, worse or same: fewer incidents and shorter times are better."""
        if self.delta is None:
            return "unknown"
        return "same" if self.delta == 0 else "better" if self.delta < 0 else "worse"

    def show(self, value: float | None) -> str:
        if value is None:
            return "unknown"
        return format_duration(timedelta(minutes=value)) if self.minutes else str(round(value))

    def sentence(self) -> str:
        """'3 incidents, down from 5 (−2, −40%): better' and the like."""
        if self.last is None:
            return f"{self.what}: no figure for this period"
        if self.before is None:
            return f"{self.what}: {self.show(self.last)} (no figure for the period before to compare with)"
        delta = self.delta or 0
        if delta == 0:
            return f"{self.what}: {self.show(self.last)}, the same as the period before"
        word = "down" if delta < 0 else "up"
        sign = "\u2212" if delta < 0 else "+"
        change = f"{sign}{self.show(abs(delta))}"
        if self.percent is not None:
            change += f", {sign}{abs(self.percent)}%"
        verdict = {"better": "fewer" if not self.minutes else "faster",
                   "worse": "more" if not self.minutes else "slower"}[self.direction]  # fmt: skip
        return (
            f"{self.what}: {self.show(self.last)}, {word} from {self.show(self.before)} ({change}): {verdict}"
        )


@dataclass(slots=True)
class ServiceRow:
    """A line of the services index: what ranks services against each other."""

    group: Group
    info: dict[str, str]  # team, tier, docs from the service catalog
    by_severity: dict[str, int]
    open_items: int
    overdue_items: int
    trend: list[int]  # incidents in each of the last TREND_QUARTERS quarters of the library


@dataclass(slots=True)
class Health:
    """What needs a lead's attention in the library itself."""

    stale: list[tuple[Postmortem, int]]  # drafts and reviews, with their age in days
    missing_times: list[tuple[Postmortem, list[str]]]  # incidents without detected or mitigated
    unowned: list[tuple[OpenItem, list[str]]]  # open items without an owner or a due date


TREND_QUARTERS = 8


def quarter_key(day: date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _period_keys(first: date, last: date, kind: str) -> list[str]:
    """Every quarter or month from `first` to `last`, empty ones included (a gap is a finding too)."""
    keys: list[str] = []
    step = 3 if kind == "quarter" else 1
    year, month = first.year, first.month - (first.month - 1) % step
    while (year, month) <= (last.year, last.month):
        keys.append(quarter_key(date(year, month, 1)) if kind == "quarter" else f"{year:04d}-{month:02d}")
        month += step
        if month > 12:
            year, month = year + 1, month - 12
    return keys


@dataclass(slots=True)
class Group:
    """Incidents sharing a severity, service, year or tag, with its page's slug."""

    key: str
    slug: str
    incidents: list[Postmortem]
    of_services: bool = False  # a service's group: it lists the services hit alongside
    _stats: Stats | None = field(default=None, repr=False, compare=False)
    _co_services: list[tuple[str, int]] | None = field(default=None, repr=False, compare=False)

    # Figures are computed when a page first shows them: a rebuild that renders no library page
    # (an edit of a timeline's text, under `serve --dirty`) computes none.
    @property
    def stats(self) -> Stats:
        if self._stats is None:
            self._stats = stats(self.incidents)
        return self._stats

    @property
    def co_services(self) -> list[tuple[str, int]]:
        """The services most often hit in the same incidents as this one (service groups only)."""
        if not self.of_services:
            return []
        if self._co_services is None:  # a page asks twice: whether there are any, then for them
            counts = Counter(s for pm in self.incidents for s in dict.fromkeys(pm.services) if s != self.key)
            self._co_services = counts.most_common(5)
        return self._co_services


class Library:
    """Published postmortems, grouped the ways people browse them."""

    def __init__(self, postmortems: Iterable[Postmortem], settings: Settings, now: datetime) -> None:
        self.settings = settings
        self.now = now
        self.incidents = newest_first(pm for pm in postmortems)
        self._stats: Stats | None = None
        self.severities = self._severities()
        self.services = self._groups(lambda pm: pm.services, co_services=True)
        self.tags = self._groups(lambda pm: pm.tags)
        self.years = self._groups(lambda pm: [str(pm.date.year)] if pm.date else [])
        self.teams = self._groups(self.teams_of)
        self._rank = {id(pm): rank for rank, pm in enumerate(self.incidents)}
        self._service_members = {g.key: g.incidents for g in self.services}
        self._tag_members = {g.key: g.incidents for g in self.tags}

    def _severities(self) -> list[Group]:
        groups = []
        for level in sorted(self.settings.severities, key=lambda s: s.order):
            members = [pm for pm in self.incidents if pm.severity == level.id]
            groups.append(Group(level.id, unique_slugs([level.id])[level.id], members))
        return groups

    def _groups(self, keys_of: Callable[[Postmortem], list[str]], co_services: bool = False) -> list[Group]:
        members: dict[str, list[Postmortem]] = {}
        for pm in self.incidents:
            for key in dict.fromkeys(keys_of(pm)):
                members.setdefault(key, []).append(pm)
        slugs = unique_slugs(list(members))
        groups = []
        for name in sorted(members, key=lambda n: (-len(members[n]), n.lower())):
            groups.append(Group(name, slugs[name], members[name], of_services=co_services))
        return groups

    @property
    def stats(self) -> Stats:
        if self._stats is None:
            self._stats = stats(self.incidents)
        return self._stats

    def teams_of(self, pm: Postmortem) -> list[str]:
        """The incident's own `team`, else the owning teams of its services in the catalog."""
        if pm.team:
            return [pm.team]
        info = self.settings.service_info
        return list(dict.fromkeys(t for s in pm.services if (t := info.get(s, {}).get("team"))))

    def group(self, kind: str, key: str) -> Group | None:
        """The group of a library page: kind is severity, service, team, tag or year."""
        groups = {"severity": self.severities, "service": self.services, "tag": self.tags, "year": self.years,
                  "team": self.teams}  # fmt: skip
        return next((g for g in groups[kind] if g.key == key), None)

    # ------------------------------------------------------------ trends

    def periods(self, kind: str = "quarter") -> list[Period]:
        """Incidents, time to resolve and time to detect per quarter (or month), first to last."""
        dated = [pm for pm in self.incidents if pm.date]
        if not dated:
            return []
        key_of = quarter_key if kind == "quarter" else month_key
        keys = _period_keys(min(pm.date for pm in dated), max(pm.date for pm in dated), kind)  # type: ignore[type-var]
        periods = {k: Period(k, 0, {}, [], []) for k in keys}
        for pm in dated:
            period = periods[key_of(pm.date)]  # type: ignore[arg-type]
            period.count += 1
            severity = pm.severity or "?"
            period.by_severity[severity] = period.by_severity.get(severity, 0) + 1
            if pm.duration is not None:
                period.resolve.append(pm.duration.total_seconds() / 60)
            if pm.time_to_detect is not None and pm.time_to_detect >= timedelta(0):
                period.detect.append(pm.time_to_detect.total_seconds() / 60)
        return list(periods.values())

    @staticmethod
    def compare(periods: list[Period]) -> tuple[Period, Period, list[Change]] | None:
        """The last period against the one before it: incidents, median and p90 time to resolve and detect."""
        if len(periods) < 2:
            return None
        last, before = periods[-1], periods[-2]
        changes = [
            Change("Incidents", last.count, before.count, minutes=False),
            Change("Median time to resolve", last.resolve_median, before.resolve_median, minutes=True),
            Change("p90 time to resolve", last.resolve_p90, before.resolve_p90, minutes=True),
            Change("Median time to detect", last.detect_median, before.detect_median, minutes=True),
            Change("p90 time to detect", last.detect_p90, before.detect_p90, minutes=True),
        ]
        return last, before, changes

    # ------------------------------------------------------------ services, action items, health

    def service_rows(self, today: date | None = None, groups: list[Group] | None = None) -> list[ServiceRow]:
        """One row per service (or per group of `groups`, e.g. the teams) for an index page."""
        today = today or self.now.date()
        quarters = [p.key for p in self.periods("quarter")][-TREND_QUARTERS:]
        rows = []
        for group in self.services if groups is None else groups:
            by_severity: dict[str, int] = {}
            per_quarter: dict[str, int] = {}
            open_items = overdue = 0
            for pm in group.incidents:
                by_severity[pm.severity or "?"] = by_severity.get(pm.severity or "?", 0) + 1
                if pm.date:
                    per_quarter[quarter_key(pm.date)] = per_quarter.get(quarter_key(pm.date), 0) + 1
                for item in pm.open_action_items:
                    open_items += 1
                    overdue += bool(item.due and item.due < today)
            info = self.settings.service_info.get(group.key, {}) if groups is None else {}
            trend = [per_quarter.get(q, 0) for q in quarters]
            rows.append(ServiceRow(group, info, by_severity, open_items, overdue, trend))
        return rows

    def trend_quarters(self) -> list[str]:
        return [p.key for p in self.periods("quarter")][-TREND_QUARTERS:]

    def queue(self, today: date | None = None) -> list[OpenItem]:
        """Every open action item with its incident's teams, oldest incident first."""
        items = self.open_items(today)
        for entry in items:
            entry.teams = self.teams_of(entry.incident)
        return items

    def health(self, stale_after_days: int, today: date | None = None) -> Health:
        today = today or self.now.date()
        stale = [
            (pm, (today - pm.date).days)
            for pm in self.incidents
            if pm.status in ("draft", "review") and pm.date and (today - pm.date).days > stale_after_days
        ]
        missing = []
        for pm in self.incidents:
            gaps = [
                name
                for name, at in (("detected", pm.detected_at), ("mitigated", pm.mitigated_at))
                if at is None
            ]
            if gaps:
                missing.append((pm, gaps))
        unowned = []
        for entry in self.queue(today):
            gaps = [
                name
                for name, value in (("owner", entry.item.owner), ("due date", entry.item.due))
                if not value
            ]
            if gaps:
                unowned.append((entry, gaps))
        return Health(stale, missing, unowned)

    def severity_counts(self) -> list[tuple[str, int]]:
        return [(g.key, g.stats.count) for g in self.severities]

    def open_items(self, today: date | None = None) -> list[OpenItem]:
        """Every open action item, oldest incident first."""
        today = today or self.now.date()
        out = []
        for pm in sorted(self.incidents, key=lambda p: (p.started is None, p.started)):
            for item in pm.open_action_items:
                age = (today - pm.date).days if pm.date else None
                out.append(OpenItem(item, pm, age, bool(item.due and item.due < today)))
        return out

    def open_items_by_service(self, today: date | None = None) -> list[tuple[str, list[OpenItem]]]:
        """Open items grouped by the incident's first service (services sorted by name)."""
        groups: dict[str, list[OpenItem]] = {}
        for entry in self.open_items(today):
            service = entry.incident.services[0] if entry.incident.services else "(no service)"
            groups.setdefault(service, []).append(entry)
        return sorted(groups.items(), key=lambda kv: kv[0].lower())

    def done_items(self) -> int:
        return sum(1 for pm in self.incidents for item in pm.action_items if not item.is_open)

    def related(self, pm: Postmortem, limit: int = 5) -> list[Postmortem]:
        """Other incidents sharing a service or tag, newest first.

        Each group is already newest first, so the newest `limit` others of the union are among
        the first `limit + 1` of each group: cost per page stays independent of the library's size.
        """
        candidates: dict[int, Postmortem] = {}
        for groups, keys in ((self._service_members, pm.services), (self._tag_members, pm.tags)):
            for key in keys:
                for other in groups.get(key, [])[: limit + 1]:
                    if other is not pm:
                        candidates[id(other)] = other
        return sorted(candidates.values(), key=lambda other: self._rank[id(other)])[:limit]

    def per_month(self) -> list[tuple[str, dict[str, int]]]:
        """(YYYY-MM, {severity: count}) for every month from the first incident to the last."""
        dated = [pm for pm in self.incidents if pm.date]
        if not dated:
            return []
        first = min(pm.date for pm in dated)
        last = max(pm.date for pm in dated)
        months: dict[str, dict[str, int]] = {}
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            months[f"{year:04d}-{month:02d}"] = {}
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        for pm in dated:
            bucket = months[pm.date.strftime("%Y-%m")]
            key = pm.severity or "?"
            bucket[key] = bucket.get(key, 0) + 1
        return list(months.items())


# ---- action items as the queue shows them: owner and ticket in their own columns


def task_text(item: ActionItem) -> str:
    """The task without the owner and ticket the reader took from it (they have their own columns)."""
    return _task_text(item.task, item.owner, item.ticket, item.due)


@lru_cache(maxsize=8192)  # one item shows on several library pages
def _task_text(task: str, owner: str | None, ticket: str | None, due: date | None) -> str:
    text = task
    # Patterns that would hold an item's own ticket or date are not compiled per item (1,858 distinct
    # items cost ~0.9 s of compiles at 1,000 pages): owners recur, so theirs are compiled once each;
    # a ticket is found with str.find, a date by a shared pattern whose date must equal the item's.
    if owner and owner.lower() in text.lower():
        for pattern in _owner_patterns(owner):
            text = pattern.sub("", text)
    if ticket and ticket in text:
        if "<" in text or "](" in text:  # a link or <ticket>: rare, compiled for the item
            escaped = re.escape(ticket)
            text = re.sub(rf"\[[^\]]*\]\(\s*{escaped}\s*\)|<{escaped}>|\[{escaped}\]\([^)]*\)", "", text)
        text = _drop_bare(text, ticket)
    if due and due.isoformat() in text:  # "…, due 2024-05-14": the due date has its own column too
        day = due.isoformat()
        text = _DUE.sub(lambda m: "" if m.group(1) == day else m.group(0), text)
    text = _EMPTY_BRACKETS.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _TRAILING.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return text or task


_DUE = re.compile(r"[\s,;(]*\bdue\s*(?:by|on)?\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\)?", re.I)
_EMPTY_BRACKETS = re.compile(r"\(\s*[,;]?\s*\)|\[\s*\]")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;.])")
_TRAILING = re.compile(r"[\s,;:\u2013\u2014-]+$")
_SPACES = re.compile(r"\s{2,}")


@lru_cache(maxsize=1024)
def _owner_patterns(owner: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    escaped = re.escape(owner)
    return (
        re.compile(rf"[\s,;]*\b(?:owners?|assignee|assigned to|dri)\s*[:=]?\s*@?{escaped}\b", re.I),
        re.compile(rf"\s*@{escaped}\b"),
    )


def _drop_bare(text: str, ticket: str) -> str:
    """`text` without each `ticket` standing alone: as `(?<![\\w/.-])ticket(?![\\w-])` would match."""
    out, at = [], 0
    found = text.find(ticket)
    while found >= 0:
        end = found + len(ticket)
        before = text[found - 1] if found else ""
        after = text[end] if end < len(text) else ""
        alone_before = not before or not (_word(before) or before in "/.-")
        if alone_before and not (after and (_word(after) or after == "-")):
            out.append(text[at:found])
            at = end
            found = text.find(ticket, end)
        else:
            found = text.find(ticket, found + 1)
    return "".join(out) + text[at:] if out else text


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


_TRACKER_ID = re.compile(r"/(?:browse|issues|pull|tickets?)/([\w.-]+)/?$")


def ticket_link(ticket: str | None, pattern: str = "") -> tuple[str, str | None]:
    """(text, href) of a ticket: a URL is shortened for its column, an id is linked through `pattern`.

    Only http(s) links come out: a `javascript:` ticket stays text.
    """
    if not ticket:
        return "", None
    if re.match(r"https?://", ticket, re.I):
        host, _, path = ticket.split("://", 1)[1].partition("/")
        found = _TRACKER_ID.search("/" + path)
        forge = re.search(r"/([\w.-]+)/(?:-/)?(?:issues|pull|merge_requests)/(\d+)/?$", "/" + path)
        if forge:  # GitHub, GitLab: repo#123
            return f"{forge.group(1)}#{forge.group(2)}", ticket
        last = [part for part in path.split("/") if part]
        short = (
            found.group(1)
            if found
            else f"{host}/\u2026/{last[-1]}"
            if len(last) > 1
            else ticket.split("://")[1]
        )
        return short, ticket
    if pattern and re.match(r"https?://", pattern, re.I) and "{ticket}" in pattern:
        return ticket, pattern.replace("{ticket}", quote(ticket, safe="#-._~"))
    return ticket, None
