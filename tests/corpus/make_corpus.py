"""Write the corpus of broken (and a few tricky valid) pages: one file per case, and expected.json.

    /work/venv/bin/python tests/corpus/make_corpus.py      # rewrites tests/corpus/*.md and expected.json

Each case is a page and the problems it must produce, as (rule, where, level). `where` is
a line number, or a needle: the 1-based line of the first line of the file that contains it,
found in the file's own bytes (so the expectation is read off the page, never off the checker's
output), or FENCE: the closing `---`, BODY: the line after it. Line ends are `\\n`, `\\r\\n` or `\\r`,
as editors count them.

Huge and pathological inputs (10 MB, 5,000 timeline entries, alias bombs, 10,000 brackets,
1 MB of junk) are built at run time in test_corpus.py, not stored here.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # for `helpers`, as pytest sees it

from helpers import BODY, DROP, body_with_actions, body_with_timeline, page  # noqa: E402

E, W = "error", "warning"
Where = int | str | bytes


@dataclass(frozen=True)
class Case:
    name: str
    data: str | bytes
    expect: tuple[tuple[str, Where, str], ...]


CASES: list[Case] = []


def case(name: str, data: str | bytes, *expect: tuple[str, Where, str]) -> None:
    assert re.fullmatch(r"[a-z0-9-]+", name), name
    assert name not in {c.name for c in CASES}, name
    CASES.append(Case(name, data, expect))


def lines_of(data: bytes) -> list[bytes]:
    return re.split(rb"\r\n|\r|\n", data)


def resolve(data: bytes, where: Where) -> int:
    lines = lines_of(data)
    if isinstance(where, int):
        assert 1 <= where <= len(lines), where
        return where
    if where in ("FENCE", "BODY"):
        fences = [i for i, line in enumerate(lines) if line.strip().lstrip(b"\xef\xbb\xbf") == b"---"]
        return fences[1] + (1 if where == "FENCE" else 2)  # fences[1] is the closing fence's 0-based index
    needle = where if isinstance(where, bytes) else where.encode("utf-8")
    for number, line in enumerate(lines, 1):
        if needle in line:
            return number
    raise AssertionError(f"{where!r} is in no line")


def encoded(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


# ------------------------------------------------------------------ a wrong type for every field

NUMBER, BOOL, NULL, LIST, MAP, STRING = "42", "true", "null", "[a, b]", "{a: b}", '"nope"'
WRONG = {"number": NUMBER, "bool": BOOL, "null": NULL, "list": LIST, "map": MAP, "string": STRING}

FIELD_TYPES: dict[str, tuple[str, ...]] = {
    # field -> the wrong types tried (every JSON type the field does not take)
    "title": ("number", "bool", "null", "list", "map"),
    "started": ("number", "bool", "null", "list", "map"),
    "ended": ("number", "bool", "null", "list", "map"),
    "detected": ("number", "bool", "null", "list", "map"),
    "mitigated": ("number", "bool", "null", "list", "map"),
    "date": ("number", "bool", "null", "list", "map"),
    "timezone": ("number", "bool", "null", "list", "map"),
    "severity": ("number", "bool", "null", "list", "map"),
    "services": ("number", "bool", "null", "map"),  # a string or a list is right
    "impact": ("number", "bool", "null", "list", "map"),
    "affected_users": ("bool", "null", "list", "map"),  # a number or a "35%" string is right
    "status": ("number", "bool", "null", "list", "map"),
    "authors": ("number", "bool", "null", "map"),  # a string or a list is right
    "tags": ("number", "bool", "null", "map"),
    "timeline": ("string", "number", "bool", "null", "map"),
    "action_items": ("string", "number", "bool", "null", "map"),
}

for field, kinds in FIELD_TYPES.items():
    rule = field.replace("_", "-")
    for kind in kinds:
        case(
            f"type-{rule}-{kind}",
            page({field: WRONG[kind]}),
            (rule, f"{field}: {WRONG[kind]}", E),
        )

TL = "\n  - at: '12:40'\n    event: Alert fires"  # a valid front-matter timeline, changed below
AI = "\n  - task: Add pooling"  # a valid front-matter action item, changed below
ITEM_TYPES: list[tuple[str, str, str, str]] = [
    # (case, field, YAML value, needle of the offending line)
    ("type-timeline-item-string", "timeline", "\n  - Alert fires at 12:40", "- Alert fires"),
    ("type-timeline-item-number", "timeline", "\n  - 1240", "- 1240"),
    ("type-timeline-item-list", "timeline", "\n  - ['12:40', Alert fires]", "- ['12:40'"),
    ("type-timeline-at-number", "timeline", "\n  - at: 1240\n    event: Alert fires", "at: 1240"),
    ("type-timeline-at-null", "timeline", "\n  - at: null\n    event: Alert fires", "at: null"),
    ("type-timeline-at-list", "timeline", "\n  - at: ['12:40']\n    event: Alert fires", "at: ["),
    ("type-timeline-event-number", "timeline", "\n  - at: '12:40'\n    event: 404", "event: 404"),
    ("type-timeline-event-null", "timeline", "\n  - at: '12:40'\n    event: null", "event: null"),
    ("type-timeline-event-list", "timeline", "\n  - at: '12:40'\n    event: [a, b]", "event: ["),
    ("type-timeline-kind-number", "timeline", TL + "\n    kind: 3", "kind: 3"),
    ("type-timeline-kind-list", "timeline", TL + "\n    kind: [detect]", "kind: ["),
    ("type-action-items-item-string", "action_items", "\n  - Add pooling", "- Add pooling"),
    ("type-action-items-item-number", "action_items", "\n  - 101", "- 101"),
    ("type-action-items-item-list", "action_items", "\n  - [Add pooling, alice]", "- [Add"),
    ("type-action-items-task-number", "action_items", "\n  - task: 101", "task: 101"),
    ("type-action-items-task-null", "action_items", "\n  - task: null", "task: null"),
    ("type-action-items-task-list", "action_items", "\n  - task: [a, b]", "task: ["),
    ("type-action-items-owner-number", "action_items", AI + "\n    owner: 7", "owner: 7"),
    ("type-action-items-owner-list", "action_items", AI + "\n    owner: [alice, bob]", "owner: ["),
    ("type-action-items-status-number", "action_items", AI + "\n    status: 1", "status: 1"),
    ("type-action-items-status-bool", "action_items", AI + "\n    status: true", "status: true"),
    ("type-action-items-due-number", "action_items", AI + "\n    due: 20240901", "due: 2024"),
    ("type-action-items-ticket-number", "action_items", AI + "\n    ticket: 101", "ticket: 101"),
    ("type-action-items-ticket-list", "action_items", AI + "\n    ticket: [OPS-1]", "ticket: ["),
]
for name, field, value, needle in ITEM_TYPES:
    case(name, page({field: value}), (field.replace("_", "-"), needle, E))

# ------------------------------------------------------------------ values of the right type, but wrong

case("value-title-empty", page({"title": '""'}), ("title", "title:", E))
case("value-title-markup", page({"title": '"Checkout <b>down</b>"'}), ("title", "title:", E))
case("value-title-entity", page({"title": "Checkout &amp; payments"}), ("title", "title:", E))
case("value-started-date-only", page({"started": "2024-08-15"}), ("started", "started:", E))
case("value-started-words", page({"started": "yesterday at noon"}), ("started", "started:", E))
case("value-started-impossible", page({"started": "2024-02-30T12:30:00Z"}), ("started", "started:", E))
case("value-ended-hour-25", page({"ended": "2024-08-15T25:15:00Z"}), ("ended", "ended:", E))
case("value-ended-bad-offset", page({"ended": "2024-08-15T13:15:00+25:00"}), ("ended", "ended:", E))
case("value-detected-time-only", page({"detected": "'12:40'"}), ("detected", "detected:", E))
case("value-mitigated-slashes", page({"mitigated": "15/08/2024 13:00"}), ("mitigated", "mitigated:", E))
case("value-date-words", page({"date": "15 Aug 2024"}), ("date", "date:", E))
case("value-date-impossible", page({"date": "2024-02-30"}), ("date", "date:", E))
case("value-timezone-unknown", page({"timezone": "Mars/Olympus"}), ("timezone", "timezone:", E))
case("value-severity-unknown", page({"severity": "SEV9"}), ("severity", "severity:", E))
case("value-severity-lower-case", page({"severity": "sev2"}), ("severity", "severity:", E))
case("value-services-empty-list", page({"services": "[]"}), ("services", "services:", E))
case("value-services-empty-string", page({"services": '""'}), ("services", "services:", E))
case(
    "value-services-bad-items",
    page({"services": "\n  - checkout\n  - 42\n  - null\n  - [nested]"}),
    ("services", "- 42", E),
    ("services", "- null", E),
    ("services", "- [nested]", E),
)
case("value-impact-two-lines", page({"impact": '"line one\\nline two"'}), ("impact", "impact:", E))
case("value-impact-blank", page({"impact": '"   "'}), ("impact", "impact:", E))
case("value-affected-users-negative", page({"affected_users": "-5"}), ("affected-users", "affected_", E))
case("value-affected-users-words", page({"affected_users": "lots"}), ("affected-users", "affected_", E))
case("value-status-unknown", page({"status": "closed"}), ("status", "status:", E))
case(
    "value-authors-bad-item",
    page({"authors": "[alice, 42, true]"}),
    ("authors", "authors:", E),
    ("authors", "authors:", E),
)
case("value-tags-bad-item", page({"tags": "\n  - database\n  - {a: b}"}), ("tags", "- {a: b}", E))
case(
    "value-timeline-at-words",
    page({"timeline": "\n  - at: soon\n    event: Alert"}),
    ("timeline", "at: soon", E),
)
case(
    "value-timeline-at-25h",
    page({"timeline": "\n  - at: '25:70'\n    event: Alert"}),
    ("timeline", "at: '25", E),
)
case("value-timeline-no-event", page({"timeline": "\n  - at: '12:40'"}), ("timeline", "- at:", E))
case("value-timeline-no-at", page({"timeline": "\n  - event: Alert fires"}), ("timeline", "- event:", E))
case(
    "value-action-items-no-task", page({"action_items": "\n  - owner: bob"}), ("action-items", "- owner:", E)
)
case(
    "value-action-items-status-closed",
    page({"action_items": AI + "\n    status: closed"}),
    ("action-items", "status: closed", E),
)
case(
    "value-action-items-due-words",
    page({"action_items": AI + "\n    due: next week"}),
    ("action-items", "due: next", E),
)
case(
    "value-action-items-due-impossible",
    page({"action_items": AI + "\n    due: 2024-02-30"}),
    ("action-items", "due: 2024", E),
)

# ------------------------------------------------------------------ required fields

for field in ("started", "severity", "services", "impact", "ended"):
    case(f"required-{field}", page({field: DROP}), ("required", 1, E))
case(
    "required-all",
    "---\nteam: payments\n---\n" + BODY,
    *(("required", 1, E) for _ in range(5)),
    ("title", 1, E),
)
case("required-no-title", page({"title": DROP}), ("title", 1, E))

# ------------------------------------------------------------------ date-time order

T = "2024-08-15T{}:00Z".format
case("order-ended-before-started", page({"ended": T("12:00")}), ("time-order", "ended:", E))
case("order-detected-before-started", page({"detected": T("12:00")}), ("time-order", "detected:", E))
case("order-mitigated-before-started", page({"mitigated": T("12:10")}), ("time-order", "mitigated:", E))
case(
    "order-mitigated-before-detected",
    page({"detected": T("12:40"), "mitigated": T("12:35")}),
    ("time-order", "mitigated:", E),
)
case(
    "order-ended-before-detected",
    page({"detected": T("13:40")}),  # after ended (13:15): detected is the outlier, started and ended agree
    ("time-order", "detected:", E),
)
case(
    "order-ended-before-mitigated",
    page({"detected": T("12:40"), "mitigated": T("13:20")}),  # dropping either restores order: keep ended
    ("time-order", "mitigated:", E),
)
case(
    "order-one-outlier-among-four",  # detected 15:45 is after mitigated and ended: it alone is wrong
    page({"started": T("13:42"), "detected": T("15:45"), "mitigated": T("14:09"), "ended": T("14:52")}),
    ("time-order", "detected:", E),
)
case(
    "order-all-reversed",
    page({"detected": T("12:20"), "mitigated": T("12:10"), "ended": T("12:05")}),
    ("time-order", "ended:", E),
    ("time-order", "detected:", E),
    ("time-order", "mitigated:", E),
)
case(
    "order-hidden-by-offset",  # reads later, is earlier: 13:00+02:00 is 11:00Z
    page({"ended": "2024-08-15T13:00:00+02:00"}),
    ("time-order", "ended:", E),
)
case(
    "order-hidden-by-timezone",  # started 12:30 Berlin is 10:30Z; ended 10:00Z is before it
    page({"started": "2024-08-15T12:30:00", "ended": "2024-08-15T10:00:00Z", "timezone": "Europe/Berlin"}),
    ("time-order", "ended:", E),
)
case(
    "order-ongoing-detected-before-started",
    page({"status": "ongoing", "ended": DROP, "detected": T("12:00")}),
    ("time-order", "detected:", E),
)
case(
    "order-ongoing-ended-before-started",  # an ongoing incident may leave `ended` out, not give a wrong one
    page({"status": "ongoing", "ended": T("12:00")}),
    ("time-order", "ended:", E),
)
# a date other than started's is a publication date (blog engines need one): no problem
case("valid-date-is-a-publication-date", page({"date": "2024-08-16"}))
case(
    "valid-date-in-timezone",  # 23:30Z is already the 16th in Berlin: still no problem
    page(
        {
            "started": T("23:30"),
            "ended": "2024-08-16T00:10:00Z",
            "timezone": "Europe/Berlin",
            "date": "2024-08-15",
        }
    ),
)
case(
    "order-fm-timeline-backwards",
    page({"timeline": "\n  - at: '12:40'\n    event: Alert\n  - at: '12:35'\n    event: Paged"}),
    ("timeline", "at: '12:35'", E),
)
case(
    "order-body-timeline-backwards",
    page({}, BODY.replace("- 12:45 -", "- 12:20 -")),
    ("timeline-order", "- 12:20", W),
)
case(
    "order-body-timeline-12h-back",  # 12:32 -> 1:45 AM is 11 h back, not a midnight crossing
    page({}, BODY.replace("- 12:45 -", "- 1:45 AM -")),
    ("timeline-order", "- 1:45 AM", W),
)
case(
    "order-body-timeline-dated-back",
    page({}, BODY.replace("- 12:45 -", "- 2024-08-14 23:59 -")),
    ("timeline-order", "- 2024-08-14", W),  # one warning: the entries after it do not cascade
)
case("valid-order-equal-times", page({"detected": T("12:30"), "mitigated": T("12:30"), "ended": T("12:30")}))
case("valid-order-ongoing", page({"status": "ongoing", "ended": DROP, "detected": T("12:40")}))
case(
    "valid-order-midnight",
    page(
        {"started": T("23:50"), "ended": "2024-08-16T00:30:00Z"},
        body_with_timeline("- 23:58 - Alert\n- 00:07 - Fixed\n"),
    ),
)
case(
    "valid-order-offsets",  # 14:00+02:00 is 12:00Z, before 12:30Z only as written
    page(
        {"started": "2024-08-15T14:00:00+02:00", "ended": T("12:30")},
        body_with_timeline("- 12:05 UTC - Alert\n"),
    ),
)

# ------------------------------------------------------------------ malformed YAML

case("yaml-unclosed-double-quote", page({"impact": '"never closed'}), ("yaml", "impact:", E))
case("yaml-unclosed-single-quote", page({"impact": "'never closed"}), ("yaml", "impact:", E))
# YAML errors point where the parser gave up, as compilers do: an unclosed flow list is noticed
# at the closing fence (the front matter ends before its ']'), an unclosed flow map at the next key
case("yaml-unclosed-flow-list", page({"impact": "[a, b"}), ("yaml", "FENCE", E))
case("yaml-unclosed-flow-map", page({"services": "{checkout"}), ("yaml", "impact:", E))
case("yaml-bad-indentation", page({"services": "\n  - checkout\n - payments"}), ("yaml", " - payments", E))
case("yaml-colon-in-plain-value", page({"impact": "checkout: down"}), ("yaml", "impact:", E))
case(
    "yaml-key-without-colon",
    "---\ntitle: Checkout outage\njust some words\nseverity: SEV2\n---\n" + BODY,
    ("yaml", "just some words", E),
)
case(
    "yaml-quote-never-closed",  # the quote swallows every line to the end; the fix goes where it opened
    page({"title": '"Checkout outage'}),
    ("yaml", "title:", E),
)
case("yaml-block-scalar-not-indented", page({"impact": "|\nnot indented"}), ("yaml", "not indented", E))
case("yaml-undefined-alias", page({"impact": "*nothing"}), ("yaml", "impact:", E))
case("yaml-duplicate-anchor", page({"owner": "&who alice", "reviewer": "&who bob"}), ("yaml", "reviewer:", E))
case("yaml-reserved-character", page({"impact": "@everyone paged"}), ("yaml", "impact:", E))
case("yaml-control-character", page({"impact": '"bell \x07 rang"'}), ("yaml", "impact:", E))
case("yaml-directive-without-start", "---\n%YAML 1.1\ntitle: x\n---\n" + BODY, ("yaml", "title:", E))
case("yaml-python-tag", page({"impact": "!!python/object/apply:os.system echo"}), ("yaml", "impact:", E))
case("yaml-unknown-local-tag", page({"impact": "!secret down"}), ("yaml", "impact:", E))
case("yaml-bad-int-tag", page({"impact": "!!int many"}), ("yaml", "impact:", E))
case("yaml-complex-key", page({"[a, b]": "x"}), ("yaml", "[a, b]:", E))
case(
    "yaml-u2028-keeps-lines",  # YAML 1.1 breaks lines at U+2028; editors do not
    page({"title": '"Checkout\u2028outage"', "status": "done"}),
    ("status", "status:", E),
)
case("yaml-nel-in-comment", page({"title": "Checkout # note\x85 more"}), ("yaml", "title:", E))
case("valid-yaml-anchors", page({"authors": "&people [alice, bob]", "reviewers": "*people"}))
case("valid-yaml-merge-key", page({"defaults": "&d {region: eu}", "where": "\n  <<: *d\n  zone: a"}))
case(
    "valid-yaml-block-scalars",
    page({"impact": ">-\n  Checkout failed\n  for 45 minutes", "notes": "|\n  line one\n  line two"}),
)

# ------------------------------------------------------------------ the front matter block

case("fm-unclosed", "---\ntitle: Checkout outage\nseverity: SEV2\n\n" + BODY, ("front-matter", 1, E))
case("fm-unclosed-at-eof", "---\ntitle: Checkout outage\n", ("front-matter", 1, E))
case("fm-only-opening-fence", "---\n", ("front-matter", 1, E))
case("fm-is-a-list", "---\n- title\n- severity\n---\n" + BODY, ("front-matter", 2, E))
case("fm-is-a-string", "---\njust a sentence\n---\n" + BODY, ("front-matter", 2, E))
case("fm-is-a-number", "---\n42\n---\n" + BODY, ("front-matter", 2, E))
case("fm-is-empty", "---\n---\n" + BODY, ("front-matter", 2, E))
case("fm-is-a-comment", "---\n# nothing yet\n---\n" + BODY, ("front-matter", 2, E))
case("fm-missing", BODY, ("front-matter", 1, E))
case("fm-after-blank-line", "\n" + page(), ("front-matter", 1, E))
case("fm-four-dashes", "----\n" + page()[4:], ("front-matter", 1, E))
case("valid-fm-closed-by-dots", page().replace("\n---\n", "\n...\n", 1))
case("valid-fm-fence-trailing-space", "--- \n" + page()[4:].replace("\n---\n", "\n---\t\n", 1))

# ------------------------------------------------------------------ duplicate keys

case("dup-top-level", page({"severity": "SEV2\nseverity: SEV3"}), ("duplicate-key", "severity: SEV3", E))
case(
    "dup-three-times",
    page({"impact": "a\nimpact: b\nimpact: c"}),
    ("duplicate-key", "impact: b", E),
    ("duplicate-key", "impact: c", E),
)
case("dup-quoted-key", page({"'title'": "Again"}), ("duplicate-key", "'title':", E))
case(
    "dup-in-timeline-item",
    page({"timeline": TL + "\n    event: Alert again"}),
    ("duplicate-key", "event: Alert again", E),
)
case(
    "dup-in-action-item",
    page({"action_items": "\n  - task: a\n    task: b"}),
    ("duplicate-key", "task: b", E),
)
case("dup-differs-in-case", page({"Title": "Again"}), ("unknown-key", "Title:", W))

# ------------------------------------------------------------------ typos

case("typo-servics", page({"servics": "[search]"}), ("unknown-key", "servics:", W))
case("typo-in-timeline-item", page({"timeline": TL + "\n    knd: detect"}), ("unknown-key", "knd:", W))
case("valid-unknown-keys", page({"jira_epic": "OPS-1", "pagerduty": "Q1W2E3", "region": "eu-west-1"}))

# ------------------------------------------------------------------ tabs

case("tab-indented-list", page({"services": "\n\t- checkout"}), ("yaml", "\t- checkout", E))
case(
    "tab-indented-key",
    "---\ntitle: Checkout outage\n\tseverity: SEV2\n---\n" + BODY,
    ("yaml", "\tseverity", E),
)
case("valid-tab-after-colon", page({"severity": "\tSEV2"}))
case("valid-tabs-in-body", page({}, BODY.replace("- 12:32 - Monitoring", "-\t12:32\t-\tMonitoring")))

# ------------------------------------------------------------------ bytes: encodings and line ends

BOM = b"\xef\xbb\xbf"
case("bom", BOM + page().encode(), ("encoding", 1, W))
case("bom-crlf", BOM + page().replace("\n", "\r\n").encode(), ("encoding", 1, W))
case(
    "bom-and-error",
    BOM + page({"severity": "SEV9"}).encode(),
    ("encoding", 1, W),
    ("severity", "severity:", E),
)
case("only-bom", BOM, ("encoding", 1, W), ("front-matter", 1, E))
case("valid-crlf", page().replace("\n", "\r\n").encode())
case("valid-cr-only", page().replace("\n", "\r").encode())
case(
    "crlf-error-line", page({"severity": "SEV9"}).replace("\n", "\r\n").encode(), ("severity", "severity:", E)
)
case(
    "mixed-line-ends-error-line",
    page({"severity": "SEV9"}, BODY.replace("- 12:45 -", "- 12:20 -")).replace("\n", "\r\n", 3).encode(),
    ("severity", "severity:", E),
    ("timeline-order", "- 12:20", W),
)
case("latin1-title", page({"title": "Caf\xe9 checkout down"}).encode("latin-1"), ("encoding", "title:", E))
case(
    "latin1-body",
    page({}, BODY.replace("A database", "A caf\xe9 database")).encode("latin-1"),
    ("encoding", "caf", E),
)
case(
    "cp1252-quotes",
    page({}, BODY.replace("A database", "A \u201cquoted\u201d database")).encode("cp1252"),
    ("encoding", "quoted", E),
)
case("utf16", page().encode("utf-16"), ("encoding", 1, E))
case("nul-bytes", page().encode().replace(b"SEV2", b"SEV\x002"), ("encoding", "severity:", E))
case(
    "overlong-utf8",
    page().encode().replace(b"impact: 35%", b"impact: \xc0\xaf35%"),
    ("encoding", "impact:", E),
)
case("encoded-surrogate", page().encode() + b"\n\xed\xa0\x80\n", ("encoding", b"\xed\xa0\x80", E))
case("truncated-utf8-at-eof", page().encode() + b"\xe2\x82", ("encoding", b"\xe2\x82", E))
case("empty", b"", ("empty", 1, E))
case("whitespace-only", b"  \n\t\n\r\n", ("empty", 1, E))
case("junk-with-md-name", bytes(range(256)) * 4, ("encoding", 1, E))
case("junk-without-nul", bytes(range(1, 256)) * 4, ("encoding", b"\x7f\x80", E))  # \r counts as a line end

# ------------------------------------------------------------------ Unicode that must simply work

case(
    "valid-unicode-rtl",
    page(
        {
            "title": "انقطاع خدمة الدفع — Checkout outage",
            "services": "[خدمة-الدفع, תשלומים, 決済, checkout]",
            "tags": "[ユーザー影響, 😱, Ünïcödé]",
        }
    ),
)
case(
    "valid-unicode-marks",
    page(
        {
            "title": '"R&D\'s \\"checkout\\" <3 — e\u0301, 👩\u200d💻, \u200fמצב\u200f"',
            "services": "['a<b', 'x > y', 'q\"uote', \"it's\", 'a&b']",
            "impact": "Käufer in Köln & 東京 konnten nicht bezahlen",
        }
    ),
)
case("valid-title-from-rtl-h1", page({"title": DROP}, "# عطل في الدفع\n\n" + BODY))

# ------------------------------------------------------------------ the body

case(
    "body-missing-section",
    page({}, BODY.replace("## Root Cause", "## Lessons learned")),
    ("section-missing", "BODY", E),
)
case(
    # the prose before the first section is the summary; the other four are missing
    "body-no-sections",
    page({}, "Nothing but prose.\n"),
    *(("section-missing", "BODY", E) for _ in range(4)),
)
case(
    "body-timeline-empty",
    page({}, body_with_timeline("We did not keep one.\n")),
    ("timeline-empty", "## Timeline", W),
)
case("body-stamp-25h", page({}, BODY.replace("- 12:45 -", "- 25:45 -")), ("timeline-stamp", "- 25:45", E))
case(
    "body-stamp-13pm",
    page({}, BODY.replace("- 12:45 -", "- 13:45 PM -")),
    ("timeline-stamp", "- 13:45 PM", E),
)
case(
    "body-stamp-impossible-date",
    page({}, BODY.replace("- 12:45 -", "- 2024-02-30 12:45 -")),
    ("timeline-stamp", "- 2024-02-30", E),
)
case(
    "body-table-row-without-stamp",
    page({}, body_with_timeline("| Time | Event |\n| --- | --- |\n| 12:32 | Alert |\n| soon | Fixed |\n")),
    ("timeline-vague", "| soon", W),  # kept, with an unknown time
)
case(
    "body-template-text",
    page(
        {"impact": "'TODO: who was hurt, and how badly'"},
        BODY.replace("A database", "TODO: what happened. A database"),
    ),
    ("template-text", "impact:", W),
    ("template-text", "TODO: what", W),
)
case(
    "body-h1-markup",
    page({"title": DROP}, "# Checkout <script>alert(1)</script>\n\n" + BODY),
    ("title", "# Checkout", E),
)
case(
    "valid-body-table-and-bold",
    page(
        {},
        body_with_timeline(
            "| Time (UTC) | Event | Graph |\n|---|---|---|\n"
            "| **12:32** | Alert | [g](https://g/1) |\n| 1:05 PM | Fixed | |\n"
        ),
    ),
)
case(
    "valid-body-bold-markers",
    page({}, BODY.replace("## Summary", "**Summary:**").replace("## Timeline", "**Timeline:**")),
)
case(
    "valid-body-actions-plain-list", page({}, body_with_actions("- Add pooling @alice\n- Alert on errors\n"))
)
case(
    "valid-front-matter-timeline-and-actions",
    page(
        {
            "timeline": TL
            + "\n    kind: detect\n  - at: 2024-08-15T13:10:00Z\n    event: Fixed\n    kind: mitigate",
            "action_items": AI
            + "\n    owner: alice\n    status: done\n    due: 2024-09-01\n    ticket: OPS-1",
        },
        body_with_timeline("See the front matter.\n"),  # the front matter's timeline wins: no warning
    ),
)


def main() -> None:
    for old in HERE.glob("*.md"):
        old.unlink()
    expected: dict[str, list[dict[str, object]]] = {}
    for c in CASES:
        data = encoded(c.data)
        name = f"{c.name}.md"
        (HERE / name).write_bytes(data)
        found = [
            {"rule": rule, "line": resolve(data, where), "level": level} for rule, where, level in c.expect
        ]
        expected[name] = sorted(found, key=lambda p: (p["line"], p["rule"], p["level"]))
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(CASES)} cases written to {HERE}")


if __name__ == "__main__":
    main()
