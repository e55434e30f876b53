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


# ---------------------------------------------------------------- trends, queue, services, health


# Two quarters, worked by hand:
#   2024 Q1: q1 (Jan 10, SEV2, 60 min, detected after 10), q2 (Feb 5, SEV1, 120 min, detected after 30)
#   2024 Q2: q3 (Apr 1, SEV3, 30 min, detected after 5), q4 (May 1, SEV2, 20 min, no detection time),
#            q5 (Jun 30, SEV1, 600 min, detected after 60)
def dated(
    name: str, when: datetime, minutes: int, severity: str, detect: int | None, **extra: object
) -> Postmortem:
    return Postmortem(
        source=f"{name}.md", title=name, severity=severity, started=when,
        ended=when + timedelta(minutes=minutes),
        detected=when + timedelta(minutes=detect) if detect is not None else None, url=f"pm/{name}/",
        **{"services": ["api"], **extra},
    )  # type: ignore[arg-type]  # fmt: skip


TRENDS = [
    dated("q1", datetime(2024, 1, 10, 9, tzinfo=UTC), 60, "SEV2", 10),
    dated("q2", datetime(2024, 2, 5, 9, tzinfo=UTC), 120, "SEV1", 30),
    dated("q3", datetime(2024, 4, 1, 9, tzinfo=UTC), 30, "SEV3", 5),
    dated("q4", datetime(2024, 5, 1, 9, tzinfo=UTC), 20, "SEV2", None),
    dated("q5", datetime(2024, 6, 30, 9, tzinfo=UTC), 600, "SEV1", 60),
]


def test_quarterly_trend_figures_by_hand() -> None:
    library = Library(TRENDS, Settings(), NOW)
    q1, q2 = library.periods("quarter")
    assert (q1.key, q1.count, q1.by_severity) == ("2024 Q1", 2, {"SEV2": 1, "SEV1": 1})
    # Q1 resolve 60, 120: median 90, p90 = 2nd of 2 = 120; detect 10, 30: median 20, p90 30
    assert (q1.resolve_median, q1.resolve_p90, q1.detect_median, q1.detect_p90) == (90, 120, 20, 30)
    # Q2 resolve 20, 30, 600: median 30, p90 = ceil(2.7) = 3rd = 600; detect 5, 60: median 32.5, p90 60
    assert (q2.key, q2.count, q2.by_severity) == ("2024 Q2", 3, {"SEV3": 1, "SEV2": 1, "SEV1": 1})
    assert (q2.resolve_median, q2.resolve_p90, q2.detect_median, q2.detect_p90) == (30, 600, 32.5, 60)
    found = library.compare(library.periods("quarter"))
    assert found is not None
    last, before, changes = found
    assert (last.key, before.key) == ("2024 Q2", "2024 Q1")
    assert [c.sentence() for c in changes] == [
        "Incidents: 3, up from 2 (+1, +50%): more",
        "Median time to resolve: 30 min, down from 1 h 30 min (\u22121 h 00 min, \u221267%): faster",
        "p90 time to resolve: 10 h 00 min, up from 2 h 00 min (+8 h 00 min, +400%): slower",
        "Median time to detect: 32 min, up from 20 min (+12 min, +62%): slower",  # 12.5 min, 62.5 %: to even
        "p90 time to detect: 1 h 00 min, up from 30 min (+30 min, +100%): slower",
    ]
    assert [c.direction for c in changes] == ["worse", "better", "worse", "worse", "worse"]


def test_monthly_trend_includes_empty_months_and_compares_the_last_two() -> None:
    library = Library(TRENDS, Settings(), NOW)
    months = library.periods("month")
    assert [(p.key, p.count) for p in months] == [
        ("2024-01", 1), ("2024-02", 1), ("2024-03", 0), ("2024-04", 1), ("2024-05", 1), ("2024-06", 1),
    ]  # fmt: skip
    found = library.compare(months)
    assert found is not None
    _, _, changes = found
    assert changes[0].sentence() == "Incidents: 1, the same as the period before"
    # June 600 min against May 20 min: +580 min = 9 h 40 min, +2900 %
    assert (
        changes[1].sentence()
        == "Median time to resolve: 10 h 00 min, up from 20 min (+9 h 40 min, +2900%): slower"
    )
    # May has no detection time: nothing to compare with
    assert changes[3].sentence() == (
        "Median time to detect: 1 h 00 min (no figure for the period before to compare with)"
    )
    assert (
        Library(TRENDS[:1], Settings(), NOW).compare(Library(TRENDS[:1], Settings(), NOW).periods()) is None
    )


QUEUE = [
    dated("r1", datetime(2024, 6, 1, 9, tzinfo=UTC), 30, "SEV1", 5, services=["api", "db"], team="core",
          action_items=[ActionItem("Fix it @ana (OPS-1)", owner="ana", ticket="OPS-1", due=date(2024, 6, 10)),
                        ActionItem("Test it", owner="bo", due=date(2024, 8, 1)),
                        ActionItem("Done", status="done")]),
    dated("r2", datetime(2024, 6, 20, 9, tzinfo=UTC), 30, "SEV3", None, services=["db"],
          action_items=[ActionItem("Watch it", ticket="https://jira.example.com/browse/DB-7")]),
    dated("r3", datetime(2024, 6, 25, 9, tzinfo=UTC), 30, "SEV2", None, services=["web"], status="review",
          action_items=[ActionItem("All done", status="done")]),
]  # fmt: skip


def test_queue_counts_incidents_with_open_items_and_rolls_up_teams() -> None:
    settings = Settings(services=("api", "db", "web"), service_info={"db": {"team": "data", "tier": "1"}})
    library = Library(QUEUE, settings, NOW)
    items = library.queue(date(2024, 6, 30))
    # r1: 2 open (one due 06-10: overdue on 06-30), r2: 1 open; r3 none -> 3 open items across 2 incidents
    assert [(e.item.task, e.incident.title, e.age_days, e.overdue, e.teams) for e in items] == [
        ("Fix it @ana (OPS-1)", "r1", 29, True, ["core"]),  # its own team wins over the catalog
        ("Test it", "r1", 29, False, ["core"]),
        ("Watch it", "r2", 10, False, ["data"]),  # db's team in the catalog
    ]
    assert len({id(e.incident) for e in items}) == 2
    from mkdocs_postmortems.site_pages import PageSpec, lead

    assert lead(PageSpec("x", "Open action items", "actions"), library).startswith(
        "3 open action items across 2 incidents"
    )
    assert [g.key for g in library.teams] == ["core", "data"]
    rows = {r.group.key: r for r in library.service_rows(date(2024, 6, 30))}
    # db: r1 (SEV1) and r2 (SEV3); open items 2 + 1, overdue 1
    assert (rows["db"].by_severity, rows["db"].open_items, rows["db"].overdue_items) == (
        {"SEV1": 1, "SEV3": 1},
        3,
        1,
    )
    assert rows["db"].info == {"team": "data", "tier": "1"} and rows["web"].info == {}
    assert (rows["web"].open_items, rows["web"].overdue_items) == (0, 0)
    assert rows["db"].trend == [2]  # one quarter in the library: 2024 Q2


def test_health_lists_stale_reviews_missing_times_and_unowned_items() -> None:
    library = Library(QUEUE, Settings(), NOW)
    health = library.health(3, date(2024, 6, 30))
    # r3 is a review from 06-25: 5 days old > 3
    assert [(pm.title, age) for pm, age in health.stale] == [("r3", 5)]
    assert library.health(5, date(2024, 6, 30)).stale == []  # 5 is not older than 5
    # r1 has detected, no mitigated; r2 and r3 have neither (newest first)
    assert [(pm.title, gaps) for pm, gaps in health.missing_times] == [
        ("r3", ["detected", "mitigated"]), ("r2", ["detected", "mitigated"]), ("r1", ["mitigated"]),
    ]  # fmt: skip
    # 'Watch it' has neither owner nor due
    assert [(e.item.task, gaps) for e, gaps in health.unowned] == [("Watch it", ["owner", "due date"])]


def test_task_text_drops_owner_and_ticket_and_tickets_link_through_the_pattern() -> None:
    from mkdocs_postmortems.library import task_text, ticket_link

    assert task_text(ActionItem("Fix it @ana (OPS-1)", owner="ana", ticket="OPS-1")) == "Fix it"
    assert task_text(ActionItem("Split queues, owner @dana, NOTIF-88", owner="dana", ticket="NOTIF-88")) == (
        "Split queues"
    )
    assert task_text(ActionItem("@ana", owner="ana")) == "@ana"  # nothing left: the text as written
    written = "Renew certs @zoe ([OPS-6](https://jira.example.com/browse/OPS-6)), due 2022-04-24"
    item = ActionItem(
        written, owner="zoe", ticket="https://jira.example.com/browse/OPS-6", due=date(2022, 4, 24)
    )
    assert task_text(item) == "Renew certs"
    pattern = "https://tracker.example.com/browse/{ticket}"
    assert ticket_link("OPS-1", pattern) == ("OPS-1", "https://tracker.example.com/browse/OPS-1")
    assert ticket_link("OPS-1") == ("OPS-1", None)
    assert ticket_link("https://jira.example.com/browse/DB-7") == (
        "DB-7",
        "https://jira.example.com/browse/DB-7",
    )
    assert ticket_link("javascript:alert(1)") == ("javascript:alert(1)", None)
    assert ticket_link("#12", pattern) == ("#12", "https://tracker.example.com/browse/#12")


def test_service_catalog_accepts_names_and_mappings() -> None:
    from mkdocs_postmortems.settings import settings_from_options

    settings = settings_from_options(
        {
            "services": [
                "web",
                {"name": "db", "team": "data", "tier": 1, "docs": "https://d"},
                {"api": {"team": "core"}},
            ]
        }
    )
    assert settings.services == ("web", "db", "api")
    assert settings.service_info == {
        "db": {"team": "data", "tier": "1", "docs": "https://d"},
        "api": {"team": "core"},
    }


def test_team_and_roles_come_from_front_matter_and_reach_the_exports() -> None:
    pm = Postmortem(source="x.md", meta={"team": " core ", "commander": "Ana", "responders": "Bo"})
    assert (pm.team, pm.commander, pm.responders) == ("core", "Ana", ["Bo"])
    record = pm.as_record()
    assert (record["team"], record["commander"], record["responders"]) == ("core", "Ana", ["Bo"])
