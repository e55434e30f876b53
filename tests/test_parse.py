"""The parser: timeline stamps, tables, dates and zones, action items, sections, titles, the seed.

Each test goes through `Checker.check`, the one entry point the plugin and the
CLI use, so what is tested is what users get.
"""

from __future__ import annotations

import hashlib
import pickle
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from helpers import (
    ACTIONS,
    BODY,
    DROP,
    SEED,
    TIMELINE,
    body_with_actions,
    body_with_timeline,
    check,
    line_of,
    page,
)
from mkdocs_postmortems.model import ActionItem, Postmortem, TimelineEntry
from mkdocs_postmortems.reading import sections
from mkdocs_postmortems.settings import SECTION_ALIASES, Settings


def utc(hour: int, minute: int, second: int = 0, day: int = 15) -> datetime:
    return datetime(2024, 8, day, hour, minute, second, tzinfo=UTC)


def parsed(text: str, settings: Settings | None = None) -> Postmortem:
    """The postmortem of a page that must have no problem at all."""
    checked = check(text, settings)
    assert [str(p) for p in checked.problems] == []
    assert checked.postmortem is not None
    return checked.postmortem


def with_timeline(timeline: str, overrides: dict | None = None) -> str:
    return page(overrides, body_with_timeline(timeline))


def with_actions(actions: str, overrides: dict | None = None) -> str:
    return page(overrides, body_with_actions(actions))


def moments(pm: Postmortem) -> list[tuple[datetime, str]]:
    return [(e.at.astimezone(UTC), e.event) for e in pm.timeline]


# ------------------------------------------------------------------ stamps


@pytest.mark.parametrize(
    ("item", "at"),
    [
        # 24 h, with and without seconds
        ("- 12:32 - Alert fires", utc(12, 32)),
        ("- 12:32:45 - Alert fires", utc(12, 32, 45)),
        ("- 13:05 - Alert fires", utc(13, 5)),
        # 12 h clock
        ("- 1:05 PM - Alert fires", utc(13, 5)),
        ("- 12:32 PM - Alert fires", utc(12, 32)),
        ("- 1:05 pm - Alert fires", utc(13, 5)),
        ("- 1:05 p.m. - Alert fires", utc(13, 5)),
        ("- 11:59 PM - Alert fires", utc(23, 59)),
        # zones and offsets
        ("- 12:32 UTC - Alert fires", utc(12, 32)),
        ("- 12:32Z - Alert fires", utc(12, 32)),
        ("- 14:32 +02:00 - Alert fires", utc(12, 32)),
        ("- 14:32+0200 - Alert fires", utc(12, 32)),
        ("- 08:32 -04:00 - Alert fires", utc(12, 32)),
        ("- 2:32 PM +02:00 - Alert fires", utc(12, 32)),
        ("- 1:05 PM UTC - Alert fires", utc(13, 5)),
        # an ISO date before the time
        ("- 2024-08-15 12:32 - Alert fires", utc(12, 32)),
        ("- 2024-08-15T12:32 - Alert fires", utc(12, 32)),
        ("- 2024-08-15 12:32:45 UTC - Alert fires", utc(12, 32, 45)),
        ("- 2024-08-16 09:00 - Alert fires", utc(9, 0, day=16)),
        # each separator
        ("- 12:32: Alert fires", utc(12, 32)),
        ("- 12:32 – Alert fires", utc(12, 32)),
        ("- 12:32 — Alert fires", utc(12, 32)),
        ("- 12:32—Alert fires", utc(12, 32)),
        # bold stamps, the separator outside or inside the bold
        ("- **12:32** - Alert fires", utc(12, 32)),
        ("- **12:32**: Alert fires", utc(12, 32)),
        ("- **12:32** — Alert fires", utc(12, 32)),
        ("- **12:32:** Alert fires", utc(12, 32)),
        ("- **12:32 -** Alert fires", utc(12, 32)),
        ("- **12:32 –** Alert fires", utc(12, 32)),
        ("- **1:05 PM:** Alert fires", utc(13, 5)),
        ("- __12:32__ - Alert fires", utc(12, 32)),
        ("- **2024-08-15 12:32 UTC** — Alert fires", utc(12, 32)),
        # any list marker
        ("* 12:32 - Alert fires", utc(12, 32)),
        ("+ 12:32 - Alert fires", utc(12, 32)),
        ("1. 12:32 - Alert fires", utc(12, 32)),
        ("  - 12:32 - Alert fires", utc(12, 32)),
    ],
)
def test_stamp_forms(item: str, at: datetime) -> None:
    pm = parsed(
        with_timeline(item + "\n", {"started": "2024-08-15T12:00:00Z", "ended": "2024-08-16T12:00:00Z"})
    )
    assert moments(pm) == [(at, "Alert fires")]
    assert pm.timeline[0].line == line_of(with_timeline(item + "\n"), item)


def test_stamp_keeps_what_was_written_and_the_event_markup() -> None:
    pm = parsed(with_timeline("- **1:05 PM:** Alert *fires* on `checkout` - again\n"))
    (entry,) = pm.timeline
    assert entry.stamp == "1:05 PM"
    assert entry.event == "Alert *fires* on `checkout` - again"


def test_12_am_is_midnight() -> None:
    pm = parsed(
        with_timeline(
            "- 12:05 AM - Alert fires\n- 12:40 AM - Fixed\n",
            {"started": "2024-08-15T00:00:00Z", "ended": "2024-08-15T01:00:00Z"},
        )
    )
    assert moments(pm) == [(utc(0, 5), "Alert fires"), (utc(0, 40), "Fixed")]


@pytest.mark.parametrize(
    ("item", "at", "precision", "event"),
    [
        # no separator after the stamp
        ("- 12:32 people joined the bridge", utc(12, 32), "minute", "people joined the bridge"),
        ("- 04:49 PM UTC Deploy starts", utc(16, 49), "minute", "Deploy starts"),
        # approximate
        ("- Around 12:32 - Alert fires", utc(12, 32), "approximate", "Alert fires"),
        ("- ~12:32 - Alert fires", utc(12, 32), "approximate", "Alert fires"),
        ("- ± 12:32 Alert fires", utc(12, 32), "approximate", "Alert fires"),
        ("- approx. 12:32 - Alert fires", utc(12, 32), "approximate", "Alert fires"),
        # bracketed, bold all through, a paragraph
        (
            "* [12:32] On-call reports the queue is stuck",
            utc(12, 32),
            "minute",
            "On-call reports the queue is stuck",
        ),
        (
            "- **12:32 UTC: the fixed build is published**",
            utc(12, 32),
            "minute",
            "the fixed build is published",
        ),
        ("- **12:32 people** joined", utc(12, 32), "minute", "people** joined"),
        ("12:32 - not a list item", utc(12, 32), "minute", "not a list item"),
        # zones by name: the region's clock on the day (EDT in August)
        ("- 8:32 AM EDT - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 14:32 CEST - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 12:32 UTC+0 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 13:32 GMT+1 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        # a two-letter zone right after a clock, with no separator after it
        ("- 8:32am ET a flurry of requests", utc(12, 32), "minute", "a flurry of requests"),
        ("- 5:32 AM PT Engineers paged", utc(12, 32), "minute", "Engineers paged"),
        # dates in other forms
        ("- Aug 15th 12:32 PM: Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- Thursday, 15 August 2024 12:32 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 2024-08-15   12:32 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 2024-08-15: Alert fires", utc(0, 0), "day", "Alert fires"),
        # a part of the day around the date (ESLint, Revel): still the day, and no part of the event
        ("- **Early morning August 15th, 2024**: Token made", utc(0, 0), "day", "Token made"),
        ("- **2024-08-15 evening** — Cause confirmed", utc(0, 0), "day", "Cause confirmed"),
        ("- 08-15 вечер - Диагностика", utc(0, 0), "day", "Диагностика"),  # PerfScale: MM-DD "evening"
        # Chinese, Japanese and Korean dates and clocks; `~` / `〜` between two clocks is a range
        ("- 2024年8月15日（木）12時32分 障害発生", utc(12, 32), "minute", "障害発生"),
        ("- 8月15日 12:32 发现告警", utc(12, 32), "minute", "发现告警"),
        ("- 2024년 8월 15일 12시 32분 장애 발생", utc(12, 32), "minute", "장애 발생"),
        ("- 12:32 ~ 12:40 対応", utc(12, 32), "minute", "対応"),
        ("- 12:32〜12:40 対応", utc(12, 32), "minute", "対応"),
        # the same moment on a second clock, in brackets (PyPI: `1:14 PM EDT (17:14 UTC): A user emails`)
        ("- 8:32 AM EDT (12:32 UTC): A user emails", utc(12, 32), "minute", "A user emails"),
        ("- 12:32-12:40 (UTC) - Alert fires", utc(12, 32), "minute", "Alert fires"),
        # a range of days is its first day; `→` and `;` separate a stamp from its event
        ("- **2024-08-15 → 08-17** — Zero logins", utc(0, 0), "day", "Zero logins"),
        ("- 2024-08-15 to 2024-08-17: Backlog grows", utc(0, 0), "day", "Backlog grows"),
        ("- 12:32 → Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 2024-08-15 12:32 UTC to 2024-08-16 00:05 UTC: backlog", utc(12, 32), "minute", "backlog"),
        # Go's time format
        ("- 2024-08-15 12:32:00 +0000 UTC - Alert fires", utc(12, 32), "second", "Alert fires"),
        # a range's zone after its end is the whole range's; `--` before a clock (Nodejitsu's npm log)
        ("- August 15th -- 12:32 to 13:00 UTC", utc(12, 32), "minute", ""),
        ("- 5:32 AM - 6:00 AM PDT: Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 12:32 UTC - 13:00 UTC: Alert fires", utc(12, 32), "minute", "Alert fires"),  # no UTC-13:00
        ("- August 15th - 12:32: Alert fires", utc(12, 32), "minute", "Alert fires"),  # no day range 15-12
        ("- 2024.08.15 12:32 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- Aug 15, 2024 at 12:32 UTC: Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- At 12:32, alerts fire", utc(12, 32), "minute", "alerts fire"),
        ("- 12.32 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- around noon - Alert fires", utc(12, 0), "approximate", "Alert fires"),
        ("- 08-15-2024 - Alert fires", utc(0, 0), "day", "Alert fires"),
        ("- <li>12:32 - Alert fires</li>", utc(12, 32), "minute", "Alert fires"),
        # month-dash-day-dash-year and day/Mon/year, `+UTC`, a stray digit between two colons
        ("- Aug-15-2024 12:32:10 PM +UTC - Alert fires", utc(12, 32, 10), "second", "Alert fires"),
        ("- August-15-2024 Alert fires", utc(0, 0), "day", "Alert fires"),
        ("- 15/Aug/2024 12:32 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        ("- 15-Aug-2024: Alert fires", utc(0, 0), "day", "Alert fires"),
        ("- 2024-08-15 12:7:32 - Alert fires", utc(12, 32), "minute", "Alert fires"),
        # a month alone is its first day; a span of months is no one date
        ("- 2024-08: Alert fires", utc(0, 0, day=1), "day", "Alert fires"),
        ("- August 2024 - Alert fires", utc(0, 0, day=1), "day", "Alert fires"),
    ],
)
def test_real_world_stamp_forms(item: str, at: datetime, precision: str, event: str) -> None:
    checked = check(
        with_timeline(item + "\n", {"started": "2024-08-15T12:00:00Z", "ended": "2024-08-16T12:00:00Z"})
    )
    assert [p.rule for p in checked.problems] == []
    assert checked.postmortem is not None
    (entry,) = checked.postmortem.timeline
    assert (entry.at.astimezone(UTC), entry.precision, entry.event) == (at, precision, event)


@pytest.mark.parametrize(
    "item",
    [
        "- 1.5 million requests failed",
        "- **Note:** nothing happened",
        "- 3 engineers joined the bridge",
        "- May we never see this again",
        "- Around the same time, support escalated",
    ],
)
def test_not_stamps(item: str) -> None:
    text = with_timeline(item + "\n")
    (problem,) = check(text).problems
    assert problem.rule == "timeline-empty"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("- 24:00 - Alert fires", "'24:00' is not a valid time of day"),
        ("- 12:60 - Alert fires", "'12:60' is not a valid time of day"),
        ("- 12:30:61 - Alert fires", "'12:30:61' is not a valid time of day"),
        ("- 13:00 PM - Alert fires", "'13:00 PM' is not a valid time (12-hour clocks run from 1 to 12)"),
        ("- 0:30 AM - Alert fires", "'0:30 AM' is not a valid time (12-hour clocks run from 1 to 12)"),
        ("- 2024-02-30 12:00 - Alert fires", "'2024-02-30' is not a valid date"),
        ("- **25:00** - Alert fires", "'25:00' is not a valid time of day"),
    ],
)
def test_impossible_stamps(item: str, message: str) -> None:
    text = with_timeline("- 12:31 - Before\n" + item + "\n")
    found = [(p.rule, p.line, p.col, p.message) for p in check(text).problems]
    assert found == [("timeline-stamp", line_of(text, item), 3, message)]


# ------------------------------------------------------------------ tables

TABLE = """\
| Time (UTC) | Event | Graph |
| ---------- | :---- | ----- |
| 12:32 | Alert fires | [latency](https://grafana.example/d/1) |
| **12:45** | Escalated | |
| 1:05 PM | Config fixed | [errors](https://grafana.example/d/2) |
"""


def test_table_timeline_keeps_extra_columns() -> None:
    text = with_timeline(TABLE)
    pm = parsed(text)
    assert moments(pm) == [
        (utc(12, 32), "Alert fires"),
        (utc(12, 45), "Escalated"),
        (utc(13, 5), "Config fixed"),
    ]
    assert [e.extra for e in pm.timeline] == [
        ("[latency](https://grafana.example/d/1)",),
        ("",),
        ("[errors](https://grafana.example/d/2)",),
    ]
    assert [e.line for e in pm.timeline] == [
        line_of(text, "| 12:32"),
        line_of(text, "| **12:45"),
        line_of(text, "| 1:05 PM"),
    ]


def test_table_without_outer_pipes() -> None:
    pm = parsed(with_timeline("Time | Event\n--- | ---\n12:32 | Alert fires\n13:15 | Recovered\n"))
    assert moments(pm) == [(utc(12, 32), "Alert fires"), (utc(13, 15), "Recovered")]


def test_table_row_without_a_readable_time_is_kept_as_unknown() -> None:
    text = with_timeline(
        "| Time | Event |\n| --- | --- |\n| 12:32 | Alert |\n"
        "| soon | Fixed |\n| --:-- | Paged |\n| 12:50 | Done |\n"
    )
    checked = check(text)
    found = [(p.rule, p.level, p.line, p.col, p.message) for p in checked.problems]
    assert found == [
        (
            "timeline-vague",
            "warning",
            line_of(text, "| soon"),
            3,
            "time 'soon' is not read; the entry is kept with an unknown time",
        )
    ]
    assert checked.postmortem is not None
    assert [(e.event, e.as_dict()["at"], e.precision) for e in checked.postmortem.timeline] == [
        ("Alert", "2024-08-15T12:32:00+00:00", "minute"),
        ("Fixed", None, "unknown"),
        ("Paged", None, "unknown"),
        ("Done", "2024-08-15T12:50:00+00:00", "minute"),
    ]


def test_table_and_list_together() -> None:
    pm = parsed(with_timeline("| Time | Event |\n| --- | --- |\n| 12:32 | Alert |\n\n- 12:40 - Paged\n"))
    assert moments(pm) == [(utc(12, 32), "Alert"), (utc(12, 40), "Paged")]


# ------------------------------------------------------------------ dates, midnight, order


def test_midnight_crossing_is_the_next_day() -> None:
    pm = parsed(
        with_timeline(
            "- 23:50 - Deploy\n- 23:58 - Alert fires\n- 00:07 - Rolled back\n- 01:30 - Done\n",
            {"started": "2024-08-15T23:45:00Z", "ended": "2024-08-16T01:30:00Z"},
        )
    )
    assert moments(pm) == [
        (utc(23, 50), "Deploy"),
        (utc(23, 58), "Alert fires"),
        (utc(0, 7, day=16), "Rolled back"),
        (utc(1, 30, day=16), "Done"),
    ]


def test_midnight_crossing_with_12_hour_stamps() -> None:
    pm = parsed(
        with_timeline(
            "- 11:58 PM - Alert fires\n- 12:07 AM - Rolled back\n",
            {"started": "2024-08-15T23:45:00Z", "ended": "2024-08-16T01:30:00Z"},
        )
    )
    assert moments(pm) == [(utc(23, 58), "Alert fires"), (utc(0, 7, day=16), "Rolled back")]


def test_first_entry_after_midnight_is_the_next_morning() -> None:
    pm = parsed(
        with_timeline(
            "- 00:05 - Alert fires\n- 00:30 - Rolled back\n",
            {"started": "2024-08-15T23:50:00Z", "ended": "2024-08-16T01:00:00Z"},
        )
    )
    assert moments(pm) == [(utc(0, 5, day=16), "Alert fires"), (utc(0, 30, day=16), "Rolled back")]


def test_backwards_step_is_a_warning_naming_the_line() -> None:
    text = with_timeline("- 13:40 - Deploy\n- 13:46 - Alert fires\n- 13:30 - Rolled back\n- 13:50 - Done\n")
    checked = check(text)
    first, bad = line_of(text, "13:46"), line_of(text, "13:30")
    assert [(p.rule, p.level, p.line, p.col, p.message) for p in checked.problems] == [
        (
            "timeline-order",
            "warning",
            bad,
            3,
            f"'13:30' is earlier than the entry before it ('13:46', line {first}); "
            "timeline entries are expected in time order (only a step past midnight is read as the next day)",
        )
    ]
    assert checked.postmortem is not None
    # real documents have such steps: the entry is kept as written, and nothing after it moves
    assert moments(checked.postmortem) == [
        (utc(13, 40), "Deploy"),
        (utc(13, 46), "Alert fires"),
        (utc(13, 30), "Rolled back"),
        (utc(13, 50), "Done"),
    ]


def test_twelve_hours_back_is_an_error_not_the_next_day() -> None:
    text = with_timeline(
        "- 20:00 - Alert fires\n- 08:00 - Fixed\n",
        {"started": "2024-08-15T19:00:00Z", "ended": "2024-08-16T09:00:00Z"},
    )
    assert [p.rule for p in check(text).problems] == ["timeline-order"]


def test_dated_stamps_never_roll_over() -> None:
    text = with_timeline(
        "- 2024-08-15 23:58 - Alert fires\n- 2024-08-15 00:07 - Rolled back\n",
        {"started": "2024-08-15T23:45:00Z", "ended": "2024-08-16T01:30:00Z"},
    )
    assert [p.rule for p in check(text).problems] == ["timeline-order"]


def test_dated_stamp_moves_the_day_for_later_stamps() -> None:
    pm = parsed(
        with_timeline(
            "- 12:32 - Alert fires\n- 2024-08-16 09:00 - Root cause found\n- 09:30 - Fixed\n",
            {"ended": "2024-08-16T10:00:00Z"},
        )
    )
    assert moments(pm) == [
        (utc(12, 32), "Alert fires"),
        (utc(9, 0, day=16), "Root cause found"),
        (utc(9, 30, day=16), "Fixed"),
    ]


def test_long_forward_gap_stays_on_the_day() -> None:
    pm = parsed(
        with_timeline(
            "- 00:10 - Alert fires\n- 23:50 - Fixed\n",
            {"started": "2024-08-15T00:00:00Z", "ended": "2024-08-16T00:00:00Z"},
        )
    )
    assert moments(pm) == [(utc(0, 10), "Alert fires"), (utc(23, 50), "Fixed")]


# ------------------------------------------------------------------ time zones


def test_page_timezone_europe_berlin_summer() -> None:
    pm = parsed(
        with_timeline(
            "- 14:32 - Alert fires\n- 15:15 UTC - Recovered in UTC terms\n",
            {"timezone": "Europe/Berlin", "started": "2024-08-15T14:30:00", "ended": "2024-08-15T17:15:00"},
        )
    )
    assert pm.timezone == "Europe/Berlin"
    assert pm.started == utc(12, 30) and pm.ended == utc(15, 15)
    assert moments(pm) == [(utc(12, 32), "Alert fires"), (utc(15, 15), "Recovered in UTC terms")]
    assert pm.timeline[0].at.utcoffset() == timedelta(hours=2)
    assert pm.as_record()["started"] == "2024-08-15T14:30:00+02:00"


def test_page_timezone_europe_berlin_winter() -> None:
    pm = parsed(
        with_timeline(
            "- 14:32 - Alert fires\n",
            {"timezone": "Europe/Berlin", "started": "2024-01-15T14:30:00", "ended": "2024-01-15T15:15:00"},
        )
    )
    assert moments(pm) == [(datetime(2024, 1, 15, 13, 32, tzinfo=UTC), "Alert fires")]


def test_site_timezone_applies_when_the_page_has_none() -> None:
    berlin = Settings(timezone="Europe/Berlin")
    pm = parsed(
        with_timeline(
            "- 14:32 - Alert fires\n", {"started": "2024-08-15T14:30:00", "ended": "2024-08-15T15:15:00"}
        ),
        berlin,
    )
    assert pm.timezone == "Europe/Berlin"
    assert moments(pm) == [(utc(12, 32), "Alert fires")]


def test_stamps_take_the_date_of_started_in_the_page_zone() -> None:
    # 02:00 UTC on the 16th is 22:00 on the 15th in New York: stamps are New York times from the 15th on
    pm = parsed(
        with_timeline(
            "- 22:05 - Alert fires\n- 23:58 - Paged\n- 00:10 - Fixed\n",
            {
                "timezone": "America/New_York",
                "started": "2024-08-16T02:00:00Z",
                "ended": "2024-08-16T05:00:00Z",
            },
        )
    )
    assert moments(pm) == [
        (utc(2, 5, day=16), "Alert fires"),
        (utc(3, 58, day=16), "Paged"),
        (utc(4, 10, day=16), "Fixed"),
    ]


def test_offset_in_started_is_kept() -> None:
    pm = parsed(page({"started": "2024-08-15T14:30:00+02:00", "ended": "2024-08-15T15:15:00+02:00"}))
    assert pm.started == utc(12, 30)
    assert pm.duration == timedelta(minutes=45)


# ------------------------------------------------------------------ front-matter timeline

FM_TIMELINE = """
  - at: 12:40
    event: Alert fires
    kind: detect
  - at: '2024-08-15T13:05:00Z'
    event: Config fixed
    kind: mitigate
  - at: 1:10 PM
    event: Recovered
  - at: 2024-08-15 13:14 UTC
    event: All clear
    kind: resolve"""


def test_front_matter_timeline_with_kinds() -> None:
    text = with_timeline("See the front matter.\n", {"timeline": FM_TIMELINE})
    pm = parsed(text)
    assert [(e.at, e.event, e.kind) for e in pm.timeline] == [
        (utc(12, 40), "Alert fires", "detect"),
        (utc(13, 5), "Config fixed", "mitigate"),
        (utc(13, 10), "Recovered", None),
        (utc(13, 14), "All clear", "resolve"),
    ]
    assert [e.line for e in pm.timeline] == [9, 12, 15, 17]
    assert pm.timeline[0].as_dict() == {
        "at": "2024-08-15T12:40:00+00:00",
        "event": "Alert fires",
        "kind": "detect",
        "precision": "minute",
    }


def test_derived_times_from_kinds() -> None:
    pm = parsed(with_timeline("See the front matter.\n", {"timeline": FM_TIMELINE}))
    assert pm.detected is None and pm.mitigated is None
    assert pm.time_to_detect == timedelta(minutes=10)  # 12:30 -> the detect entry at 12:40
    assert pm.time_to_mitigate == timedelta(minutes=35)  # 12:30 -> the mitigate entry at 13:05
    record = pm.as_record()
    assert (record["time_to_detect_minutes"], record["time_to_mitigate_minutes"]) == (10, 35)
    assert record["duration_minutes"] == 45


def test_detected_field_wins_over_the_detect_entry() -> None:
    pm = parsed(
        with_timeline(
            "See the front matter.\n", {"timeline": FM_TIMELINE, "detected": "2024-08-15T12:35:00Z"}
        )
    )
    assert pm.time_to_detect == timedelta(minutes=5)


def test_front_matter_timeline_wins_over_the_body() -> None:
    pm = parsed(page({"timeline": FM_TIMELINE}))
    assert [e.event for e in pm.timeline] == ["Alert fires", "Config fixed", "Recovered", "All clear"]


def test_front_matter_timeline_midnight_and_order() -> None:
    text = page(
        {
            "started": "2024-08-15T23:50:00Z",
            "ended": "2024-08-16T01:00:00Z",
            "timeline": "\n  - at: '23:58'\n    event: a\n  - at: '00:07'\n    event: b\n"
            "  - at: '00:01'\n    event: c",
        }
    )
    checked = check(text)
    assert [(p.rule, p.line, p.col) for p in checked.problems] == [("timeline", 13, 9)]
    assert checked.postmortem is not None
    # the entry out of order is an error in front matter, and kept as written (no data is dropped)
    assert moments(checked.postmortem) == [
        (utc(23, 58), "a"),
        (utc(0, 7, day=16), "b"),
        (utc(0, 1, day=16), "c"),
    ]


def test_body_timeline_without_detect_kind_gives_no_time_to_detect() -> None:
    pm = parsed(page())
    assert pm.time_to_detect is None and pm.as_record()["time_to_detect_minutes"] is None


# ------------------------------------------------------------------ action items


def test_task_list_items() -> None:
    text = with_actions(
        "- [ ] Add connection pooling @alice OPS-101 due 2024-09-01\n"
        "- [x] Alert on checkout errors @bob.smith [PR 7](https://github.com/acme/shop/pull/7)\n"
        "- [X] Write the runbook, see https://wiki.example/runbook\n"
        "* [ ] Load test checkout, due: 2024-10-01\n"
        "1. [ ] Review capacity @carol\n"
        "- A plain note that is not a task\n"
    )
    pm = parsed(text)
    assert [(a.task, a.status, a.owner, a.ticket, a.due) for a in pm.action_items] == [
        (
            "Add connection pooling @alice OPS-101 due 2024-09-01",
            "open",
            "alice",
            "OPS-101",
            date(2024, 9, 1),
        ),
        (
            "Alert on checkout errors @bob.smith [PR 7](https://github.com/acme/shop/pull/7)",
            "done",
            "bob.smith",
            "https://github.com/acme/shop/pull/7",
            None,
        ),
        (
            "Write the runbook, see https://wiki.example/runbook",
            "done",
            None,
            None,  # a wiki page is not a ticket: only tracker URLs are
            None,
        ),
        ("Load test checkout, due: 2024-10-01", "open", None, None, date(2024, 10, 1)),
        ("Review capacity @carol", "open", "carol", None, None),
    ]
    assert pm.action_items[0].line == line_of(text, "Add connection pooling")
    assert [a.task for a in pm.open_action_items] == [pm.action_items[i].task for i in (0, 3, 4)]
    assert pm.action_items[0].as_dict() == {
        "task": "Add connection pooling @alice OPS-101 due 2024-09-01",
        "owner": "alice",
        "status": "open",
        "ticket": "OPS-101",
        "due": "2024-09-01",
        "priority": None,
    }


def test_email_address_is_not_an_owner() -> None:
    (item,) = parsed(with_actions("- [ ] Mail ops@example.com about it\n")).action_items
    assert item.owner is None


@pytest.mark.parametrize(
    ("item", "status", "owner"),
    [
        ("- Tune GC; assigned to Dave; see the dashboard", "open", "Dave"),
        ("- Tune GC, assigned to the platform team", "open", None),  # no name
        ("- ~~Add a cache~~ (won't do)", "done", None),
        ("- ~~Investigate DNS~~ not needed", "done", None),
        ("- ~~Add a cache~~ Add a CDN instead", "open", None),  # struck, then its replacement
        ("- Review IAM — **Status:** Done", "done", None),
        ("- Review IAM — **Status:** In progress", "open", None),
        ("- Add tests. Done.", "done", None),
        ("- Make sure the backfill is done.", "open", None),
    ],
)
def test_item_status_and_owner_in_its_words(item: str, status: str, owner: str | None) -> None:
    (found,) = parsed(with_actions(item + "\n")).action_items
    assert (found.status, found.owner) == (status, owner)


def test_fields_in_an_items_brackets() -> None:
    """HealthArchive: `(owner=eng, priority=high, due=2026-01-16)` gives owner, priority and due date."""
    text = with_actions("- Add a smoke test (owner=eng, priority=high, due=2026-01-16)\n")
    (item,) = parsed(text).action_items
    assert (item.owner, item.priority, item.due) == ("eng", "high", date(2026, 1, 16))


def test_plain_list_items_when_there_is_no_task_list() -> None:
    pm = parsed(
        with_actions(
            "- **Improvements:**\n  - Add pooling @alice INC-9\n  - Upgrade monitoring\n1. Review capacity\n"
        )
    )
    assert [(a.task, a.status, a.owner, a.ticket) for a in pm.action_items] == [
        ("Add pooling @alice INC-9", "open", "alice", "INC-9"),
        ("Upgrade monitoring", "open", None, None),
        ("Review capacity", "open", None, None),
    ]


def test_front_matter_action_items() -> None:
    pm = parsed(
        page(
            {
                "action_items": "\n  - task: Add pooling\n    owner: alice\n    status: done\n"
                "    due: 2024-09-01\n    ticket: OPS-101\n  - task: Load test"
            }
        )
    )
    assert pm.action_items == [
        ActionItem("Add pooling", "done", "alice", "OPS-101", date(2024, 9, 1)),
        ActionItem("Load test", "open", None, None, None),
    ]


def test_action_items_in_every_action_section() -> None:
    body = BODY + "\n## Follow-ups\n\n- [ ] Share the learnings @dana\n"
    pm = parsed(page({}, body))
    assert [a.owner for a in pm.action_items] == ["alice", "bob", "dana"]


# ------------------------------------------------------------------ sections


def names(pm: Postmortem) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.heading, s.names) for s in pm.sections]


def test_sections_by_heading() -> None:
    pm = parsed(page())
    assert names(pm) == [
        ("Summary", ("Summary",)),
        ("Timeline", ("Timeline",)),
        ("Root Cause", ("Root Cause",)),
        ("Resolution", ("Resolution",)),
        ("Action Items", ("Action Items",)),
    ]
    summary = pm.section("Summary")
    assert summary is not None and (summary.line, summary.level) == (9, 2)
    assert summary.text.strip() == "A database misconfiguration took checkout down under peak traffic."


@pytest.mark.parametrize(
    "heading",
    [
        "## Summary",
        "# Summary",
        "### summary",
        "## SUMMARY:",
        "## 1. Summary",
        "## Issue Summary",
        "## Overview",
        "## Executive Summary",
        "## *Summary*",
        "## Summary ##",
        "**Summary:**",
        "**Summary**:",
        "__Issue Summary:__",
        "**Overview:**",
    ],
)
def test_summary_heading_forms(heading: str) -> None:
    pm = parsed(page({}, BODY.replace("## Summary", heading)))
    assert pm.section("Summary") is not None


def test_bold_markers_with_aliases_as_in_the_seed() -> None:
    body = (
        "**Issue Summary:**\n- Duration: 45 minutes\n\n**Timeline:**  \n- **12:32 PM:** Alert fires\n\n"
        "**Root Cause and Resolution:**  \n- **Root Cause:** pooling\n- **Resolution:** restart\n\n"
        "**Corrective and Preventative Measures:**  \n- [ ] Add pooling\n"
    )
    pm = parsed(page({}, body))
    assert names(pm) == [
        ("Issue Summary", ("Summary",)),
        ("Timeline", ("Timeline",)),
        ("Root Cause and Resolution", ("Root Cause", "Resolution")),
        ("Corrective and Preventative Measures", ("Action Items",)),
    ]
    assert all(s.level == 0 for s in pm.sections)
    assert pm.section("Root Cause") is pm.section("Resolution")
    assert moments(pm) == [(utc(12, 32), "Alert fires")]


def test_root_cause_and_resolution_heading_counts_as_both() -> None:
    body = BODY.replace(
        "## Root Cause\n\nThe primary database had no connection pooling.\n\n## Resolution\n",
        "## Root Cause and Resolution\n\nNo pooling; we added it.\n",
    )
    assert "## Resolution" not in body
    pm = parsed(page({}, body))
    section = pm.section("Resolution")
    assert section is not None and section.names == ("Root Cause", "Resolution")


@pytest.mark.parametrize(
    "not_a_marker",
    [
        "Some text\n**Root Cause:**",  # not a paragraph of its own
        "Some text **Root Cause:** here",  # not at the start of a paragraph
        "- Note: the root cause was the pool",  # a plain label counts only when it is the name whole
        "Root causes of the outage: the pool",
    ],
)
def test_bold_that_is_not_a_section(not_a_marker: str) -> None:
    checked = check(page({}, BODY.replace("## Root Cause", not_a_marker)))
    assert [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"] == [
        "Root Cause"
    ]


@pytest.mark.parametrize(
    "marker",
    [
        "**Root Cause**",
        "**Root cause:** the primary had no pooling",
        "- **What caused it?**",  # an issue template's question, the answer in the paragraph under it
        "- Root Causes: Haste, poor communication",  # the SRE book's template, without its bold
        "Root cause: the primary had no pooling",
    ],
)
def test_bold_paragraphs_and_labels_name_sections(marker: str) -> None:
    checked = check(page({}, BODY.replace("## Root Cause", marker)))
    assert [p.rule for p in checked.problems if p.rule == "section-missing"] == []


@pytest.mark.parametrize("fence", ["```", "~~~", "````"])
def test_headings_in_code_fences_are_ignored(fence: str) -> None:
    body = BODY.replace("## Root Cause\n", f"{fence}markdown\n## Root Cause\n{fence}\n")
    checked = check(page({}, body))
    assert [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"] == [
        "Root Cause"
    ]


def test_nested_fences() -> None:
    body = BODY.replace("## Root Cause\n", "````markdown\n```text\n```\n## Root Cause\n````\n")
    checked = check(page({}, body))
    assert [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"] == [
        "Root Cause"
    ]


def test_timeline_items_in_code_are_not_entries() -> None:
    pm = parsed(with_timeline("- 12:32 - Alert fires\n\n```\n- 12:00 - an example, not an entry\n```\n"))
    assert moments(pm) == [(utc(12, 32), "Alert fires")]


def test_section_runs_to_the_next_known_section_and_keeps_subsections() -> None:
    body = BODY.replace(
        "## Root Cause\n\nThe primary database had no connection pooling.\n",
        "## Root Cause\n\nNo pooling.\n\n### Why it mattered\n\nPeak traffic.\n\n## Appendix\n\nx\n",
    )
    text = page({}, body)
    pm = parsed(text)
    section = pm.section("Root Cause")
    assert section is not None
    assert "### Why it mattered" in section.text and "Peak traffic." in section.text
    assert "Appendix" not in section.text  # a heading of the same level ends it
    assert section.end_line == line_of(text, "## Appendix") - 1


def test_custom_section_aliases() -> None:
    settings = Settings(section_aliases={**Settings().section_aliases, "Timeline": ("Chronology",)})
    pm = parsed(page({}, BODY.replace("## Timeline", "## Chronology")), settings)
    assert len(pm.timeline) == 4


# ------------------------------------------------------------------ title


def test_title_from_the_first_h1() -> None:
    pm = parsed(
        page({"title": DROP}, "```\n# Not this one\n```\n\n# Checkout *outage*\n\n# Later H1\n" + BODY)
    )
    assert pm.title == "Checkout *outage*"


def test_front_matter_title_wins() -> None:
    pm = parsed(page({}, "# Something else\n\n" + BODY))
    assert pm.title == "Checkout outage"


def test_h2_is_not_a_title() -> None:
    checked = check(page({"title": DROP}, "## Checkout outage\n\n" + BODY))
    assert [p.rule for p in checked.problems] == ["title"]


# ------------------------------------------------------------------ the rest of the model


def test_front_matter_fields_in_the_model() -> None:
    pm = parsed(
        page(
            {
                "status": "review",
                "affected_users": '"35%"',
                "authors": "alice",
                "tags": "[db, capacity]",
                "services": "checkout",
                "jira_epic": "OPS-1",
            }
        )
    )
    assert (pm.title, pm.severity, pm.services, pm.status) == (
        "Checkout outage",
        "SEV2",
        ["checkout"],
        "review",
    )
    assert (pm.affected_users, pm.authors, pm.tags) == ("35%", ["alice"], ["db", "capacity"])
    assert pm.impact == "35% of checkouts failed for 45 minutes"
    assert pm.date == date(2024, 8, 15)
    assert pm.duration == pm.time_to_resolve == timedelta(minutes=45)
    assert pm.meta["jira_epic"] == "OPS-1"
    assert not pm.is_draft


def test_ongoing_incident_has_no_duration() -> None:
    pm = parsed(page({"ended": DROP, "status": "ongoing"}))
    assert pm.ended is None and pm.duration is None
    assert pm.as_record()["duration_minutes"] is None


def test_unquoted_times_are_not_sexagesimal() -> None:
    pm = parsed(page({"extra_time": "12:30", "ratio": "1:2:3"}))
    assert pm.meta["extra_time"] == "12:30" and pm.meta["ratio"] == "1:2:3"


def test_yaml_dates_stay_text() -> None:
    pm = parsed(page({"date": "2024-08-15", "started": "2024-08-15 12:30:00"}))
    assert pm.meta["date"] == "2024-08-15" and pm.meta["started"] == "2024-08-15 12:30:00"
    assert pm.started == utc(12, 30)


# ------------------------------------------------------------------ the seed

SEED_FRONT_MATTER = """\
---
title: The Checkout Showdown
started: 2024-08-15T12:30:00Z
ended: 2024-08-15T13:15:00Z
severity: SEV2
services: [checkout]
impact: Checkout failed for 35% of users for 45 minutes
---
"""


def test_seed_copy_is_verbatim() -> None:
    """tests/data/seed.md is the seed postmortem byte for byte (trailing spaces and curly quotes included)."""
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "465f7d47694997af7a3a5f55fa8b3a79d0c6af80a57c2c1b60241a3dc139d0cf"


def test_seed_with_front_matter() -> None:
    seed = SEED.read_text("utf-8")
    text = SEED_FRONT_MATTER + seed
    pm = parsed(text)
    assert moments(pm) == [
        (utc(12, 32), "Monitoring alert - “Hey, checkout’s down… maybe?”"),
        (
            utc(12, 35),
            "On-call engineer starts panicking and investigates payment gateways first "
            "(classic misdirection).",
        ),
        (utc(12, 40), "Customer support phones ring off the hook: “Where’s my order?”"),
        (utc(12, 45), "Engineers think, “Maybe it’s the database…” They were right. Escalate!"),
        (utc(12, 55), "Database team finds a misconfiguration. Ah-ha!"),
        (utc(13, 5), "Misconfiguration fixed. Calm returns to the land."),
        (utc(13, 15), "Checkout lives again! The internet rejoices."),
    ]
    assert [e.stamp for e in pm.timeline][::6] == ["12:32 PM", "1:15 PM"]
    assert pm.timeline[0].line == line_of(text, "**12:32 PM:**")
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Adjust database settings to allow load sharing.", "open"),
        ("Install new monitoring alerts that will catch future issues quicker.", "open"),
    ]
    assert [s.names for s in pm.sections] == [
        ("Summary",),
        ("Timeline",),
        ("Root Cause", "Resolution"),
        ("Action Items",),
    ]
    assert pm.duration == timedelta(minutes=45)


def test_seed_without_front_matter_says_so() -> None:
    checked = check(SEED.read_bytes())
    assert [(p.rule, p.line) for p in checked.problems] == [("front-matter", 1)]


def test_timeline_entry_model() -> None:
    entry = TimelineEntry(utc(12, 32), "Alert", "detect", 3, "12:32")
    assert entry.as_dict() == {
        "at": "2024-08-15T12:32:00+00:00",
        "event": "Alert",
        "kind": "detect",
        "precision": "minute",
    }


# ------------------------------------------------------------------ real documents, read whole


def test_date_labels_breaks_and_fillers_place_entries() -> None:
    timeline = (
        "**Day 1 — Thursday, August 15**\n\n"
        "- 23:50 - Deploy\n- 23:58 - Alert fires\n\n"
        "**Friday, August 16:**\n\n"
        "- 01:00 - Fixed<br>01:30 - Verified\n"
        "- By 02:00, all clear\n"
    )
    pm = parsed(with_timeline(timeline, {"started": "2024-08-15T23:50:00Z", "ended": "2024-08-16T02:00:00Z"}))
    assert moments(pm) == [
        (utc(23, 50), "Deploy"),
        (utc(23, 58), "Alert fires"),
        (utc(1, 0, day=16), "Fixed"),
        (utc(1, 30, day=16), "Verified"),
        (utc(2, 0, day=16), "all clear"),
    ]


def test_stamp_headings_take_the_paragraph_under_them() -> None:
    timeline = "### Aug 15 2024 12:32\n\nThe alert fires.\n\n### 13:05\n\nConfig fixed.\n"
    pm = parsed(with_timeline(timeline))
    assert moments(pm) == [(utc(12, 32), "The alert fires."), (utc(13, 5), "Config fixed.")]


def test_zone_named_in_the_heading_or_a_note() -> None:
    body = BODY.replace("## Timeline", "## Timeline (all times PDT)").replace(
        "- 12:32 - Monitoring alert fires", "- 5:32 AM - Monitoring alert fires"
    )
    pm = parsed(
        page(
            {},
            body.replace("- 12:45 -", "- 5:45 AM -")
            .replace("- 13:05 -", "- 6:05 AM -")
            .replace("- 13:15 -", "- 6:15 AM -"),
        )
    )
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [utc(12, 32), utc(12, 45), utc(13, 5), utc(13, 15)]


def test_field_lines_under_an_item_are_its_fields() -> None:
    pm = parsed(
        with_actions(
            "- [ ] Add pooling\n  - Owner: @maria\n  - Ticket: OPS-9\n  - Due: 2024-09-01\n"
            "- [ ] Page on pool waits\n  - **Status:** done\n"
        )
    )
    assert [(a.task, a.owner, a.ticket, a.due, a.status) for a in pm.action_items] == [
        ("Add pooling", "maria", "OPS-9", date(2024, 9, 1), "open"),
        ("Page on pool waits", None, None, None, "done"),
    ]


def test_action_items_table_with_status_column() -> None:
    pm = parsed(
        with_actions(
            "| Action | Owner | Ticket | Status |\n| --- | --- | --- | --- |\n"
            "| Add pooling | @maria | [OPS-9](https://jira.example/browse/OPS-9) | Done |\n"
            "| Page on waits | dev-team | #2226 | In progress |\n"
        )
    )
    assert [(a.task, a.owner, a.ticket, a.status) for a in pm.action_items] == [
        ("Add pooling", "maria", "https://jira.example/browse/OPS-9", "done"),
        ("Page on waits", "dev-team", "#2226", "open"),
    ]


def test_toml_front_matter_and_author() -> None:
    text = (
        '+++\ntitle = "Checkout outage"\nstarted = 2024-08-15T12:30:00Z\nended = 2024-08-15T13:15:00Z\n'
        'severity = "SEV2"\nservices = ["checkout"]\nimpact = "Checkouts failed"\nauthor = "Ana"\n+++\n'
        + BODY
    )
    pm = parsed(text)
    assert (pm.title, pm.started, pm.authors) == ("Checkout outage", utc(12, 30), ["Ana"])


def test_blog_author_mappings_are_read_by_name() -> None:
    """AsyncAPI's blog: `authors:` as mappings with `name`, `photo`, `link`, `byline`."""
    authors = "\n  - name: Jane Doe\n    photo: /img/jane.webp\n    byline: Maintainer\n  - Bob"
    assert parsed(page({"authors": authors})).authors == ["Jane Doe", "Bob"]


@pytest.mark.parametrize(
    ("written", "count"),
    [
        ("1200", 1200),
        ('"312 accounts"', 312),
        ('"about 2,000 customers"', 2000),
        ('"1.2B queries"', 1.2e9),
        ('"35%"', None),
    ],
)
def test_affected_users_text_keeps_the_text_and_gives_the_number(written: str, count: float | None) -> None:
    pm = parsed(page({"affected_users": written}))
    assert pm.affected_count == count
    assert pm.as_record()["affected_users_count"] == count


def test_pages_written_in_html() -> None:
    body = (
        "<p>We broke the feed for two days.</p>\n\n<h2>Timeline</h2>\n<h3>Wednesday 14-08-2024</h3>\n"
        "<p>The migration shipped.</p>\n<ul>\n<li>12:32 - Alert fires</li>\n</ul>\n\n"
        "<h2>Root cause</h2>\n<p>A broken migration.</p>\n<h2>Resolution</h2>\n<p>Rolled back.</p>\n"
        "<h2>Improvements</h2>\n<ul>\n  <li>\n    test migrations on a copy\n  </li>\n"
        "  <li>label migration pull requests</li>\n</ul>\n"
    )
    pm = parsed(page({"started": "2024-08-14T10:00:00Z", "ended": "2024-08-15T13:15:00Z"}, body))
    assert [(e.at.isoformat(), e.precision, e.event) for e in pm.timeline] == [
        ("2024-08-14T00:00:00+00:00", "day", "The migration shipped."),
        ("2024-08-14T12:32:00+00:00", "minute", "Alert fires"),
    ]
    assert [a.task for a in pm.action_items] == ["test migrations on a copy", "label migration pull requests"]


def test_nested_bold_labels_are_sections() -> None:
    body = (
        "- **Summary**: the disk filled up.\n- **Timeline**:\n  - 2024-08-15 12.32 Alert fires\n"
        "  – 2024-08-15 13:05 Fixed\n- **Root cause**:\n  - a full disk\n- **Resolution**:\n  - cleaned up\n"
        "- **Review actions**:\n  - Alert on disk space\n  - Rotate logs\n"
    )
    pm = parsed(page({}, body))
    assert moments(pm) == [(utc(12, 32), "Alert fires"), (utc(13, 5), "Fixed")]
    assert [a.task for a in pm.action_items] == ["Alert on disk space", "Rotate logs"]


@pytest.mark.parametrize(
    ("actions", "tasks"),
    [
        # headings as items, when the section has no list
        (
            "#### @maria Cron cleanup scheduled\n\nDetails.\n\n#### @dma Alerts configured\n",
            ["@maria Cron cleanup scheduled", "@dma Alerts configured"],
        ),
        # paragraphs as items, when it has neither list nor headings; a label is not one
        (
            "We will try:\n\nTest migrations on a copy.\n\nLabel migration pull requests.\n",
            ["Test migrations on a copy.", "Label migration pull requests."],
        ),
    ],
)
def test_action_items_without_lists(actions: str, tasks: list[str]) -> None:
    assert [a.task for a in parsed(with_actions(actions)).action_items] == tasks


def test_follow_ups_without_a_follow_up_heading() -> None:
    body = BODY.split("## Action Items")[0]
    table = (
        "| Action Item | Owner | Bug |\n| --- | --- | --- |\n"
        "| Sync Go versions | core | DONE |\n| Monitor versions | core | TODO |\n"
    )
    pm = parsed(page({}, body.replace("## Resolution", table + "\n## Resolution")))
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Sync Go versions", "done"),
        ("Monitor versions", "open"),
    ]
    prevent = (
        body + "# Preventing this from happening again\n\n1. Alert on PSU state\n2. Replace the switches\n"
    )
    pm = parsed(page({}, prevent))
    assert [a.task for a in pm.action_items] == ["Alert on PSU state", "Replace the switches"]


def test_the_common_stamp_shortcut_reads_as_the_grammar_does() -> None:
    """`read_stamp` takes a shortcut for `12:32 - ...`; on every line of the real-world corpus and
    on the near misses below it must give what the full grammar gives."""
    from mkdocs_postmortems.reading import stamps

    root = Path(__file__).resolve().parent
    lines = {
        "12:32 PM - x",
        "12:32 - 14:30 deploy",
        "12:32: PST x",
        "**12:32** — Alert",
        "12:32Z — x",
        "12:32 UTC - x",
        "12:32:45 - x",
        "25:00 - x",
        "12:32 - PDT clock",
        "12:32 -- x",
        "**12:32**: x",
        "12:32 – `code`",
        "12:32: [link](x)",
        "12:32 - am I right",
        "13:00 PM - x",
        "0:30 AM - x",
        "**12:41 PM UTC** — Traces",
        "**07:32:59:** Engineers",
        "**04:19:48 UTC —** Recent",
        "**10:43 PM -08:00** - Engineer",
        "15:01 +05:30 - Dashboards",
        "12:32 +0200 - x",
        "**12:32 PM:** x",
        "12:32 AM - Sat down",
        "12:60 - x",
        "24:00 - x",
        "12:32 UTC+2 - x",
    }
    for doc in (root / "realworld" / "docs").glob("*.md"):
        for line in doc.read_text("utf-8").split("\n"):
            lines.add(line.strip().lstrip("-*+ ").strip())
    shortcut = 0
    for line in lines:
        fast, full = stamps.read_stamp(line), stamps._read_stamp(line)
        assert (fast.stamp, fast.end, fast.error) == (full.stamp, full.end, full.error), line
        shortcut += stamps._COMMON.match(line) is not None
    assert shortcut > 30  # the shortcut is taken, so the comparison means something


def test_relative_days_ish_placeholders_and_a_timeline_in_a_code_block() -> None:
    timeline = (
        "- Day 1, 23:50 - Deploy\n- Day 2 00:10 - Alert\n- 14:00-ish - Fixed\n- hh:mm - Someone noticed\n"
    )
    pm = parsed(with_timeline(timeline, {"started": "2024-08-15T23:50:00Z", "ended": "2024-08-16T15:00:00Z"}))
    assert [(e.as_dict()["at"], e.precision) for e in pm.timeline] == [
        ("2024-08-15T23:50:00+00:00", "minute"),
        ("2024-08-16T00:10:00+00:00", "minute"),
        ("2024-08-16T14:00:00+00:00", "approximate"),
        (None, "unknown"),
    ]
    fenced = parsed(with_timeline("```\n12:32 alert fires\n13:05 config fixed\n```\n"))
    assert moments(fenced) == [(utc(12, 32), "alert fires"), (utc(13, 5), "config fixed")]


def test_a_twelve_hour_writer_goes_on_into_the_afternoon() -> None:
    timeline = (
        "- 12:23 - Build fails\n- 12:39 - Workspaces wiped\n"
        "- 1:50 - Node rebuilt\n- 4:50 - Asked for a statement\n"
    )
    pm = parsed(with_timeline(timeline, {"started": "2024-08-15T12:20:00Z", "ended": "2024-08-15T17:00:00Z"}))
    assert [e.at.astimezone(UTC).strftime("%H:%M") for e in pm.timeline] == [
        "12:23",
        "12:39",
        "13:50",
        "16:50",
    ]
    # the first entry: the reading nearest started (16:16, not 04:16)
    first = parsed(
        with_timeline(
            "- 4:16 - Deploy shows 404s\n",
            {"started": "2024-08-15T16:10:00Z", "ended": "2024-08-15T18:00:00Z"},
        )
    )
    assert moments(first) == [(utc(16, 16), "Deploy shows 404s")]
    # a leading zero is a 24-hour clock: a step back stays one (a warning), never the afternoon
    checked = check(with_timeline("- 12:39 - Wiped\n- 01:50 - Rebuilt\n"))
    assert [p.rule for p in checked.problems] == ["timeline-order"]


def test_an_impossible_stamp_is_an_error_and_its_entry_stays() -> None:
    checked = check(with_timeline("- 12:32 - Alert\n- 2024-02-30 - Released\n"))
    assert [p.rule for p in checked.problems] == ["timeline-stamp"]
    assert checked.postmortem is not None
    assert [(e.event, e.precision) for e in checked.postmortem.timeline] == [
        ("Alert", "minute"),
        ("Released", "unknown"),
    ]


def test_todo_and_done_paragraphs_and_colon_labels_are_follow_ups() -> None:
    body = BODY.split("## Action Items")[0] + (
        "## Lessons learned\n\n**DONE**: Alex added the blog to monitoring.\n\n"
        "**TODO** a ZFS exporter should alert on disk space.\n\nTODO: the template's prompt is not an item\n"
    )
    pm = check(page({}, body)).postmortem  # the template prompt is a warning, so not `parsed`
    assert pm is not None
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Alex added the blog to monitoring.", "done"),
        ("a ZFS exporter should alert on disk space.", "open"),
    ]
    labelled = (
        BODY.split("## Action Items")[0]
        + "## Conclusion\n\nSome possible actions in the future:\n\n* Use IPv6\n* Add a failover\n"
    )
    assert [a.task for a in parsed(page({}, labelled)).action_items] == ["Use IPv6", "Add a failover"]


def test_four_digit_clocks_and_linked_stamps() -> None:
    timeline = (
        "2016: the year we moved to the cloud\n\n1232 : Alert fires\n\n"
        "[1245](https://status.example/1): Paged\n\n2005: Fixed\n"
    )
    pm = parsed(with_timeline(timeline, {"ended": "2024-08-15T21:00:00Z"}))
    # `2016:` before any four-digit clock is a year, not 20:16; after `1232 :` a `2005:` is a clock
    assert moments(pm) == [(utc(12, 32), "Alert fires"), (utc(12, 45), "Paged"), (utc(20, 5), "Fixed")]


def test_a_titled_day_heading_without_times_under_it_is_a_days_entry() -> None:
    timeline = (
        "### 14 August: the warning signs\n\nLatency crept up all day.\n\n"
        "### 15–16 August: the outage\n\n- 12:32 - Alert fires\n- 13:05 - Fixed\n"
    )
    pm = parsed(with_timeline(timeline, {"started": "2024-08-14T09:00:00Z", "ended": "2024-08-16T12:00:00Z"}))
    assert [(e.as_dict()["at"], e.precision, e.event) for e in pm.timeline] == [
        ("2024-08-14T00:00:00+00:00", "day", "the warning signs"),
        ("2024-08-15T12:32:00+00:00", "minute", "Alert fires"),
        ("2024-08-15T13:05:00+00:00", "minute", "Fixed"),
    ]


def test_what_is_being_done_is_not_done() -> None:
    body = BODY.split("## Action Items")[0] + "## What is being done about this?\n\n- Add rate limits\n"
    assert [(a.task, a.status) for a in parsed(page({}, body)).action_items] == [("Add rate limits", "open")]
    done = BODY.split("## Action Items")[0] + "## Action items (done)\n\n- Add rate limits\n"
    assert [(a.task, a.status) for a in parsed(page({}, done)).action_items] == [("Add rate limits", "done")]


def test_gmt_ranges_and_a_dash_between_date_and_time() -> None:
    # British writers' GMT is the UK clock on the day: BST in August, with a warning
    checked = check(with_timeline("- 13:32 GMT - Alert fires\n"))
    assert [p.rule for p in checked.problems] == ["timeline-zone"]
    assert checked.postmortem is not None and moments(checked.postmortem) == [(utc(12, 32), "Alert fires")]
    # a later `-HH:MM` right after a clock ends a range; with a space it is an offset
    assert moments(parsed(with_timeline("- 12:32-13:05 - Config fixed\n"))) == [(utc(12, 32), "Config fixed")]
    assert moments(parsed(with_timeline("- 2024-08-15 - 12:32 - Alert fires\n"))) == [
        (utc(12, 32), "Alert fires")
    ]


def test_follow_ups_named_by_a_bare_line_or_recommendations() -> None:
    body = (
        BODY.split("## Action Items")[0]
        + "## Detection\n\nAn alert fired.\n\nAction Items\n\n- Renew certs\n"
    )
    assert [a.task for a in parsed(page({}, body)).action_items] == ["Renew certs"]
    body = BODY.split("## Action Items")[0] + "## Recommendations:\n\nThe team will add a fee check.\n"
    assert [a.task for a in parsed(page({}, body)).action_items] == ["The team will add a fee check."]


def test_a_zone_word_against_daylight_saving_is_said_once_a_page() -> None:
    checked = check(
        with_timeline(
            "- 5:32 AM PST - Alert fires\n- 5:45 AM PST - Paged\n- 6:05 AM PST - Fixed\n",
            {"started": "2024-08-15T12:30:00Z", "ended": "2024-08-15T13:15:00Z"},
        )
    )
    text = with_timeline("- 5:32 AM PST - Alert fires\n")
    assert [(p.rule, p.line) for p in checked.problems] == [("timeline-zone", line_of(text, "5:32 AM PST"))]
    assert checked.postmortem is not None
    assert [e.at.astimezone(UTC) for e in checked.postmortem.timeline] == [
        utc(12, 32),
        utc(12, 45),
        utc(13, 5),
    ]


def test_a_span_of_months_is_an_entry_of_unknown_time() -> None:
    for written in ("- 2024-07 - 2024-09: Audit went on\n", "- July 2024 to September 2024: Audit went on\n"):
        (entry,) = parsed(with_timeline("- 12:32 - Alert fires\n" + written)).timeline[1:]
        assert (entry.precision, entry.event) == ("unknown", "Audit went on")


def test_a_month_alone_is_no_day_heading_for_the_clocks_under_it() -> None:
    pm = parsed(with_timeline("### Timeline of August 2024\n\n- 12:32 - Alert fires\n"))
    assert moments(pm) == [(utc(12, 32), "Alert fires")]  # on started's day, not 1 August


def test_a_list_item_whose_full_stamp_comes_last_is_an_entry() -> None:
    timeline = (
        "- Attacker funded the wallet at 2024-08-15 8:55 AM +UTC\n"
        "- Attack started at Aug-15-2024 12:32:19 PM +UTC\n"
        "- Attack ended on Aug-15-2024 01:05 PM +UTC with\n"
        "- Someone noticed at 13:10 and said so\n"  # a clock alone after `at` is prose
    )
    text = with_timeline(timeline, {"started": "2024-08-15T08:55:00Z"})
    pm = parsed(text)
    assert [(e.line, e.at.astimezone(UTC), e.precision, e.event) for e in pm.timeline] == [
        (line_of(text, "funded"), utc(8, 55), "minute", "Attacker funded the wallet"),
        (line_of(text, "Attack started"), utc(12, 32, 19), "second", "Attack started"),
        # words after the stamp: the item is the event as written
        (
            line_of(text, "Attack ended"),
            utc(13, 5),
            "minute",
            "Attack ended on Aug-15-2024 01:05 PM +UTC with",
        ),
    ]


def test_each_line_of_a_paragraph_that_starts_with_a_date_is_an_entry() -> None:
    timeline = (
        "Aug-15-2024 - Version 4.8.4 created\nAug-15-2024 - Nodes upgraded\n*Load balancer*:\n"
        "Aug-16-2024 A fix was tested\n"
    )
    text = with_timeline(timeline, {"ended": "2024-08-17T00:00:00Z"})
    pm = parsed(text)
    assert [(e.line, e.at.astimezone(UTC), e.precision, e.event) for e in pm.timeline] == [
        (line_of(text, "created"), utc(0, 0), "day", "Version 4.8.4 created"),
        (line_of(text, "upgraded"), utc(0, 0), "day", "Nodes upgraded"),
        (line_of(text, "A fix"), utc(0, 0, day=16), "day", "A fix was tested"),
    ]


def test_an_unknown_time_under_a_day_heading_is_that_day() -> None:
    timeline = (
        "### 2024-08-15\n- `12:32` - Alert fires\n\n### 2024-08-16\n- `unknown` - Messages expire\n\n"
        "### 2024-08-17\n- `09:00` - Fixed\n"
    )
    pm = parsed(with_timeline(timeline, {"ended": "2024-08-17T10:00:00Z"}))
    assert [(e.at.astimezone(UTC), e.precision, e.event) for e in pm.timeline] == [
        (utc(12, 32), "minute", "Alert fires"),
        (utc(0, 0, day=16), "day", "Messages expire"),
        (utc(9, 0, day=17), "minute", "Fixed"),
    ]


def test_the_entries_under_a_day_heading_that_steps_back_stay_on_its_day() -> None:
    # the heading's day is wrong (or a latent cause days before): one warning, and the clocks under it
    # keep its day rather than going back to the entries before it
    timeline = (
        "### 2024-08-15\n- 12:32 - Alert fires\n\n### 2024-08-12\n- 08:00 - Config pushed\n- 09:30 - Canary\n"
    )
    checked = check(with_timeline(timeline))
    assert [(e.at.astimezone(UTC), e.event) for e in checked.postmortem.timeline] == [
        (utc(12, 32), "Alert fires"),
        (utc(8, 0, day=12), "Config pushed"),
        (utc(9, 30, day=12), "Canary"),
    ]
    assert [p.rule for p in checked.problems] == ["timeline-order"]


def test_a_heading_that_is_only_a_date_over_no_entries_is_a_days_entry() -> None:
    timeline = "### 2024-08-14\n\nLatency crept up all day.\n\n### 2024-08-15\n\n- 12:32 - Alert fires\n"
    pm = parsed(with_timeline(timeline, {"started": "2024-08-14T09:00:00Z"}))
    assert [(e.at.astimezone(UTC), e.precision, e.event) for e in pm.timeline] == [
        (utc(0, 0, day=14), "day", "Latency crept up all day."),
        (utc(12, 32), "minute", "Alert fires"),
    ]


def test_with_no_timeline_section_a_date_heading_is_read_and_a_fenced_log_is_not() -> None:
    body = BODY.split("## Timeline")[0] + (
        "## 15/Aug/2024\n### 1. Checkout went down\n\nThe nodes crashed:\n\n"
        "```\nAug 15 12:32:10 host app[1]: Error\nAug 15 12:40:00 host app[1]: Error again\n```\n\n"
        "## Root Cause" + BODY.split("## Root Cause")[1]
    )
    pm = parsed(page({}, body))
    assert [(e.at.astimezone(UTC), e.precision, e.event) for e in pm.timeline] == [
        (utc(0, 0), "day", "1. Checkout went down")
    ]
    # the log alone, no date heading: no timeline at all (the Timeline is then missing)
    log_only = BODY.split("## Timeline")[0] + (
        "## What happened\n\n```\nAug 15 12:32:10 host app[1]: Error\n```\n\n"
        "## Root Cause" + BODY.split("## Root Cause")[1]
    )
    checked = check(page({}, log_only))
    assert checked.postmortem is not None and checked.postmortem.timeline == []
    assert "section-missing" in [p.rule for p in checked.problems]
    # Electron: a dateline under the title, over the page's sections, is the day it was written
    subsections = BODY.replace("## Timeline\n\n" + TIMELINE, "").replace("## ", "### ")
    dateline = "# Retro\n## August 15th, 2024\n\n" + subsections
    checked = check(page({}, dateline))
    assert checked.postmortem is not None and checked.postmortem.timeline == []
    assert "Timeline" in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]
    # CalCOFI: a date-led title heading over the incident's sections is its title too
    titled = "# Incidents\n## 2024-08-15 — one request wedged the VM\n\n**Impact.** All down.\n\n"
    titled += subsections
    assert check(page({}, titled)).postmortem.timeline == []


def test_a_range_end_is_no_offset_when_seconds_or_a_zone_follow_it() -> None:
    # `23:15-00:30 UTC`: the range runs past midnight, and a zone after it says -00:30 is no offset
    body = "- 12:32 - Alert fires\n- **23:15-00:30 UTC / 16:15-17:30 PDT**: Missed blocks\n"
    assert moments(parsed(with_timeline(body)))[1] == (utc(23, 15), "Missed blocks")
    # `00:33:20-00:33:24`: an offset has no seconds, so this is a range of seconds
    body = "- 12:32 - Alert fires\n- **12:33:20-12:33:24 UTC**: Service restarted\n"
    assert moments(parsed(with_timeline(body)))[1] == (utc(12, 33, 20), "Service restarted")
    # an ISO offset with nothing after it stays an offset
    body = "- 2024-08-15T13:15-04:00 - Recovered\n"
    assert moments(parsed(with_timeline(body))) == [(utc(17, 15), "Recovered")]


def test_what_were_doing_now_names_the_action_items() -> None:
    for heading in ("## What We're Doing Now", "## What We’re Doing Now"):
        body = BODY.split("## Action Items")[0] + f"{heading}\n\n- **Gate deletions.** Add a kill switch.\n"
        checked = check(page({}, body))
        assert "section-missing" not in [p.rule for p in checked.problems]
        assert checked.postmortem is not None
        assert [(a.task, a.status) for a in checked.postmortem.action_items] == [
            ("**Gate deletions.** Add a kill switch.", "open")
        ]


def test_a_shipped_subheading_marks_its_items_done() -> None:
    actions = (
        "### Shipped during and after the incident\n\n- Added two shards\n\n"
        "### In progress\n\n- Remove batching from the shared store\n"
    )
    items = parsed(with_actions(actions)).action_items
    assert [(a.task, a.status) for a in items] == [
        ("Added two shards", "done"),
        ("Remove batching from the shared store", "open"),
    ]


def test_a_numbered_item_with_a_bold_label_and_a_colon_at_its_end_is_an_item() -> None:
    actions = "1. **Probe policy**: define timeouts.\n2. **Alerting**: add alerts for:\n   - probe failures\n"
    items = parsed(with_actions(actions)).action_items
    assert [a.task for a in items] == ["**Probe policy**: define timeouts.", "**Alerting**: add alerts for:"]


def test_each_incidents_timeline_is_read_and_dated_from_the_start() -> None:
    body = (
        "## Summary\n\nTwo incidents.\n\n## Incident 2\n\n### Timeline\n\n- 23:15 - Degradation begins\n"
        "- 00:30 - Restart\n\n## Incident 1\n\n### Timeline\n\n- 15:25 - First timeouts\n- 18:00 - Stable\n\n"
        + BODY.split("## Root Cause")[1].join(["## Root Cause", ""])
    )
    assert moments(parsed(page({"ended": "2024-08-16T00:30:00Z"}, body))) == [
        (utc(23, 15), "Degradation begins"),
        (utc(0, 30, day=16), "Restart"),
        (utc(15, 25), "First timeouts"),
        (utc(18, 0), "Stable"),
    ]


@pytest.mark.parametrize("given", ["2024-03-05", '"2024-03-05"', "2024-03-05T00:00:00Z"])
def test_a_date_without_started_dates_a_timeline_of_clock_times(given: str) -> None:
    # real postmortems often give only a day: `started` is still reported missing, and the
    # timeline's bare clock times are read on that day rather than dropped
    text = page(
        {"started": DROP, "date": given},
        body_with_timeline("- 10:01 - Alert fired\n- 10:25 - Fix deployed\n"),
    )
    checked = check(text)
    assert any("missing required field 'started'" in p.message for p in checked.problems)
    assert checked.postmortem is not None
    assert [(e.at, e.event) for e in checked.postmortem.timeline] == [
        (datetime(2024, 3, 5, 10, 1, tzinfo=UTC), "Alert fired"),
        (datetime(2024, 3, 5, 10, 25, tzinfo=UTC), "Fix deployed"),
    ]


def test_due_column_dates_in_the_forms_stamps_are_read_in() -> None:
    table = (
        "| Owner | Task | Due |\n|----|----|----|\n"
        "| @alex | Add a test for the edge case | June 28, 2025 |\n"
        "| @jamie | Tune the alert threshold | 28.06.2025 |\n"
        "| @kim | Write the runbook | 2025-07-01 |\n"
        "| @lee | Review the rollout | Jun 28 |\n"  # no year: not a date
        "| @max | Split the pool | 06/07/2025 |\n"  # June 7 or July 6: not a date
        "| @ned | Retire the old path | Q3 |\n"
    )
    pm = check(page({}, body_with_actions(table))).postmortem
    assert pm is not None
    assert [(a.owner, a.due) for a in pm.action_items] == [
        ("alex", date(2025, 6, 28)),
        ("jamie", date(2025, 6, 28)),
        ("kim", date(2025, 7, 1)),
        ("lee", None),
        ("max", None),
        ("ned", None),
    ]


def test_due_dates_in_item_text_in_the_forms_stamps_are_read_in() -> None:
    items = (
        "- [ ] Add an alert (due 2025-07-01)\n"
        "- [ ] Tune the threshold, due June 28, 2025\n"
        "- [ ] Write the runbook by 28.06.2025.\n"
        "- [ ] Retire the path caused by 2 bugs\n"  # not a date
        "- [ ] Split the pool by 10:00\n"  # a time, not a due date
    )
    pm = check(page({}, body_with_actions(items))).postmortem
    assert pm is not None
    assert [a.due for a in pm.action_items] == [
        date(2025, 7, 1),
        date(2025, 6, 28),
        date(2025, 6, 28),
        None,
        None,
    ]


# ------------------------------------------------------------------ real documents (holdout4)


def test_four_digits_after_a_day_and_before_a_zone_are_a_clock() -> None:
    """Cosmos Hub: `- Feb 7 1506 UTC: ...` is 15:06 (its year from the page), not the year 1506."""
    pm = parsed(
        with_timeline("- Aug 15 1506 UTC: Patch agreed\n- 1936 UTC: Released\n- Aug 16 0117 UTC: Halted\n")
    )
    assert moments(pm) == [
        (utc(15, 6), "Patch agreed"),
        (utc(19, 36), "Released"),
        (utc(1, 17, day=16), "Halted"),
    ]
    dated = parsed(with_timeline("- Aug 15 2024: Alert fires\n- 14:00 - Fixed\n"))
    first = dated.timeline[0]
    assert (first.at.astimezone(UTC), first.precision) == (datetime(2024, 8, 15, tzinfo=UTC), "day")


def test_a_date_alone_in_a_table_row_is_the_day_of_the_rows_under_it() -> None:
    """`| 1/30 | |` above rows of times sets their day; it is no entry of its own."""
    pm = parsed(
        with_timeline(
            "Time | Description\n--- | ---\n8/14 | \n23:50 | Deploy\n8/15 | \n00:10 | Alert fires\n"
        )
    )
    assert moments(pm) == [(utc(23, 50, day=14), "Deploy"), (utc(0, 10), "Alert fires")]


def test_a_padded_morning_clock_right_after_noon_is_the_afternoon_when_a_later_one_says_so() -> None:
    """`12:00`, `01:16`, `01:47`, then `14:03`: a 12-hour writer with leading zeros (without the
    `14:03` after it, a step back stays a warning: test_a_twelve_hour_writer_goes_on_into_the_afternoon)."""
    pm = parsed(
        with_timeline("- 12:00 - Lunch\n- 01:16 - Restart asked\n- 01:47 - Restarted\n- 14:03 - Fixed\n")
    )
    assert [e.at.astimezone(UTC).strftime("%H:%M") for e in pm.timeline] == [
        "12:00",
        "13:16",
        "13:47",
        "14:03",
    ]
    late = check(with_timeline("- 20:00 - Alert\n- 08:00 - Fixed\n- 21:00 - Closed\n"))
    assert "timeline-order" in [p.rule for p in late.problems]  # not just past noon: no afternoon


def test_an_action_item_wrapped_over_lines_is_read_whole() -> None:
    """Flutter: `... OWNER: amirh@` / `  blasten@ (DONE).` on the item's next line count for it."""
    pm = parsed(
        with_actions(
            "- Exclude non-Android plugins in a way that is resilient. OWNER:\n"
            "  blasten@ (DONE).\n"
            "- Run the Gradle tests with the AAR workflow\n"
            "  as well.\n"
        )
    )
    assert [(a.task, a.status, a.owner) for a in pm.action_items] == [
        (
            "Exclude non-Android plugins in a way that is resilient. OWNER: blasten@ (DONE).",
            "done",
            "blasten",
        ),
        ("Run the Gradle tests with the AAR workflow as well.", "open", None),
    ]


def test_a_paragraph_announcing_the_follow_ups_is_none_of_them() -> None:
    """Electron: `In the future, there are several key actions we need to take ...` over one paragraph per
    action: the announcement is no item; a single paragraph is still one."""
    actions = (
        "In the future, there are several key actions we need to take.\n\n"
        "We will trigger release builds on master first.\n\nWe will test release builds a day ahead.\n"
    )
    assert [a.task for a in parsed(with_actions(actions)).action_items] == [
        "We will trigger release builds on master first.",
        "We will test release builds a day ahead.",
    ]
    one = "There are several actions we need to take, starting with pooling.\n"
    assert len(parsed(with_actions(one)).action_items) == 1


def test_plan_names_the_follow_ups_only_as_a_whole_heading() -> None:
    body = BODY.replace("## Resolution", "## Rollback plan\n\n- Revert the config\n\n## Resolution")
    pm = parsed(page({}, body))
    assert [s.heading for s in pm.sections if "Action Items" in s.names] == ["Action Items"]


def test_a_closing_heading_over_paragraphs_holds_no_items_and_a_label_over_a_list_its_list() -> None:
    """Wails: `## Moving Forward` over thanks and where to ask is no work (over a list it is, Langfuse);
    ICON: `**Next release and to-do's:** loopchain 2.4.18` over a numbered list: the list is the items;
    SourceHut: the last line of a wrapped sentence ending in a colon (`... the emergency is resolved, but
    the future plans are to:`) labels nothing."""
    closing = "## Moving Forward\n\nWe thank StepSecurity.\n\nAsk us on Discord.\n"
    checked = check(page({}, BODY.split("## Action Items")[0] + closing))
    assert checked.postmortem.action_items == []
    label = "**Next release and to-do’s:** loopchain 2.4.18\n\n1. Fix the leader bug\n2. Change the quorum\n"
    body = BODY.split("## Action Items")[0].replace("## Resolution", "## Notes") + label
    body += "\n## Resolution\n\nFixed.\n"
    assert [a.task for a in parsed(page({}, body)).action_items] == [
        "Fix the leader bug",
        "Change the quorum",
    ]
    wrapped = (
        "## Notes\n\nWith the disk freed the work is\n"
        "less urgent now that the emergency is resolved, but the plans are to:\n\n"
        "- Add storage metrics\n\n"
    )
    pm = check(
        page(
            {},
            BODY.replace(
                "## Resolution\n\nThe team rebalanced the load and restarted checkout.\n\n", wrapped
            ),
        )
    )
    assert "Resolution" in [p.message.split("'")[1] for p in pm.problems if p.rule == "section-missing"]


def test_advice_to_readers_is_no_action_items() -> None:
    """Zettle: `### What do you need to do?` tells API integrators how to refetch: no follow-up work."""
    advice = "### What do you need to do?\n\nRefetch the payouts.\n\n"
    body = BODY.replace("## Resolution", advice + "## Resolution")
    pm = parsed(page({}, body))
    assert [s.heading for s in pm.sections if "Action Items" in s.names] == ["Action Items"]


def test_an_after_action_report_heading_is_not_the_action_items() -> None:
    """Berkeley DataHub: `# After-action report` holds the whole report; its `## Action items` numbered
    list is read, not drowned by the `## Actions` checklist further down (task lists win in one section)."""
    body = BODY.replace("## Action Items\n", "# After-action report\n\n## Action Items\n").replace(
        ACTIONS,
        "1. Add connection pooling\n2. Alert on checkout error rate\n\n"
        "## Actions\n\n- [x] Report filled out\n",
    )
    pm = parsed(page({}, body))
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Add connection pooling", "open"),
        ("Alert on checkout error rate", "open"),
        ("Report filled out", "done"),
    ]


def test_a_fence_inside_a_list_item_is_code() -> None:
    """Hachyderm: a log pasted under an entry, in a fence indented with the item's text, holds no entries."""
    pm = parsed(
        with_timeline(
            "- 12:32 - Database errors seen:\n    ```\n    Aug 15 11:51:55 web: ERROR connection refused\n"
            "    ```\n- 13:05 - Configuration fixed\n"
        )
    )
    assert [e.event for e in pm.timeline] == ["Database errors seen:", "Configuration fixed"]


@pytest.mark.parametrize(
    ("second", "in_order"),
    [
        ("12:32", True),  # the minute of 12:32:08: as precise as it is written
        ("~12:30", True),  # approximate, two minutes back
        ("12:31", False),  # a minute before 12:32:08 began
        ("~12:10", False),  # twenty minutes back, even approximately
    ],
)
def test_an_entry_is_in_order_within_its_precision(second: str, in_order: bool) -> None:
    checked = check(with_timeline(f"- 12:32:08 - Alert fires\n- {second} - Escalated\n"))
    assert ("timeline-order" not in [p.rule for p in checked.problems]) is in_order


def test_a_table_with_no_time_under_an_entry_is_not_part_of_the_timeline() -> None:
    """Berkeley DataHub: an email quoted under `### 9:06a` carries a table of subscriptions; its rows
    are no entries of unknown time (an unnamed table joins the timeline once a row has a stamp)."""
    pm = parsed(
        with_timeline(
            "### 12:32\n\nAn email arrived:\n\n| Subscription Name | Canceled Reason |\n| --- | --- |\n"
            "| data8r-17s | End Date |\n\n### 13:05\n\nFixed.\n"
        )
    )
    assert [e.at.astimezone(UTC).strftime("%H:%M") for e in pm.timeline] == ["12:32", "13:05"]


def test_stamps_of_the_va_gov_postmortems() -> None:
    """VA.gov: `@` between a date and its time; a stamp after words (`... at 4:16 p.m. ET on June 15`), and,
    once the timeline has entries, a clock with its zone after words (`... at approximately 1:00 PM ET.`)."""
    pm = parsed(
        with_timeline(
            "- August 15, 2024 @ 8:32am EDT - Deploy merged\n"
            "- Deploy completed at 8:45 a.m. ET on August 15, 2024\n"
            "- Team paged at approximately 9:10 AM ET.\n"
            "- Fixed at ~9:50 a.m. ET on August 15, 2024 and verified\n"
        )
    )
    assert [(e.at.astimezone(UTC).strftime("%H:%M"), e.precision) for e in pm.timeline] == [
        ("12:32", "minute"),
        ("12:45", "minute"),
        ("13:10", "approximate"),
        ("13:50", "approximate"),
    ]
    # a clock after words with no zone and no date is no entry: `- Alert threshold set at 9:30`
    assert (
        len(parsed(with_timeline("- 12:32 - Alert fires\n- Threshold raised at 9:30 for now\n")).timeline)
        == 1
    )


@pytest.mark.parametrize(
    ("timeline", "overrides", "shown"),
    [
        ("- 8:32 AM ET - Alert fires\n- 9:05 AM ET - Fixed\n", {}, "America/New_York"),  # all in ET
        ("All times in CST.\n\n- 07:32 - Alert fires\n- 08:05 - Fixed\n", {}, "America/Chicago"),
        ("- 8:32 AM ET - Alert fires\n- 13:05 UTC - Fixed\n", {}, "UTC"),  # two clocks: the site's
        ("- 12:32 - Alert fires\n- 13:05 - Fixed\n", {}, "UTC"),  # none named
        ("- 2:32 PM CEST - Alert fires\n", {"timezone": "Asia/Tokyo"}, "Asia/Tokyo"),  # the page's own
    ],
)
def test_a_page_without_a_timezone_is_shown_on_the_clock_its_timeline_names(
    timeline: str, overrides: dict, shown: str
) -> None:
    """VA.gov, Oxymoron290: a timeline written in ET or under `All times in CST` is drawn and listed in
    that zone, not in UTC, when the page names no `timezone`."""
    checked = check(with_timeline(timeline, overrides))
    assert checked.postmortem is not None and checked.postmortem.timezone == shown


def test_times_after_the_first_row_count_from_it() -> None:
    """cheqd: `| +10 minutes |` and `| \\[+1 hrs] |` under `| July 2  2025, 11:00 AM UTC |` are that long
    after it (hours said roughly: approximate); `T+15m` too; `+2 Business Days Later` is not read."""
    pm = parsed(
        with_timeline(
            "| Time (UTC) | Event |\n| --- | --- |\n| Aug 15 2024, 12:30 PM UTC | Upgrade executed |\n"
            "| +10 minutes | Migrations run |\n| \\[+1 hrs] | Triage begins |\n| +1.5 hrs | Fixed |\n"
        )
    )
    assert [(e.at.astimezone(UTC).strftime("%H:%M"), e.precision) for e in pm.timeline] == [
        ("12:30", "minute"),
        ("12:40", "minute"),
        ("13:30", "approximate"),
        ("14:00", "approximate"),
    ]
    listed = parsed(with_timeline("- 12:32 - Alert fires\n- T+15m: paged the database team\n"))
    assert [e.at.astimezone(UTC).strftime("%H:%M") for e in listed.timeline] == ["12:32", "12:47"]


def test_a_subsection_of_plain_items_is_read_beside_one_of_tasks() -> None:
    """cheqd: `### 1. Immediate` with `* [x]` tasks, then `### 2. Long-Term` with plain bullets: both
    subsections' items (within one list, a plain bullet beside tasks is a note: test_task_list_items)."""
    pm = parsed(
        with_actions(
            "### Immediate\n\n* [x] Restored from the snapshot\n\n### Long-term\n\n"
            "* Rehearse upgrades on a copy of production\n* Automate the export test\n"
        )
    )
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Restored from the snapshot", "done"),
        ("Rehearse upgrades on a copy of production", "open"),
        ("Automate the export test", "open"),
    ]


def test_more_real_document_shapes() -> None:
    """Alma Career: a day line with a bold zone note is context; F#: `08-04` in a Date column is a day;
    GNS: an Outcome column saying `Resolved by PR #47` is done."""
    day_line = parsed(with_timeline("2024-08-15 **(all times in UTC)**\n\n- 12:32 - Alert fires\n"))
    assert moments(day_line) == [(utc(12, 32), "Alert fires")]
    dated = parsed(with_timeline("Date (2024) | PR | Event\n--- | --- | ---\n08-14 | #1 | Floor added\n"))
    assert [(e.at.date(), e.precision) for e in dated.timeline] == [(date(2024, 8, 14), "day")]
    outcome = parsed(
        with_actions(
            "| Issue | Triggered by | Outcome |\n|---|---|---|\n"
            "| #41 — alerting gap | Lesson 3 | Resolved by PR #47 |\n"
            "| #46 — docs publishing | The docs walk | Open — deferred |\n"
        )
    )
    assert [a.status for a in outcome.action_items] == ["done", "open"]


def test_without_a_timeline_section_a_paragraph_opening_on_a_day_is_prose() -> None:
    """VU Amsterdam: `On Friday October 18th 2024, we experienced ten hours of downtime` is the summary,
    not the timeline (the page has none); under a Timeline heading, stamps start entries as ever."""
    body = BODY.split("## Timeline")[0].replace(
        "A database misconfiguration", "On Thursday August 15th 2024, a database misconfiguration"
    )
    checked = check(page({}, body + "## Root Cause\n\nPooling.\n\n## Resolution\n\nFixed.\n"))
    assert checked.postmortem is not None and checked.postmortem.timeline == []
    assert "Timeline" in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]


def test_without_a_timeline_section_a_paragraph_at_a_clock_is_prose_and_at_a_date_an_entry() -> None:
    """Electron: `At 3:04 PM PST we queued another release attempt ...` in a retro's narrative is prose;
    Hugging Face: `At 04/22/24 - 07:04:24 AM UTC the cluster tier ...`, dated, is a moment it logs."""
    narrative = "## What happened\n\nAt 12:32 PM UTC we queued another release attempt.\n\n"
    body = BODY.split("## Timeline")[0] + narrative + "## Root Cause" + BODY.split("## Root Cause")[1]
    assert check(page({}, body)).postmortem.timeline == []
    dated = narrative.replace("At 12:32 PM UTC", "At 08/15/24 - 12:32:10 PM UTC")
    body = BODY.split("## Timeline")[0] + dated + "## Root Cause" + BODY.split("## Root Cause")[1]
    assert [e.at.astimezone(UTC) for e in parsed(page({}, body)).timeline] == [utc(12, 32, 10)]


def test_holdout11_shapes() -> None:
    """MIT Open Learning: `- **Resolved:** 2026-07-20 2:10 PM` in an overview is a field, not the Resolution;
    LiveOne: `**~21:2x**` is an approximate 21:20; Eyevinn: `- [N/A] ...` is closed, not open work."""
    body = BODY.replace("## Resolution", "## Overview\n\n- **Resolved:** 2024-08-15 1:15 PM\n\n## Notes")
    checked = check(page({}, body))
    assert "Resolution" in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]
    rough = parsed(with_timeline("- 12:32 - Alert fires\n- **~12:4x** — Escalated\n"))
    assert [(e.at.astimezone(UTC).strftime("%H:%M"), e.precision) for e in rough.timeline] == [
        ("12:32", "minute"),
        ("12:40", "approximate"),
    ]
    closed = parsed(with_actions("- [ ] Add pooling\n- [N/A] Replace the proxy — not needed\n"))
    assert [a.status for a in closed.action_items] == ["open", "done"]


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("## Fault", "Root Cause"),  # Void Linux's template
        ("### How to make sure this issue never happens again", "Action Items"),  # SimpleLogin
    ],
)
def test_holdout12_headings(heading: str, section: str) -> None:
    body = BODY.replace(f"## {section}", heading)
    checked = check(page({}, body))
    assert section not in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]


@pytest.mark.parametrize(
    ("heading", "section", "names"),
    [
        # `Detailed` is no Summary (the `Details` phrase): the heading names the timeline alone
        ("## Detailed timeline of events (all times UTC)", "Timeline", ("Timeline",)),
        ("## Detailed analysis", "Root Cause", ("Root Cause",)),
        ("## Repair items", "Action Items", ("Action Items",)),  # Google SRE's wording
        ("## Tasks", "Action Items", ("Action Items",)),
        ("### Running log", "Timeline", ("Timeline",)),  # MHCLG Planning Data's incident log
        ("### Status log", "Timeline", ("Timeline",)),
        ("## Plan", "Action Items", ("Action Items",)),  # Hosted Graphite (the heading whole)
        ("## Moving Forward", "Action Items", ("Action Items",)),  # Langfuse
    ],
)
def test_headings_with_extra_words(heading: str, section: str, names: tuple[str, ...]) -> None:
    pm = parsed(page({}, BODY.replace(f"## {section}", heading)))
    assert [s.names for s in pm.sections if s.heading == heading.lstrip("# ")] == [names]


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("2025-07-08T07:00:00Z", None),  # Hugo's
        ("2023-03-23 20:10:01 +0000", None),  # Jekyll's
        ("2024-08-15", None),
        ("2024-08-15T25:00", "date '2024-08-15T25:00' is not a real date"),
        ("August 15", "date must be a date such as 2024-08-15, not 'August 15'"),
    ],
)
def test_a_publication_date_may_carry_a_time(given: str, problem: str | None) -> None:
    """r0cket, Node.js, LiteLLM: blog engines' own `date` keys carry a time; a team bringing them in
    gets no error for it (a date that is not real still is one)."""
    found = [p.message for p in check(page({"date": given})).problems if p.rule == "date"]
    assert found == ([problem] if problem else [])


def test_a_timeline_written_newest_first_is_read_from_its_end() -> None:
    """OpenProject's status page: `(7:30 UTC) Services operating normally.` above `(7:20 UTC) ...` above
    `(6:30 UTC) ...`: the same instants, in the page's order, and no step-back warnings."""
    text = with_timeline(
        "(13:30 UTC) Services operating normally.\n\n(13:20 UTC) One database denied connections.\n\n"
        "(12:30 UTC) We're investigating page timeouts.\n"
    )
    pm = parsed(text)
    assert [e.at.astimezone(UTC).strftime("%H:%M") for e in pm.timeline] == ["13:30", "13:20", "12:30"]
    # written oldest first with one step back, it is still a warning (test_twelve_hours_back_is_an_error...)
    late = check(with_timeline("- 12:30 - Alert\n- 13:20 - Paged\n- 13:10 - Noted\n- 13:40 - Fixed\n"))
    assert [p.rule for p in late.problems] == ["timeline-order"]


def test_holdout13_shapes() -> None:
    """Optimism: `2022-02-02 1625:` is 16:25 (after a date four digits are the clock); a nested `1.` list
    under a bullet is detail, not the numbered work that hides the bullets after it. Hex: a page opening
    with `## <its title>` and a list introduced by a long sentence naming follow-up work."""
    pm = parsed(with_timeline("- 2024-08-15 1232: Alert fires\n- 2024-08-15 1305: Fixed\n"))
    assert [e.at.astimezone(UTC).strftime("%H:%M") for e in pm.timeline] == ["12:32", "13:05"]
    nested = parsed(
        with_actions(
            "- Track upstream Geth\n"
            "- We are redesigning our code review process, to bring in measures which will:\n"
            "  1. encourage authors\n  1. encourage reviewers\n"
            "- Build a threat model\n"
        )
    )
    tasks = [a.task for a in nested.action_items]
    assert tasks[0] == "Track upstream Geth" and tasks[1].startswith("We are redesigning")
    assert "Build a threat model" in tasks
    body = (
        "## Checkout outage\n\nCheckout failed for ninety minutes under peak traffic, for every customer.\n\n"
        "## Timeline\n\n- 12:32 - Alert fires\n- 13:15 - Recovered\n\n## Root Cause\n\nPooling.\n\n"
        "## What we changed\n\nPooling is on.\n\n"
        "To prevent similar issues in the future, we have made a few changes along with long term "
        "improvements:\n\n"
        "1. Alert on pool saturation\n2. Load test checkout before peak season\n"
    )
    checked = check(page({"title": "Checkout outage"}, body))
    assert [p.rule for p in checked.problems if p.rule == "section-missing"] == []
    assert checked.postmortem is not None
    assert [a.task for a in checked.postmortem.action_items] == [
        "Alert on pool saturation",
        "Load test checkout before peak season",
    ]


def test_holdout14_shapes() -> None:
    """Visual Meaning: `2024-08 (all times UTC)` above `* -15 12:32 ...` items: days of that month (the
    month line is no entry of its own). Nibiru: with no Timeline section, `On Sept 30 @ 22:16:01 UTC time,
    the network halted` opens prose, even with a clock."""
    pm = parsed(
        with_timeline(
            "2024-08 (all times UTC)\n\n* -15 (Thursday) 12:32 Alert fires\n* -15 13:15 Recovered\n"
        )
    )
    assert moments(pm) == [(utc(12, 32), "Alert fires"), (utc(13, 15), "Recovered")]
    body = BODY.split("## Timeline")[0].replace(
        "A database misconfiguration", "On Aug 15 @ 12:30:01 UTC time, a database misconfiguration"
    )
    checked = check(page({}, body + "## Root Cause\n\nPooling.\n\n## Resolution\n\nFixed.\n"))
    assert checked.postmortem is not None and checked.postmortem.timeline == []


def test_an_update_heading_is_a_stamp() -> None:
    """ruby-lang.org: `## Update (2013-08-06 9:33 UTC)` headings are the page's timeline, as status pages
    write `UPDATE 7 May 19:27 UTC - ...`; `Update the docs on ...` stays text."""
    pm = parsed(
        with_timeline(
            "### Update (2024-08-15 12:32 UTC)\n\nAlert fires.\n\n"
            "### Update (2024-08-15 13:15 UTC)\n\nRecovered.\n\n- Update the docs on the wiki\n"
        )
    )
    assert moments(pm) == [(utc(12, 32), "Alert fires."), (utc(13, 15), "Recovered.")]


def test_labels_in_the_timeline_or_over_a_rule_name_no_section() -> None:
    """Cumulo: `Gradual recovery:` over a list under `### 02:05 CET` is that entry's text, and a last
    bullet `- **Automatic recovery**` with only `---` after it is a bullet: neither is the Resolution."""
    body = BODY.replace(
        "## Resolution\n\nThe team rebalanced the load and restarted checkout.\n", ""
    ).replace(
        "- 13:15 - Checkout recovered\n",
        "- 13:15 - Checkout recovered\n\nGradual recovery:\n- Proposals received again\n\n"
        "## Impact\n\n- Orders lost\n- **Automatic recovery**\n\n---\n\n",
    )
    found = [p.message.split("'")[1] for p in check(page({}, body)).problems if p.rule == "section-missing"]
    assert found == ["Resolution"]


def test_holdout16_shapes() -> None:
    """Connectbase: `**Next Steps** To prevent similar issues going forward:` over a list: its items.
    Network Optix: items under `### Already Implemented` are done."""
    pm = parsed(
        with_actions(
            "**Next Steps** To prevent similar issues going forward:\n\n"
            "- Skip needless updates (PLAT-3465)\n\n- Watch thread spikes\n"
        ).replace("## Action Items\n", "## Notes\n")
    )
    assert [(a.task, a.ticket) for a in pm.action_items] == [
        ("Skip needless updates (PLAT-3465)", "PLAT-3465"),
        ("Watch thread spikes", None),
    ]
    done = parsed(
        with_actions("### Already Implemented\n\n- Collected crash data\n\n### Planned\n\n- Add a replica\n")
    )
    assert [a.status for a in done.action_items] == ["done", "open"]


def test_a_city_s_time_is_its_zone() -> None:
    """A homelab's `## 2024-08-15, Singapore time` over a table of times: Asia/Singapore (UTC+8), as its
    IANA name says; `Response time` is no zone."""
    pm = parsed(
        with_timeline(
            "All times Singapore time.\n\n- 20:32 - Alert fires\n- 21:15 - Recovered\n",
            {"started": "2024-08-15T12:30:00Z", "ended": "2024-08-15T13:30:00Z"},
        )
    )
    assert moments(pm) == [(utc(12, 32), "Alert fires"), (utc(13, 15), "Recovered")]
    assert pm.timezone == "Asia/Singapore"  # shown on the clock it is written in


def test_a_zone_written_out_is_its_region() -> None:
    """`All times are in Central European Time (CET)` is Paris' clock, not the US `Central`; a zone
    spelt out on a stamp (`India Standard Time`, `Australian Eastern Time`) likewise."""
    pm = parsed(
        with_timeline(
            "All times are in Central European Time (CET).\n\n- 09:05 - Alert fires\n"
            "- 15:10 India Standard Time - Bangalore on-call joins\n"
            "- 23:30 Australian Eastern Time - Sydney confirms\n",
            {"started": "2024-08-15T07:00:00Z", "ended": "2024-08-15T14:00:00Z"},
        )
    )
    assert moments(pm) == [
        (utc(7, 5), "Alert fires"),  # Paris keeps summer time in August: UTC+2
        (utc(9, 40), "Bangalore on-call joins"),
        (utc(13, 30), "Sydney confirms"),  # Sydney's winter: UTC+10
    ]
    paris = parsed(
        with_timeline(
            "All times are in Central European Time.\n\n- 09:05 - Alert fires\n- 10:00 - Fixed\n",
            {"started": "2024-08-15T07:00:00Z", "ended": "2024-08-15T08:00:00Z"},
        )
    )
    assert paris.timezone == "Europe/Paris"  # shown on the clock it is written in


def test_a_zone_on_the_first_entry_is_the_zone_of_the_rest() -> None:
    """`- 9:05 AM PT: alert` then `- 9:20 AM: ack`: the writer named the zone once, at the top; a later
    entry's own zone stays its own."""
    pm = parsed(
        with_timeline(
            "- 9:05 AM PT: Alert fires\n- 9:20 AM: On-call acks\n- 16:40 UTC: Vendor fix lands\n"
            "- 9:50 AM: Recovered\n",
            {"started": "2024-08-15T16:00:00Z", "ended": "2024-08-15T17:00:00Z"},
        )
    )
    assert moments(pm) == [
        (utc(16, 5), "Alert fires"),
        (utc(16, 20), "On-call acks"),
        (utc(16, 40), "Vendor fix lands"),
        (utc(16, 50), "Recovered"),
    ]


def test_action_statuses_that_close_without_doing_and_an_action_bullet_among_plain_ones() -> None:
    """A status column's `Won't fix` / `Cancelled` is no open work, `Not done` / `Not yet deployed` is;
    an `- Action: audit IAM` bullet is one of the plain bullets beside it, not a task that hides them."""
    table = (
        "| Action | Owner | Status |\n| --- | --- | --- |\n| Add canary | alice | Not done |\n"
        "| Fix DNS | eve | Won't fix |\n| Drop v1 API | dan | Cancelled |\n"
        "| Roll out patch | bob | Not yet deployed |\n| Rotate keys | gina | Deployed |\n"
    )
    assert [a.status for a in parsed(with_actions(table)).action_items] == [
        "open", "done", "done", "open", "done",
    ]  # fmt: skip
    listed = parsed(with_actions("- Replace the load balancer\n- Action: audit IAM\n- Patch the kernel\n"))
    tasks = ["Replace the load balancer", "audit IAM", "Patch the kernel"]
    assert [a.task for a in listed.action_items] == tasks


def test_an_event_log_heading_is_the_timeline() -> None:
    """`## Event log` over stamped items is the Timeline section, by name (without it, the entries
    would be found by reading the whole body, and the section would have no name)."""
    pm = parsed(with_timeline("- 14:32 - Alert fires\n").replace("## Timeline", "## Event log"))
    assert [e.event for e in pm.timeline] == ["Alert fires"]
    timeline = pm.section("Timeline")
    assert timeline is not None and timeline.heading == "Event log"


def test_a_zone_note_in_emphasis_and_a_zone_after_the_word_timeline() -> None:
    """`_Times are PDT._` (italic: the underscore is a word character to a regex) and a
    `Timeline UTC+3:` label name the zone of the entries under them (OONI, data.gov)."""
    italic = parsed(
        with_timeline(
            "_Times are PDT._\n\n- **Aug 14** Vendor notified us\n- **Aug 15, 9:16 AM** Upgrade began\n",
            {"started": "2024-08-15T16:16:00Z", "ended": "2024-08-15T17:00:00Z"},
        )
    )
    assert [e.at.utcoffset() for e in italic.timeline] == [timedelta(hours=-7)] * 2
    labelled = parsed(
        with_timeline(
            "Timeline UTC+3:\n[00:36] Alert fires\n[11:55] Back online\n",
            {"started": "2024-08-14T21:36:00Z", "ended": "2024-08-15T08:55:00Z"},
        )
    )
    assert moments(labelled) == [(utc(21, 36, day=14), "Alert fires"), (utc(8, 55), "Back online")]


def test_to_improve_and_must_dos_labels_are_action_items() -> None:
    """Internet.nl: `to improve:` and `must do's:` plain labels over the follow-ups, with no Action
    Items heading anywhere: their items, and no `section-missing` for Action Items."""
    body = BODY.split("## Action Items")[0] + (
        "to improve:\n- DB: backup externally\n- monitoring and alerting\n\n"
        "must do's:\n- [ ] 1. backup externally + monitor backup\n- [ ] 2. ask the provider\n"
    )
    pm = parsed(page({}, body))
    assert [a.task for a in pm.action_items] == [
        "DB: backup externally", "monitoring and alerting",
        "1. backup externally + monitor backup", "2. ask the provider",
    ]  # fmt: skip


def test_the_title_heading_names_no_section() -> None:
    """Preset: `# RDS Upgrade Failure in Production US East 1` at the top is the page's title; its word
    `Failure` does not make it the Root Cause (which the page lacks)."""
    body = "# Checkout Failure at Peak\n\n" + BODY.replace("## Root Cause\n", "## Notes\n")
    found = check(page({"title": "Checkout Failure at Peak"}, body)).problems
    assert "Root Cause" in [p.message.split("'")[1] for p in found if p.rule == "section-missing"]
    # and it hides no label of that name under it (mrkonyk: `**Root cause:** ...` was dropped)
    labelled = body.replace("## Notes\n", "## Incident 1\n\n**Root cause:** The pool was too small.\n")
    pm = parsed(page({"title": "Checkout Failure at Peak"}, labelled))
    assert [s.heading for s in pm.sections if "Root Cause" in s.names] == ["Root cause"]


def test_still_open_and_open_items_are_action_items() -> None:
    """A homelab's `## Still open` table (Item | Why | State) and `## Open Items` list: follow-ups."""
    table = "| Item | Why | State |\n| --- | --- | --- |\n| etcd backups | no snapshot yet | Open |\n"
    for heading, items, task in (
        ("## Still open", table, "etcd backups"),
        ("## Open Items", "- Rotate the token\n", "Rotate the token"),
    ):
        pm = parsed(page({}, BODY.split("## Action Items")[0] + f"{heading}\n\n{items}"))
        assert [(a.task, a.status) for a in pm.action_items] == [(task, "open")]


def test_an_iso_month_day_before_a_clock_is_a_date() -> None:
    """valen: `| 07-19 21:29–22:02 |`, `| 07-20 **04:00** |`, `| 07-20 → 07-22 |` in a Time column are
    dates without their year (month first); `10-12` alone is no date."""
    table = (
        "| Time | Event |\n| --- | --- |\n| 08-14 21:29–22:02 | Changes land |\n"
        "| 08-15 **04:00** | Crons fire |\n| 08-15 → 08-16 | Host wedged |\n| 08-16 ~11:54 | Power-cycle |\n"
    )
    pm = parsed(with_timeline(table, {"started": "2024-08-14T21:29:00Z", "ended": "2024-08-16T12:00:00Z"}))
    assert [(e.at.astimezone(UTC), e.precision) for e in pm.timeline] == [
        (utc(21, 29, day=14), "minute"),
        (utc(4, 0), "minute"),
        (utc(0, 0), "day"),
        (utc(11, 54, day=16), "approximate"),
    ]
    assert check(with_timeline("- 10-12 people joined the bridge\n")).postmortem.timeline == []


def test_a_weekday_on_an_undated_clock_moves_it_to_that_day() -> None:
    """Curve: `Saturday 13:00 - ...` then `Sunday 14:20 the rate of errors improved`: Sunday is the
    next day, not Saturday again (15 August 2024 is a Thursday)."""
    pm = parsed(
        with_timeline(
            "Thursday 13:00 - Payments start failing\n\nFriday 09:00 - Still failing\n\n"
            "Friday 14:20 - Errors drop\n\nSaturday 08:00 - Resolved\n",
            {"started": "2024-08-15T13:00:00Z", "ended": "2024-08-17T08:00:00Z"},
        )
    )
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [
        utc(13, 0), utc(9, 0, day=16), utc(14, 20, day=16), utc(8, 0, day=17),
    ]  # fmt: skip


def test_a_raw_html_table_is_read_as_a_table() -> None:
    """Clever Cloud: a `<table>` with `<th>Timeline</th><th>Component</th><th>Description</th>` and a
    `<td>` a line: each row is an entry on its `<tr>` line, its event the Description column."""
    html = (
        "<table>\n  <tr>\n    <th>Timeline</th>\n    <th>Component</th>\n    <th>Description</th>\n  </tr>\n"
        "  <tr>\n    <td>2024-08-15 14:32 UTC</td>\n    <td>Messaging</td>\n"
        "    <td>Alert &amp; page</td>\n  </tr>\n"
        "  <tr><td>14:50 UTC</td><td>Messaging</td><td><b>Rollback</b> done</td></tr>\n</table>\n"
    )
    text = with_timeline(html)
    pm = parsed(text)
    lines = text.split("\n")
    rows = [n + 1 for n, line in enumerate(lines) if line.strip().startswith("<tr>")][1:]
    assert [(e.line, e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (rows[0], utc(14, 32), "Alert & page"),
        (rows[1], utc(14, 50), "Rollback done"),
    ]
    # no header row, never closed: its rows (time, then event), and what follows the blank line after it
    open_table = with_timeline("<table>\n<tr><td>14:32</td><td>Alert</td></tr>\n\n- 14:40 - Rollback\n")
    assert [e.event for e in parsed(open_table).timeline] == ["Alert", "Rollback"]


def test_numbered_subheadings_over_plain_detail_are_the_items() -> None:
    """ikimon: `### 1. Run the bootstrap import` over a command, `### 2. Add a gate` over bullets of its
    conditions: two items, the headings; with task-list items under them, the tasks are the items."""
    numbered = (
        "### 1. Run the bootstrap import\n\n```bash\nnpm run import\n```\n\n"
        "### 2. Add a freshness gate\n\n- `counts.users >= legacy x 0.95`\n- `counts.trackPoints > 0`\n"
    )
    pm = parsed(with_actions(numbered))
    assert [a.task for a in pm.action_items] == ["Run the bootstrap import", "Add a freshness gate"]
    tasks = numbered.replace("- `counts.users", "- [ ] `counts.users").replace(
        "- `counts.track", "- [x] `counts.track"
    )
    assert [a.status for a in parsed(with_actions(tasks)).action_items] == ["open", "done"]


def test_a_fix_plan_is_the_action_items() -> None:
    """Invegent: `## Fix plan` (the header says "Permanent fix pending") lists fixes to make: follow-ups,
    not the Resolution its word `Fix` would make it."""
    pm = parsed(
        page({}, BODY.split("## Action Items")[0] + "## Fix plan\n\n1. Trim the payload\n2. Cap retries\n")
    )
    assert [a.task for a in pm.action_items] == ["Trim the payload", "Cap retries"]
    assert [s.names for s in pm.sections if s.heading == "Fix plan"] == [("Action Items",)]


def test_an_entry_s_text_runs_on_over_its_wrapped_lines() -> None:
    """`- 14:32 - Alert fired for` / `  elevated errors` (hard-wrapped at 80 columns) is one event, as
    a paragraph's next line and a chat paste's message under `[14:40] alice@ops` are; a lone `\\\\`
    line and a nested bullet are not joined."""
    timeline = (
        "- 14:32 - Alert fired for\n  elevated errors on checkout\n  - a nested detail\n"
        "\n14:35 Paragraph entry that wraps\nonto a second line.\n\n[14:40] alice@ops\nRolling back now\n"
        "\n14:50 Restored<br />\n\\\\\n"
    )
    assert [e.event for e in parsed(with_timeline(timeline)).timeline] == [
        "Alert fired for elevated errors on checkout",
        "Paragraph entry that wraps onto a second line.",
        "alice@ops Rolling back now",
        "Restored",
    ]


def test_a_and_p_written_on_to_a_clock_are_am_and_pm() -> None:
    """PyTorch's `7:27a incident began`, `1:10p fixed`: the shorthand of American logs."""
    pm = parsed(with_timeline("- 7:27a incident began\n- 1:10p fixed\n", {"ended": "2024-08-15T14:00:00Z"}))
    assert [(e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (utc(7, 27), "incident began"), (utc(13, 10), "fixed"),
    ]  # fmt: skip


def test_a_template_prompt_and_a_cc_line_are_no_action_items() -> None:
    """A follow-ups section holding only the template's italic question and a `cc @team` line (no list):
    no items (each paragraph used to be one)."""
    pm = check(with_actions("*How do we prevent issues like this in the future?*\n\ncc @ezyang @dev-infra\n"))
    assert pm.postmortem is not None and pm.postmortem.action_items == []
    kept = parsed(with_actions("Add an alert on queue time.\n"))
    assert [a.task for a in kept.action_items] == ["Add an alert on queue time."]


def test_an_hours_mark_after_a_clock_is_part_of_the_stamp() -> None:
    """`14:45h`, `15.00 Uhr`, `15:20 hrs`: the mark is the stamp's, not the event's first word."""
    pm = parsed(with_timeline("- 14:45h Alert fires\n- 15.00 Uhr Rollback\n- 15:20 hrs Recovered\n"))
    assert [(e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (utc(14, 45), "Alert fires"), (utc(15, 0), "Rollback"), (utc(15, 20), "Recovered"),
    ]  # fmt: skip


def test_labels_inside_an_admonition_are_read() -> None:
    """Karafka: `!!! success "Resolved"` over a body indented four spaces, holding `**Improvements
    Implemented:**` over bullets: read as the page's own Markdown (done items, line numbers kept)."""
    block = (
        '!!! success "License server failure"\n\n    **Improvements Implemented:**\n\n'
        "    - Reduced the failover threshold to 60 seconds\n    - Moved the standby to another provider\n"
    )
    text = page({}, BODY.split("## Action Items")[0] + block)
    pm = parsed(text)
    assert [(a.line, a.status) for a in pm.action_items] == [
        (line_of(text, "Reduced the failover"), "done"),
        (line_of(text, "Moved the standby"), "done"),
    ]


def test_a_prose_day_is_not_the_day_of_the_entries_after_it() -> None:
    """Fastly: `On May 12, we began a software deployment ...` (weeks before the incident) opens prose;
    the clock lines further down are on `started`'s day, not 12 May."""
    body = BODY.split("## Timeline")[0] + (
        "## What happened?\n\nOn Aug 1, we began a software deployment that introduced a bug.\n\n"
        "Here is a timeline of the day (all times are in UTC):\n\n12:32 Alert fires\n13:15 Recovered\n\n"
        "## Root Cause\n\nPooling.\n\n## Resolution\n\nFixed.\n\n## Action Items\n\n- [ ] Add pooling\n"
    )
    pm = parsed(page({}, body))
    assert moments(pm) == [(utc(12, 32), "Alert fires"), (utc(13, 15), "Recovered")]


def test_a_stamp_ending_a_sentence_in_an_item_is_no_entry() -> None:
    """Postmark: `- ... expired at midnight GMT on Monday August 15th. As a result, ...` and `- ... was
    triggered at ~12:40 UTC. An engineer responded ...`: prose items, not entries; `- Alert noticed at
    12:45 UTC on August 15, 2024 and escalated` (a full instant its sentence goes on after) and, after
    it, `- Errors stopped at 12:50 UTC` (the stamp ends it) are entries."""
    timeline = (
        "- The certificate expired at midnight UTC on Monday August 15th. As a result, mail failed.\n"
        "- An alert was triggered at ~12:40 UTC. An engineer responded, but misread it.\n"
        "- Alert noticed at 12:45 UTC on August 15, 2024 and escalated\n- Errors stopped at 12:50 UTC\n"
    )
    assert [e.event for e in parsed(with_timeline(timeline)).timeline] == [
        "Alert noticed at 12:45 UTC on August 15, 2024 and escalated",
        "Errors stopped",
    ]


def test_phabricator_task_ids_are_tickets() -> None:
    """Wikimedia's `## Actionables` with `- Add a syntax check to the deploy script (T114725)`."""
    text = page({}, BODY.split("## Action Items")[0] + "## Actionables\n\n- Add a syntax check (T114725)\n")
    assert [(a.task, a.ticket) for a in parsed(text).action_items] == [
        ("Add a syntax check (T114725)", "T114725")
    ]


def test_subheadings_described_by_prose_are_the_items() -> None:
    """IIP: `## Corrective Actions` holding only `### Disable introspection` / `### Eliminate the public
    user`, each over paragraphs (a list of queries, a table of resolvers, a ticket in an update): the
    subheadings are the items, the ticket under each its own; `### Short term` over bullets groups them."""
    described = (
        "### Disable introspection\n\nAttackers could map the schema.\n\nThe enum queries need it:\n\n"
        "- `COPYRIGHT_QUERY`\n- `VISIBILITY_QUERY`\n\n_Update_ This was addressed in CDP-2437.\n\n"
        "### Eliminate the public user\n\nThe generic public user adds complexity to the authentication.\n\n"
        "| Resolver | Query |\n| --- | --- |\n| Bureau | bureaus |\n"
    )
    pm = parsed(with_actions(described))
    assert [(a.task, a.ticket) for a in pm.action_items] == [
        ("Disable introspection", "CDP-2437"), ("Eliminate the public user", None),
    ]  # fmt: skip
    grouped = parsed(
        with_actions("### Short term\n\n- Add an alert\n\n### Long term\n\n- Replace the proxy\n")
    )
    assert [a.task for a in grouped.action_items] == ["Add an alert", "Replace the proxy"]


def test_raw_html_paragraphs_and_follow_on_tasks_are_action_items() -> None:
    """Rollbar: `<p><i>1b.</i> Set up a web server ...` paragraphs in a `<div>` under Action items, and
    a `## Follow-on Tasks` heading over numbered items."""
    html = (
        '<div style="padding-left:2em;">\n<p><i>1b.</i> Set up a maintenance page.\n\n'
        "<p><i>2.</i> Add a dev box.\n</div>\n"
    )
    assert [a.task for a in parsed(with_actions(html)).action_items] == [
        "1b. Set up a maintenance page.",
        "2. Add a dev box.",
    ]
    text = page({}, BODY.split("## Action Items")[0] + "## Follow-on Tasks\n\n1. Add an alert\n")
    assert [a.task for a in parsed(text).action_items] == ["Add an alert"]


def test_a_status_log_of_month_days_newest_first_under_a_date_range_heading() -> None:
    """UCSF Wynton: `### Aug 15-Aug 16, 2024` over updates each closed by `<br>Aug 16, 09:00 PDT`, newest
    first: the heading is the dates' context (no entry), each stamp's event the paragraph it closes,
    the log read from its end, with no warnings."""
    log = (
        "### Aug 15-Aug 16, 2024\n\n**Resolved**: all back.\n<br>Aug 16, 09:00 PDT\n\n"
        "**Update**: half the targets recovered.\n<br>Aug 15, 22:45 PDT\n\n"
        "**Update**: storage down.\n<br>Aug 15, 05:32 PDT\n"
    )
    text = with_timeline(log, {"ended": "2024-08-16T16:00:00Z"})
    pm = parsed(text)
    assert [(e.line, e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (line_of(text, "Aug 16, 09:00"), utc(16, 0, day=16), "**Resolved**: all back."),
        (line_of(text, "Aug 15, 22:45"), utc(5, 45, day=16), "**Update**: half the targets recovered."),
        (line_of(text, "Aug 15, 05:32"), utc(12, 32), "**Update**: storage down."),
    ]


def test_an_item_s_indented_next_line_goes_on_with_it_even_from_a_stamp() -> None:
    """mosoo: `- 10:58 - No later failure was recorded through` / `  2026-08-17.` is one entry (its
    wrapped end is no day entry); `- 2023-03-14 08:02` / `    Alert fires` still has its event there."""
    timeline = (
        "- 12:32 - No later failure was recorded through\n  2024-08-17.\n- 12:40 - Logged at\n"
        "  12:38:11. Arrival times are no execution order.\n- 2024-08-15 13:00\n    Recovered\n"
    )
    pm = parsed(with_timeline(timeline))
    assert [(e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (utc(12, 32), "No later failure was recorded through 2024-08-17."),
        (utc(12, 40), "Logged at 12:38:11. Arrival times are no execution order."),
        (utc(13, 0), "Recovered"),
    ]


def test_what_to_do_as_a_user_names_no_section() -> None:
    """SURFsara: `## What to do (as a user)` is advice to readers, not follow-up work (its `To do`)."""
    body = BODY.split("## Action Items")[0] + "## What to do (as a user)\n\n- Reboot your VM\n"
    checked = check(page({}, body))
    assert checked.postmortem is not None and checked.postmortem.action_items == []
    assert "Action Items" in [
        p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"
    ]


def test_html_comments_are_invisible_to_the_readers() -> None:
    """okctl's template keeps an example timeline and an `Example:` follow-up in `<!-- ... -->`: none of
    it is an entry, a day, a section or an item; the real rows and item are, on their own lines."""
    timeline = "<!--\nExample:\n2019-12-31\n- 08:23 Example alert\n-->\n\n- 12:32 - Alert fires\n"
    actions = "<!--\n- [ ] Example: add an alert\n-->\n- [ ] Add pooling\n"
    text = page(
        {}, body_with_timeline(timeline).split("## Action Items")[0] + "## Action Items\n\n" + actions
    )
    pm = parsed(text)
    assert [(e.line, e.at.astimezone(UTC)) for e in pm.timeline] == [
        (line_of(text, "Alert fires"), utc(12, 32))
    ]
    assert [(a.line, a.task) for a in pm.action_items] == [
        (line_of(text, "- [ ] Add pooling"), "Add pooling")
    ]


def test_a_sentence_over_a_list_names_no_summary_by_a_noun_inside_it() -> None:
    """Gyrinx: `Two syntax details that cost time:` over a list is no Summary (`details` is the
    sentence's own word); `Impact:` over a list still is, and `This was resolved by:` the Resolution."""
    notes = "## Notes\n\nTwo syntax details that cost time:\n\n- one\n- two\n\n"
    pm = parsed(page({}, BODY.replace("## Root Cause", notes + "## Root Cause")))
    assert [s.heading for s in pm.sections if "Summary" in s.names] == ["Summary"]
    body = BODY.replace("## Summary\n\n", "Impact:\n\n- checkout down\n\n").replace(
        "## Resolution\n\nThe team", "This was resolved by:\n\n- rebalancing\n\nThe team"
    )
    pm = parsed(page({}, body))
    assert [(s.heading, s.names) for s in pm.sections if s.level == 7] == [
        ("Impact", ("Summary",)),
        ("This was resolved by", ("Resolution",)),
    ]


def test_the_pages_own_h1_title_names_no_section() -> None:
    """cBioPortal's `# Incidents Log`, PyPI's `# Incident Report: Phishing Attack`: the page's only `#`
    heading, over all the others, is its title, not a Timeline or Summary of the whole page; an H1
    that is a section's name whole (Hachyderm's `# Timeline` over `##` days) still is that section."""
    no_summary = BODY.split("## Timeline")[1]
    checked = check(page({}, "# Incident Report: checkout down\n\n## Timeline" + no_summary))
    assert "Summary" in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]
    timeline = "# Timeline\n\n## 2024-08-15\n\n- 12:32 - Alert fires\n\n"
    pm = parsed(page({}, BODY.replace("## Timeline\n\n" + TIMELINE, timeline)))
    assert [(s.heading, s.level) for s in pm.sections if "Timeline" in s.names] == [("Timeline", 1)]


def test_backslash_escapes_of_exported_documents_are_read_as_what_they_show() -> None:
    """Google Docs and Confluence exports escape Markdown characters everywhere: `**2024\\-08\\-15
    12:32** \\- Alert fires`, `* \\[x\\] Add pooling`, and HTML entities (`S&amp;O`); a pipe inside a
    cell (`\\|`) stays one."""
    timeline = "**2024\\-08\\-15 12:32** \\- Alert fires\n* 12:45 \\- Escalated to S&amp;O\n"
    actions = "* \\[x\\] Add pooling\n* \\[ \\] Fix retry\\_logic\n"
    text = page({}, body_with_timeline(timeline).split("## Action Items")[0])
    text += "## Action Items\n\n" + actions
    pm = parsed(text)
    assert [(e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (utc(12, 32), "Alert fires"),
        (utc(12, 45), "Escalated to S&O"),
    ]
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Add pooling", "done"),
        ("Fix retry_logic", "open"),
    ]
    table = "| Action | Owner |\n| --- | --- |\n| Split a \\| b | ann |\n"
    assert [(a.task, a.owner) for a in parsed(with_actions(table)).action_items] == [("Split a \\| b", "ann")]


def test_a_comment_is_no_summary_title_or_section() -> None:
    """A template's instructions in a comment above the first heading are no summary, a commented-out
    `# Title` no title, and a commented-out section no section: each is reported as missing."""
    intro = "<!-- # Checkout outage\nWrite two sentences a busy reader can stop after. -->\n\n"
    body = intro + BODY.split("## Summary")[1].split("\n", 3)[3].replace(
        "## Root Cause\n", "<!--\n## Root Cause\n-->\n", 1
    )
    checked = check(page({"title": DROP}, body))
    missing = [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]
    assert missing == ["Summary", "Root Cause"]
    assert "title" in [p.rule for p in checked.problems]


def test_in_a_log_of_closing_stamps_a_stamp_with_no_paragraph_above_has_no_text() -> None:
    """Wynton: updates each closed by a stamp line; one stamp stands after a blank line: it keeps an
    empty event rather than taking the next update's paragraph (which shifted every event after it),
    and a note that merely mentions a time (`run time is 14 days`) is still an update's text."""
    log = (
        "**Update**: all back.\n<br>Aug 15, 14:00 UTC\n\n<br>Aug 15, 13:30 UTC\n\n"
        "**Update**: the default run time is 14 days.\n<br>Aug 15, 13:00 UTC\n\n"
        "**Notice**: maintenance planned.\n<br>Aug 15, 12:32 UTC\n"
    )
    pm = parsed(with_timeline(log, {"ended": "2024-08-15T14:00:00Z"}))
    assert [e.event for e in pm.timeline] == [
        "**Update**: all back.",
        "",
        "**Update**: the default run time is 14 days.",
        "**Notice**: maintenance planned.",
    ]


def test_japanese_notices_are_read() -> None:
    """semican/KDDI: `【障害原因】` and `■再発防止` lines label their parts, `1.故障発生部の冗長化` (no space
    after the number) is a list item, and `障害原因` holds the phrase `原因`: no section is missing."""
    body = (
        "【障害内容】\n2024年8月15日 12時32分から13時15分まで、決済が失敗しました。\n\n"
        "■タイムライン\n\n- 12:32 - アラート発報\n- 13:15 - 復旧\n\n"
        "【障害原因】\nデータベースの接続数が上限に達しました。\n\n【復旧対応】\n接続数の上限を引き上げました。\n\n"
        "【今後の対策】\n再発防止策として、以下2点を計画中です。\n1.接続プールの導入\n2.監視の追加\n"
    )
    pm = parsed(page({}, body))
    assert [a.task for a in pm.action_items] == ["接続プールの導入", "監視の追加"]
    assert [e.event for e in pm.timeline] == ["アラート発報", "復旧"]


def test_sections_in_other_languages_are_named() -> None:
    """German, Spanish and French headings name their sections out of the box."""
    body = (
        "## Zusammenfassung\n\nDer Checkout fiel aus.\n\n## Zeitverlauf\n\n- 12:32 - Alarm\n\n"
        "## Ursache\n\nPooling.\n\n## Solución\n\nReinicio.\n\n## Maßnahmen\n\n- [ ] Pooling einführen\n"
    )
    pm = parsed(page({}, body))
    assert [a.task for a in pm.action_items] == ["Pooling einführen"]


def test_a_numbered_outline_names_its_sections() -> None:
    """NYPL: the page is one numbered outline, `1. Incident Date` / `   - July 12 2018`, `4. Timeline` over
    its entries, `5. Root Cause`, `7. Preventative Measures` over the follow-ups: sections, and the date
    under `Incident Date` is no entry."""
    body = (
        "1. Incident Date\n   - Aug 15 2024\n2. Incident Summary\n   - Checkout failed.\n"
        "3. Timeline\n   - Aug 15 12:32: Alert fires\n   - Aug 15 13:15: Recovered\n"
        "4. Root Cause\n   - No pooling.\n5. Resolution and Recovery\n   - Restarted.\n"
        "6. Preventative Measures\n   - Add pooling\n   - Alert on connections\n"
    )
    pm = parsed(page({}, body))
    assert [e.event for e in pm.timeline] == ["Alert fires", "Recovered"]
    assert [a.task for a in pm.action_items] == ["Add pooling", "Alert on connections"]


def test_a_status_page_postmortem_with_bold_heads_and_posted_stamps() -> None:
    """Cosmic (Statuspage): `**What happened**` straight over its paragraph heads a section, the
    follow-ups are the paragraphs under `**What we will do to prevent this in the future**`, and
    the `Posted Aug 15, 2024 - 13:15 UTC` lines (closing each update, newest first) are the timeline."""
    body = (
        "**Postmortem**\n\nA burst of traffic took the database down.\n\n**What happened**\n"
        "A burst of traffic maxed out memory, which caused a restart.\n\n**Resolution**\n"
        "We optimized the indexes.\n\n**What we will do to prevent this in the future**\n"
        "We have implemented optimized indexes.\n\nWe will monitor new query operations.\n\n"
        "Posted Aug 16, 2024 - 17:42 UTC\n\n**Resolved**\nThis incident has been resolved.\n"
        "Posted Aug 15, 2024 - 13:15 UTC\n\n**Investigating**\nWe are investigating this issue.\n"
        "Posted Aug 15, 2024 - 12:32 UTC\n"
    )
    text = page({"ended": "2024-08-16T18:00:00Z"}, body)
    checked = check(text)
    pm = checked.postmortem
    assert pm is not None
    assert [a.task for a in pm.action_items] == [
        "We have implemented optimized indexes.", "We will monitor new query operations.",
    ]  # fmt: skip
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [utc(17, 42, day=16), utc(13, 15), utc(12, 32)]
    assert "Root Cause" not in [
        p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"
    ]


def test_a_clock_after_a_pm_clock_may_leave_the_pm_out() -> None:
    """NYPL: `Aug 15, 11:11pm` then `Aug 15 11:19`: the same evening (23:19), not a step back to the
    morning; `Aug 15, 9:10am` then `Aug 15 11:30` stays the morning."""
    pm = parsed(
        with_timeline(
            "- Aug 15, 11:11pm: Index deleted\n- Aug 15 11:19: Restore started\n",
            {"started": "2024-08-15T23:00:00Z", "ended": "2024-08-16T00:00:00Z"},
        )
    )
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [utc(23, 11), utc(23, 19)]
    morning = parsed(
        with_timeline(
            "- Aug 15, 9:10am: Alert\n- Aug 15 11:30: Fixed\n",
            {"started": "2024-08-15T09:00:00Z", "ended": "2024-08-15T12:00:00Z"},
        )
    )
    assert [e.at.astimezone(UTC) for e in morning.timeline] == [utc(9, 10), utc(11, 30)]


def test_mitigations_after_the_resolution_are_the_follow_ups() -> None:
    """okctl: `## Solution` says how it was fixed, then `## Mitigations` ("steps to prevent this from
    happening again"): with no follow-up section, the Mitigations' items are the action items; a lone
    `## Mitigation` is the Resolution, its steps done work, not items."""
    body = BODY.split("## Resolution")[0] + (
        "## Solution\n\nRestarted checkout.\n\n## Mitigations\n\n* Post upgrade notices on the status page\n"
    )
    pm = parsed(page({}, body))
    assert [a.task for a in pm.action_items] == ["Post upgrade notices on the status page"]
    lone = BODY.split("## Resolution")[0] + "## Mitigation\n\n* Restarted checkout\n"
    checked = check(page({}, lone))
    assert checked.postmortem is not None and checked.postmortem.action_items == []


def test_holdout20_status_page_shapes() -> None:
    """Neo4j: items holding only a range (`* 12:32:35 - 12:40:50 UTC`) are entries, the last one before
    a heading too; Harness: `Between 1:04 PM and 2:00 PM IST on ...` opens prose, and `1. Pod Recycling
    Strategy:` over a bullet is an item; Cosmic: a `**Resolved**` status label is no Resolution."""
    body = BODY.split("## Timeline")[0] + (
        "## How the service was affected\n\nBetween 12:30 PM and 1:15 PM UTC on August 15th, it failed.\n\n"
        "* 12:32:35 - 12:40:50 UTC\n* 12:51:05 - 13:02:10 UTC\n\n## Root Cause\n\nPooling.\n\n"
        "## Preventive Action\n\n1. Pool recycling strategy:\n* Recycle pods before memory runs out\n"
        "1. Optimization of pods.\n* Tune memory\n\n**Resolved**\nThis incident has been resolved.\n"
    )
    checked = check(page({}, body))
    pm = checked.postmortem
    assert pm is not None
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [utc(12, 32, 35), utc(12, 51, 5)]
    assert [a.task for a in pm.action_items] == ["Pool recycling strategy:", "Optimization of pods."]
    assert "Resolution" in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]


def test_items_under_an_actions_taken_label_are_done() -> None:
    """Fused: `- Immediate Actions Taken:` over bullets (done), `- Preventative Measures:` (open)."""
    labels = "- Immediate Actions Taken:\n  - Restarted checkout\n- Preventative Measures:\n  - Add pooling\n"
    pm = parsed(with_actions(labels))
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Restarted checkout", "done"),
        ("Add pooling", "open"),
    ]


def test_a_flat_numbered_outline_names_its_sections() -> None:
    """GUIDEcx: `1. Summary`, `3. Root Cause`, `5. Resolution` over plain paragraphs (nothing indented):
    each is a section, up to the next."""
    body = (
        "1. Summary\n\nCheckout failed under peak traffic.\n\n2. Timeline\n\n- 12:32 Alert fires\n\n"
        "3. Root Cause\nThe pool was too small.\n\n4. Resolution\nWe restarted checkout.\n\n"
        "5. Action Items\n- [ ] Add pooling\n"
    )
    pm = parsed(page({}, body))
    assert [a.task for a in pm.action_items] == ["Add pooling"]
    assert [e.event for e in pm.timeline] == ["Alert fires"]


def test_an_html_table_of_action_items_is_read() -> None:
    """Red Hat: `## Action Items` holding a raw HTML `<table>` (Action Item | Status), a `<td>` a line:
    each row an item on its `<tr>` line, its ticket from the link text."""
    html = (
        "<table>\n<thead>\n<tr>\n<th><strong>Action Item</strong></th>\n<th>Status</th>\n</tr>\n</thead>\n"
        "<tbody>\n<tr>\n<td>Add black-box tests: RHCLOUD-5026</td>\n<td>Pulled into Sprint 11</td>\n</tr>\n"
        "<tr>\n<td>Update stale-system queries</td>\n<td>Done</td>\n</tr>\n"
        "<tr><td></td><td></td></tr>\n</tbody>\n</table>\n"
    )
    text = with_actions(html)
    pm = parsed(text)
    rows = [n + 1 for n, line in enumerate(text.split("\n")) if line.startswith("<tr")][1:3]
    assert [(a.line, a.task, a.status, a.ticket) for a in pm.action_items] == [
        (rows[0], "Add black-box tests: RHCLOUD-5026", "open", "RHCLOUD-5026"),
        (rows[1], "Update stale-system queries", "done", None),
    ]


def test_korean_headings_are_named() -> None:
    """zzol: `## 요약`, `## 타임라인`, `## 근본 원인`, `## 대응`, `## 재발 방지 액션`: none missing."""
    body = (
        "## 요약\n\n배포가 실패했습니다.\n\n## 타임라인\n\n- 12:32 알림 발생\n\n"
        "## 근본 원인\n\n마이그레이션 시간 초과.\n\n"
        "## 대응\n\n롤백했습니다.\n\n## 재발 방지 액션\n\n- [ ] 마이그레이션 시간 제한 추가\n"
    )
    pm = parsed(page({}, body))
    assert [a.task for a in pm.action_items] == ["마이그레이션 시간 제한 추가"]


def test_a_dated_aside_in_a_table_dates_nothing_after_it() -> None:
    """seichi: `| (2024-04-26) | DB created |` (a background aside, in parentheses) is a day entry,
    but the clocks under it are on the incident's day; `翌 00:00 頃` is about midnight the next day."""
    table = (
        "| 時刻 (UTC) | 出来事 |\n|---|---|\n| (2024-04-26) | DB 初期化 |\n| 12:32 | 失敗開始 |\n"
        "| 16:00 頃 | 最初の通知 |\n| 23:50 | 復旧確認 |\n| 翌 00:00 頃 | 通知改善 |\n"
    )
    pm = parsed(with_timeline(table, {"ended": "2024-08-16T00:30:00Z"}))
    assert [(e.at.astimezone(UTC), e.precision) for e in pm.timeline] == [
        (datetime(2024, 4, 26, tzinfo=UTC), "day"),
        (utc(12, 32), "minute"),
        (utc(16, 0), "approximate"),
        (utc(23, 50), "minute"),
        (utc(0, 0, day=16), "approximate"),
    ]


def test_a_dated_timeline_heading_dates_its_clocks() -> None:
    """NuGet: `## Timeline (UTC) - 2024-08-15` then `## Timeline (UTC) - 2024-08-16`, each over plain
    `4:14 PM - ...` lines: the second heading's clocks are on the 16th; Rebellions: `DONE in v2` in a
    table's Due column closes the row."""
    body = BODY.split("## Timeline")[0] + (
        "## Timeline (UTC) - 2024-08-15\n\n12:32 PM - Alert fires\n\n"
        "## Timeline (UTC) - 2024-08-16\n\n4:14 PM - Errors again\n\n"
        "## Root Cause\n\nPooling.\n\n## Resolution\n\nFixed.\n\n## Action Items\n\n"
        "| # | Action | Owner | Due |\n| --- | --- | --- | --- |\n| 1 | Add pooling | db | DONE in v2 |\n"
        "| 2 | Alert on pool | db | next sprint |\n"
    )
    pm = parsed(page({"ended": "2024-08-16T17:00:00Z"}, body))
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [utc(12, 32), utc(16, 14, day=16)]
    assert [(a.task, a.status) for a in pm.action_items] == [
        ("Add pooling", "done"),
        ("Alert on pool", "open"),
    ]


def test_a_status_word_after_the_ticket_in_a_cell() -> None:
    """The SRE book's example: `| ... | jennifer | n/a **DONE** |`, `| Bug 5554823 **TODO** |` in the Bug
    column: the word is the row's status, not part of its ticket, and `n/a` is no ticket; a `[x]` in a
    Done? column closes a row, a `✗` does not."""
    actions = (
        "| Action Item | Type | Owner | Bug |\n| --- | --- | --- | --- |\n"
        "| Update playbook | mitigate | jennifer | n/a **DONE** |\n"
        "| Use flux capacitor | prevent | martym | Bug 5554823 **TODO** |\n"
        "| Plug the leak | prevent | agoogler | Bug 5554825 DONE |\n\n"
        "| Item | Assignee | Done? |\n| --- | --- | --- |\n| Dash | Ann | [x] |\n| Tune | Ann | ✗ |\n"
    )
    pm = parsed(with_actions(actions))
    assert [(a.task, a.status, a.ticket) for a in pm.action_items] == [
        ("Update playbook", "done", None),
        ("Use flux capacitor", "open", "Bug 5554823"),
        ("Plug the leak", "done", "Bug 5554825"),
        ("Dash", "done", None),
        ("Tune", "open", None),
    ]


def test_a_cleaned_status_closes_a_row_and_detailed_is_no_details() -> None:
    """AsyncAPI: `**🟢 CLEANED** (Branch deleted …)` in a Current Status column closes the row,
    `**🔴 OUTSTANDING**` does not; `#### Detailed Indicators of Compromise` names no Summary."""
    actions = (
        "| Target | Action | Current Status |\n| --- | --- | --- |\n"
        "| next | Delete the branch | **🟢 CLEANED** (Branch deleted at 07:44 UTC) |\n"
        "| v6 | Deprecate the tag | **🔴 OUTSTANDING** |\n"
    )
    pm = parsed(with_actions(actions))
    assert [a.status for a in pm.action_items] == ["done", "open"]
    ioc = "### Detailed Indicators of Compromise (IOCs)\n\nA hash.\n\n"
    body = BODY.replace("## Resolution", ioc + "## Resolution")
    pm = parsed(page({}, body))
    assert [s.heading for s in pm.sections if "Summary" in s.names] == ["Summary"]


def test_a_bold_row_under_an_empty_header_is_the_header() -> None:
    """Obol: an empty header, then `| **Action** | **Owner** | **Status** |`: the header, not an item."""
    table = (
        "|  |  |  |\n| --- | --- | --- |\n"
        "| **Action** | **Owner** | **Status** |\n| Add alerts | bob | Done |\n"
    )
    assert [(a.task, a.owner, a.status) for a in parsed(with_actions(table)).action_items] == [
        ("Add alerts", "bob", "done")
    ]


def test_a_closing_status_after_a_dash_and_card_links_as_tickets() -> None:
    """derever: `[86c9rvv31](https://app.clickup.com/t/86c9rvv31) ... -- closed` is done, its ticket the
    ClickUp card; Oslo kommune's `[KM676](https://trello.com/c/QIgNLSh1)` is a Trello card."""
    actions = (
        "- [86c9rvv31](https://app.clickup.com/t/86c9rvv31) Fix the GC -- closed\n"
        "- [KM676](https://trello.com/c/QIgNLSh1) Grow the volume -- offen\n"
    )
    assert [(a.status, a.ticket) for a in parsed(with_actions(actions)).action_items] == [
        ("done", "https://app.clickup.com/t/86c9rvv31"),
        ("open", "https://trello.com/c/QIgNLSh1"),
    ]


def test_done_in_other_languages() -> None:
    """NAV's `[Utført](…)` ("done") in a reference column; German, Japanese and Portuguese status
    cells: done words close a row, their negations (`nicht erledigt`, `未完了`) and other states do not."""
    actions = (
        "| Aksjon | Eier | Referanse |\n| --- | --- | --- |\n"
        "| Fiks | Team | [Utført](https://x.example/1) |\n\n"
        "| Maßnahme | Status |\n| --- | --- |\n| Alarm | erledigt |\n| Runbook | nicht erledigt |\n\n"
        "| 対策 | 状態 |\n| --- | --- |\n| 監視追加 | 完了 |\n| 手順書 | 未完了 |\n"
        "| 再発防止 | 対応済 |\n| 検討 | 対応中 |\n\n"
        "| Ação | Status |\n| --- | --- |\n| Alerta | Concluído |\n| Doc | Pendente |\n"
    )
    pm = parsed(with_actions(actions))
    assert [a.status for a in pm.action_items] == [
        "done", "done", "open", "done", "open", "done", "open", "done", "open"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("## Хронология (07.10.2026, CEST)", "Timeline"),  # kontakt (Russian)
        ("## Гипотезы (не доказаны)", "Root Cause"),
        ("## Что уже сделано", "Resolution"),
        ("## Что делаем дальше", "Action Items"),
        ("## 事件时间线（UTC+8）", "Timeline"),  # traffic_protocol (Chinese)
        ("## 根因分析", "Root Cause"),
        ("## 修复方案", "Resolution"),
        ("## 后续改进建议", "Action Items"),
        ("## Linha do tempo (UTC)", "Timeline"),  # Cadência, ChampsFlow (Portuguese)
        ("## Como foi corrigido", "Resolution"),
        ("## Correção (este PR)", "Resolution"),
        ("## Prevenção", "Action Items"),
        ("### Comment cela a-t-il pu arriver ?", "Root Cause"),  # Exodus Privacy (French)
        ("### Qu'avons-nous fait ?", "Resolution"),
        ("## Folgemaßnahmen", "Action Items"),  # German
        ("## 4. Was aendern wir", "Action Items"),  # derever: German without its umlauts
        ("## Massnahmen", "Action Items"),
        ("## 2. Warum ist es passiert", "Root Cause"),
        ("## 遗留与待办", "Action Items"),  # StarHall (Chinese): "left over and to do"
        ("### 권장 조치", "Action Items"),  # a Korean blog: "recommended actions", not the Resolution
    ],
)
def test_headings_in_more_languages(heading: str, section: str) -> None:
    body = BODY.replace(f"## {section}", heading)
    checked = check(page({}, body))
    assert section not in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]


def test_japanese_and_spanish_follow_ups() -> None:
    """Alt: `## アクションアイテム` over `### 緩和（Mitigate）` task lists (a kind of follow-up, no
    Resolution);
    REYZ: `## 是正` is the Resolution, `（手順書に反映済み）` or a closing `実施済み` marks an item done;
    Mister Service: `## Acciones tomadas (fix inmediato)` is the Resolution, not follow-ups; Trao Tay:
    an `ID` column (`A1`) holds the rows' numbers, not tickets."""
    body = BODY.replace("## Resolution", "## 是正").replace(
        "## Action Items\n\n" + ACTIONS,
        "## アクションアイテム\n\n### 緩和（Mitigate）\n\n- [x] 証明書の監視\n- [ ] 定期演習\n",
    )
    pm = parsed(page({}, body))
    assert [s.heading for s in pm.sections if "Resolution" in s.names] == ["是正"]
    assert [a.status for a in pm.action_items] == ["done", "open"]
    marked = "- 手順を固定（手順書に反映済み）\n- 権限を削除: 2024-08-15 12:11 実施済み\n- 移行（未完了）\n"
    assert [a.status for a in parsed(with_actions(marked)).action_items] == ["done", "done", "open"]
    spanish = BODY.replace("## Resolution", "## Acciones tomadas (fix inmediato)")
    pm = parsed(page({}, spanish))
    assert [s.heading for s in pm.sections if "Resolution" in s.names] == ["Acciones tomadas (fix inmediato)"]
    table = "| ID | Việc | Owner | Status |\n| --- | --- | --- | --- |\n| A1 | Tách | Thần | ✅ Done |\n"
    assert [(a.ticket, a.status) for a in parsed(with_actions(table)).action_items] == [(None, "done")]


def test_a_status_pages_log_heading_is_its_timeline_when_nothing_else_is() -> None:
    """vulpine.club: `### Log` over `- 2024-08-15 12:32 UTC: ...` with nested `- Update #1 at <stamp>`
    lines, on a page with no Timeline heading: the log is the timeline, its updates entries too."""
    log = (
        "### Log\n\n- 2024-08-15 12:32 UTC: queue backlog\n  - Update #1 at 2024-08-15 12:45 UTC\n"
        "    - Summary: workers stuck\n  - MONITORING at 2024-08-15 13:05 UTC: holding\n\n"
    )
    body = BODY.replace("## Timeline\n\n" + TIMELINE, log)
    pm = parsed(page({}, body))
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [utc(12, 32), utc(12, 45), utc(13, 5)]


def test_a_date_under_a_notices_marked_label_is_a_field() -> None:
    """KDDI: `■発生日時` ("date and time of occurrence") over `2017年11月15日 17:28 ~ 20:28`: a notice's
    field, as `Date:` is, not a timeline of one entry."""
    notice = "■発生日時\n2024年8月15日 12:32 ~ 13:15\n\n■障害内容\nCheckout failed.\n\n"
    body = notice + BODY.replace("## Timeline\n\n" + TIMELINE, "")
    checked = check(page({}, body))
    assert checked.postmortem.timeline == []
    assert "Timeline" in [p.message.split("'")[1] for p in checked.problems if p.rule == "section-missing"]


def test_a_landed_prevention_heading_marks_its_items_done() -> None:
    """StarHall: `## 预防（已落地）` ("prevention, landed") over bullets: follow-ups, done."""
    landed = "## 预防（已落地）\n\n- 新增回归测试\n- 暴露 storeStale\n"
    body = BODY.replace("## Action Items\n\n" + ACTIONS, landed)
    assert [a.status for a in parsed(page({}, body)).action_items] == ["done", "done"]


def test_a_korean_table_with_a_second_clock_column() -> None:
    """A Korean post: `| 시각 (KST) | 시각 (UTC) | 이벤트 |`: the first clock column is the time, the
    event column is named, so the second clock is no event."""
    timeline = "| 시각 (UTC) | 시각 (KST) | 이벤트 |\n|---|---|---|\n| 12:32 | 21:32 | 장애 발생 |\n"
    pm = parsed(with_timeline(timeline))
    assert [(e.at.astimezone(UTC), e.event) for e in pm.timeline] == [(utc(12, 32), "장애 발생")]


def test_a_german_log_of_day_month_stamps_and_done_labels() -> None:
    """pi5a: a `Wann | Was` table of `**20.07., 11:00**` and `**22.07.**` rows (day and month, no year:
    the year nearest the incident); `**Erledigt:**` ("done") opens a done follow-up, `**Offen:**` an
    open one; a numbered step titled in bold over a query is an item."""
    timeline = "| Wann | Was |\n|---|---|\n| **15.08., 12:32** | Alarm |\n| **16.08.** | Analyse |\n"
    actions = "**Erledigt:** Ein Check läuft nun nächtlich.\n\n**Offen:** pi5b aktualisieren.\n"
    text = page({"ended": "2024-08-16T12:00:00Z"}, body_with_timeline(timeline).split("## Action Items")[0])
    pm = parsed(text + "## Action Items\n\n" + actions)
    assert [(e.at.astimezone(UTC), e.precision) for e in pm.timeline] == [
        (utc(12, 32), "minute"),
        (utc(0, 0, day=16), "day"),
    ]
    assert [a.status for a in pm.action_items] == ["done", "open"]
    steps = "1. **Die zwei Läufe** (schließt Hypothese 2):\n   ```sql\n   SELECT 1;\n   ```\n"
    assert [a.task for a in parsed(with_actions(steps)).action_items] == [
        "**Die zwei Läufe** (schließt Hypothese 2):"
    ]


def test_norwegian_headings_and_status_brackets() -> None:
    """NAV: `## Tidslinje`, `**Rotårsaker:**`, `**Løsning:**`, `## Aksjonspunkter` name their sections;
    Antegen: `*(shipped, #67)*` and `*(done during the response)*` close an item, `*(outstanding)*` and
    `(done live, but not in code)` do not."""
    body = (
        "## Sammendrag\n\nSøknader feilet.\n\n## Tidslinje\n\n- 12:32 - Alarm\n\n"
        "**Rotårsaker:** Minnet gikk tomt.\n\n"
        "**Løsning:** Omstart.\n\n## Aksjonspunkter\n\n1. **Cap the sweep** *(shipped, #67)*\n"
        "2. **Page on rent** *(done during the response)*\n"
        "3. **Alert on drift** *(outstanding — nothing built)*\n"
        "4. Enable checksums (done live, but not in code)\n"
    )
    pm = parsed(page({}, body))
    assert [a.status for a in pm.action_items] == ["done", "done", "open", "open"]


def test_a_norwegian_timeline_table_with_dotted_clocks() -> None:
    """NAV: `|Klokkeslett | Hendelse |` (Time | Event) over `| 15.15 | ... |` rows: a dotted clock alone in
    its cell is a time (`2.10` alone is not: a version, not an hour)."""
    table = "|Klokkeslett | Hendelse |\n|---|---|\n| 12.32 | Alarm |\n| 13.15 | Løst |\n"
    pm = parsed(with_timeline(table))
    assert [(e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (utc(12, 32), "Alarm"),
        (utc(13, 15), "Løst"),
    ]


def test_a_two_digit_year_before_a_clock() -> None:
    """NAV: `| 15.08.24 - 12:32 | ... |` (DD.MM.YY, then the clock) is a full instant; `1.10.20 released`
    (a version) is no date."""
    table = "| Tid | Hendelse |\n|---|---|\n| 15.08.24 - 12:32 | Alarm |\n| 16.08.24 - 09:00 | Løst |\n"
    pm = parsed(with_timeline(table, {"ended": "2024-08-16T10:00:00Z"}))
    assert [e.at.astimezone(UTC) for e in pm.timeline] == [utc(12, 32), utc(9, 0, day=16)]
    assert check(with_timeline("- 1.10.20 released\n")).postmortem.timeline == []


def test_the_vocabulary_is_hashed_once_and_survives_pickling() -> None:
    """The readers' caches key on the vocabulary at every call: it keeps the hash it was built with,
    every checker of the same phrases shares it (an equal copy was compared phrase by phrase at every
    cached call: a 2 MB page of headings took 2.7 s, 0.85 s now), and one sent to a helper process is
    hashed anew there (str hashes differ between processes)."""
    vocabulary = sections.build_vocabulary(SECTION_ALIASES)
    # one vocabulary for the same phrases: the caches find it by identity, not phrase by phrase
    assert sections.build_vocabulary(dict(SECTION_ALIASES)) is vocabulary
    copy = pickle.loads(pickle.dumps(vocabulary))
    assert copy == vocabulary and hash(copy) == hash(vocabulary) == hash(tuple(vocabulary))
    assert copy.__dict__ == {"_hash": hash(tuple(vocabulary))}
    assert sections.section_names("## Root cause of the outage", copy) == ("Root Cause",)


def test_bullets_nested_under_an_item_are_its_detail() -> None:
    """Clever Cloud, Optimism, MIT OL: `- Add a runbook` over `  - who to page` is one item, its bullets
    describe it; under an item that ends in a colon (USDR's `- In the future when dealing with sensitive
    code that may have breaking effects on the API:`) the bullets are the items, as under a label."""
    pm = parsed(
        with_actions(
            "- Tune Vector's buffers\n  - `buffer.type` memory to disk\n"
            "  - `buffer.when_full` to drop_newest\n"
            "- Encourage authors to\n  - state the risks\n"
            "- In the future when dealing with sensitive code that may have breaking effects on the API:\n"
            "  - Add integration tests\n  - Monitor errors\n"
        )
    )
    assert [a.task for a in pm.action_items] == [
        "Tune Vector's buffers",
        "Encourage authors to",
        "In the future when dealing with sensitive code that may have breaking effects on the API:",
        "Add integration tests",
        "Monitor errors",
    ]


@pytest.mark.parametrize(
    ("item", "owner"),
    [
        ("- [ ] Reduce the ORM queries. **Owner:** Nathan Levesque", "Nathan Levesque"),  # MIT OL
        ("- [ ] Reland it in Learn. **Owner:** Carey to do it", "Carey"),
        ("- [ ] Reland it. **Owner:** None, addressed by local-dev", None),
        ("- Ed to create some docs around incidents.", "Ed"),  # GOV.UK One Login's meeting notes
        ("- Developers to come up with a response approach", "Developers"),
        ("- Chris - explore enhanced analytics on the learn DB", "Chris"),  # MIT OL
        ("- Chris \\- explore enhanced analytics on the learn DB", "Chris"),  # a Google Docs export
        ("- Default to the local cost map in production", None),  # a verb, no one
        ("- Continue to track the port leak upstream", None),
        ("- Monitoring - add alerts on disk queue depth", None),  # a topic, no one
        ("- Documentation - write the rollback steps", None),
        ("- Verantwortlich: Anna", "Anna"),
        ("- [ ] Add alerting. Owner: Alice. Due: 2024-05-01.", "Alice"),  # not `Alice. Due`
        ("- [ ] Add alerting (owner: Platform team)", "Platform team"),
        ("- [ ] Add alerting — Responsible: Team SRE", "Team SRE"),
        ("- [ ] Add alerting (owner: j.doe)", "j.doe"),
    ],
)
def test_an_items_owner_as_teams_write_it(item: str, owner: str | None) -> None:
    (found,) = parsed(with_actions(item + "\n")).action_items
    assert found.owner == owner


def test_action_tables_with_headers_in_other_languages_and_tickets_in_any_column() -> None:
    """NAV (`Aksjon | Type | Eier | Referanse`), GiganticMinecraft (`# | 対策 | 主担当(ロール) | 追跡`:
    the `#` column numbers the rows, it is no task), LiteLLM (`| Code |` holding the PR). A ticket
    column's words that are no ticket are none (VA: `Ticket not created yet`, `Will not do`), nor is a
    link whose text is a status (`[Utført](…)`); an id written its own way is one (`KM676`)."""
    pm = parsed(
        with_actions(
            "| Aksjon | Type | Eier | Referanse |\n| --- | --- | --- | --- |\n"
            "| Endre feilmelding | Forbedring | André Roaldseth |"
            " [Utført](https://github.com/n/d/commit/811) |\n"
            "| Overvåke pool | Forbedring | ??? | KM676 |\n\n"
            "| # | 対策 | 主担当(ロール) | 追跡 |\n|---|---|---|---|\n"
            "| 1 | 成功途絶の監視 | infra 担当 | [infra#5692](https://github.com/g/infra/issues/5692) |\n\n"
            "| # | Action | Status | Code |\n|---|---|---|---|\n"
            "| 1 | CI validation | Done | [PR #20605](https://github.com/b/l/pull/20605) |\n\n"
            "| Description | Owner | Issue # |\n|---|---|---|\n"
            "| Add a unit test | Public Websites | Ticket not created yet |\n"
            "| Add PACT tests | TBD | Will not do |\n"
        )
    )
    assert [(a.task, a.owner, a.ticket, a.status) for a in pm.action_items] == [
        ("Endre feilmelding", "André Roaldseth", None, "done"),
        ("Overvåke pool", None, "KM676", "open"),
        ("成功途絶の監視", "infra 担当", "https://github.com/g/infra/issues/5692", "open"),
        ("CI validation", None, "https://github.com/b/l/pull/20605", "done"),
        ("Add a unit test", "Public Websites", None, "open"),
        ("Add PACT tests", None, None, "open"),
    ]


def test_a_reference_style_link_gives_an_item_its_ticket() -> None:
    """Binder: `([issue][alerting-issue])` with `[alerting-issue]: https://github.com/…/issues/611` at the
    foot of the page; a reference to a page that is no tracker's is no ticket."""
    body = body_with_actions(
        "1. Implement proactive alerts ([issue][alerting-issue]).\n"
        "2. Fix the version bug ([pull request][fix-pr])\n"
        "3. Read the [runbook][]\n"
    ) + (
        "\n[alerting-issue]: https://github.com/j/deploy/issues/611\n"
        "[fix-pr]: <https://github.com/j/deploy/pull/2113>\n[runbook]: https://wiki.example/runbook\n"
    )
    pm = parsed(page({}, body))
    assert [a.ticket for a in pm.action_items] == [
        "https://github.com/j/deploy/issues/611",
        "https://github.com/j/deploy/pull/2113",
        None,
    ]


def test_a_statusfy_status_pages_updates_are_its_timeline() -> None:
    """Stencila, Gitpod, AdamRMS: Statusfy writes each update as `::: update <label> | <ISO instant>`, its
    text under it, closed by `:::`; with no Timeline heading the updates are the timeline, the label
    each update's event."""
    body = (
        "Attempting to visit the Hub results in a `502 Error`.\n\n<!--- language code: en -->\n\n"
        "::: update Monitoring | 2021-05-03T19:16:54.777Z\nIncident has been resolved.\n\n:::\n\n"
        "::: update Service is recovering | 2021-05-03T22:51:55.840Z\n\n"
        "The storage service was recreated.\n\n:::\n"
    )
    pm = check(page({}, body)).postmortem
    assert [(e.at.astimezone(UTC), e.event) for e in pm.timeline] == [
        (datetime(2021, 5, 3, 19, 16, 54, tzinfo=UTC), "Monitoring Incident has been resolved."),
        (datetime(2021, 5, 3, 22, 51, 55, tzinfo=UTC), "Service is recovering"),
    ]


def test_a_label_that_seems_to_name_the_follow_ups_yields_to_their_heading() -> None:
    """Orca: `**Phase 2 — Stuck tasks (self-inflicted by first fix):**` over a list in the Root Cause is the
    story's prose, not a second list of work, when the page's `## Action Items` holds the items; a page
    whose only follow-ups sit under such a label keeps them (Wails: `To minimise exposure ... by:`)."""
    body = BODY.replace(
        "## Root Cause\n",
        "## Root Cause\n\n**Phase 2 — Stuck tasks (self-inflicted by first fix):**\n\n"
        "- The first fix blocked every re-run\n- Seven tasks sat queued\n",
        1,
    )
    assert "Phase 2" in body
    pm = parsed(page({}, body))
    assert [a.task for a in pm.action_items] == [
        "Add connection pooling @alice OPS-101",
        "Alert on checkout error rate @bob",
    ]
    only_label = body.replace(ACTIONS, "").replace("## Action Items\n", "## Moving Forward\n")
    only_label = only_label.replace("Phase 2 — Stuck tasks (self-inflicted by first fix):", "Next tasks:")
    items = check(page({}, only_label)).postmortem.action_items
    assert [a.task for a in items] == ["The first fix blocked every re-run", "Seven tasks sat queued"]


@pytest.mark.parametrize(
    ("status", "done"),
    [
        ("Implemented", "done"),
        ("Documented", "done"),
        ("Partially implemented", "open"),
        ("To be implemented", "open"),
    ],
)
def test_implemented_in_a_status_column_is_done(status: str, done: str) -> None:
    """Volume: `| Create scripts/verify-prod-env.sh | - | Implemented |`."""
    (item,) = parsed(
        with_actions(f"| Action | Owner | Status |\n|---|---|---|\n| Add a check | - | {status} |\n")
    ).action_items
    assert item.status == done


def test_a_link_definition_under_the_follow_ups_is_no_item() -> None:
    """Scry: `[incident]: https://linear.app/…/issue/MIS-173/…` at the foot of the Follow-up section."""
    items = parsed(
        with_actions("- [ ] Own [MIS-175][follow-up]\n\n[follow-up]: https://linear.app/m/issue/MIS-175/x\n")
    ).action_items
    assert [(a.task, a.ticket) for a in items] == [("Own [MIS-175][follow-up]", "MIS-175")]


def test_korean_estimated_times_and_mitigation_headings() -> None:
    """ReadMates: `| 추정: 11:00 이전 |` ("estimated: before 11:00"), `| 추정: ~11:15 |` are approximate
    times; `## 완화 (단기 조치)` (mitigation) and `## 영구 수정` (permanent fix) are the Resolution."""
    table = (
        "| 시각 | 이벤트 |\n|---|---|\n| 추정: 11:00 이전 | 발견 |\n"
        "| 추정: ~11:15 | 재현 |\n| 11:48 | 수정 |\n"
    )
    pm = parsed(with_timeline(table, {"started": "2024-08-15T10:30:00Z", "ended": "2024-08-15T12:00:00Z"}))
    assert [(e.at.astimezone(UTC), e.precision) for e in pm.timeline] == [
        (utc(11, 0), "approximate"),
        (utc(11, 15), "approximate"),
        (utc(11, 48), "minute"),
    ]
    body = BODY.replace("## Resolution", "## 완화 (단기 조치)")
    assert "## 완화" in body
    assert "section-missing" not in {p.rule for p in check(page({}, body)).problems}
    assert sections.section_names("영구 수정", sections.build_vocabulary(SECTION_ALIASES)) == ("Resolution",)


def test_a_range_of_clocks_then_its_zone_and_day() -> None:
    """pgmac: `| **08:14–08:17 AEST 27 Sep** |` is 08:14 on the 27th (the day after the range was lost,
    and the entry took the day of the row before); `13:00 - 13:30 2 servers down` has no day."""
    table = (
        "| Time | Event |\n|---|---|\n| **14:00 AEST 26 Sep** | Wedged |\n"
        "| **08:14–08:17 AEST 28 Sep** | Reboot |\n"
    )
    pm = parsed(with_timeline(table, {"started": "2026-09-26T02:00:00Z", "ended": "2026-09-28T00:00:00Z"}))
    assert [e.at.isoformat() for e in pm.timeline] == [
        "2026-09-26T14:00:00+10:00",
        "2026-09-28T08:14:00+10:00",
    ]
    (entry,) = parsed(with_timeline("- 13:00 - 13:30 2 servers down\n")).timeline
    assert (entry.at.astimezone(UTC), entry.event) == (utc(13, 0), "2 servers down")


def test_a_bold_titled_item_then_what_became_of_it() -> None:
    """neusis: `1. **Bound the stop timeout** — implemented as a 300-second …` is done; a title then a plan
    (`— add a 300-second timeout`) is open."""
    items = parsed(
        with_actions(
            "1. **Bound the stop timeout** — implemented as a 300-second limit\n"
            "2. **Guard the activation** — enabled for oppy and karkinos\n"
            "3. **Watch the pool** — add an alert at 80 %\n"
        )
    ).action_items
    assert [a.status for a in items] == ["done", "done", "open"]


def test_a_follow_up_inspection_is_no_list_of_follow_ups() -> None:
    """neusis: `## Follow-up inspection — 2026-09-21` logs a later look at the hosts (four observations),
    it names no Action Items."""
    vocabulary = sections.build_vocabulary(SECTION_ALIASES)
    assert sections.section_names("Follow-up inspection — 2026-09-21", vocabulary) == ()
    assert sections.section_names("Follow-up actions", vocabulary) == ("Action Items",)


@pytest.mark.parametrize(
    ("item", "at", "event"),
    [
        (
            "2 de marzo de 2024, 14:05 caída del servicio",
            datetime(2024, 3, 2, 14, 5, tzinfo=UTC),
            "caída del servicio",
        ),
        ("20. März 2024 um 14:05 Ausfall", datetime(2024, 3, 20, 14, 5, tzinfo=UTC), "Ausfall"),
        ("2 mars 2024 à 14h05 panne", datetime(2024, 3, 2, 14, 5, tzinfo=UTC), "panne"),
        ("23 settembre 2024 ore 12:00 guasto", datetime(2024, 9, 23, 12, 0, tzinfo=UTC), "guasto"),
        ("12 juli 2024 om 14:05 storing", datetime(2024, 7, 12, 14, 5, tzinfo=UTC), "storing"),
        ("10 Agu 2024 23:24 Bot push", datetime(2024, 8, 10, 23, 24, tzinfo=UTC), "Bot push"),  # Indonesian
        ("2 marca 2024 14:05 awaria", datetime(2024, 3, 2, 14, 5, tzinfo=UTC), "awaria"),  # Polish
        ("5 Ekim 2024 14:05 arıza", datetime(2024, 10, 5, 14, 5, tzinfo=UTC), "arıza"),  # Turkish
        ("3 août 2024 10:00 panne", datetime(2024, 8, 3, 10, 0, tzinfo=UTC), "panne"),
        ("2 de março de 2024 14:05 queda", datetime(2024, 3, 2, 14, 5, tzinfo=UTC), "queda"),
    ],
)
def test_dates_in_the_languages_postmortems_are_written_in(item: str, at: datetime, event: str) -> None:
    """HIFDI (`10 Agu 23:24`), Titan (`23/04 ore 12:00`): month names and the word for "at" before a clock
    in German, French, Spanish, Portuguese, Italian, Dutch, Indonesian, Polish and Turkish."""
    (entry,) = parsed(with_timeline(f"- {item}\n", {"started": "2024-01-01T00:00:00Z"})).timeline
    assert (entry.at, entry.event) == (at, event)


@pytest.mark.parametrize("prose", ["- 2 out of 3 servers failed", "- 5 set of tests ran", "- 2 des serveurs"])
def test_month_abbreviations_that_are_words_are_no_months(prose: str) -> None:
    assert check(with_timeline(prose + "\n")).postmortem.timeline == []


def test_hours_estimates_and_unknowns_in_other_languages() -> None:
    """Kibana (`07–09u`: from 07:00, roughly), WBD (`Voor 20:56:52 UTC`, `Na …`, `Tussen 20:53:15 en
    20:54:35 UTC`, and English `Between … and … UTC` took the zone of the row above), German `14 Uhr`,
    inmogrid (`[Desconocido]`: a time not known)."""
    table = (
        "| Tijd | Gebeurtenis |\n|---|---|\n| 05:58 CEST | start |\n| 07–09u | lockout |\n| 14 Uhr | fix |\n"
        "| Tussen 20:53:15 en 20:54:35 UTC | tests |\n| Voor 20:56:52 UTC | rollback |\n"
        "| Between 20:57:10 and 20:58:00 UTC | check |\n| [Desconocido] | error |\n"
    )
    pm = check(
        with_timeline(table, {"started": "2024-08-15T03:00:00Z", "ended": "2024-08-16T00:00:00Z"})
    ).postmortem
    assert [(e.at and e.at.astimezone(UTC), e.precision) for e in pm.timeline] == [
        (utc(3, 58), "minute"),
        (utc(5, 0), "approximate"),
        (utc(12, 0), "minute"),
        (utc(20, 53, 15), "second"),
        (utc(20, 56, 52), "approximate"),
        (utc(20, 57, 10), "second"),
        (pm.timeline[-1].at and pm.timeline[-1].at.astimezone(UTC), "unknown"),
    ]


def test_a_clock_opening_prose_in_another_language_is_prose() -> None:
    """FFMUC: `Um 16:30 konnten wir …` and `Gegen 10 Uhr erreichten wir …` (German "at", "around") in a post
    with no Timeline are its prose, as `At 3:04 PM we queued …` is."""
    body = BODY.replace(TIMELINE, "").replace("## Timeline\n", "## Ablauf der Dinge\n")
    body += "\nUm 16:30 konnten wir die Kapazität herstellen.\n\nGegen 10 Uhr erreichten wir einen Peak.\n"
    assert check(page({}, body)).postmortem.timeline == []


def test_section_phrases_in_dutch_italian_indonesian_turkish_and_polish() -> None:
    vocabulary = sections.build_vocabulary(SECTION_ALIASES)
    named = {
        "KRONOLOGI (untuk IT)": ("Timeline",),
        "Tijdlijn": ("Timeline",),
        "Preventie (de echte les)": ("Action Items",),
        "6. Migliorie Future: Sistema di Logging": ("Action Items",),
        "Raccomandazioni": ("Action Items",),
        "4. Considerazioni Finali e Diagnosi": ("Root Cause",),
        "Przyczyna": ("Root Cause",),
        "12. Aanbevolen vervolgstap": ("Action Items",),
        "Durante Recuperación": ("Resolution",),
        "Kök neden": ("Root Cause",),
        "Directe mitigatie": ("Resolution",),
        "Samenvatting": ("Summary",),
    }
    assert {heading: sections.section_names(heading, vocabulary) for heading in named} == named


def test_subheadings_numbered_in_the_sections_own_outline_are_its_items() -> None:
    """WBD: `## 12. Aanbevolen vervolgstap` over `### 12.1 Eerst TransIP-serverbewijs opvragen`, `### 12.2 …`,
    each over bullets of what to ask and check: the numbered steps are the items, as `### 1. …` are."""
    section = (
        "### 12.1 Ask the host for evidence\n\n- primary host;\n- switch window;\n\n"
        "### 12.2 Review the release procedure\n\n- only while the old release is healthy;\n"
    )
    items = parsed(with_actions(section)).action_items
    assert [a.task for a in items] == ["Ask the host for evidence", "Review the release procedure"]


def test_a_team_column_is_the_owner_where_no_owner_column_is() -> None:
    """`| Remediation | Team | Tracking | State |`: the team does the work; beside an Owner column, the owner
    is the Owner column's."""
    items = parsed(
        with_actions(
            "| Remediation | Team | Tracking | State |\n|---|---|---|---|\n"
            "| Cap the pool | SRE | #45 | closed |\n\n"
            "| Action | Team | Owner |\n|---|---|---|\n| Add a replica | SRE | dana |\n"
        )
    ).action_items
    assert [(a.task, a.owner, a.ticket, a.status) for a in items] == [
        ("Cap the pool", "SRE", "#45", "done"),
        ("Add a replica", "dana", None, "open"),
    ]


@pytest.mark.parametrize(
    ("item", "at"),
    [
        # Unix `date`, pasted from a terminal: the year after the zone
        ("Tue May 14 14:05:33 UTC 2024 pool exhausted", datetime(2024, 5, 14, 14, 5, 33, tzinfo=UTC)),
        # a US region's name after a 12-hour clock, with no `Time` after it
        ("May 14, 2024 2:05 PM Pacific pool exhausted", datetime(2024, 5, 14, 21, 5, tzinfo=UTC)),
        # an IANA zone name
        ("2024-05-14 14:05 Europe/Berlin pool exhausted", datetime(2024, 5, 14, 12, 5, tzinfo=UTC)),
    ],
)
def test_stamps_as_terminals_and_schedulers_write_them(item: str, at: datetime) -> None:
    (entry,) = parsed(with_timeline(f"- {item}\n", {"started": "2024-05-14T00:00:00Z"})).timeline
    assert (entry.at, entry.event) == (at, "pool exhausted")


def test_follow_up_headings_that_say_what_changes() -> None:
    """`## What will we do differently`, `## Preventing recurrence` name the follow-ups; `## The recurrence
    during rollout` (Inngest: the incident coming back) names nothing."""
    vocabulary = sections.build_vocabulary(SECTION_ALIASES)
    assert [
        sections.section_names(h, vocabulary)
        for h in ("What will we do differently", "Preventing recurrence", "The recurrence during rollout")
    ] == [("Action Items",), ("Action Items",), ()]


def test_a_tracked_table_of_follow_ups_beside_the_follow_ups_section() -> None:
    """Volume: `## Mitigation Plan` over `### Preventive Measures` (read as the follow-ups) and `### Process
    Changes`, whose `| Action | Owner | Status |` table is follow-ups too; a Resolution's `| Time | Action |
    Status |` table is what was done during the response, not follow-ups."""
    body = BODY.replace(
        "## Resolution\n",
        "## Resolution\n\n| Time | Action | Status |\n|---|---|---|\n| 13:00 | Restart the pool | Done |\n\n"
        "### Process Changes\n\n| Action | Owner | Status |\n|---|---|---|\n"
        "| Add a config checklist | - | Implemented |\n",
        1,
    )
    items = parsed(page({}, body)).action_items
    assert [(a.task, a.status) for a in items] == [
        ("Add a config checklist", "done"),
        ("Add connection pooling @alice OPS-101", "open"),
        ("Alert on checkout error rate @bob", "done"),
    ]


def test_vietnamese_czech_and_chinese_section_words_and_done_items() -> None:
    """vngame: `## NGUYÊN NHÂN CHÍNH:` (main cause), `## HÀNH ĐỘNG KHẮC PHỤC ĐÃ THỰC HIỆN:`
    (corrective actions carried out: the Resolution and the follow-ups, done); Czech `### Navrhované
    řešení` (proposed solution), `## Časová osa incidentu`; Chinese `## 问题根源分析`; georadar's
    `3. 已实现…` ("implemented …") is done."""
    vocabulary = sections.build_vocabulary(SECTION_ALIASES)
    named = {
        "NGUYÊN NHÂN CHÍNH": ("Root Cause",),
        "Navrhované řešení": ("Action Items",),
        "Časová osa incidentu": ("Timeline",),
        "问题根源分析": ("Root Cause",),
    }
    assert {h: sections.section_names(h, vocabulary) for h in named} == named
    assert set(sections.section_names("HÀNH ĐỘNG KHẮC PHỤC ĐÃ THỰC HIỆN", vocabulary)) == {
        "Resolution",
        "Action Items",
    }
    body = BODY.replace("## Action Items", "## HÀNH ĐỘNG KHẮC PHỤC ĐÃ THỰC HIỆN:").replace(
        ACTIONS, "- Chạy kịch bản migrate thành công\n- Gỡ bỏ quyền của Git\n"
    )
    assert [a.status for a in parsed(page({}, body)).action_items] == ["done", "done"]
    items = parsed(
        with_actions("1. 已加入发布 manifest fixture\n2. 已实现发布后前台冒烟检查\n3. 评估数据库连接池\n")
    )
    assert [a.status for a in items.action_items] == ["done", "done", "open"]


def test_a_word_inside_a_headings_title_names_no_section() -> None:
    """TanStack: `### 2. GitHub Actions cache poisoning across trust boundaries` (a product), QUOTRONS:
    `### After containment — official frontend actions disabled`, Sourcegraph's FAQ `**Is there any
    action that I need to take?**`: `Actions`/`Tasks` name the follow-ups at a heading's start or end
    (`Follow-up tasks`, `Tasks and owners`), not inside its words."""
    vocabulary = sections.build_vocabulary(SECTION_ALIASES)
    headings = {
        "2. GitHub Actions cache poisoning across trust boundaries": (),
        "After containment — official frontend actions disabled": (),
        "Is there any action that I need to take?": (),
        "Actions": ("Action Items",),
        "Follow-up tasks": ("Action Items",),
        "Tasks and owners": ("Action Items",),
        "Remaining tasks and owners": ("Action Items",),
        "What we've already done": ("Resolution", "Action Items"),
        "What we're working on next": ("Action Items",),
        "Where did the malicious code come from?": ("Root Cause",),
        "How has this been addressed?": ("Resolution",),
        "What email addresses were viewable?": (),
    }
    assert {h: sections.section_names(h, vocabulary) for h in headings} == headings
