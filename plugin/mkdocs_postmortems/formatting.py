"""Small shared formatters for durations and time stamps (no MkDocs, no locale).

Month names and clock formats are fixed rather than taken from the process locale,
so a build gives the same pages on every machine.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@lru_cache(maxsize=256)
def zone(name: str) -> tzinfo | None:
    """The IANA zone `name` (`UTC`, `Z` and `GMT` too), or None when there is no such zone."""
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):  # OSError: "America" is a folder
        return None


def get_zone(tz_name: str) -> tzinfo:
    """The zone `tz_name`, or UTC when the name is unknown (validation reports it elsewhere)."""
    return zone(tz_name) or UTC


def to_local(dt: datetime, tz_name: str) -> datetime:
    """`dt` in the zone `tz_name`; a naive `dt` is taken as UTC."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(get_zone(tz_name))


def format_duration(td: timedelta | None) -> str:
    """Human duration: 40 s, 45 min, 1 h 05 min, 2 d 3 h; an em dash when unknown."""
    if td is None:
        return "—"
    seconds = round(td.total_seconds())
    if seconds < 0:
        return "-" + format_duration(-td)
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    days, hours = divmod(round(seconds / 3600), 24)
    return f"{days} d {hours} h"


def format_stamp(dt: datetime, tz_name: str, with_date: bool) -> str:
    """Wall-clock stamp in `tz_name`: 12:32 or 2024-08-15 12:32; seconds only when not zero."""
    local = to_local(dt, tz_name)
    clock = f"{local:%H:%M:%S}" if local.second else f"{local:%H:%M}"
    return f"{local:%Y-%m-%d} {clock}" if with_date else clock


def format_datetime(dt: datetime, tz_name: str) -> str:
    """Date, time and zone abbreviation: 2024-08-15 12:30 UTC, 2025-03-11 09:14 CET."""
    local = to_local(dt, tz_name)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or 'UTC'}"
