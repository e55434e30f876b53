"""The library: grouping and statistics over many postmortems. Pure functions.

Durations are skewed (most incidents are short, a few are very long), so every
figure comes as count, median and p90 next to the total; a mean alone misleads.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .export import newest_first
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
    age_days: int | None
    overdue: bool


@dataclass(slots=True)
class Group:
    """Incidents sharing a severity, service, year or tag, with its page's slug."""

    key: str
    slug: str
    incidents: list[Postmortem]
    stats: Stats
    co_services: list[tuple[str, int]] = field(default_factory=list)


class Library:
    """Published postmortems, grouped the ways people browse them."""

    def __init__(self, postmortems: Iterable[Postmortem], settings: Settings, now: datetime) -> None:
        self.settings = settings
        self.now = now
        self.incidents = newest_first(pm for pm in postmortems)
        self.stats = stats(self.incidents)
        self.severities = self._severities()
        self.services = self._groups(lambda pm: pm.services, co_services=True)
        self.tags = self._groups(lambda pm: pm.tags)
        self.years = self._groups(lambda pm: [str(pm.date.year)] if pm.date else [])
        self._rank = {id(pm): rank for rank, pm in enumerate(self.incidents)}
        self._service_members = {g.key: g.incidents for g in self.services}
        self._tag_members = {g.key: g.incidents for g in self.tags}

    def _severities(self) -> list[Group]:
        groups = []
        for level in sorted(self.settings.severities, key=lambda s: s.order):
            members = [pm for pm in self.incidents if pm.severity == level.id]
            groups.append(Group(level.id, unique_slugs([level.id])[level.id], members, stats(members)))
        return groups

    def _groups(self, keys_of: Callable[[Postmortem], list[str]], co_services: bool = False) -> list[Group]:
        members: dict[str, list[Postmortem]] = {}
        for pm in self.incidents:
            for key in dict.fromkeys(keys_of(pm)):
                members.setdefault(key, []).append(pm)
        slugs = unique_slugs(list(members))
        groups = []
        for name in sorted(members, key=lambda n: (-len(members[n]), n.lower())):
            group = Group(name, slugs[name], members[name], stats(members[name]))
            if co_services:
                counts = Counter(s for pm in members[name] for s in dict.fromkeys(pm.services) if s != name)
                group.co_services = counts.most_common(5)
            groups.append(group)
        return groups

    def group(self, kind: str, key: str) -> Group | None:
        """The group of a library page: kind is severity, service, tag or year."""
        groups = {"severity": self.severities, "service": self.services, "tag": self.tags, "year": self.years}
        return next((g for g in groups[kind] if g.key == key), None)

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
