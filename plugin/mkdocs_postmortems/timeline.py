"""Server-drawn SVG timelines: one incident, or the whole library on one shared axis.

Pure functions returning SVG text. No colour is written here: every shape carries a
CSS class styled in assets/postmortems.css, so light, dark and print palettes all work.
Everything an author wrote goes through `esc`, and the output is well-formed XML.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from html import escape

from . import inline
from .formatting import format_datetime, format_duration, format_stamp, get_zone, to_local
from .model import Postmortem, TimelineEntry

WIDTH = 800
X0, X1 = 24.0, 776.0  # plot range; the margins keep edge markers and arrows inside the view box
FONT, SMALL = 12, 11  # label and tick font sizes (view box units); CSS uses the same
CHAR_W = 6.2  # average glyph advance at 12px, the basis of every width estimate
ROW_H = 18  # label row pitch: taller than a label box (FONT + 4), so rows never touch
MAX_ROWS = 6  # more label rows than this and the labels switch to numbers
LABEL_CHARS = 34  # event text is cut here (full text stays in the <title>)
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


def _place(x: float, width: float) -> float:
    """Left edge of a label starting at x, pulled back inside the view box."""
    return max(2.0, min(x, WIDTH - 2.0 - width))


def _ranges(numbers: list[int]) -> str:
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
    parts = "".join(
        f' {_ATTRIBUTE_NAMES.get(k) or _attribute_name(k)}="{num(v) if isinstance(v, float) else esc(v)}"'
        for k, v in attrs.items()
        if v is not None
    )
    return f"<{tag}{parts}/>" if content is None else f"<{tag}{parts}>{content}</{tag}>"


def _svg(uid: str, height: float, cls: str, title: str, desc: str, body: list[str]) -> str:
    head = el("title", esc(title), id=f"{uid}-t") + el("desc", esc(desc), id=f"{uid}-d")
    return el(
        "svg", head + "".join(body), xmlns=SVG_NS, **{"xmlns:xlink": XLINK_NS}, cls=cls, role="img",
        aria_labelledby=f"{uid}-t {uid}-d",
        viewBox=f"0 0 {WIDTH} {num(height)}", width="100%", preserveAspectRatio="xMinYMin meet",
    )  # fmt: skip


def _uid(prefix: str, key: str) -> str:
    """Stable per-source ids, so two drawings on one page never share an id."""
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8', 'replace')).hexdigest()[:10]}"


def _axis(scale: TimeScale, y: float, tz: str) -> str:
    """Axis line at y, tick marks and tick labels below it (centred, kept inside the view box)."""
    out = [el("line", cls="pm-tl-axis-line", x1=X0, y1=y, x2=X1, y2=y)]
    for at, label in ticks(scale.start, scale.end, tz):
        x, half = scale.x(at), text_width(label, SMALL) / 2
        out.append(el("line", cls="pm-tl-tick", x1=x, y1=y, x2=x, y2=y + 5))
        out.append(el("text", esc(label), cls="pm-tl-tick-label", x=max(2 + half, min(x, WIDTH - 2 - half)),
                      y=y + 17.0, text_anchor="middle", data_at=at.isoformat()))  # fmt: skip
    return el("g", "".join(out), cls="pm-tl-axis")


def _legend(items: list[tuple[str, str]], y: float, hatch: str) -> tuple[str, float]:
    """Swatch + words per item, wrapping; returns the markup and the bottom y."""
    out, x = [], X0
    for cls, text in items:
        w = 17 + text_width(text, SMALL)
        if x + w > WIDTH - 4 and x > X0:
            x, y = X0, y + 18
        out.append(el("rect", cls=cls, x=x, y=y, width=12, height=12, rx=2))
        if "pm-tl-detect" in cls:  # the hatch is the detection span's non-colour cue
            out.append(el("rect", cls="pm-tl-detect-hatch", x=x, y=y, width=12, height=12, style=hatch))
        out.append(el("text", esc(text), cls="pm-tl-legend-label", x=x + 17, y=y + 10))
        x += w + 16
    return el("g", "".join(out), cls="pm-tl-legend"), y + 12


Entry = tuple[int, TimelineEntry]  # (the author's 1-based number, the entry)
Labels = tuple[list[list[Entry]], list[tuple[str, str]], list[tuple[float, float]], list[int]]


def _event_labels(scale: TimeScale, entries: list[Entry], tz: str, with_date: bool) -> Labels:
    """Label groups, their (stamp, text), (left, width) spans and rows.

    "stamp text" labels in at most MAX_ROWS rows, else author's numbers, markers closer than 4 px
    sharing one label ("3–7") in as many rows as needed.
    """
    groups = [[p] for p in entries]
    labels = [(entry_stamp(e, tz, with_date), truncate(inline.to_text(e.event))) for _, e in entries]
    widths = [text_width(s, bold=True) + 4 + text_width(t) for s, t in labels]
    spans = [(_place(scale.x(e.at), w), w) for (_, e), w in zip(entries, widths, strict=True)]
    rows = layout_labels(spans)
    if rows is not None:
        return groups, labels, spans, rows
    groups: list[list[Entry]] = []
    for p in entries:
        if groups and scale.x(p[1].at) - scale.x(groups[-1][0][1].at) < 4:
            groups[-1].append(p)
        else:
            groups.append([p])
    labels = [("", truncate(_ranges([n for n, _ in g]), 12)) for g in groups]
    widths = [text_width(t) for _, t in labels]
    spans = [(_place(scale.x(g[0][1].at), w), w) for g, w in zip(groups, widths, strict=True)]
    return groups, labels, spans, layout_labels(spans, None, gap=6) or []


def draw_incident(pm: Postmortem, now: datetime | None = None) -> str:
    """Inline SVG timeline of one incident ("" without a start time).

    `now` lets an ongoing incident reach the present; by default it ends a little after the last
    known moment, so builds stay reproducible.
    """
    if pm.started is None:
        return ""
    tz, uid = pm.timezone, _uid("pm-tl", pm.source)
    started = utc(pm.started)
    ended = utc(pm.ended) if pm.ended else None
    detected = utc(pm.detected_at) if pm.detected_at else None
    mitigated = utc(pm.mitigated_at) if pm.mitigated_at else None
    entries = sorted(enumerate(pm.timeline, 1), key=lambda p: utc(p[1].at))  # numbered as the author listed
    known = [started, *(utc(e.at) for _, e in entries), *(t for t in (detected, mitigated, ended) if t)]
    lo, last = min(known), max(known)
    hi = max(last, utc(now)) if now and ended is None else last
    if ended is None:  # room for the open end after the last known moment
        hi += max((hi - lo) * 0.12, timedelta(minutes=1))
    if hi - lo < timedelta(seconds=1):
        lo, hi = lo - timedelta(seconds=30), hi + timedelta(seconds=30)
    scale = TimeScale(lo, hi)
    with_date = to_local(lo, tz).date() != to_local(hi, tz).date()

    groups, labels, spans, rows = _event_labels(scale, entries, tz, with_date)
    n_rows = max(rows, default=-1) + 1
    band_top = 6.0 + n_rows * ROW_H + 10
    mid, axis_y = band_top + 12, band_top + 24
    hatch = f"fill:url(#{uid}-hatch)"

    # Band over the incident window, then the detection and mitigation spans over it.
    xs = scale.x(started)
    xe = scale.x(ended) if ended else X1 - 10
    defs = el("pattern", el("line", cls="pm-tl-hatch", x1=0, y1=0, x2=0, y2=6), id=f"{uid}-hatch",
              width=6, height=6, patternUnits="userSpaceOnUse", patternTransform="rotate(45)")  # fmt: skip
    if ended is None:  # solid up to the last known moment, then fading towards the arrow
        solid = (scale.x(last) - xs) / max(xe - xs, 1.0)
        stops = el("stop", cls="pm-tl-fade-stop", offset=solid, stop_opacity=1)
        stops += el("stop", cls="pm-tl-fade-stop", offset=1, stop_opacity=0.1)
        defs += el("linearGradient", stops, id=f"{uid}-fade")
    body = [el("defs", defs)]

    def band(cls: str, a: float, b: float, style: str | None = None) -> str:
        return el("rect", cls=cls, x=min(a, b), y=band_top, width=abs(b - a), height=24, style=style)

    if ended is None:
        body.append(band("pm-tl-band pm-tl-band-open", xs, xe, f"fill:url(#{uid}-fade)"))
        body.append(el("path", cls="pm-tl-open", d=f"M{num(xe)} {num(band_top - 4)}L{num(X1)} {num(mid)}"
                       f"L{num(xe)} {num(axis_y + 4)}Z"))  # fmt: skip
    else:
        body.append(band("pm-tl-band", xs, xe))
    legend = []
    if detected and detected >= started:
        body += [
            band("pm-tl-detect", xs, scale.x(detected)),
            band("pm-tl-detect-hatch", xs, scale.x(detected), hatch),
        ]
        legend.append(("pm-tl-detect", f"time to detect {format_duration(detected - started)}"))
        if mitigated and mitigated >= detected:
            body.append(band("pm-tl-mitigate", scale.x(detected), scale.x(mitigated)))
            legend.append(("pm-tl-mitigate", f"detected → mitigated {format_duration(mitigated - detected)}"))
    legend.append(("pm-tl-band", f"duration {format_duration(ended - started)}" if ended else "ongoing"))

    # Milestones: a line through the band, a dashed connector down to a label row below the ticks.
    named = (("start", started, "started"), ("detect", detected, "detected"),
             ("mitigate", mitigated, "mitigated"), ("resolve", ended, "resolved"))  # fmt: skip
    ms = [(k, scale.x(t), f"{name} {format_stamp(t, tz, with_date)}") for k, t, name in named if t]
    if ended is None:
        ms.append(("open", X1, "ongoing" if pm.status == "ongoing" else "end unknown"))
    ms_spans = [(k, x, t, text_width(t, SMALL, bold=True)) for k, x, t in ms]  # some are bold
    ms_spans = [(k, x, t, _place(x - w if k == "open" else x + 3, w), w) for k, x, t, w in ms_spans]
    ms_rows = layout_labels([(left, w) for *_, left, w in ms_spans], None) or []
    ms_top = axis_y + 24
    for (kind, x, text, left, w), r in zip(ms_spans, ms_rows, strict=True):
        y = ms_top + r * 16 + SMALL
        parts = el("line", cls="pm-tl-ms-line", x1=x, y1=band_top - 4, x2=x, y2=axis_y)
        parts += el("line", cls="pm-tl-ms-link", x1=x, y1=axis_y, x2=x, y2=y + 3)
        parts += el("text", esc(text), cls="pm-tl-ms-label", x=left, y=y, data_w=w)
        body.append(el("g", parts, cls=f"pm-tl-milestone pm-tl-ms-{kind}"))
    body.append(_axis(scale, axis_y, tz))  # after the milestones: tick labels' halos cover their connectors

    # Events: leaders first, so every label (with its halo) is painted over all of them.
    def baseline(row: int) -> float:
        return 6.0 + (n_rows - 1 - row) * ROW_H + FONT

    leaders, events = [], []
    for g, (stamp, short), (left, w), r in zip(groups, labels, spans, rows, strict=True):
        x = scale.x(g[0][1].at)
        leaders.append(el("line", cls="pm-tl-leader", x1=x, y1=baseline(r) + 4, x2=x, y2=mid - 5))
        for i, (n, e) in enumerate(g):
            parts = el("title", f"{esc(entry_stamp(e, tz, with_date))} — {esc(inline.to_text(e.event))}")
            parts += el("circle", cls="pm-tl-marker", cx=scale.x(e.at), cy=mid, r=5)
            if i == 0:  # the group's label sits in its first marker's group, so hovering it works too
                text = (el("tspan", esc(stamp), cls="pm-tl-stamp") + " " if stamp else "") + esc(short)
                cls = "pm-tl-label" if stamp else "pm-tl-label pm-tl-num"
                parts += el("text", text, cls=cls, x=left, y=baseline(r), data_w=w)
            cls = f"pm-tl-event pm-tl-kind-{slug(e.kind)} pm-tl-precision-{e.precision}"
            events.append(el("g", parts, cls=cls, data_n=n, data_at=utc(e.at).isoformat()))
    body += [el("g", "".join(leaders), cls="pm-tl-leaders"), el("g", "".join(events), cls="pm-tl-events")]

    markup, bottom = _legend(legend, ms_top + (max(ms_rows, default=-1) + 1) * 16 + 8, hatch)
    body.append(markup)
    duration = f"lasted {format_duration(ended - started)}" if ended else "still ongoing"
    detection = (
        f"detected after {format_duration(detected - started)}" if detected else "detection time unknown"
    )
    count = f"{len(entries)} timeline event{'' if len(entries) == 1 else 's'}"
    desc = f"Started {format_datetime(started, tz)}, {duration}; {detection}; {count}."
    return _svg(uid, bottom + 8, "pm-timeline", f"Timeline of {pm.title or pm.source}", desc, body)


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
    scale = TimeScale(lo, hi)
    geo = [(scale.x(s), max(scale.x(e) if e else X1, scale.x(s))) for s, e in spans_t]  # ongoing: to the edge
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
    body.append(_axis(scale, axis_y, tz))
    sevs = sorted({pm.severity for _, pm in dated if pm.severity})
    out, x = [], X0
    for sev in sevs:
        swatch = el("rect", x=x, y=axis_y + 30, width=12, height=12, rx=3)
        out.append(el("g", swatch, cls=f"pm-lib-incident {severity_class(sev)}", style=sev_style(sev)))
        out.append(el("text", esc(sev), cls="pm-tl-legend-label", x=x + 17, y=axis_y + 40))
        x += 33 + text_width(sev, SMALL)
    body.append(el("g", "".join(out), cls="pm-tl-legend"))
    n, since, until = len(dated), to_local(first, tz), to_local(last, tz)
    desc = f"{n} incident{'' if n == 1 else 's'}, {since:%Y-%m-%d} to {until:%Y-%m-%d}, coloured by severity."
    uid = _uid("pm-lib", "\n".join(pm.source for _, pm in dated))
    return _svg(uid, axis_y + 50, "pm-timeline pm-library-timeline", "Incident timeline", desc, body)
