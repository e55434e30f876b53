"""The corpus of broken input: each file in tests/corpus/ gives exactly the problems expected.json lists.

The small cases are files (written by tests/corpus/make_corpus.py, which says how each
expected line is found); the huge and pathological ones are built here at run time. Their
cost is bounded without wall-clock seconds (CI machines are shared): by the work done, the
peak memory, or the CPU time relative to a calibration measured in the same test.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import random
import subprocess
import sys
import tracemalloc
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from helpers import (
    BASE,
    BODY,
    PROBLEM_LINE,
    assert_costs_at_most,
    assert_linear,
    body_with_timeline,
    counting_conversions,
    normal_page,
    page,
)
from mkdocs_postmortems import export
from mkdocs_postmortems.checker import Checked, Checker
from mkdocs_postmortems.rules import RULES
from mkdocs_postmortems.timeline import draw_incident
from mkdocs_postmortems.yamlnodes import MAX_DEPTH, MAX_NODES

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED: dict[str, list[dict[str, object]]] = json.loads((CORPUS / "expected.json").read_text("utf-8"))
FILES = sorted(p.name for p in CORPUS.glob("*.md"))
_runs = itertools.count()


def run(data: bytes, name: str = "docs/postmortems/case.md") -> Checked:
    """Check with a fresh checker and a fresh cache key, so every measured run is a real run."""
    return Checker().check(f"{name}#{next(_runs)}", data)


def assert_well_formed(checked: Checked) -> None:
    for problem in checked.problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
        assert problem.rule in RULES
        assert problem.level == RULES[problem.rule].level or problem.rule == "encoding"


def triples(checked: Checked) -> Counter[tuple[str, int, str]]:
    return Counter((p.rule, p.line, p.level) for p in checked.problems)


def test_every_file_has_an_expectation_and_back() -> None:
    assert len(FILES) >= 50
    assert set(FILES) == set(EXPECTED)


def test_committed_files_are_what_the_generator_writes() -> None:
    """The files are reviewable through make_corpus.py only while they still match it."""
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = generator  # dataclasses look their module up there
    try:
        spec.loader.exec_module(generator)
    finally:
        del sys.modules["make_corpus"]
    for case in generator.CASES:
        name = f"{case.name}.md"
        data = generator.encoded(case.data)
        assert (CORPUS / name).read_bytes() == data, f"{name}: run tests/corpus/make_corpus.py"
        lines = sorted(generator.resolve(data, where) for _, where, _ in case.expect)
        assert lines == sorted(int(str(p["line"])) for p in EXPECTED[name]), name
    assert len(generator.CASES) == len(FILES)


@pytest.mark.parametrize("name", FILES)
def test_corpus_case(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    checked = Checker().check(f"docs/postmortems/{name}", data)
    assert_well_formed(checked)
    want = Counter((str(p["rule"]), int(str(p["line"])), str(p["level"])) for p in EXPECTED[name])
    got = triples(checked)
    assert got == want, "\n".join(str(p) for p in checked.problems) or "no problems"
    if not any(level == "error" for _, _, level in want):
        assert checked.postmortem is not None  # a valid page (warnings at most) is read


# ------------------------------------------------------------------ valid pages that must work


def test_crlf_reads_like_lf() -> None:
    lf = run((CORPUS / "bom.md").read_bytes()[3:])
    crlf = run((CORPUS / "valid-crlf.md").read_bytes())
    cr = run((CORPUS / "valid-cr-only.md").read_bytes())
    assert lf.problems == crlf.problems == cr.problems == []
    assert lf.postmortem and crlf.postmortem and cr.postmortem
    assert lf.postmortem.as_record() | {"source": ""} == crlf.postmortem.as_record() | {"source": ""}
    assert cr.postmortem.timeline == lf.postmortem.timeline
    assert "\r" not in json.dumps(crlf.postmortem.as_record())


@pytest.mark.parametrize(
    "name", ["valid-unicode-rtl.md", "valid-unicode-marks.md", "valid-title-from-rtl-h1.md"]
)
def test_unicode_survives_into_the_record_and_renders(name: str) -> None:
    checked = run((CORPUS / name).read_bytes())
    assert checked.problems == []
    pm = checked.postmortem
    assert pm is not None and pm.title
    expected_title = {
        "valid-unicode-rtl.md": "انقطاع خدمة الدفع — Checkout outage",
        "valid-unicode-marks.md": 'R&D\'s "checkout" <3 — e\u0301, 👩\u200d💻, \u200fמצב\u200f',
        "valid-title-from-rtl-h1.md": "عطل في الدفع",
    }[name]
    expected_services = {
        "valid-unicode-rtl.md": ["خدمة-الدفع", "תשלומים", "決済", "checkout"],
        "valid-unicode-marks.md": ["a<b", "x > y", 'q"uote', "it's", "a&b"],
        "valid-title-from-rtl-h1.md": ["checkout", "payments"],
    }[name]
    record = pm.as_record()
    assert record["title"] == expected_title  # exactly: no normalisation, no escaping, no bidi marks lost
    assert record["services"] == expected_services
    (exported,) = json.loads(export.to_json([pm]))
    assert (exported["title"], exported["services"]) == (expected_title, expected_services)
    # renders: the SVG timeline and the Atom feed are well-formed XML that carry the text unchanged
    svg = ET.fromstring(draw_incident(pm))
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == f"Timeline of {expected_title}"
    feed = ET.fromstring(export.atom_feed([pm], "https://example.org/", "Incidents", "feed.xml").encode())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findtext("a:entry/a:title", namespaces=ns) == expected_title
    terms = {c.get("term") for c in feed.findall("a:entry/a:category", ns)}
    assert set(expected_services) <= terms
    assert expected_title.replace('"', '""') in export.to_csv([pm])


# ------------------------------------------------------------------ generated at run time: the huge ones

TEN_MB = 10 * 1024 * 1024


def log_page(size: int) -> bytes:
    """A valid page carrying `size` bytes of pasted log."""
    paragraph = "12:31:07 checkout-7f9c ERROR upstream timed out after 30000 ms (pool exhausted)\n"
    filler = paragraph * (size // len(paragraph) + 1)
    return page({}, BODY + "\n## Logs\n\n```\n" + filler + "```\n").encode()


def test_ten_megabyte_page() -> None:
    """A 10 MB page of prose (a pasted log, say) is read in linear time, without a traceback."""
    checked = assert_linear(log_page, TEN_MB, run)
    assert checked.problems == []
    assert checked.postmortem is not None and len(checked.postmortem.timeline) == 4


@pytest.mark.parametrize(
    "shape",
    [
        "headings",
        "one-line",
        "open-brackets-in-action-items",
        "open-parentheses-in-action-items",
        "spaces-in-an-action-cell",
        "escapes-and-entities",
        "front-matter-keys",
        "unclosed-front-matter",
    ],
)
def test_ten_megabyte_pathological_shapes(shape: str) -> None:
    """Up to 10 MB shaped to hit a parser's worst case: never a traceback, never quadratic
    (8x the bytes may cost at most 24x the CPU time: linear work costs 8x, quadratic 64x).

    The headings shape is 2 MB (180,000 sections): enough to catch a quadratic section
    split (it took over a minute), without slowing every test run by seconds.
    """

    def make(size: int) -> bytes:
        if shape == "headings":
            data = page({}, BODY + "## Summary\n" * (size // 11))
        elif shape == "one-line":
            data = page({}, BODY + "x" * size)
        elif shape == "open-brackets-in-action-items":
            data = page({}, BODY + "- [ ] " + "[" * size + "\n")
        elif shape == "open-parentheses-in-action-items":  # a done bracket `（…済み）` searched at each one
            data = page({}, BODY + "- " + "（(" * (size // 4) + "\n")
        elif shape == "spaces-in-an-action-cell":  # a status after a ticket searched at each space
            table = "| Action | Ticket |\n| --- | --- |\n| Add pooling | a"
            data = page({}, BODY + table + " " * size + "x |\n")
        elif shape == "escapes-and-entities":  # an export's `\-` and `&amp;` read on every line
            data = page({}, BODY + ("- 13:20 \\- S&amp;O &lt;ok&gt;\n" * (size // 30)))
        elif shape == "front-matter-keys":
            data = "---\n" + "".join(f"key{i}: value {i}\n" for i in range(size // 20)) + "---\n" + BODY
        else:
            data = "---\n" + "title: x\n" * (size // 9)
        return data.encode()

    checked = assert_linear(make, 2 * 1024 * 1024 if shape == "headings" else TEN_MB, run)
    assert_well_formed(checked)
    if shape == "front-matter-keys":
        assert [(p.rule, p.line) for p in checked.problems] == [("yaml", 2)]
        assert (
            checked.problems[0].message
            == f"front matter has more than {MAX_NODES} values; refusing to read it"
        )
    if shape == "unclosed-front-matter":
        assert [(p.rule, p.line) for p in checked.problems] == [("front-matter", 1)]


def test_five_thousand_timeline_entries() -> None:
    started = datetime(2024, 8, 15, 0, 0, tzinfo=UTC)
    stamps = [started + timedelta(seconds=15 * i) for i in range(5000)]  # 20 h 50 min, no day crossed twice
    items = "".join(f"- {at:%H:%M:%S} - step {i}\n" for i, at in enumerate(stamps))
    text = page(
        {"started": "2024-08-15T00:00:00Z", "ended": "2024-08-16T00:00:00Z"}, body_with_timeline(items)
    )
    checked = run(text.encode())
    assert checked.problems == []
    pm = checked.postmortem
    assert pm is not None and len(pm.timeline) == 5000
    assert [e.at for e in pm.timeline] == stamps
    assert [e.event for e in pm.timeline[:2]] == ["step 0", "step 1"]

    def make(entries: int) -> bytes:
        listed = "".join(f"- {at:%H:%M:%S} - step {i}\n" for i, at in enumerate(stamps[:entries]))
        return text.replace(items, listed).encode()

    assert_linear(make, 5000, run)


def test_five_thousand_front_matter_timeline_entries() -> None:
    started = datetime(2024, 8, 15, 0, 0, tzinfo=UTC)
    stamps = [started + timedelta(seconds=30 * i) for i in range(5000)]
    entries = "".join(
        f"\n  - at: {at:%Y-%m-%dT%H:%M:%SZ}\n    event: step {i}" for i, at in enumerate(stamps)
    )
    text = page(
        {"started": "2024-08-15T00:00:00Z", "ended": "2024-08-17T00:00:00Z", "timeline": entries},
        body_with_timeline("See the front matter.\n"),
    )
    checked = run(text.encode())
    assert checked.problems == []
    assert checked.postmortem is not None
    assert [e.at for e in checked.postmortem.timeline] == stamps

    def make(count: int) -> bytes:
        some = "".join(
            f"\n  - at: {at:%Y-%m-%dT%H:%M:%SZ}\n    event: step {i}" for i, at in enumerate(stamps[:count])
        )
        return text.replace(entries, some).encode()

    assert_linear(make, 5000, run)


def billion_laughs() -> bytes:
    """The classic: nine levels of nine aliases each, 9**9 (387 million) strings when expanded."""
    levels = ['lol0: &lol0 "lol"']
    for n in range(1, 10):
        levels.append(f"lol{n}: &lol{n} [" + ", ".join([f"*lol{n - 1}"] * 9) + "]")
    return ("---\n" + "\n".join(levels) + "\n---\n" + BODY).encode()


def largest_accepted_front_matter() -> bytes:
    """A valid page whose front matter holds nearly as many values as the checker reads."""
    return page({"extra": "[" + ", ".join(["a"] * (MAX_NODES - 20)) + "]"}).encode()


def test_the_largest_accepted_front_matter_is_read() -> None:
    checked = run(largest_accepted_front_matter())
    assert checked.problems == [] and checked.postmortem is not None


@pytest.mark.parametrize(
    "data",
    [
        billion_laughs(),
        # the same bomb hidden in a deep nested value of a real page
        page(
            {"extra": "\n  deep:\n    " + billion_laughs().decode().split("---\n")[1].replace("\n", "\n    ")}
        ).encode(),
        # a wide bomb: one alias to a 5,000-item list, used 5,000 times
        (
            "---\nitems: &x ["
            + ", ".join(["a"] * 5_000)
            + "]\nuse: ["
            + ", ".join(["*x"] * 5_000)
            + "]\n---\n"
        ).encode(),
    ],
    ids=["classic", "nested", "wide"],
)
def test_alias_bomb_is_refused_in_bounded_work_and_memory(data: bytes) -> None:
    """The bomb is refused after converting at most MAX_NODES values (its expansion is billions),
    in bounded memory, and at no more cost than reading the largest front matter accepted."""
    with counting_conversions() as converted:
        tracemalloc.start()
        try:
            checked = run(data)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert [p.rule for p in checked.problems] == ["yaml"], [str(p) for p in checked.problems]
    assert "refusing to read it" in checked.problems[0].message
    assert checked.postmortem is None
    assert converted[0] <= MAX_NODES + 1, converted[0]
    assert peak < 50 * 1024 * 1024, f"{peak / 1e6:.0f} MB"
    largest = largest_accepted_front_matter()
    assert_costs_at_most(lambda: run(data), lambda: run(largest), 2)


MEASURE = """
import json, resource, sys
from mkdocs_postmortems.checker import Checker
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
checked = Checker().check("docs/postmortems/bomb.md", data)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
grown = (after - before) * 1024  # how far the peak rose while checking (0: not above the imports' peak)
print(json.dumps({"rules": [p.rule for p in checked.problems], "grown": grown}))
"""


def test_alias_bomb_memory_of_the_whole_process() -> None:
    """tracemalloc sees only Python's allocations; the peak resident size of a fresh process
    (ru_maxrss, in KiB on Linux) also counts libyaml's."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE], input=billion_laughs(), capture_output=True, check=True, timeout=60
    )
    measured = json.loads(result.stdout)
    assert measured["rules"] == ["yaml"]
    assert measured["grown"] < 50 * 1024 * 1024, f"{measured['grown'] / 1e6:.0f} MB"


@pytest.mark.parametrize("opening", ["[", "{a: ", "- ", "a:"])
def test_very_deep_nesting(opening: str) -> None:
    """10,000 brackets or braces; block nesting needs indentation that grows with depth, so 2,000 levels."""
    if opening == "[":
        value = "[" * 10_000 + "]" * 10_000
    elif opening == "{a: ":
        value = "{a: " * 10_000 + "}" * 10_000
    elif opening == "- ":
        value = "\n" + "".join(" " * (i + 1) + "-\n" for i in range(2_000)) + " " * 2_001 + "- x"
    else:
        value = "\n" + "".join(" " * (i + 1) + "a:\n" for i in range(2_000)) + " " * 2_001 + "b: 1"
    data = page({"extra": value}).encode()
    with counting_conversions() as converted:
        checked = run(data)
    assert [(p.rule, p.line >= 8) for p in checked.problems] == [("yaml", True)], [
        str(p) for p in checked.problems
    ]
    message = checked.problems[0].message
    assert message in (
        f"front matter is nested more than {MAX_DEPTH} levels deep",
        "front matter is not valid YAML: exceeded maximum nesting depth",  # libyaml's own limit (1,000)
    )
    # refused on the way down: the values converted are the levels above the limit and a few keys
    assert converted[0] <= MAX_DEPTH + len(BASE) + 2, converted[0]
    calibration = normal_page(len(data))
    assert_costs_at_most(lambda: run(data), lambda: run(calibration), 30)


@pytest.mark.parametrize(
    "body", ["[" * 10_000 + "]" * 10_000, "> " * 10_000 + "quoted\n", "*" * 10_000 + "\n"]
)
def test_ten_thousand_levels_of_nesting_in_the_body(body: str) -> None:
    data = page({}, BODY + body).encode()
    checked = run(data)
    assert checked.problems == []
    calibration = normal_page(len(data))
    assert_costs_at_most(lambda: run(data), lambda: run(calibration), 30)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_megabyte_of_binary_junk_named_md(seed: int) -> None:
    data = random.Random(seed).randbytes(1024 * 1024)
    checked = Checker().check("docs/postmortems/junk.md", data)
    assert [(p.rule, p.level) for p in checked.problems] == [("encoding", "error")]
    assert checked.postmortem is None
    assert_well_formed(checked)
    calibration = normal_page(len(data))
    assert_costs_at_most(lambda: run(data), lambda: run(calibration), 30)


def test_a_megabyte_of_junk_without_nul_bytes() -> None:
    data = bytes(b for b in random.Random(7).randbytes(1024 * 1024 + 100_000) if b)[: 1024 * 1024]
    checked = run(data)
    assert [(p.rule, p.level) for p in checked.problems] == [("encoding", "error")]
    first_bad = next(i for i, b in enumerate(data) if b >= 0x80)  # random bytes: not valid UTF-8 at once
    head = data[:first_bad]
    lines = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    assert checked.problems[0].line == lines


def test_a_megabyte_of_printable_junk() -> None:
    printable = bytes(32 + b % 95 for b in range(256))
    data = random.Random(3).randbytes(1024 * 1024).translate(printable)
    checked = run(data)
    assert [(p.rule, p.line) for p in checked.problems] == [("front-matter", 1)]


@pytest.mark.parametrize("seed", range(20))
def test_random_junk_never_raises(seed: int) -> None:
    """Seeded, so a failure names the input that caused it (the seed is in the test id)."""
    assert_well_formed(run(random.Random(seed).randbytes(4096)))
