"""Every validator rule: a failing example (exact rule, level, position and message) and a passing one.

Each example is the valid page of `helpers.page()` with one thing changed, so a
failure names exactly what broke. The front matter's layout is fixed (`---` is
line 1, title 2, started 3, severity 4, ended 5, services 6, impact 7, added
keys from 8), and the default body's first line is line 9.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import (
    BASE,
    BODY,
    DROP,
    PATH,
    PROBLEM_LINE,
    assert_costs_at_most,
    body_with_timeline,
    check,
    col_of,
    counting_conversions,
    line_of,
    normal_page,
    page,
    problems,
)
from mkdocs_postmortems import export
from mkdocs_postmortems.model import Problem
from mkdocs_postmortems.rules import RULES
from mkdocs_postmortems.settings import Settings, SeverityLevel, settings_from_options
from mkdocs_postmortems.yamlnodes import MAX_DEPTH, MAX_NODES

CATALOG = Settings(services=("checkout", "payments", "search"))
BODY_LINE = 9  # first body line of a page with the default front matter


@dataclass(frozen=True)
class Fails:
    """A page that breaks one rule: the one problem expected, exactly."""

    text: str | bytes
    line: int
    col: int
    message: str | None  # None: not known yet (rule not implemented)
    settings: Settings | None = None


FAILING: dict[str, Fails] = {
    "encoding": Fails(
        page({"impact": "café closed"}).encode("latin-1"),
        7,
        12,
        "file is not UTF-8 (byte 0xe9); save it as UTF-8",
    ),
    "empty": Fails(b"", 1, 1, "file is empty: a postmortem needs front matter and sections"),
    "front-matter": Fails(
        "---\ntitle: Checkout outage\nseverity: SEV2\n\n" + BODY,
        1,
        1,
        "front matter opened here is never closed: add a line '---' after the last key",
    ),
    "yaml": Fails(
        page({"impact": "checkout: down: again"}),
        7,
        17,
        "front matter is not valid YAML: mapping values are not allowed in this context",
    ),
    "duplicate-key": Fails(
        page({"severity": "SEV2\nseverity: SEV3"}),
        5,
        1,
        "duplicate key 'severity' (first given on line 4); the earlier value would be lost",
    ),
    "unknown-key": Fails(
        page({"servics": "[search]"}), 8, 1, "unknown key 'servics'; did you mean 'services'?"
    ),
    "required": Fails(page({"impact": DROP}), 1, 1, "missing required field 'impact'"),
    "title": Fails(
        page({"title": DROP}),
        1,
        1,
        "no title: give 'title:' in front matter or start the page with '# Title'",
    ),
    "started": Fails(
        page({"started": "yesterday"}),
        3,
        10,
        "started must be an ISO 8601 date-time such as 2024-08-15T12:30:00Z, not 'yesterday'",
    ),
    "ended": Fails(
        page({"ended": "2024-08-15T25:15:00Z"}), 5, 8, "ended '2024-08-15T25:15:00Z' is not a real date-time"
    ),
    "detected": Fails(
        page({"detected": "soon"}),
        8,
        11,
        "detected must be an ISO 8601 date-time such as 2024-08-15T12:30:00Z, not 'soon'",
    ),
    "mitigated": Fails(
        page({"mitigated": "13:05"}),
        8,
        12,
        "mitigated must be an ISO 8601 date-time such as 2024-08-15T12:30:00Z, not '13:05'",
    ),
    "time-order": Fails(
        page({"ended": "2024-08-15T12:00:00Z"}),
        5,
        8,
        "ended (2024-08-15T12:00:00+00:00) is before started (2024-08-15T12:30:00+00:00); "
        "times must run started <= detected <= mitigated <= ended",
    ),
    "date": Fails(page({"date": "2024-02-30"}), 8, 7, "date '2024-02-30' is not a real date"),
    "timezone": Fails(
        page({"timezone": "Mars/Olympus"}),
        8,
        11,
        "timezone 'Mars/Olympus' is not an IANA time zone name (such as UTC or Europe/Berlin)",
    ),
    "severity": Fails(
        page({"severity": "SEV9"}), 4, 11, "severity 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4"
    ),
    "services": Fails(
        page({"services": "[checkout, paymnts]"}),
        6,
        22,
        "service 'paymnts' is not in the service catalog; did you mean 'payments'?",
        CATALOG,
    ),
    "impact": Fails(page({"impact": '""'}), 7, 9, "impact must be one non-empty line of text, not empty"),
    "affected-users": Fails(
        page({"affected_users": "lots"}),
        8,
        17,
        'affected_users must be a number, a percentage such as "35%", or text with a number '
        "such as \"312 accounts\", not 'lots'",
    ),
    "status": Fails(
        page({"status": "done"}), 8, 9, "status 'done' is not one of draft, review, final, ongoing"
    ),
    "authors": Fails(
        page({"authors": "{name: alice}"}), 8, 10, "authors must be a list of names, not a mapping"
    ),
    "tags": Fails(page({"tags": "42"}), 8, 7, "tags must be a list of strings, not '42'"),
    "visibility": Fails(
        page({"visibility": "secret"}), 8, 13, "visibility 'secret' is not one of internal, public"
    ),
    "timeline": Fails(
        page({"timeline": "\n  - at: 25:70\n    event: Alert fires"}),
        9,
        9,
        "'25:70' is not a valid time of day",
    ),
    "action-items": Fails(
        page({"action_items": "\n  - owner: bob"}), 9, 5, "missing required field 'task' in action_items[0]"
    ),
    "section-missing": Fails(
        page({}, BODY.replace("## Root Cause", "## Lessons learned")),
        BODY_LINE,
        1,
        "missing section 'Root Cause': add a heading '## Root Cause' (headings with the words "
        "'Root Causes', 'Cause', 'Contributing Factors', 'Root Cause and Resolution' count too)",
    ),
    "timeline-stamp": Fails(
        page({}, BODY.replace("- 12:45 -", "- 25:70 -")),
        BODY_LINE + 7,
        3,
        "'25:70' is not a valid time of day",
    ),
    "timeline-order": Fails(
        page({}, BODY.replace("- 12:45 -", "- 12:20 -")),
        BODY_LINE + 7,
        3,
        "'12:20' is earlier than the entry before it ('12:32', line 15); timeline entries "
        "are expected in time order (only a step past midnight is read as the next day)",
    ),
    "timeline-vague": Fails(
        page(
            {}, body_with_timeline("| Time | Event |\n| --- | --- |\n| 12:32 | Alert |\n| later | Fixed |\n")
        ),
        BODY_LINE + 9,
        3,
        "time 'later' is not read; the entry is kept with an unknown time",
    ),
    # people write PST all year: read as Pacific time on the day (PDT in July), and said so
    "timeline-zone": Fails(
        page(
            {"started": "2024-07-15T12:30:00-07:00", "ended": "2024-07-15T13:15:00-07:00"},
            body_with_timeline("- 12:32 PST - Alert fires\n- 12:40 - Paged\n"),
        ),
        BODY_LINE + 6,
        3,
        "'PST' on 2024-07-15 is read as the local clock there (UTC-07:00, PDT), "
        "which kept daylight saving time that day",
    ),
    "yaml-comment": Fails(
        page({"title": "Outage (incident #465)"}),
        2,
        8,
        "'Outage (incident' is cut short: YAML reads ' #' as the start of a comment; "
        "quote the whole value to keep it",
    ),
    "timeline-empty": Fails(
        page({}, body_with_timeline("We did not keep one.\n")),
        BODY_LINE + 4,
        1,
        "the Timeline section has no entries starting with a time stamp (such as '- 12:32 - Alert fires')",
    ),
    # The prompt the `new` command's template leaves in each section.
    "template-text": Fails(
        page(
            {},
            BODY.replace(
                "A database misconfiguration took checkout down under peak traffic.",
                "TODO: two or three sentences a busy reader can stop after.",
            ),
        ),
        BODY_LINE + 2,
        1,
        "template text left in section Summary: replace the 'TODO:' prompt",
    ),
    "bidi": Fails(
        page({"title": '"Checkout \u202eegatuo"'}),
        2,
        len('title: "Checkout ') + 1,
        "bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE) can make text display "
        "differently from what it is; it is left out of the published pages",
    ),
}


# A near miss per rule: valid pages that come close to breaking it. Each must have no problem at all.
PASSING: dict[str, list[tuple[str | bytes, Settings | None]]] = {
    "encoding": [(page({"impact": "café closed"}).encode("utf-8"), None)],
    "empty": [(page(), None)],
    "front-matter": [(page().replace("\n---\n## Summary", "\n...\n## Summary"), None)],  # YAML's `...` end
    "yaml": [(page({"impact": '"checkout: down: again"'}), None)],
    "duplicate-key": [
        (page({"timeline": "\n  - at: '12:32'\n    event: Alert\n  - at: '12:45'\n    event: Fix"}), None)
    ],
    "unknown-key": [(page({"jira_epic": "OPS-1", "customer_facing": "true"}), None)],
    "required": [(page({"ended": DROP, "status": "ongoing"}), None)],
    "title": [(page({"title": DROP}, "# Checkout outage\n\n" + BODY), None)],
    "started": [
        (page({"started": "2024-08-15 12:30"}), None),
        (page({"started": "2024-08-15t12:30:00z"}), None),
    ],
    "ended": [(page({"ended": "2024-08-15T15:15:00+02:00"}), None)],
    "detected": [(page({"detected": "2024-08-15T12:32:00Z"}), None)],
    "mitigated": [(page({"detected": "2024-08-15T12:32:00Z", "mitigated": "2024-08-15T13:05:00Z"}), None)],
    "time-order": [(page({"detected": "2024-08-15T12:30:00Z", "mitigated": "2024-08-15T13:15:00Z"}), None)],
    "date": [
        (page({"date": "2024-08-15"}), None),
        (page({"date": "2024-08-20"}), None),  # a publication date after the incident
        # 02:30 UTC on the 16th is still the 15th in Los Angeles
        (
            page(
                {
                    "timezone": "America/Los_Angeles",
                    "started": "2024-08-16T02:30:00Z",
                    "ended": "2024-08-16T03:15:00Z",
                    "date": "2024-08-15",
                },
                body_with_timeline("- 19:32 - Alert fires\n- 20:15 - Recovered\n"),
            ),
            None,
        ),
    ],
    "timezone": [(page({"timezone": "Europe/Berlin"}), None)],
    "timeline-vague": [
        (
            page(
                {},
                body_with_timeline("| Time | Event |\n| --- | --- |\n| 12:32 | Alert |\n| --:-- | Fixed |\n"),
            ),
            None,
        )
    ],
    "timeline-zone": [
        (
            page(
                {"started": "2024-07-15T12:30:00-07:00", "ended": "2024-07-15T13:15:00-07:00"},
                body_with_timeline("- 12:32 PDT - Alert fires\n- 12:40 Pacific - Paged\n"),
            ),
            None,
        )
    ],
    "yaml-comment": [
        (page({"title": '"Outage (incident #465)"'}), None),
        (page({"title": "Outage  # a comment the author meant"}), None),
    ],
    "severity": [
        (page({"severity": "SEV4"}), None),
        (page({"severity": "P1"}), Settings(severities=(SeverityLevel("P1", "Page", "#f00", 1),))),
    ],
    "services": [
        (page({"services": "search"}), CATALOG),
        (page({"services": "[checkout, payments]"}), CATALOG),
    ],
    "impact": [(page({"impact": '"Checkout: 35% of orders failed"'}), None)],
    "affected-users": [
        (page({"affected_users": '"35%"'}), None),
        (page({"affected_users": "1200"}), None),
        (page({"affected_users": "12.5"}), None),
    ],
    "status": [(page({"status": "draft"}), None), (page({"status": "review"}), None)],
    "authors": [(page({"authors": "alice"}), None), (page({"authors": "[alice, bob]"}), None)],
    "tags": [(page({"tags": "[database, capacity]"}), None)],
    "visibility": [(page({"visibility": "public"}), None), (page({"visibility": "internal"}), None)],
    "timeline": [
        (
            page(
                {
                    "timeline": "\n  - at: 12:40\n    event: Alert\n    kind: detect"
                    "\n  - at: '2024-08-15T13:05:00Z'\n    event: Fixed\n    kind: mitigate"
                    "\n  - at: 1:15 PM\n    event: Recovered"
                }
            ),
            None,
        )
    ],
    "action-items": [
        (
            page(
                {
                    "action_items": "\n  - task: Add pooling\n    owner: alice\n    status: done"
                    "\n    due: 2024-09-01\n    ticket: OPS-101"
                }
            ),
            None,
        )
    ],
    "section-missing": [
        (
            page(
                {},
                BODY.replace("## Summary", "## Executive Summary")
                .replace("## Root Cause\n", "## Contributing Factors\n")
                .replace("## Resolution", "## Mitigation")
                .replace("## Action Items", "## Follow-ups"),
            ),
            None,
        )
    ],
    "timeline-stamp": [(page({}, body_with_timeline("- 12:32 PM - Alert fires\n- 1:05 PM - Fixed\n")), None)],
    "timeline-order": [
        (
            page(
                {"started": "2024-08-15T23:50:00Z", "ended": "2024-08-16T00:30:00Z"},
                body_with_timeline("- 23:58 - Alert fires\n- 00:07 - Fixed\n"),
            ),
            None,
        )
    ],
    "timeline-empty": [
        (
            page(
                {"timeline": "\n  - at: '12:32'\n    event: Alert fires"},
                body_with_timeline("See the front matter.\n"),
            ),
            None,
        )
    ],
    "template-text": [(page(), None)],
    # right-to-left text with the marks it needs (U+200F): marks are not controls
    "bidi": [
        (
            page(
                {"title": '"\u0639\u0637\u0644 \u200f(checkout)\u200f"', "services": "[\u062f\u0641\u0639]"}
            ),
            None,
        )
    ],
}


# Rules about more than one page, reported outside the page checker: tested where they are made
# (internal-link by `check` in test_editions.py, embed on docs pages in test_embed.py)
ACROSS_PAGES = {"internal-link", "embed"}


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    assert set(FAILING) == set(RULES) - ACROSS_PAGES
    assert set(PASSING) == set(RULES) - ACROSS_PAGES


@pytest.mark.parametrize(
    "rule",
    list(FAILING),
)
def test_failing_example(rule: str) -> None:
    example = FAILING[rule]
    found = problems(example.text, example.settings)
    assert [p.rule for p in found] == [rule], [str(p) for p in found]
    problem = found[0]
    assert (problem.path, problem.line, problem.col, problem.level) == (
        PATH,
        example.line,
        example.col,
        RULES[rule].level,
    )
    if example.message is None:
        pytest.fail(
            f"'{rule}' is reported now: put the exact message (and the real prompt text) into FAILING"
        )
    assert problem.message == example.message
    assert (
        str(problem)
        == f"{PATH}:{example.line}:{example.col}: {RULES[rule].level}: {example.message} [{rule}]"
    )
    assert PROBLEM_LINE.match(str(problem))


@pytest.mark.parametrize("rule", list(PASSING))
def test_passing_examples(rule: str) -> None:
    for text, settings_ in PASSING[rule]:
        assert [str(p) for p in problems(text, settings_)] == []


def test_contract_example_line() -> None:
    (problem,) = problems(page({"severity": "SEV9"}))
    assert str(problem) == (
        "docs/postmortems/2024-08-15-checkout.md:4:11: error: "
        "severity 'SEV9' is not one of SEV1, SEV2, SEV3, SEV4 [severity]"
    )


def test_rule_levels_follow_the_registry() -> None:
    warnings = (
        "unknown-key",
        "timeline-empty",
        "template-text",
        "bidi",
        "timeline-order",
        "timeline-vague",
        "timeline-zone",
        "yaml-comment",
        "internal-link",
        "embed",
    )
    assert {RULES[r].level for r in warnings} == {"warning"}
    assert all(rule.level == "error" for rule in RULES.values() if rule.id not in warnings)


# ------------------------------------------------------------------ more of each rule


@pytest.mark.parametrize(
    ("overrides", "line", "col", "message"),
    [
        (
            {"started": "2024-08-15"},
            3,
            10,
            "started must be an ISO 8601 date-time such as 2024-08-15T12:30:00Z, not '2024-08-15'",
        ),
        (
            {"started": "2024-02-30T12:30:00Z"},
            3,
            10,
            "started '2024-02-30T12:30:00Z' is not a real date-time",
        ),
        (
            {"ended": "tomorrow"},
            5,
            8,
            "ended must be an ISO 8601 date-time such as 2024-08-15T12:30:00Z, not 'tomorrow'",
        ),
        ({"date": "15 Aug 2024"}, 8, 7, "date must be a date such as 2024-08-15, not '15 Aug 2024'"),
        ({"date": "2024-02-30"}, 8, 7, "date '2024-02-30' is not a real date"),
        (
            {"detected": "2024-08-15T12:40:00Z", "mitigated": "2024-08-15T12:35:00Z"},
            9,
            12,
            "mitigated (2024-08-15T12:35:00+00:00) is before detected (2024-08-15T12:40:00+00:00); "
            "times must run started <= detected <= mitigated <= ended",
        ),
        (
            {"detected": "2024-08-15T12:00:00Z"},
            8,
            11,
            "detected (2024-08-15T12:00:00+00:00) is before started (2024-08-15T12:30:00+00:00); "
            "times must run started <= detected <= mitigated <= ended",
        ),
        ({"ended": DROP}, 1, 1, "missing required field 'ended' (only an ongoing incident may leave it out)"),
        ({"services": "[]"}, 6, 11, "services must be a non-empty list of service names, not empty"),
        (
            {"services": "{checkout: true}"},
            6,
            11,
            "services must be a non-empty list of service names, not a mapping",
        ),
        (
            {"impact": '"line one\\nline two"'},
            7,
            9,
            "impact must be one non-empty line of text, not 'line one\\nline two'",
        ),
        ({"impact": "[a, b]"}, 7, 9, "impact must be one non-empty line of text, not a list"),
        (
            {"affected_users": "-5"},
            8,
            17,
            'affected_users must be a number, a percentage such as "35%", or text with a number '
            "such as \"312 accounts\", not '-5'",
        ),
        ({"authors": "[alice, 42]"}, 8, 18, "authors[1] must be a name, or a mapping with a name, not '42'"),
        ({"authors": "[{photo: x.png}]"}, 8, 11, "missing required field 'name' in authors[0]"),
        (
            {"timezone": '""'},
            8,
            11,
            "timezone must be an IANA time zone name such as Europe/Berlin, not empty",
        ),
        (
            {"title": '"<b>Checkout</b> outage"'},
            2,
            8,
            "title contains markup ('<b>Checkout</b> outage'); write it as plain text",
        ),
        ({"timeline": "nope"}, 8, 11, "timeline must be a list of {at, event, kind} entries, not 'nope'"),
        ({"timeline": "\n  - at: '12:40'"}, 9, 5, "missing required field 'event' in timeline[0]"),
        (
            {"timeline": "\n  - at: soon\n    event: Alert"},
            9,
            9,
            "timeline[0].at 'soon' is not a date-time or a time of day",
        ),
        (
            {"action_items": "\n  - task: Add pooling\n    status: closed"},
            10,
            13,
            "action_items[0].status 'closed' is not one of open, done",
        ),
        (
            {"action_items": "\n  - task: Add pooling\n    due: next week"},
            10,
            10,
            "action_items[0].due must be a date such as 2024-09-01, not 'next week'",
        ),
        (
            {"action_items": "\n  - task: Add pooling\n    due: 2024-02-30"},
            10,
            10,
            "action_items[0].due '2024-02-30' is not a real date",
        ),
    ],
)
def test_field_problems(overrides: dict, line: int, col: int, message: str) -> None:
    found = problems(page(overrides))
    assert [(p.line, p.col, p.message) for p in found] == [(line, col, message)], [str(p) for p in found]


ORDER_RULE = "times must run started <= detected <= mitigated <= ended"
AT = "2024-08-15T{}:00Z".format


def iso(hhmm: str) -> str:
    return f"2024-08-15T{hhmm}:00+00:00"


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        (  # the case: detected is after both later fields; mitigated and ended are right
            {"started": "13:42", "detected": "15:45", "mitigated": "14:09", "ended": "14:52"},
            [
                (
                    8,
                    11,
                    f"detected ({iso('15:45')}) is after mitigated ({iso('14:09')}) "
                    f"and ended ({iso('14:52')})",
                )
            ],
        ),
        (  # a typo in started: the three others agree with each other
            {"started": "14:00", "detected": "12:32", "mitigated": "12:50", "ended": "13:15"},
            [
                (
                    3,
                    10,
                    f"started ({iso('14:00')}) is after detected ({iso('12:32')}), "
                    f"mitigated ({iso('12:50')}) and ended ({iso('13:15')})",
                )
            ],
        ),
        (  # dropping detected or ended would do: the incident's bounds are kept
            {"detected": "13:40"},
            [(8, 11, f"detected ({iso('13:40')}) is after ended ({iso('13:15')})")],
        ),
        (  # dropping mitigated or ended would do: ended is kept
            {"detected": "12:40", "mitigated": "13:20"},
            [(9, 12, f"mitigated ({iso('13:20')}) is after ended ({iso('13:15')})")],
        ),
        (  # two outliers, one problem each, each naming what it contradicts
            {"detected": "12:10", "mitigated": "13:40"},
            [
                (8, 11, f"detected ({iso('12:10')}) is before started ({iso('12:30')})"),
                (9, 12, f"mitigated ({iso('13:40')}) is after ended ({iso('13:15')})"),
            ],
        ),
        (  # equal times are in order
            {"detected": "12:30", "mitigated": "12:30", "ended": "12:30"},
            [],
        ),
    ],
    ids=["late-detected", "late-started", "detected-after-ended", "mitigated-after-ended", "two", "equal"],
)
def test_time_order_blames_the_outliers(times: dict[str, str], expected: list[tuple[int, int, str]]) -> None:
    found = problems(page({name: AT(hhmm) for name, hhmm in times.items()}))
    assert [(p.line, p.col, p.message) for p in found] == [
        (line, col, f"{message}; {ORDER_RULE}") for line, col, message in expected
    ]
    assert {p.rule for p in found} <= {"time-order"}


def test_title_markup_in_h1() -> None:
    text = page({"title": DROP}, "# Checkout <script>alert(1)</script>\n\n" + BODY)
    (problem,) = problems(text)
    assert (problem.rule, problem.line, problem.col) == ("title", line_of(text, "# Checkout"), 1)
    assert (
        problem.message
        == "title contains markup ('Checkout <script>alert(1)</script>'); write it as plain text"
    )


def test_severity_list_follows_settings() -> None:
    levels = Settings(
        severities=(SeverityLevel("P2", "High", "#f00", 2), SeverityLevel("P1", "Page", "#f00", 1))
    )
    (problem,) = problems(page({"severity": "SEV1"}), levels)
    assert problem.message == "severity 'SEV1' is not one of P1, P2"  # in the configured order


def test_all_missing_sections_are_listed() -> None:
    found = problems(page({}, "## Notes\n\nNothing but prose.\n"))
    assert [p.message.split("'")[1] for p in found] == [
        "Summary",
        "Timeline",
        "Root Cause",
        "Resolution",
        "Action Items",
    ]
    assert {(p.rule, p.line, p.col) for p in found} == {("section-missing", BODY_LINE, 1)}


def test_prose_before_the_first_section_is_the_summary() -> None:
    found = problems(page({}, "Nothing but prose before any heading.\n\n## Notes\n"))
    assert "Summary" not in [p.message.split("'")[1] for p in found]


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("## Timeline of events", "Timeline"),
        ("## Timeline (all times UTC)", "Timeline"),
        ("## 3. Timeline", "Timeline"),
        ("## Root cause analysis", "Root Cause"),
        ("## Root cause of the outage", "Root Cause"),
        ("## What went wrong", "Root Cause"),
        ("## Resolution and recovery", "Resolution"),
        ("## Remediation", "Resolution"),
        ("## Follow-up actions", "Action Items"),
        ("## Next steps", "Action Items"),
        ("## Incident summary", "Summary"),
        ("## What happened", "Summary"),
        ("Timeline\n========", "Timeline"),
        ("Root cause\n----------", "Root Cause"),
    ],
)
def test_sections_are_recognised_by_their_words(heading: str, section: str) -> None:
    found = problems(page({}, f"{heading}\n\nText.\n"))
    assert section not in [p.message.split("'")[1] for p in found if p.rule == "section-missing"]


def test_a_missing_section_suggests_the_closest_heading() -> None:
    text = page({}, BODY.replace("## Root Cause", "## Root Csuse"))
    (missing,) = [p for p in problems(text) if p.rule == "section-missing"]
    assert missing.message == (
        "missing section 'Root Cause'; the closest heading is 'Root Csuse' "
        f"(line {line_of(text, '## Root Csuse')}): rename it, "
        "or add its words to the section_aliases option"
    )


def test_required_sections_by_severity() -> None:
    settings = settings_from_options({"required_sections_by_severity": {"SEV4": ["Summary", "Timeline"]}})
    body = "## Summary\n\nShort.\n\n## Timeline\n\n- 12:32 - Alert fires\n"
    assert problems(page({"severity": "SEV4"}, body), settings) == []
    assert [p.message.split("'")[1] for p in problems(page({"severity": "SEV2"}, body), settings)] == [
        "Root Cause",
        "Resolution",
        "Action Items",
    ]


def test_required_sections_follow_settings() -> None:
    lenient = Settings(required_sections=("Summary",))
    assert problems(page({}, "## Summary\n\nShort.\n"), lenient) == []


# ------------------------------------------------------------------ typos and the catalog


@pytest.mark.parametrize(
    ("key", "guess"),
    [
        ("servics", "services"),
        ("sevrity", "severity"),
        ("Severity", "severity"),
        ("timezon", "timezone"),
        ("action_item", "action_items"),
        ("affected-users", "affected_users"),
        ("tittle", "title"),
        ("tag", "tags"),
        ("dtae", "date"),  # two edits away, which difflib alone would not catch
    ],
)
def test_typo_of_a_top_level_key(key: str, guess: str) -> None:
    found = [p for p in problems(page({key: "x"})) if p.rule == "unknown-key"]
    assert [(p.level, p.line, p.col, p.message) for p in found] == [
        ("warning", 8, 1, f"unknown key '{key}'; did you mean '{guess}'?")
    ]


def test_keys_far_from_known_ones_are_allowed() -> None:
    assert problems(page({"jira_epic": "OPS-1", "pagerduty_incident": "Q1W2E3", "region": "eu-west-1"})) == []


def test_typos_in_timeline_and_action_item_keys() -> None:
    text = page(
        {
            "timeline": "\n  - at: '12:40'\n    event: Alert\n    knd: detect",
            "action_items": "\n  - task: Add pooling\n    ownr: alice\n    tikcet: OPS-1\n    url: https://x",
        }
    )
    found = [(p.level, p.line, p.col, p.message) for p in problems(text)]
    assert found == [
        ("warning", 11, 5, "unknown key 'knd' in timeline[0]; did you mean 'kind'?"),
        ("warning", 14, 5, "unknown key 'ownr' in action_items[0]; did you mean 'owner'?"),
        ("warning", 15, 5, "unknown key 'tikcet' in action_items[0]; did you mean 'ticket'?"),
    ]


def test_service_catalog_suggestions() -> None:
    text = page({"services": "[checkout, Serch, billing]"})
    found = [(p.rule, p.line, p.col, p.message) for p in problems(text, CATALOG)]
    assert found == [
        ("services", 6, 22, "service 'Serch' is not in the service catalog; did you mean 'search'?"),
        (
            "services",
            6,
            29,
            "service 'billing' is not in the service catalog (known services: checkout, payments, search)",
        ),
    ]


def test_service_catalog_single_string() -> None:
    (problem,) = problems(page({"services": "checkot"}), CATALOG)
    assert (problem.line, problem.col, problem.message) == (
        6,
        11,
        "service 'checkot' is not in the service catalog; did you mean 'checkout'?",
    )


def test_without_a_catalog_any_service_name_goes() -> None:
    assert problems(page({"services": "[anything-at-all]"})) == []


# ------------------------------------------------------------------ reading the file


@pytest.mark.parametrize(
    ("overrides", "line", "col", "message"),
    [
        ({"impact": '"never closed'}, 7, 22, "found unexpected end of stream"),
        ({"services": "[checkout, payments"}, 7, 7, "did not find expected ',' or ']'"),
        ({"services": "\n  - checkout\n - payments"}, 8, 2, "did not find expected key"),
        ({"impact": "checkout: down"}, 7, 17, "mapping values are not allowed in this context"),
        (
            {"services": "\n\t- checkout"},
            7,
            1,
            "found character that cannot start any token "
            "(YAML does not allow tabs for indentation; use spaces)",
        ),
        ({"impact": "&a [1"}, 8, 1, "did not find expected ',' or ']'"),  # at the end of the YAML
        ({"impact": "*nothing"}, 7, 9, "found undefined alias"),
    ],
)
def test_malformed_yaml(overrides: dict, line: int, col: int, message: str) -> None:
    found = problems(page(overrides))
    assert [(p.rule, p.line, p.col, p.message) for p in found] == [
        ("yaml", line, col, f"front matter is not valid YAML: {message}")
    ], [str(p) for p in found]


def test_tab_indented_key() -> None:
    (problem,) = problems("---\ntitle: Checkout outage\n\tseverity: SEV2\n---\n" + BODY)
    assert (problem.rule, problem.line, problem.col) == ("yaml", 3, 1)
    assert problem.message.endswith("(YAML does not allow tabs for indentation; use spaces)")


def test_tabs_in_the_body_are_fine() -> None:
    checked = check(page({}, BODY.replace("- 12:32 - Monitoring", "-\t12:32\t-\tMonitoring")))
    assert checked.problems == []
    assert checked.postmortem is not None
    assert checked.postmortem.timeline[0].event == "Monitoring alert fires"


@pytest.mark.parametrize(
    ("overrides", "line", "col", "message"),
    [
        ({"[a, b]": "x"}, 8, 1, "a front matter key must be plain text"),
        (
            {"impact": "!!python/object/apply:os.system echo"},
            7,
            9,
            "unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system",
        ),
        ({"impact": "!!int many"}, 7, 9, "'many' is not a valid !!int"),
        ({"impact": "!!bool maybe"}, 7, 9, "'maybe' is not a valid !!bool"),
    ],
)
def test_yaml_that_is_not_plain_data(overrides: dict, line: int, col: int, message: str) -> None:
    found = [p for p in problems(page(overrides)) if p.rule == "yaml"]
    assert [(p.line, p.col, p.message) for p in found] == [(line, col, message)]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "---\ntitle: x\nseverity: SEV2\n",
            1,
            "front matter opened here is never closed: add a line '---' after the last key",
        ),
        (
            "---\n- title\n- severity\n---\n" + BODY,
            2,
            "front matter must be a mapping of keys to values, not a list",
        ),
        (
            "---\njust a sentence\n---\n" + BODY,
            2,
            "front matter must be a mapping of keys to values, not a single value",
        ),
        ("---\n---\n" + BODY, 2, "front matter must be a mapping of keys to values, not empty"),
        (
            "---\n# only a comment\n---\n" + BODY,
            2,
            "front matter must be a mapping of keys to values, not empty",
        ),
        (
            BODY,
            1,
            "no front matter: run 'mkdocs-postmortems adopt docs/postmortems/2024-08-15-checkout.md' to add "
            'one (title "Checkout", started 2024-08-15T12:32:00+00:00, ended 2024-08-15T13:15:00+00:00, '
            "severity, services and impact to fill in)",
        ),
        (
            "\n---\ntitle: x\n---\n" + BODY,
            1,
            "no front matter: the '---' block is not on the first line, so it is not front matter: "
            "remove the lines before it",
        ),
    ],
)
def test_front_matter_block(text: str, line: int, message: str) -> None:
    checked = check(text)
    assert [(p.rule, p.line, p.col, p.message) for p in checked.problems] == [
        ("front-matter", line, 1, message)
    ]
    assert checked.postmortem is None


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", b"\r\n"])
def test_empty_file(data: bytes) -> None:
    checked = check(data)
    assert [(p.rule, p.level, p.line, p.col) for p in checked.problems] == [("empty", "error", 1, 1)]
    assert checked.postmortem is None


def test_not_utf8_points_at_the_byte() -> None:
    data = page().encode() + b"\n\xff\xfe stray bytes\n"
    (problem,) = problems(data)
    assert (problem.rule, problem.level, problem.line, problem.col) == ("encoding", "error", 33, 1)
    assert problem.message == "file is not UTF-8 (byte 0xff); save it as UTF-8"


def test_utf16_file_is_binary() -> None:
    (problem,) = problems(page().encode("utf-16"))
    assert (problem.rule, problem.line) == ("encoding", 1)
    assert "binary" in problem.message


def test_bom_is_a_warning_and_the_page_still_parses() -> None:
    checked = check(b"\xef\xbb\xbf" + page().encode())
    assert [(p.rule, p.level, p.line, p.col) for p in checked.problems] == [("encoding", "warning", 1, 1)]
    assert "byte-order mark" in checked.problems[0].message
    assert not checked.has_errors
    pm = checked.postmortem
    assert pm is not None and pm.title == "Checkout outage" and pm.severity == "SEV2"
    assert len(pm.timeline) == 4


def test_crlf_is_valid_and_reads_like_lf() -> None:
    lf, crlf = check(page()), check(page().replace("\n", "\r\n"))
    assert crlf.problems == []
    assert lf.postmortem is not None and crlf.postmortem is not None
    assert crlf.postmortem.timeline == lf.postmortem.timeline
    assert crlf.postmortem.action_items == lf.postmortem.action_items
    assert [s.line for s in crlf.postmortem.sections] == [s.line for s in lf.postmortem.sections]


def test_crlf_problem_positions() -> None:
    (problem,) = problems(page({"severity": "SEV9"}).replace("\n", "\r\n"))
    assert (problem.line, problem.col) == (4, 11)


def test_duplicate_keys_nested() -> None:
    text = page({"timeline": "\n  - at: '12:40'\n    event: Alert\n    event: Alert again"})
    found = [(p.rule, p.line, p.col, p.message) for p in problems(text)]
    assert found == [
        (
            "duplicate-key",
            11,
            5,
            "duplicate key 'event' (first given on line 10); the earlier value would be lost",
        )
    ]


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[n]
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "---\n" + "\n".join(levels) + "\n---\n" + BODY
    with counting_conversions() as converted:
        found = problems(text)
    assert [(p.rule, p.line, p.col) for p in found] == [("yaml", 2, 1)]
    assert found[0].message == (
        f"front matter expands to more than {MAX_NODES} values (a YAML alias bomb?); refusing to read it"
    )
    assert converted[0] <= MAX_NODES + 1  # refused within the budget, not after expanding 9**9 values
    # and no dearer than reading a front matter of nearly MAX_NODES values, which is accepted
    largest = page({"extra": "[" + ", ".join(["a"] * (MAX_NODES - 20)) + "]"})
    assert problems(largest) == []
    assert_costs_at_most(lambda: problems(text), lambda: problems(largest), 2)


def test_a_few_aliases_are_fine() -> None:
    checked = check(page({"authors": "&people [alice, bob]", "reviewers": "*people"}))
    assert checked.problems == []
    assert checked.postmortem is not None and checked.postmortem.meta["reviewers"] == ["alice", "bob"]


def test_tagged_collections_are_read_as_plain_data() -> None:
    """No Python object is ever built: a tagged sequence is only a list."""
    checked = check(page({"extra": "!!python/object/apply:os.system [echo, hi]"}))
    assert checked.problems == []
    assert checked.postmortem is not None and checked.postmortem.meta["extra"] == ["echo", "hi"]


def test_deep_nesting_is_refused() -> None:
    (problem,) = problems(page({"extra": "[" * 200 + "]" * 200}))
    # the root mapping is level 0, so the bracket that opens level 33 is the one reported
    assert (problem.rule, problem.line, problem.col) == ("yaml", 8, len("extra: ") + MAX_DEPTH + 1)
    assert problem.message == f"front matter is nested more than {MAX_DEPTH} levels deep"


def test_absurd_nesting_is_refused_quickly() -> None:
    text = page({"extra": "[" * 100_000 + "]" * 100_000})
    with counting_conversions() as converted:
        (problem,) = problems(text)
    assert (problem.rule, problem.line) == ("yaml", 8)
    assert converted[0] <= MAX_DEPTH + len(BASE) + 2  # refused on the way down
    calibration = normal_page(len(text.encode()))
    assert_costs_at_most(lambda: problems(text), lambda: problems(calibration), 30)


def test_deep_nesting_in_the_body_does_not_raise() -> None:
    body = BODY + "> " * 3000 + "quoted\n" + "".join("  " * i + "- item\n" for i in range(500))
    assert check(page({}, body)).problems == []


# ------------------------------------------------------------------ never a traceback

NASTY: list[str | bytes] = [
    b"\x00\x01\x02",
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf---\n---\n",
    "---",
    "---\n",
    "---\n---",
    "...",
    "---\n:\n---\n",
    "---\n? \n---\n",
    "---\n!!binary x\n---\n",
    "---\n<<: *a\n---\n",
    "---\ntitle: !!int x\n---\n",
    "---\nstarted: !!timestamp 2024-08-15\n---\n",
    page({"started": "2024-08-15T12:30:00+99:99"}),
    page({"timeline": "[1, [2], {a: b}, null]"}),
    page({"timeline": "\n  - at: 2024-99-99 12:00\n    event: x"}),
    page({"action_items": "[null, 1, {task: [1]}]"}),
    page({"services": "[null, 1, [x]]"}),
    page({"timezone": "../../etc/passwd"}),
    page({"timezone": "\x7f"}),
    page({"title": "[1, 2]"}),
    page({"title": '"# \\u0000"'}),
    page({}, "# \n" * 3),
    page({}, "| 12:00 |\n|---|\n| 99:99 | x |\n" * 2),
    page({}, "```\n" * 5),
    page({}, "- [ ]\n- [x]\n* \n"),
    "---\r\ntitle: x\r\n---\r\n",
    "---\rtitle: x\r---\r",
    "\u2028---\n",
    "---\n" + "a: b\n" * 5000 + "---\n",
]


@pytest.mark.parametrize("data", NASTY, ids=range(len(NASTY)))
def test_nasty_input_gives_problem_lines(data: str | bytes) -> None:
    checked = check(data)
    for problem in checked.problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
        assert problem.rule in RULES


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                *"-:*[]{}#|`~\n \t\"'&!%@0123456789aZ>\\éT",
                "---\n",
                "12:30",
                "- [ ] ",
                "## Timeline\n",
                "**Timeline:**\n",
                "| 12:30 | x |\n",
                "&a ",
                "*a",
                "!!int ",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_any_text_after_valid_front_matter_never_raises(tail: str) -> None:
    for text in (
        page() + tail,
        "---\n" + tail + "\n---\n" + BODY,
        page({"impact": tail.replace("\n", " ") or "x"}),
    ):
        for problem in check(text).problems:
            assert PROBLEM_LINE.match(str(problem)), str(problem)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_never_raise(data: bytes) -> None:
    for problem in check(data).problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)


def test_problem_str_and_dict() -> None:
    problem = Problem("a/b.md", 3, 7, "warning", "something odd", "unknown-key")
    assert str(problem) == "a/b.md:3:7: warning: something odd [unknown-key]"
    assert problem.as_dict() == {
        "path": "a/b.md",
        "line": 3,
        "col": 7,
        "level": "warning",
        "message": "something odd",
        "rule": "unknown-key",
    }


def test_positions_point_at_the_text() -> None:
    """Every example's line and column point at the offending key or value as written."""
    text = page({"severity": "SEV9", "status": "done"})
    for problem in problems(text):
        line = text.split("\n")[problem.line - 1]
        word = re.search(r"'([^']+)'", problem.message)
        assert word is not None
        assert line[problem.col - 1 :].startswith(word.group(1)), (str(problem), line)
    assert line_of(text, "status") == 8


# ---------------------------------------------------------------- bidirectional controls


def test_bidi_controls_are_warned_where_they_stand_and_left_out_of_the_model() -> None:
    text = page(
        {
            "title": '"Checkout \u202eegatuo"',
            "services": '[checkout, "pay\u2066ments\u2069"]',
            "action_items": '\n  - task: Add pooling\n    owner: "al\u202dice"',
        },
        BODY.replace("Monitoring alert fires", "Monitoring \u202balert fires"),
    )
    checked = check(text)
    found = [(p.rule, p.level, p.line, p.col) for p in checked.problems]
    assert found == [
        ("bidi", "warning", 2, text.split("\n")[1].index("\u202e") + 1),
        ("bidi", "warning", 6, text.split("\n")[5].index("\u2066") + 1),  # one per line: the first
        ("bidi", "warning", 10, text.split("\n")[9].index("\u202d") + 1),
        ("bidi", "warning", line_of(text, "Monitoring"), col_of(text, "\u202balert")),
    ]
    assert "U+2066 (LEFT-TO-RIGHT ISOLATE)" in checked.problems[1].message
    pm = checked.postmortem
    assert pm is not None
    assert (pm.title, pm.services) == ("Checkout egatuo", ["checkout", "payments"])
    assert [a.owner for a in pm.action_items] == ["alice"]
    assert pm.timeline[0].event == "Monitoring alert fires"
    assert pm.meta["title"] == "Checkout egatuo" and pm.meta["services"] == ["checkout", "payments"]
    controls = re.compile("[\u202a-\u202e\u2066-\u2069]")
    assert not controls.search(pm.body)
    assert not any(controls.search(section.text) for section in pm.sections)
    assert not controls.search(export.to_json([pm]) + export.to_csv([pm]))
    assert not controls.search(export.atom_feed([pm], "", "Incidents", "feed.xml"))


def test_bidi_controls_leave_other_problems_positions_and_messages_readable() -> None:
    text = page({"title": '"<b>\u202eCheckout</b>"', "severity": "SEV9"})
    found = problems(text)
    assert [(p.rule, p.line, p.col) for p in found] == [("title", 2, 8), ("bidi", 2, 12), ("severity", 4, 11)]
    assert found[0].message == "title contains markup ('<b>Checkout</b>'); write it as plain text"


def test_bidi_warnings_are_capped_per_page() -> None:
    lines = "".join(f"- note \u202e{i}\n" for i in range(150))
    found = problems(page({}, BODY + "\n## Notes\n\n" + lines))
    assert [p.rule for p in found] == ["bidi"] * 100
    assert found[-1].message.endswith("(and 50 more lines with them, not listed)")
