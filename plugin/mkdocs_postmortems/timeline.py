"""Server-drawn SVG timelines: one incident, or the whole library on one shared axis.

Pure functions returning SVG text. No colour is written here: every shape carries a
CSS class styled in assets/postmortems.css, so light, dark and print palettes all work.
Everything an author wrote goes through `esc`, and the output is well-formed XML.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from html import escape

from . import inline
from .formatting import format_datetime, format_duration, format_stamp, get_zone, to_local
from .model import Postmortem, TimelineEntry

# An incident's drawing is 680 units wide: mkdocs-material's content column is 688 px at the most
# common desktop widths (1280-1440), so a unit is about a pixel there and 12-unit text reads as 12 px.
# The CSS holds it at MIN_PX at least (labels stay >= ~11 px) and lets the frame scroll below that.
WIDTH = 680
X0, X1 = 16.0, 664.0  # plot range; the margins keep edge markers and arrows inside the view box
MIN_PX = 680  # narrowest rendering (CSS min-width): a unit is at least a pixel, no text under 11 px
LIB_WIDTH = 800  # the library's all-incidents drawing (it scales down; its bars carry no text)
LIB_X0, LIB_X1 = 24.0, 776.0
FONT, SMALL = 12, 11  # label and tick font sizes (view box units); CSS uses the same
CHAR_W = 6.2  # average glyph advance at 12px, the basis of every width estimate
ROW_H = 20  # flag row pitch: taller than a flag box (FONT + 5), so rows never touch
MAX_ROWS = 8  # more rows of text flags than this and the flags carry numbers only
MAX_NUMBER_ROWS = 8  # numbered flags closer than this allows are merged ("5–7")
LABEL_CHARS = (34, 22)  # event text is cut to the first length that lays out (full text in <title>)
BADGE_H = 15  # the number badge's height; its width follows the number
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# Tick steps, finest first: (unit, count, approximate seconds). Sub-day steps divide a day.
_STEPS: tuple[tuple[str, int, float], ...] = (
    *(("s", n, n) for n in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600)),
    ("s", 43200, 43200), ("d", 1, 86400), ("d", 2, 172800), ("d", 7, 604800),
    *(("mo", n, n * 2629746) for n in (1, 2, 3, 6)),
    *(("y", n, n * 31556952) for n in (1, 2, 5, 10, 25, 50, 100, 250, 500, 1000)),
)  # fmt: skip

# Characters XML 1.0 forbids even escaped (and lone surrogates, which cannot be encoded).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|(rgb|hsl)a?\([0-9.,%\s/a-z]*\)")


_NEEDS_ESCAPE = re.compile("[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: object) -> str:
    """Escape author text for SVG text and attributes."""
    text = str(text)
    if _NEEDS_ESCAPE.search(text) is None:
        return text  # most strings (numbers, class names, stamps) need nothing: skip the work
    return escape(_NOT_XML.sub("", text), quote=True)


@lru_cache(maxsize=4096)  # kinds and severities recur on every drawing
def slug(text: str | None) -> str:
    """A CSS class fragment: `SEV1` -> `sev1`, `Root cause` -> `root-cause`."""
    return re.sub(r"[^a-z0-9_-]+", "-", (text or "none").strip().lower()).strip("-") or "none"


def severity_class(severity_id: str | None) -> str:
    """The CSS class of a severity, the same on every chart and timeline."""
    return f"pm-sev-{slug(severity_id)}"


def severity_style(color: str) -> str | None:
    """`--pm-sev-color:<color>` for a configured colour; None for anything that is not a plain
    CSS colour (it is written into a style attribute)."""
    return f"--pm-sev-color:{color}" if _COLOR.fullmatch(color) else None


def num(v: float) -> str:
    """Compact coordinate: two decimals at most, no trailing zeros."""
    return f"{v:.2f}".rstrip("0").rstrip(".")


def entry_stamp(entry: TimelineEntry, tz: str, with_date: bool) -> str:
    """How an entry's time reads: as precise as the document gave it."""
    if entry.precision == "unknown":
        return "time unknown"
    if entry.precision == "day":
        return f"{to_local(entry.at, tz):%Y-%m-%d}"
    stamp = format_stamp(entry.at, tz, with_date)
    return f"~{stamp}" if entry.precision == "approximate" else stamp


def truncate(text: str, limit: int = LABEL_CHARS) -> str:
    """One line of at most `limit` characters, an ellipsis marking a cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Glyph advances in CHAR_W units, rounded up from Arial/Liberation Sans metrics (Roboto is narrower),
# so estimated label boxes hold the rendered text in common sans-serif fonts.
_ADVANCE = {
    **dict.fromkeys(" .,:;!'|/[]()fijlrt", 0.65),
    **dict.fromkeys("mw", 1.65),
    **dict.fromkeys("MW", 1.85),
    **dict.fromkeys("@%…—→", 2.0),
}


@lru_cache(maxsize=8192)  # stamps, badges and labels recur: each layout attempt measures them again
def text_width(text: str, size: float = FONT, bold: bool = False) -> float:
    """Estimated rendered width of `text` (view box units) at font `size`."""
    units = 0.0
    for ch in text:
        if ch in _ADVANCE:
            units += _ADVANCE[ch]
        elif ord(ch) >= 0x2E80:
            units += 2.0  # ideographs and emoji are about one em wide
        elif ch.isupper():
            units += 1.5
        else:
            units += 1.15  # lower case, digits, other punctuation
    return units * CHAR_W * size / FONT * (1.1 if bold else 1.0)


def utc(dt: datetime) -> datetime:
    """Aware UTC copy: arithmetic between datetimes sharing a zone object is wall-clock, not elapsed."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class TimeScale:
    """Linear map from instants in [start, end] to x in [x0, x1]."""

    start: datetime
    end: datetime
    x0: float = X0
    x1: float = X1
    _t0: float = field(init=False, repr=False, compare=False)  # start, in POSIX seconds
    _k: float = field(init=False, repr=False, compare=False)  # view box units per second

    def __post_init__(self) -> None:
        # precomputed: x() runs for every marker, tick and label of every page
        t0, t1 = utc(self.start).timestamp(), utc(self.end).timestamp()
        object.__setattr__(self, "_t0", t0)
        object.__setattr__(self, "_k", (self.x1 - self.x0) / (t1 - t0) if t1 > t0 else 0.0)

    def x(self, dt: datetime) -> float:
        if not self._k:
            return (self.x0 + self.x1) / 2
        return self.x0 + (utc(dt).timestamp() - self._t0) * self._k


def _walk(lo: datetime, hi: datetime, unit: str, n: int) -> Iterator[datetime]:
    """Naive wall-clock tick candidates from just before `lo` to just after `hi`."""
    if unit in ("s", "d"):
        midnight = datetime.combine(lo.date(), time())
        if unit == "d":
            # week ticks fall on Mondays, day ticks on midnights
            t = midnight - timedelta(days=lo.weekday() if n == 7 else 0)
            step = timedelta(days=n)
        else:
            step = timedelta(seconds=n)
            t = midnight + step * math.floor((lo - midnight).total_seconds() / n)
        while t <= hi + step:
            yield t
            t += step
    elif unit == "mo":
        month = lo.year * 12 + (lo.month - 1) // n * n
        while month <= hi.year * 12 + hi.month:
            if 1 <= month // 12 <= 9999:
                yield datetime(month // 12, month % 12 + 1, 1)
            month += n
    else:
        for year in range(max(1, lo.year // n * n), min(9999, hi.year + 1) + 1, n):
            yield datetime(year, 1, 1)


def _tick_label(t: datetime, prev: datetime | None, unit: str, n: int, multi_day: bool) -> str:
    day = f"{MONTHS[t.month - 1]} {t.day}"
    if unit == "y":
        return str(t.year)
    if unit == "mo":
        return (
            f"{MONTHS[t.month - 1]} {t.year}" if prev is None or prev.year != t.year else MONTHS[t.month - 1]
        )
    if unit == "d":
        return day
    clock = f"{t:%H:%M:%S}" if n < 60 else f"{t:%H:%M}"
    same_day = prev.date() == t.date() if prev else not multi_day
    if same_day:
        return clock
    # the first tick of a new day carries its date; at midnight the date alone says it
    return day if prev and t.time() == time() else f"{day} {clock}"


def ticks(start: datetime, end: datetime, tz: str = "UTC", max_ticks: int = 8) -> list[tuple[datetime, str]]:
    """Round instants in [start, end], at most `max_ticks`, labelled in the zone `tz`."""
    start, end = sorted((utc(start), utc(end)))
    span = max((end - start).total_seconds(), 1.0)
    unit, n, _ = next((s for s in _STEPS if span / s[2] + 1 <= max_ticks), _STEPS[-1])
    zone = get_zone(tz)
    lo, hi = to_local(start, tz), to_local(end, tz)
    multi_day = lo.date() != hi.date()
    out: list[tuple[datetime, str]] = []
    seen: set[datetime] = set()
    prev: datetime | None = None
    instants = (
        utc(wall.replace(tzinfo=zone))
        for wall in _walk(lo.replace(tzinfo=None), hi.replace(tzinfo=None), unit, n)
    )
    if unit == "s" and n <= 3600:
        # Up to hourly, step in elapsed time from the first round tick: even spacing through a DST
        # change (the clock then repeats or skips an hour). Longer steps stay on round wall times.
        first = next((at for at in instants if at >= start), end)
        instants = (
            first + timedelta(seconds=n * k) for k in range(int((end - first).total_seconds() // n) + 1)
        )
    for at in instants:
        if not start <= at <= end or at in seen:  # outside, or a wall time a DST change maps twice
            continue
        seen.add(at)
        local = to_local(at, tz)
        out.append((at, _tick_label(local, prev, unit, n, multi_day)))
        prev = local
    return out


def layout_labels(
    spans: Sequence[tuple[float, float]], max_rows: int | None = MAX_ROWS, gap: float = 8.0
) -> list[int] | None:
    """Greedy rows for labels given as (left, width): each goes to the first row where it fits.

    Returns the row of each label, or None when more than `max_rows` rows would be needed.
    """
    ends: list[float] = []
    rows = [0] * len(spans)
    for i in sorted(range(len(spans)), key=lambda i: spans[i][0]):
        left, width = spans[i]
        row = next((r for r, end in enumerate(ends) if end + gap <= left), len(ends))
        if row == len(ends):
            if max_rows is not None and row >= max_rows:
                return None
            ends.append(0.0)
        ends[row] = left + width
        rows[i] = row
    return rows


def _ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] -> "1–3, 5"."""
    parts: list[str] = []
    for n in sorted(numbers):
        if parts and parts[-1].split("–")[-1] == str(n - 1):
            parts[-1] = f"{parts[-1].split('–')[0]}–{n}"
        else:
            parts.append(str(n))
    return ", ".join(parts)


_ATTRIBUTE_NAMES: dict[str, str] = {"cls": "class"}


def _attribute_name(keyword: str) -> str:
    name = _ATTRIBUTE_NAMES[keyword] = keyword.replace("_", "-")
    return name


def el(tag: str, content: str | None = None, /, **attrs: object) -> str:
    """One SVG element. `content` is markup (already escaped); attribute values are escaped here.

    Keyword names map to attributes: `cls` -> class, `data_w` -> data-w; floats are rounded; None is left out.
    """
    parts = [f"<{tag}"]
    for k, v in attrs.items():  # a plain loop: this runs ~150 times a drawing
        if v is None:
            continue
        name = _ATTRIBUTE_NAMES.get(k) or _attribute_name(k)
        if v.__class__ is float:
            parts.append(f' {name}="{num(v)}"')  # type: ignore[arg-type]
        elif v.__class__ is str and _NEEDS_ESCAPE.search(v) is None:  # type: ignore[arg-type]
            parts.append(f' {name}="{v}"')
        else:
            parts.append(f' {name}="{esc(v)}"')
    parts.append("/>" if content is None else f">{content}</{tag}>")
    return "".join(parts)


def _svg(uid: str, width: int, height: float, cls: str, title: str, desc: str, body: list[str]) -> str:
    head = el("title", esc(title), id=f"{uid}-t") + el("desc", esc(desc), id=f"{uid}-d")
    return el(
        "svg", head + "".join(body), xmlns=SVG_NS, **{"xmlns:xlink": XLINK_NS}, cls=cls, role="img",
        aria_labelledby=f"{uid}-t {uid}-d",
        viewBox=f"0 0 {width} {num(height)}", width="100%", preserveAspectRatio="xMinYMin meet",
    )  # fmt: skip


def _uid(prefix: str, key: str) -> str:
    """Stable per-source ids, so two drawings on one page never share an id."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8', 'replace')).hexdigest()[:10]}"


# ---- anchors shared with the page's event list ----------------------------------------------


def anchor_prefix(source: str) -> str:
    """The id prefix of one incident's drawing: its markers and the page's list entries use it."""
    return _uid("pm-tl", source)


def marker_id(prefix: str, n: int) -> str:
    """Id of the marker of the author's entry `n` (1-based), the list's link target."""
    return f"{prefix}-m{n}"


def event_id(prefix: str, n: int) -> str:
    """Id of entry `n` in the page's event list, the drawing's link target."""
    return f"{prefix}-e{n}"


def is_utc(tz: str) -> bool:
    return get_zone(tz) is UTC


def zone_caption(tz: str, at: datetime) -> str:
    """The page's one zone, named: `UTC`, `Europe/Berlin (CEST, UTC+02:00)`."""
    if is_utc(tz):
        return "UTC"
    local = to_local(at, tz)
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    abbr = local.tzname() or ""
    return f"{tz} ({abbr}, {offset})" if abbr and not abbr.startswith(("+", "-")) else f"{tz} ({offset})"


# ---- records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """The moments one drawing is about (UTC) and the scale that places them."""

    started: datetime
    ended: datetime | None
    detected: datetime | None
    mitigated: datetime | None
    last: datetime  # the last known moment
    scale: TimeScale
    tz: str
    with_date: bool  # stamps carry dates when the drawing spans more than one local day

    def x(self, dt: datetime) -> float:
        return self.scale.x(dt)


@dataclass(frozen=True, slots=True)
class Numbered:
    """A timeline entry with the number the author's list gives it (1-based, document order)."""

    n: int
    entry: TimelineEntry


@dataclass(frozen=True, slots=True)
class Flag:
    """A label on a pole: a number badge, and in text mode the entry's stamp and (cut) text.

    The pole stands at x; the box sits beside it (right of it, or left of it at the right edge).
    """

    numbers: tuple[int, ...]
    x: float
    left: float
    width: float
    badge: str
    badge_w: float
    stamp: str = ""
    text: str = ""
    row: int = 0

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True, slots=True)
class Milestone:
    """started / detected / mitigated / resolved / the open end: a line through the band, a label below."""

    kind: str
    x: float
    text: str
    left: float
    width: float
    row: int = 0


@dataclass(frozen=True, slots=True)
class LegendItem:
    shape: str  # swatch, hatch, marker, badge or text
    cls: str
    text: str


@dataclass(frozen=True, slots=True)
class Frame:
    """Vertical layout, top to bottom: flags, band (markers on its middle), axis, milestone labels."""

    flag_rows: int
    band_top: float

    @property
    def mid(self) -> float:
        return self.band_top + 12

    @property
    def axis_y(self) -> float:
        return self.band_top + 24

    @property
    def ms_top(self) -> float:
        return self.axis_y + 26  # below the tick labels

    def flag_top(self, row: int) -> float:
        return 6.0 + (self.flag_rows - 1 - row) * ROW_H


POLE_GAP = 2.0  # a flag's box starts this far from its pole, so a pole never touches another flag


def _box(x: float, width: float) -> float:
    """Left edge of a box beside a pole at x: right of it when it fits, else left of it."""
    if x + POLE_GAP + width <= WIDTH - 2:
        return x + POLE_GAP
    return max(2.0, x - POLE_GAP - width)


def _deepest(items: Sequence[tuple[float, float, float]], gap: float) -> int:
    """The most boxes (with the gap) over any one point: boxes that overlap each other all need rows
    of their own, so no stacking fits in fewer rows."""
    edges = sorted(
        [(left, 1) for _, left, _ in items] + [(left + width + gap, -1) for _, left, width in items]
    )  # at one coordinate a box's end (-1) sorts before another's start: they only touch
    depth = deepest = 0
    for _, step in edges:
        depth += step
        deepest = max(deepest, depth)
    return deepest


def stack_flags(
    items: Sequence[tuple[float, float, float]], max_rows: int | None = MAX_ROWS, gap: float = 6.0
) -> list[int] | None:
    """Rows (0 nearest the band) for boxes on poles, given as (pole x, box left, box width).

    A pole runs from its box towards the band, through every lower row, so: a box that spans
    another's pole sits above it, boxes in one row never overlap, and flags sharing a pole stack.
    None when that needs more than `max_rows` rows or cannot be (two boxes spanning each other's poles).
    """
    n = len(items)
    if max_rows is not None and _deepest(items, gap) > max_rows:
        return None  # most layouts that do not fit fail here, without the passes below
    order = sorted(range(n), key=lambda i: items[i][0])
    poles = [items[i][0] for i in order]
    above: list[set[int]] = [set() for _ in range(n)]  # above[i]: the flags i must sit above
    for i, (xi, left, width) in enumerate(items):  # the poles under box i, found by bisection
        for k in order[bisect_left(poles, left - 1) : bisect_right(poles, left + width + 1)]:
            if k != i and abs(items[k][0] - xi) >= 0.5:
                above[i].add(k)
    # boxes that overlap horizontally (with the gap), a before b in x, and which one moves up when
    # they share a row: fixed by position, so found once, not on every pass. A box starts at most
    # `reach` left of its pole, so once b's pole is that far past a's box, no later b overlaps it.
    reach = max((x - left for x, left, _ in items), default=0.0)
    clashes = []
    for ia, a in enumerate(order):
        la, wa = items[a][1], items[a][2]
        for b in order[ia + 1 :]:
            if items[b][0] - reach >= la + wa + gap:
                break
            if la < items[b][1] + items[b][2] + gap and items[b][1] < la + wa + gap:
                clashes.append((a, b, b if b not in above[a] else a))
    rows = [0] * n
    limit = (max_rows if max_rows is not None else n) - 1
    for _ in range(n * n + 1):  # rows only grow, each by one, and are bounded: this ends
        changed = False
        for i in order:
            need = max((rows[k] + 1 for k in above[i]), default=0)
            if need > rows[i]:
                rows[i], changed = need, True
        for a, b, up in clashes:
            if rows[a] == rows[b]:
                rows[up] += 1
                changed = True
        if any(r > limit for r in rows) or max(rows, default=0) > n:
            return None  # too tall, or a cycle (each pushing the other up)
        if not changed:
            return rows
    return None


# ---- parts of an incident drawing ------------------------------------------------------------


def _window(pm: Postmortem, entries: list[Numbered], now: datetime | None) -> Window:
    assert pm.started is not None
    started = utc(pm.started)
    ended = utc(pm.ended) if pm.ended else None
    detected = utc(pm.detected_at) if pm.detected_at else None
    mitigated = utc(pm.mitigated_at) if pm.mitigated_at else None
    known = [started, *(utc(p.entry.at) for p in entries), *(t for t in (detected, mitigated, ended) if t)]
    lo, last = min(known), max(known)
    hi = max(last, utc(now)) if now and ended is None else last
    if ended is None:  # room for the open end after the last known moment
        hi += max((hi - lo) * 0.12, timedelta(minutes=1))
    if hi - lo < timedelta(seconds=1):
        lo, hi = lo - timedelta(seconds=30), hi + timedelta(seconds=30)
    with_date = to_local(lo, pm.timezone).date() != to_local(hi, pm.timezone).date()
    return Window(started, ended, detected, mitigated, last, TimeScale(lo, hi), pm.timezone, with_date)


def _flag(numbers: tuple[int, ...], x: float, stamp: str = "", text: str = "") -> Flag:
    badge = _ranges(numbers)
    badge_w = text_width(badge, SMALL, bold=True) + 8
    width = badge_w
    if stamp:
        width += 4 + text_width(stamp, bold=True)
    if text:
        width += 4 + text_width(text)
    return Flag(numbers, x, _box(x, width), width, badge, badge_w, stamp, text)


def _with_rows(flags: list[Flag], rows: list[int]) -> list[Flag]:
    return [replace(f, row=r) for f, r in zip(flags, rows, strict=True)]


def _labels(window: Window, entries: list[Numbered]) -> dict[int, tuple[str, str]]:
    """Entry n -> (its stamp, its text as plain words): worked out once, used by flags and tips."""
    return {
        p.n: (entry_stamp(p.entry, window.tz, window.with_date), inline.to_text(p.entry.event))
        for p in entries
    }


def _flags(window: Window, entries: list[Numbered], labels: dict[int, tuple[str, str]]) -> list[Flag]:
    """One flag per entry with its stamp and text while they stack in MAX_ROWS rows; else numbers
    only, entries too close to tell apart sharing one flag ("5–7")."""
    xs = {p.n: window.x(p.entry.at) for p in entries}
    for chars in LABEL_CHARS:
        flags = [_flag((p.n,), xs[p.n], labels[p.n][0], truncate(labels[p.n][1], chars)) for p in entries]
        rows = stack_flags([(f.x, f.left, f.width) for f in flags], MAX_ROWS)
        if rows is not None:
            return _with_rows(flags, rows)
    groups: list[list[Numbered]] = []
    for p in entries:  # markers within a unit of each other cannot be told apart: one flag
        if groups and xs[p.n] - xs[groups[-1][-1].n] < 1.0:
            groups[-1].append(p)
        else:
            groups.append([p])
    while True:
        flags = [_flag(tuple(p.n for p in g), xs[g[0].n]) for g in groups]
        rows = stack_flags([(f.x, f.left, f.width) for f in flags], MAX_NUMBER_ROWS, gap=3.0)
        if rows is not None or len(groups) < 2:
            return _with_rows(flags, rows or [0] * len(flags))
        # merge the two closest neighbours and try again: fewer, wider flags
        i = min(range(len(groups) - 1), key=lambda i: flags[i + 1].x - flags[i].x)
        groups[i : i + 2] = [groups[i] + groups[i + 1]]


def _defs(window: Window, uid: str) -> str:
    defs = el("pattern", el("line", cls="pm-tl-hatch", x1=0, y1=0, x2=0, y2=6), id=f"{uid}-hatch",
              width=6, height=6, patternUnits="userSpaceOnUse", patternTransform="rotate(45)")  # fmt: skip
    if window.ended is None:  # solid up to the last known moment, then fading towards the arrow
        xs, xe = window.x(window.started), X1 - 10
        solid = (window.x(window.last) - xs) / max(xe - xs, 1.0)
        stops = el("stop", cls="pm-tl-fade-stop", offset=min(max(solid, 0.0), 1.0), stop_opacity=1)
        stops += el("stop", cls="pm-tl-fade-stop", offset=1, stop_opacity=0.1)
        defs += el("linearGradient", stops, id=f"{uid}-fade")
    return el("defs", defs)


def _bands(window: Window, frame: Frame, uid: str) -> tuple[list[str], list[LegendItem]]:
    """The incident window, then the detection and mitigation spans over it."""
    top, hatch = frame.band_top, f"fill:url(#{uid}-hatch)"

    def band(cls: str, a: float, b: float, style: str | None = None) -> str:
        return el("rect", cls=cls, x=min(a, b), y=top, width=abs(b - a), height=24, style=style)

    started, ended, detected, mitigated = window.started, window.ended, window.detected, window.mitigated
    xs = window.x(started)
    out: list[str] = []
    legend: list[LegendItem] = []
    if ended is None:
        xe = X1 - 10
        out.append(band("pm-tl-band pm-tl-band-open", xs, xe, f"fill:url(#{uid}-fade)"))
        arrow = f"M{num(xe)} {num(top - 4)}L{num(X1)} {num(frame.mid)}L{num(xe)} {num(top + 28)}Z"
        out.append(el("path", cls="pm-tl-open", d=arrow))
    else:
        out.append(band("pm-tl-band", xs, window.x(ended)))
    if detected and detected >= started:
        out += [
            band("pm-tl-detect", xs, window.x(detected)),
            band("pm-tl-detect-hatch", xs, window.x(detected), hatch),
        ]
        legend.append(
            LegendItem("hatch", "pm-tl-detect", f"time to detect {format_duration(detected - started)}")
        )
        if mitigated and mitigated >= detected:
            out.append(band("pm-tl-mitigate", window.x(detected), window.x(mitigated)))
            words = f"detected → mitigated {format_duration(mitigated - detected)}"
            legend.append(LegendItem("swatch", "pm-tl-mitigate", words))
    what = f"duration {format_duration(ended - started)}" if ended else "ongoing"
    legend.append(LegendItem("swatch", "pm-tl-band", what))
    return out, legend


def _milestones(window: Window, status: str) -> list[Milestone]:
    """Milestone labels, stacked below the axis like flags (their connectors cross no label)."""
    named = (("start", window.started, "started"), ("detect", window.detected, "detected"),
             ("mitigate", window.mitigated, "mitigated"), ("resolve", window.ended, "resolved"))  # fmt: skip
    found = [
        (k, window.x(t), f"{name} {format_stamp(t, window.tz, window.with_date)}")
        for k, t, name in named
        if t
    ]
    if window.ended is None:
        found.append(("open", X1, "ongoing" if status == "ongoing" else "end unknown"))
    out = []
    for kind, x, text in found:
        w = text_width(text, SMALL, bold=True)  # some are bold: estimate all as bold
        left = max(2.0, x - POLE_GAP - w) if kind == "open" else _box(x, w)
        out.append(Milestone(kind, x, text, left, w))
    rows = stack_flags([(m.x, m.left, m.width) for m in out], None, gap=8.0)
    if rows is None:  # poles only cross if two labels span each other's: give each its own row
        rows = list(range(len(out)))
    return [replace(m, row=r) for m, r in zip(out, rows, strict=True)]


def _draw_milestones(milestones: list[Milestone], frame: Frame) -> str:
    out = []
    for m in milestones:
        top = frame.ms_top + m.row * 18
        parts = el("line", cls="pm-tl-ms-line", x1=m.x, y1=frame.band_top - 4, x2=m.x, y2=frame.axis_y)
        parts += el("line", cls="pm-tl-ms-link", x1=m.x, y1=frame.axis_y, x2=m.x, y2=top + 14)
        parts += el("text", esc(m.text), cls="pm-tl-ms-label", x=m.left, y=top + SMALL, data_w=m.width)
        out.append(el("g", parts, cls=f"pm-tl-milestone pm-tl-ms-{m.kind}"))
    return "".join(out)


def _axis(
    scale: TimeScale, y: float, tz: str, *, width: int = WIDTH, x0: float = X0, x1: float = X1,
    avoid: Sequence[float] = (), zone: bool = False,
) -> str:  # fmt: skip
    """Axis line at y, tick marks and tick labels below it (centred, kept inside the view box).

    A tick label is left out where a connector at an x in `avoid` would cross it, or where it would
    touch the label before it; with `zone`, the first label names the zone (`12:30 UTC`).
    """
    out = [el("line", cls="pm-tl-axis-line", x1=x0, y1=y, x2=x1, y2=y)]
    prev_right = -math.inf
    for i, (at, label) in enumerate(ticks(scale.start, scale.end, tz, max_ticks=7 if width < 700 else 8)):
        x = scale.x(at)
        out.append(el("line", cls="pm-tl-tick", x1=x, y1=y, x2=x, y2=y + 5))
        if zone and not prev_right > -math.inf and ":" in label:  # a clock needs its zone; a date not
            label = f"{label} {to_local(at, tz).tzname() or 'UTC'}"
        half = text_width(label, SMALL) / 2
        cx = max(2 + half, min(x, width - 2 - half))
        if cx - half < prev_right + 6 or any(cx - half - 2 <= a <= cx + half + 2 for a in avoid):
            continue
        prev_right = cx + half
        out.append(el("text", esc(label), cls="pm-tl-tick-label", x=cx, y=y + 17.0, text_anchor="middle",
                      data_at=at.isoformat(), data_w=half * 2))  # fmt: skip
        del i
    return el("g", "".join(out), cls="pm-tl-axis")


def _events(
    window: Window, entries: list[Numbered], words: dict[int, tuple[str, str]], flags: list[Flag],
    frame: Frame, uid: str,
) -> list[str]:  # fmt: skip
    """Poles first, then markers, then flags: every flag is painted over every line.

    Written as f-strings, not with `el`: about ten elements an entry make this the drawing's hot loop.
    """
    poles, markers, labels = [], [], []
    mid, ref = num(frame.mid - 6), esc(uid)
    for f in flags:
        x = num(f.x)
        poles.append(
            f'<line class="pm-tl-pole" x1="{x}" y1="{num(frame.flag_top(f.row) + BADGE_H)}" '
            f'x2="{x}" y2="{mid}"/>'
        )
    for p in entries:
        e = p.entry
        stamp, text = words[p.n]
        cls = f"pm-tl-event pm-tl-kind-{slug(e.kind)} pm-tl-precision-{slug(e.precision)}"
        markers.append(
            f'<a class="{cls}" id="{marker_id(ref, p.n)}" data-n="{p.n}" data-at="{utc(e.at).isoformat()}" '
            f'xlink:href="#{event_id(ref, p.n)}"><title>{p.n}. {esc(stamp)} — {esc(text)}</title>'
            f"{_marker(e.precision, window.x(e.at), frame.mid)}</a>"
        )
    by_n = {p.n: p.entry for p in entries}
    for f in flags:
        top = frame.flag_top(f.row)
        left, y = num(f.left), num(top + 11.5)
        tip = "; ".join(f"{n}. {words[n][0]} — {words[n][1]}" for n in f.numbers)
        label = ""
        if f.stamp or f.text:
            label = (
                f'<text class="pm-tl-label" x="{num(f.left + f.badge_w + 4)}" y="{y}" '
                f'data-w="{num(f.width - f.badge_w - 4)}"><tspan class="pm-tl-stamp">{esc(f.stamp)}</tspan> '
                f"{esc(f.text)}</text>"
            )
        precision = by_n[f.numbers[0]].precision if len(f.numbers) == 1 else "mixed"
        box = f"{left} {num(top)} {num(f.right)} {num(top + BADGE_H)}"
        labels.append(
            f'<a class="pm-tl-flag pm-tl-precision-{slug(precision)}" '
            f'data-n="{" ".join(map(str, f.numbers))}" '
            f'data-box="{box}" xlink:href="#{event_id(ref, f.numbers[0])}"><title>{esc(tip)}</title>'
            f'<rect class="pm-tl-badge" x="{left}" y="{num(top)}" width="{num(f.badge_w)}" '
            f'height="{BADGE_H}" rx="3"/>'
            f'<text class="pm-tl-num" x="{num(f.left + f.badge_w / 2)}" y="{y}" text-anchor="middle">'
            f"{esc(f.badge)}</text>{label}</a>"
        )
    return [
        el("g", "".join(poles), cls="pm-tl-poles"),
        el("g", "".join(markers), cls="pm-tl-events"),
        el("g", "".join(labels), cls="pm-tl-flags"),
    ]


def _marker(precision: str, cx: float, cy: float) -> str:
    """A filled dot for a timed entry; a dashed ring (approximate), a square (date only) or a dotted
    ring (unknown) otherwise: shape, not colour alone, tells them apart."""
    if precision == "day":
        return el("rect", cls="pm-tl-marker", x=cx - 4.5, y=cy - 4.5, width=9, height=9)
    return el("circle", cls="pm-tl-marker", cx=cx, cy=cy, r=5)


PRECISION_LEGEND = {
    "approximate": "~ approximate time",
    "day": "date only",
    "unknown": "time unknown (drawn after the entry before)",
}


def _legend(items: list[LegendItem], y: float, uid: str) -> tuple[str, float]:
    """Swatch + words per item, wrapping; returns the markup and the bottom y."""
    out, x = [], X0
    for item in items:
        text_w = text_width(item.text, SMALL, bold=item.shape == "text")
        w = text_w + (0 if item.shape == "text" else 17)
        if x + w > WIDTH - 4 and x > X0:
            x, y = X0, y + 18
        tx = x + 17
        if item.shape in ("swatch", "hatch"):
            out.append(el("rect", cls=item.cls, x=x, y=y, width=12, height=12, rx=2))
            if item.shape == "hatch":  # the hatch is the detection span's non-colour cue
                out.append(el("rect", cls=f"{item.cls}-hatch", x=x, y=y, width=12, height=12,
                              style=f"fill:url(#{uid}-hatch)"))  # fmt: skip
        elif item.shape == "marker":
            precision = item.cls.removeprefix("pm-tl-precision-")
            out.append(el("g", _marker(precision, x + 6, y + 6), cls=item.cls))
        elif item.shape == "badge":
            out.append(el("rect", cls="pm-tl-badge", x=x, y=y - 1, width=13, height=14, rx=3))
            out.append(el("text", "1", cls="pm-tl-num", x=x + 6.5, y=y + 9.5, text_anchor="middle"))
        else:
            tx = x
        out.append(el("text", esc(item.text), cls=f"pm-tl-legend-label {item.cls}".strip(), x=tx, y=y + 10,
                      data_w=text_w))  # fmt: skip
        x += w + 16
    return el("g", "".join(out), cls="pm-tl-legend"), y + 12


def _numbered(pm: Postmortem) -> list[Numbered]:
    """Numbered as the author listed them, in time order (as they are drawn)."""
    return sorted((Numbered(n, e) for n, e in enumerate(pm.timeline, 1)), key=lambda p: utc(p.entry.at))


def stamps_with_date(pm: Postmortem) -> bool:
    """Whether the drawing's stamps carry dates (it spans more than one day in the page's zone)."""
    return pm.started is not None and _window(pm, _numbered(pm), None).with_date


def draw_incident(pm: Postmortem, now: datetime | None = None) -> str:
    """Inline SVG timeline of one incident ("" without a start time).

    `now` lets an ongoing incident reach the present; by default it ends a little after the last
    known moment, so builds stay reproducible. Marker `n` is the author's n-th entry; it links to
    `#<prefix>-e<n>` in the page's list and carries the id `<prefix>-m<n>` the list links back to.
    """
    if pm.started is None:
        return ""
    uid = anchor_prefix(pm.source)
    entries = _numbered(pm)
    window = _window(pm, entries, now)
    words = _labels(window, entries)
    flags = _flags(window, entries, words)
    frame = Frame(max((f.row for f in flags), default=-1) + 1, 0.0)
    frame = replace(frame, band_top=6.0 + frame.flag_rows * ROW_H + (8 if flags else 4))

    bands, legend = _bands(window, frame, uid)
    milestones = _milestones(window, pm.status)
    body = [_defs(window, uid), *bands, _draw_milestones(milestones, frame)]
    # after the milestones: tick labels a connector would cross are left out
    body.append(_axis(window.scale, frame.axis_y, window.tz, avoid=[m.x for m in milestones], zone=True))
    body += _events(window, entries, words, flags, frame, uid)

    zone = zone_caption(window.tz, window.started)
    items = [LegendItem("text", "pm-tl-zone", f"Times in {zone}")]
    if entries:
        items.append(LegendItem("badge", "pm-tl-legend-badge", "entry number in the list"))
    items += legend
    for precision, words in PRECISION_LEGEND.items():
        if any(p.entry.precision == precision for p in entries):
            items.append(LegendItem("marker", f"pm-tl-precision-{precision}", words))
    ms_rows = max((m.row for m in milestones), default=-1) + 1
    markup, bottom = _legend(items, frame.ms_top + ms_rows * 18 + 8, uid)
    body.append(markup)

    started, ended, detected = window.started, window.ended, window.detected
    duration = f"lasted {format_duration(ended - started)}" if ended else "still ongoing"
    detection = (
        f"detected after {format_duration(detected - started)}" if detected else "detection time unknown"
    )
    count = f"{len(entries)} timeline event{'' if len(entries) == 1 else 's'}"
    desc = (
        f"Started {format_datetime(started, window.tz)}, {duration}; {detection}; {count}; times in {zone}."
    )
    return _svg(uid, WIDTH, bottom + 8, "pm-timeline", f"Timeline of {pm.title or pm.source}", desc, body)


def draw_library(
    postmortems: list[Postmortem],
    colors: dict[str, str] | None = None,
    links: dict[str, str] | None = None,
    tz: str = "UTC",
) -> str:
    """All incidents on one axis: a bar (a dot when short) each, classed `pm-sev-<id>`.

    `colors` maps severity id -> CSS colour (set as `--pm-sev-color`), `links` maps source -> href.
    """
    dated = sorted(((utc(pm.started), pm) for pm in postmortems if pm.started), key=lambda p: p[0])
    if not dated:
        return ""
    colors, links = colors or {}, links or {}
    spans_t = [(s, utc(pm.ended) if pm.ended else None) for s, pm in dated]
    first, last = spans_t[0][0], max(e or s for s, e in spans_t)
    lo, hi = first, last
    if hi - lo < timedelta(days=1):
        lo, hi = lo - timedelta(hours=12), hi + timedelta(hours=12)
    scale = TimeScale(lo, hi, LIB_X0, LIB_X1)
    geo = [
        (scale.x(s), max(scale.x(e) if e else LIB_X1, scale.x(s))) for s, e in spans_t
    ]  # ongoing: to the edge
    rows = layout_labels([(a - 5, b - a + 10) for a, b in geo], None, gap=2) or []

    def sev_style(sev: str) -> str | None:
        return severity_style(colors.get(sev, ""))

    body = []
    for (s, pm), (a, b), r, (_, e) in zip(dated, geo, rows, spans_t, strict=True):
        y, sev = 8.0 + r * 14, pm.severity or ""
        if b - a >= 6:
            shape = el("rect", x=a, y=y, width=b - a, height=10, rx=3)
        else:
            shape = el("circle", cx=(a + b) / 2, cy=y + 5, r=4.5)
        length = format_duration(e - s) if e else "ongoing"
        tip = " · ".join(filter(None, (sev, pm.title or pm.source, format_datetime(s, tz), length)))
        cls = f"pm-lib-incident {severity_class(sev)}" + ("" if e else " pm-lib-ongoing")
        item = el("g", el("title", esc(tip)) + shape, cls=cls, style=sev_style(sev), data_source=pm.source)
        href = links.get(pm.source, "")
        if href and not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
            # xlink:href: mkdocs-material's instant navigation re-sets `href` on links, which SVG's
            # read-only `href` property refuses; it leaves xlink:href alone
            item = el("a", item, **{"xlink:href": href})
        body.append(item)
    axis_y = 8.0 + (max(rows) + 1) * 14 + 4
    body.append(_axis(scale, axis_y, tz, width=LIB_WIDTH, x0=LIB_X0, x1=LIB_X1))
    sevs = sorted({pm.severity for _, pm in dated if pm.severity})
    out, x = [], LIB_X0
    for sev in sevs:
        swatch = el("rect", x=x, y=axis_y + 30, width=12, height=12, rx=3)
        out.append(el("g", swatch, cls=f"pm-lib-incident {severity_class(sev)}", style=sev_style(sev)))
        out.append(el("text", esc(sev), cls="pm-tl-legend-label", x=x + 17, y=axis_y + 40))
        x += 33 + text_width(sev, SMALL)
    body.append(el("g", "".join(out), cls="pm-tl-legend"))
    n, since, until = len(dated), to_local(first, tz), to_local(last, tz)
    desc = f"{n} incident{'' if n == 1 else 's'}, {since:%Y-%m-%d} to {until:%Y-%m-%d}, coloured by severity."
    uid = _uid("pm-lib", "\n".join(pm.source for _, pm in dated))
    return _svg(
        uid, LIB_WIDTH, axis_y + 50, "pm-timeline pm-library-timeline", "Incident timeline", desc, body
    )
