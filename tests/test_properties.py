"""Property-based tests of the parser and validator (Hypothesis).

(a) Whatever the bytes, `Checker.check` returns a `Checked` and never raises; every
    problem is one compiler-style line whose position lies inside the file.
(b) Valid generated front matter (Unicode, right-to-left text, `<>"'&`) has no
    errors, and `export.to_json` gives back exactly what was written.
(c) A time stamp written in any supported body form parses back to the same instant.

Profiles: "ci" (the default) is derandomized, so CI runs the same examples every time,
and keeps this file well under two minutes. For a longer local hunt:

    HYPOTHESIS_PROFILE=dev /work/venv/bin/pytest tests/test_properties.py

("dev" runs 10x the examples, randomly seeded, and remembers failures in .hypothesis/.)
The profile is applied to these tests only, so other test files keep their own settings.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import BODY, body_with_timeline, page
from mkdocs_postmortems import export
from mkdocs_postmortems.checker import Checked, Checker
from mkdocs_postmortems.rules import RULES

settings.register_profile(
    "ci",
    max_examples=400,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev",
    max_examples=4000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PROBLEM = re.compile(r"^.+:(\d+):(\d+): (error|warning): .+ \[[a-z-]+\]$")
LINE_END = re.compile(r"\r\n|\r|\n")
PATH = "docs/postmortems/generated.md"


def check(data: bytes) -> Checked:
    return Checker().check(PATH, data)


def assert_problem_lines(data: bytes, checked: Checked) -> None:
    """Every problem is one well-formed line pointing inside the file."""
    assert isinstance(checked, Checked)
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    lines = LINE_END.split(text)
    for problem in checked.problems:
        shown = str(problem)
        match = PROBLEM.match(shown)
        assert match, shown
        assert "\n" not in shown and "\r" not in shown, shown
        assert problem.rule in RULES, shown
        line, col = int(match[1]), int(match[2])
        assert (line, col) == (problem.line, problem.col)
        assert 1 <= line <= len(lines), f"{shown} (the file has {len(lines)} lines)"
        assert 1 <= col <= len(lines[line - 1]) + 1, f"{shown} (line {line} is {lines[line - 1]!r})"


# ------------------------------------------------------------------ (a) never a traceback

TOKENS = [
    *"-:*[]{}#|>`~,?!&%@'\"\\ \t\n",
    "\r\n",
    "\r",
    "---",
    "...",
    "- ",
    ": ",
    "? ",
    "&a ",
    "*a",
    "*b",
    "<<: *a",
    "!!int ",
    "!!str ",
    "!!binary ",
    "!!timestamp ",
    "!!python/object/apply:os.system ",
    "!local ",
    "null",
    "~",
    "true",
    "yes",
    "0x1F",
    "1e3",
    ".nan",
    "12:30",
    "25:70",
    "2024-08-15",
    "2024-08-15T12:30:00Z",
    "2024-02-30T12:30:00+02:00",
    "SEV1",
    "SEV9",
    "ongoing",
    "<b>",
    "&amp;",
    "TODO: x",
    "é",
    "שלום",
    "مرحبا",
    "😱",
    "\u200f",
    "\u2028",
    "\x85",
    "\ufeff",
    "\x00",
    "\x07",
    "\x1b",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
]
KEYS = [
    "title",
    "started",
    "ended",
    "detected",
    "mitigated",
    "date",
    "timezone",
    "severity",
    "services",
    "impact",
    "affected_users",
    "status",
    "authors",
    "tags",
    "timeline",
    "action_items",
    "at",
    "event",
    "kind",
    "task",
    "owner",
    "due",
    "ticket",
    "servics",
    "Title",
]
BODY_TOKENS = [
    "## Summary\n",
    "## Timeline\n",
    "## Root Cause\n",
    "## Resolution\n",
    "## Action Items\n",
    "**Timeline:**\n",
    "# Title <b>\n",
    "- 12:30 - x\n",
    "- **1:05 PM:** y\n",
    "- 2024-08-16 00:07 Z — z\n",
    "- 23:59 – w\n",
    "- 99:99 - v\n",
    "| Time | Event |\n",
    "|---|---|\n",
    "| 12:31 | x | y |\n",
    "- [ ] task @bob OPS-1 due 2024-02-30\n",
    "- [x] done\n",
    "```\n",
    "TODO: fill\n",
    "\n",
    "[",
    ">",
    "*",
]


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8, as on disk


yaml_value = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=8).map("".join)
yaml_line = st.tuples(
    st.sampled_from(["", "  ", "    ", "\t", "- ", "  - "]),
    st.sampled_from(KEYS) | st.text(min_size=1, max_size=6),
    st.sampled_from([": ", ":", " : ", ": |\n  ", ": >\n  ", ":\n  - "]),
    yaml_value,
).map("".join)
front_matter_shaped = st.tuples(
    st.lists(yaml_line, max_size=12).map("\n".join),
    st.lists(st.sampled_from(BODY_TOKENS) | st.text(max_size=10), max_size=15).map("".join),
    st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "--- \n"]),
    st.sampled_from(["\n---\n", "\n...\n", "\r\n---\r\n", "\n", "\n---"]),
).map(lambda parts: parts[2] + parts[0] + parts[3] + parts[1])


@PROFILE
@given(st.binary(max_size=2000))
def test_any_bytes(data: bytes) -> None:
    assert_problem_lines(data, check(data))


@PROFILE
@given(st.text(max_size=500))
def test_any_text(text: str) -> None:
    data = encode(text)
    assert_problem_lines(data, check(data))


@PROFILE
@given(front_matter_shaped)
def test_text_shaped_like_front_matter(text: str) -> None:
    data = encode(text)
    assert_problem_lines(data, check(data))


@PROFILE
@given(front_matter_shaped, st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]))
def test_front_matter_shapes_in_other_encodings(text: str, encoding: str) -> None:
    data = text.encode(encoding, "replace")
    assert_problem_lines(data, check(data))


@PROFILE
@given(
    st.dictionaries(
        st.sampled_from(KEYS), yaml_value | st.sampled_from(["\n  - " + v for v in TOKENS]), max_size=4
    ),
    st.lists(st.sampled_from(BODY_TOKENS) | st.text(max_size=10), max_size=15).map("".join),
)
def test_a_valid_page_with_random_values(overrides: dict[str, str], tail: str) -> None:
    """The validator's paths: a real page, some fields replaced by YAML-ish junk, junk in the body."""
    text = page(overrides, BODY + tail)
    data = encode(text)
    assert_problem_lines(data, check(data))


# ------------------------------------------------------------------ (b) valid front matter round-trips

MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]|&#?\w+;")  # what makes a title markup, an error by design

LETTERS = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"),  # controls, surrogates, line/paragraph separators
    blacklist_characters="\ufffe\uffff",
)
SPECIAL = st.sampled_from(
    [
        *"<>\"'&#:-[]{},|*!%@`?",
        "<3",
        " & ",
        "&amp",
        "עברית",
        "العربية",
        "\u200f",
        "\u202b",
        "日本語",
        "😱",
        "e\u0301",
    ]
)


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")  # written out: the threat, not the code's list


def shown(text: str) -> str:
    """Text as the published site shows it: bidirectional controls taken out."""
    return BIDI_CONTROLS.sub("", text)


def no_markup(text: str) -> str:
    """Defuse what would be markup: `<b` -> `< 3b`, `&amp;` -> `&amp ;`."""
    text = re.sub(r"<(?=\s*/?\s*[A-Za-z!])", "< 3", text)
    return re.sub(r"(&#?\w+);", r"\1 ;", text)


def phrase(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank single-line text without surrounding whitespace (the checker strips names)."""
    return (
        st.lists(LETTERS | SPECIAL, min_size=min_size, max_size=max_size)
        .map("".join)
        .map(str.strip)
        .filter(lambda s: s != "" and s == s.strip())
    )


OFFSETS = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
ZONES = st.sampled_from(
    [UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/St_Johns"), ZoneInfo("Asia/Kathmandu")]
)
INSTANTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
)


PRECISION = st.sampled_from(["minutes", "seconds", "microseconds"])


def truncated(at: datetime, precision: str) -> datetime:
    """`at` as precisely as it will be written (offsets are whole minutes, so UTC truncation holds)."""
    if precision == "minutes":
        return at.replace(second=0, microsecond=0)
    return at.replace(microsecond=0) if precision == "seconds" else at


@st.composite
def front_matter(draw: st.DrawFn) -> dict:
    started_precision, ended_precision = draw(PRECISION), draw(PRECISION)
    started = truncated(draw(INSTANTS), started_precision)
    ended = truncated(
        started + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30))), ended_precision
    )
    assume(ended >= started)
    fields = {
        "title": no_markup(draw(phrase())),
        "started": started.astimezone(draw(OFFSETS | ZONES)).isoformat(timespec=started_precision),
        "severity": draw(st.sampled_from(["SEV1", "SEV2", "SEV3", "SEV4"])),
        "ended": ended.astimezone(draw(OFFSETS | ZONES)).isoformat(timespec=ended_precision),
        "services": draw(st.lists(phrase(max_size=20), min_size=1, max_size=4)),
        "impact": draw(phrase(max_size=80)),
        "tags": draw(st.lists(phrase(max_size=15), max_size=3)),
        "status": draw(st.sampled_from(["draft", "review", "final"])),
    }
    if draw(st.booleans()) and len(fields["services"]) == 1:
        fields["services"] = fields["services"][0]  # one string is accepted
    return {"fields": fields, "started": started, "ended": ended}


@PROFILE
@given(front_matter(), st.sampled_from(["block", "flow"]))
def test_valid_front_matter_round_trips_through_export(case: dict, style: str) -> None:
    fields = case["fields"]
    dumped = yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=style == "flow"
    )
    text = "---\n" + dumped.removesuffix("\n") + "\n---\n" + BODY
    checked = check(encode(text))
    assert [str(p) for p in checked.problems if p.level == "error"] == []
    assert_problem_lines(encode(text), checked)
    pm = checked.postmortem
    assert pm is not None
    (record,) = json.loads(export.to_json([pm]))
    services = fields["services"] if isinstance(fields["services"], list) else [fields["services"]]
    # exactly as written, less bidirectional controls (rule bidi), which nothing published shows
    assert record["title"] == shown(fields["title"])
    assert record["services"] == [shown(s) for s in services if shown(s)]
    assert record["severity"] == fields["severity"]
    assert record["impact"] == shown(fields["impact"])
    assert record["tags"] == [shown(t) for t in fields["tags"] if shown(t)]
    assert record["status"] == fields["status"]
    assert datetime.fromisoformat(record["started"]) == case["started"]  # the same instant, any offset
    assert datetime.fromisoformat(record["ended"]) == case["ended"]
    minutes = round((case["ended"] - case["started"]).total_seconds() / 60, 2)
    assert record["duration_minutes"] == minutes
    # the CSV export holds the same text (formula-like cells get a leading quote, nothing else changes)
    assert fields["severity"] in export.to_csv([pm])


# ------------------------------------------------------------------ (c) every stamp form, the same instant

SEPARATORS = [" - ", " – ", " — ", ": ", " -", "—", "- ", " : "]
PAGE_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]


@st.composite
def stamped_entry(draw: st.DrawFn) -> dict:
    """One instant, a way to write it in the body, and a page it is right for."""
    page_zone = draw(st.sampled_from(PAGE_ZONES))
    clock = draw(st.sampled_from(["HH:MM", "HH:MM:SS", "H:MM AM/PM"]))
    offset = draw(st.sampled_from(["", "UTC", "Z", "+hh:mm", "+hhmm"]))
    if offset in ("+hh:mm", "+hhmm"):
        tz: tzinfo = draw(OFFSETS)
    elif offset:
        tz = UTC
    else:
        tz = ZoneInfo(page_zone)
    naive = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
    naive = naive.replace(microsecond=0, second=naive.second if clock == "HH:MM:SS" else 0)
    local = naive.replace(tzinfo=tz)
    # a wall time that a DST change skips or repeats names no single instant: not a parsing question
    assume(local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive)
    assume(local.utcoffset() == naive.replace(tzinfo=tz, fold=1).utcoffset())

    if clock == "HH:MM":
        text = f"{naive:%H:%M}"
    elif clock == "HH:MM:SS":
        text = f"{naive:%H:%M:%S}"
    else:
        ampm = "AM" if naive.hour < 12 else "PM"
        spelled = draw(st.sampled_from([ampm, ampm.lower(), f"{ampm[0].lower()}.m."]))
        text = f"{naive.hour % 12 or 12}:{naive:%M} {spelled}"
    # "12:32Z" and "12:32 Z" both go; after AM/PM a zone word needs its space ("1:05 PMUTC" is no stamp)
    space = draw(st.sampled_from([" "] if clock == "H:MM AM/PM" else [" ", ""]))
    if offset in ("UTC", "Z"):
        text += space + offset
    elif offset:
        minutes = int(tz.utcoffset(None).total_seconds() // 60)  # type: ignore[union-attr]
        sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
        joiner = ":" if offset == "+hh:mm" else ""
        if sign == "-" and not space and clock == "HH:MM" and minutes > naive.hour * 60 + naive.minute:
            space = " "  # `02:00-04:30` reads as a range (its end is later); an offset there takes a space
        text += f"{space}{sign}{minutes // 60:02d}{joiner}{minutes % 60:02d}"
    dated = draw(st.booleans())
    if dated:
        text = f"{naive:%Y-%m-%d}{draw(st.sampled_from([' ', 'T']))}{text}"

    form = draw(st.sampled_from(["plain", "bold", "bold-separator-inside", "underscore", "table"]))
    sep = draw(st.sampled_from(SEPARATORS))
    if form == "table":
        bold = draw(st.booleans())
        cell = f"**{text}**" if bold else text
        body = f"| Time | Event |\n| --- | --- |\n| {cell} | Alert fires |\n"
    elif form == "plain":
        body = f"- {text}{sep}Alert fires\n"
    elif form == "bold":
        body = f"- **{text}**{sep}Alert fires\n"
    elif form == "underscore":
        body = f"- __{text}__{sep}Alert fires\n"
    else:
        body = f"- **{text}{sep.rstrip()}** Alert fires\n"

    at = local.astimezone(UTC)
    # `started` may be earlier, on the same day where the stamp's date is read, and less than 12 hours
    # before (an undated first stamp takes the day that puts it nearest `started`)
    since_midnight = naive - datetime.combine(naive.date(), time())
    lead = draw(
        st.timedeltas(min_value=timedelta(0), max_value=min(since_midnight, timedelta(hours=11, minutes=59)))
    )
    assume((at - lead).astimezone(tz).date() == naive.date())
    started = (at - lead).astimezone(draw(OFFSETS))
    return {"body": body, "at": at, "started": started, "zone": page_zone, "stamp": text}


def stamp_page(entry: dict) -> str:
    meta = {
        "title": "Checkout outage",
        "started": entry["started"].isoformat(),
        "severity": "SEV2",
        "ended": (entry["at"] + timedelta(days=1)).isoformat(),
        "services": ["checkout"],
        "impact": "Checkout failed",
        "timezone": entry["zone"],
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body_with_timeline(entry["body"])


@PROFILE
@given(stamped_entry())
def test_every_stamp_form_parses_back_to_the_same_instant(entry: dict) -> None:
    text = stamp_page(entry)
    checked = check(encode(text))
    assert [str(p) for p in checked.problems] == [], entry["body"]
    pm = checked.postmortem
    assert pm is not None
    (parsed,) = pm.timeline
    assert parsed.at == entry["at"], (entry["body"], parsed.at.isoformat(), entry["at"].isoformat())
    assert parsed.event == "Alert fires"


@PROFILE
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    st.lists(st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=11, minutes=59)), max_size=30),
    st.sampled_from(["HH:MM", "H:MM AM/PM"]),
)
def test_undated_stamps_across_midnights_keep_their_instants(
    first: datetime, steps: list[timedelta], clock: str
) -> None:
    """Undated stamps stepping forward under 12 h each are read with the right day, however many
    midnights they cross (the contract's rule for a stamp earlier than the one before it)."""
    first = first.replace(second=0, microsecond=0, tzinfo=UTC)
    instants = [first]
    for step in steps:
        instants.append(instants[-1] + timedelta(minutes=step // timedelta(minutes=1)))

    def shown(at: datetime) -> str:
        return (
            f"{at:%H:%M}"
            if clock == "HH:MM"
            else f"{at.hour % 12 or 12}:{at:%M} {'AM' if at.hour < 12 else 'PM'}"
        )

    items = "".join(f"- {shown(at)} - step {n}\n" for n, at in enumerate(instants))
    entry = {"started": first, "at": instants[-1], "zone": "UTC", "body": items}
    checked = check(encode(stamp_page(entry)))
    assert [str(p) for p in checked.problems] == []
    assert checked.postmortem is not None
    assert [e.at for e in checked.postmortem.timeline] == instants


# (pole x, box left, box width): boxes near their poles, as the drawing places them, many sharing room
FLAG = st.tuples(st.integers(0, 640), st.integers(-120, 4), st.integers(8, 260)).map(
    lambda t: (float(t[0]), float(t[0] + t[1]), float(t[2]))
)


@settings(PROFILE)
@given(st.lists(FLAG, max_size=14), st.integers(1, 9), st.sampled_from([3.0, 6.0]))
def test_flag_stacking_with_a_row_limit_is_the_unlimited_stacking_or_none(
    items: list[tuple[float, float, float]], max_rows: int, gap: float
) -> None:
    """The row limit only decides whether a stacking fits (its quick crowding check included): the
    rows are the unlimited stacking's when they fit, and None when they do not."""
    from mkdocs_postmortems.timeline import stack_flags

    unlimited = stack_flags(items, None, gap)
    limited = stack_flags(items, max_rows, gap)
    if unlimited is not None and max(unlimited, default=0) < max_rows:
        assert limited == unlimited
    else:
        assert limited is None


URL_PATH = st.lists(st.sampled_from(["a", "b", "pm", "index.html", "x.json", "", ".", "..", "é"]), max_size=4)


@settings(PROFILE)
@given(URL_PATH.map("/".join), URL_PATH.map("/".join))
def test_relative_urls_are_what_posix_relpath_gives(url: str, from_url: str) -> None:
    """`export.relative_url` walks the segments itself (relpath asks the file system for the working
    folder, slow on thousands of links): it must give relpath's answer on any pair, odd ones included."""
    import posixpath

    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    expected = posixpath.relpath(url or ".", base or ".")
    expected += "/" if url.endswith("/") and not expected.endswith("/") else ""
    export.relative_url.cache_clear()
    assert export.relative_url(url, from_url) == expected


def _read_as_a_browser_does(markup: str) -> list[tuple[str, ...]]:
    """What an HTML parser makes of `markup`: its elements, attribute values and text."""
    from html.parser import HTMLParser

    seen: list[tuple[str, ...]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            seen.append((tag, *(f"{k}={v}" for k, v in attrs)))

        def handle_data(self, data: str) -> None:
            if seen and seen[-1][0] == "#text":
                seen[-1] = ("#text", seen[-1][1] + data)  # a reference splits a text in two
            else:
                seen.append(("#text", data))

    reader = Reader(convert_charrefs=False)
    reader.convert_charrefs = True
    reader.feed(markup)
    reader.close()
    return seen


@given(st.text(max_size=60), st.text(max_size=30))
@PROFILE
def test_library_html_in_ascii_reads_as_the_text_it_came_from(text: str, value: str) -> None:
    """Library pages are held in ASCII (site_pages.ascii_html: one byte a character in memory):
    whatever the text and attribute values, a parser reads the same page."""
    from html import escape

    from mkdocs_postmortems.site_pages import ascii_html

    markup = f'<td data-text="{escape(value)}">{escape(text)}</td><p>{escape(value)} – x</p>'
    made = ascii_html(markup)
    # a C1 control cannot be a reference (&#128; reads as the euro sign): such a page stays as it is
    assert made == markup if re.search("[\x80-\x9f]", markup) else made.isascii()
    assert _read_as_a_browser_does(made) == _read_as_a_browser_does(markup)


def test_library_html_with_an_inline_script_is_left_as_it_is() -> None:
    """A script's text is not read for references: a page with one (a template override) keeps its
    characters; scripts loaded from a file do not count."""
    from mkdocs_postmortems.site_pages import ascii_html

    inline = '<p>café</p><script>const dash = "–";</script>'
    assert ascii_html(inline) == inline
    loaded = '<p>café</p><script src="library.js"></script>'
    assert ascii_html(loaded) == '<p>caf&#233;</p><script src="library.js"></script>'
