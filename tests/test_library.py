"""Library statistics and pages against answers computed by hand.

A five-incident corpus with known durations: the right counts, medians, p90s and
groupings are worked out below in comments, not taken from the code under test.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, mkdocs
from mkdocs_postmortems import yamlnodes
from mkdocs_postmortems.cli import load_site
from mkdocs_postmortems.library import Library, median, percentile
from mkdocs_postmortems.model import ActionItem, Postmortem
from mkdocs_postmortems.schema import build_schema
from mkdocs_postmortems.settings import Settings
from test_site import make_site, page_text

NOW = datetime(2024, 7, 1, tzinfo=UTC)


def incident(
    name: str, day: int, minutes: int, severity: str, services: list[str], **extra: object
) -> Postmortem:
    started = datetime(2024, 6, day, 10, 0, tzinfo=UTC)
    return Postmortem(
        source=f"{name}.md",
        title=name,
        severity=severity,
        services=services,
        started=started,
        ended=started + timedelta(minutes=minutes),
        url=f"postmortems/{name}/",
        **extra,
    )  # type: ignore[arg-type]


# durations 10, 30, 60, 120, 600 minutes
CORPUS = [
    incident("a", 1, 10, "SEV3", ["api"]),
    incident("b", 5, 30, "SEV2", ["api", "db"], tags=["database"]),
    incident("c", 10, 60, "SEV2", ["db"], action_items=[
        ActionItem("old open", due=date(2024, 6, 20)), ActionItem("done one", status="done")]),
    incident("d", 20, 120, "SEV1", ["api", "db", "cdn"], action_items=[ActionItem("newer open")]),
    incident("e", 25, 600, "SEV2", ["cdn"], tags=["database"]),
]  # fmt: skip


def test_median_and_p90_by_hand() -> None:
    assert median([10, 30, 60, 120, 600]) == 60
    assert median([10, 30, 60, 120]) == 45  # (30 + 60) / 2
    # nearest rank: ceil(0.9 * 5) = 5th smallest
    assert percentile([600, 10, 120, 30, 60], 0.9) == 600
    # ceil(0.9 * 10) = 9th smallest of 1..10
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert median([]) is None and percentile([], 0.9) is None


def test_library_figures_by_hand() -> None:
    library = Library(CORPUS, Settings(), NOW)
    assert [pm.title for pm in library.incidents] == ["e", "d", "c", "b", "a"]  # newest first
    assert library.stats.count == 5
    assert library.stats.total_minutes == 10 + 30 + 60 + 120 + 600
    assert library.stats.median_minutes == 60
    assert library.stats.p90_minutes == 600
    assert library.severity_counts() == [("SEV1", 1), ("SEV2", 3), ("SEV3", 1), ("SEV4", 0)]
    sev2 = next(g for g in library.severities if g.key == "SEV2")
    # SEV2: b 30, c 60, e 600 -> median 60, p90 = 3rd smallest = 600
    assert (sev2.stats.count, sev2.stats.median_minutes, sev2.stats.p90_minutes) == (3, 60, 600)
    services = {g.key: g for g in library.services}
    # api: a 10, b 30, d 120; db: b 30, c 60, d 120; cdn: d 120, e 600
    assert {k: g.stats.count for k, g in services.items()} == {"api": 3, "db": 3, "cdn": 2}
    assert services["api"].stats.median_minutes == 30
    assert services["cdn"].stats.median_minutes == 360  # (120 + 600) / 2
    assert services["cdn"].stats.p90_minutes == 600
    # with api: db in b and d (2), cdn in d (1)
    assert services["api"].co_services == [("db", 2), ("cdn", 1)]
    # time since the last db incident: d started 2024-06-20 10:00, now 2024-07-01 00:00
    assert services["db"].stats.since_last(NOW) == timedelta(days=10, hours=14)


def test_open_action_items_oldest_first_overdue_and_done() -> None:
    library = Library(CORPUS, Settings(), NOW)
    items = library.open_items(date(2024, 6, 25))
    assert [(i.item.task, i.incident.title, i.age_days, i.overdue) for i in items] == [
        ("old open", "c", 15, True),  # due 06-20, before 06-25
        ("newer open", "d", 5, False),  # no due date
    ]
    assert library.done_items() == 1
    grouped = library.open_items_by_service(date(2024, 6, 25))
    assert [(service, [i.item.task for i in entries]) for service, entries in grouped] == [
        ("api", ["newer open"]),  # d's first service
        ("db", ["old open"]),
    ]


def test_related_incidents_share_a_service_or_tag_newest_first() -> None:
    library = Library(CORPUS, Settings(), NOW)
    b = next(pm for pm in CORPUS if pm.title == "b")
    # b: api, db, tag database -> d (api, db), c (db), a (api), e (tag) ; newest first: e, d, c, a
    assert [pm.title for pm in library.related(b)] == ["e", "d", "c", "a"]
    assert [pm.title for pm in library.related(b, limit=2)] == ["e", "d"]


def test_related_fills_its_limit_from_a_busy_service_without_the_incident_itself() -> None:
    """Seven incidents of one service, newest last: each page lists the five newest others."""
    busy = [incident(f"s{n}", n, 10, "SEV3", ["checkout"]) for n in range(1, 8)]
    library = Library(busy, Settings(), NOW)
    by_title = {pm.title: pm for pm in busy}
    assert [pm.title for pm in library.related(by_title["s7"])] == ["s6", "s5", "s4", "s3", "s2"]
    assert [pm.title for pm in library.related(by_title["s5"])] == ["s7", "s6", "s4", "s3", "s2"]
    assert [pm.title for pm in library.related(by_title["s1"])] == ["s7", "s6", "s5", "s4", "s3"]
    assert [pm.title for pm in library.related(by_title["s7"], limit=3)] == ["s6", "s5", "s4"]
    assert [pm.title for pm in library.related(by_title["s6"], limit=6)] == [
        "s7",
        "s5",
        "s4",
        "s3",
        "s2",
        "s1",
    ]


def test_monthly_buckets_include_empty_months() -> None:
    spread = [incident("x", 1, 5, "SEV1", ["api"]), incident("y", 2, 5, "SEV4", ["api"])]
    spread[1].started = datetime(2024, 9, 2, tzinfo=UTC)
    months = Library(spread, Settings(), NOW).per_month()
    assert [m for m, _ in months] == ["2024-06", "2024-07", "2024-08", "2024-09"]
    assert months[0][1] == {"SEV1": 1} and months[1][1] == {} and months[3][1] == {"SEV4": 1}


@pytest.mark.slow
def test_built_pages_show_the_hand_computed_figures(tmp_path: Path) -> None:
    pages = {}
    for pm in CORPUS:
        extra = f"tags: {json.dumps(pm.tags)}" if pm.tags else ""
        pages[f"2024-06-{pm.started.day:02d}-{pm.title}.md"] = page_text(
            pm.started.isoformat(),
            pm.ended.isoformat(),
            pm.severity,
            json.dumps(pm.services),
            pm.title,
            extra,
        )
    site = make_site(tmp_path, pages, plugin_options="year_pages: true\ntag_pages: true")
    mkdocs("build", "--strict", "-q", cwd=site)
    out = site / "site/postmortems"

    def figure(path: str, name: str) -> str:
        match = re.search(rf'data-pm-figure="{name}">([^<]*)<', (out / path).read_text())
        assert match, (path, name)
        return match.group(1).strip()

    assert figure("severity/sev2/index.html", "count") == "3"
    assert figure("severity/sev2/index.html", "median") == "1 h 00 min"
    assert figure("severity/sev2/index.html", "p90") == "10 h 00 min"
    assert figure("services/cdn/index.html", "median") == "6 h 00 min"
    assert figure("services/api/index.html", "count") == "3"
    co = re.findall(r'data-pm-co="([^"]+)"', (out / "services/api/index.html").read_text())
    assert co == ["db", "cdn"]
    rows = re.findall(r"<tr data-incident", (out / "services/db/index.html").read_text())
    assert len(rows) == 3
    assert (out / "years/2024/index.html").is_file() and (out / "tags/database/index.html").is_file()
    assert len(re.findall(r"<tr data-incident", (out / "tags/database/index.html").read_text())) == 2
    records = json.loads((out / "incidents.json").read_text())
    assert [r["duration_minutes"] for r in records] == [600, 120, 60, 30, 10]


def test_schema_accepts_every_sample_front_matter_and_rejects_a_wrong_severity() -> None:
    site = load_site(ROOT / "mkdocs.yml")
    validator = Draft202012Validator(build_schema(site.settings))
    samples = sorted((ROOT / "docs/postmortems").glob("*.md"))
    assert len(samples) >= 8
    for sample in samples:
        text = sample.read_text("utf-8")
        # date-times as the text written, as the checker hands them to the schema
        front = yamlnodes.load(text.split("---\n")[1]).data
        assert not list(validator.iter_errors(front)), sample.name
        assert not validator.is_valid({**front, "severity": "SEV9"})
