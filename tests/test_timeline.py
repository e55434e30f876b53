"""The SVG timelines, read back as XML: geometry from attributes, never from string matching."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from mkdocs_postmortems.formatting import format_datetime, format_duration, format_stamp, to_local
from mkdocs_postmortems.model import Postmortem, TimelineEntry
from mkdocs_postmortems.timeline import (
    WIDTH,
    TimeScale,
    draw_incident,
    draw_library,
    layout_labels,
    stack_flags,
    ticks,
)

T0 = datetime(2024, 8, 15, 12, 30, tzinfo=UTC)
CSS = Path(__file__).resolve().parent.parent / "plugin" / "mkdocs_postmortems" / "assets" / "postmortems.css"
X_MIN, X_MAX = 0.0, float(WIDTH)  # the view box
EVIL = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "]]> & <![CDATA[ x")


def incident(minutes: list[float], span: timedelta = timedelta(hours=1), **kw: object) -> Postmortem:
    texts = kw.pop("texts", None) or [f"Event {i}: something happened" for i in range(len(minutes))]
    timeline = [TimelineEntry(T0 + timedelta(minutes=m), t) for m, t in zip(minutes, texts, strict=True)]
    kw.setdefault("ended", T0 + span)
    return Postmortem(source=str(kw.pop("source", "postmortems/x.md")), title="Checkout outage",
                      started=T0, timeline=timeline, **kw)  # fmt: skip


def svg_of(pm: Postmortem) -> ET.Element:
    text = draw_incident(pm)
    assert text
    return ET.fromstring(text)


def tag(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def having(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in el.get("class", "").split()]


def having_in(elements: list[ET.Element], cls: str) -> list[ET.Element]:
    return [el for el in elements if cls in el.get("class", "").split()]


def markers(root: ET.Element) -> dict[int, float]:
    """Author's entry number -> marker x."""
    out = {}
    for group in having(root, "pm-tl-event"):
        (circle,) = [c for c in group if tag(c) == "circle"]
        out[int(group.get("data-n", "0"))] = float(circle.get("cx", "nan"))
    return out


def fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least-squares line y = a + b x."""
    n = len(points)
    mx, my = sum(p[0] for p in points) / n, sum(p[1] for p in points) / n
    b = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return my - b * mx, b


def secs(dt: datetime) -> float:
    return (dt - T0).total_seconds()


def label_boxes(root: ET.Element, cls: str = "pm-tl-label") -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) from x, y (baseline) and data-w; 12px text spans y-12 .. y+4."""
    boxes = []
    for text in having(root, cls):
        x, y, w = (float(text.get(k, "nan")) for k in ("x", "y", "data-w"))
        content = "".join(text.itertext())
        assert w >= 0.8 * 6.2 * len(content), f"implausibly narrow estimate for {content!r}"
        boxes.append((x, y - 12, x + w, y + 4))
    return boxes


def assert_disjoint(boxes: list[tuple[float, float, float, float]]) -> None:
    for a, b in combinations(boxes, 2):
        overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        assert not overlap, f"labels overlap: {a} {b}"
    for left, _, right, _ in boxes:
        assert left >= 0 and right <= X_MAX, "label outside the view box"


def flag_boxes(root: ET.Element) -> list[tuple[float, float, float, float]]:
    """Each flag's (left, top, right, bottom), as the drawing records it in data-box."""
    return [tuple(map(float, f.get("data-box", "").split())) for f in having(root, "pm-tl-flag")]  # type: ignore[misc]


def assert_no_line_crosses_a_flag(root: ET.Element) -> None:
    """Poles (and milestone connectors) are vertical: none may enter another flag's box."""
    boxes = flag_boxes(root)
    for line in having(root, "pm-tl-pole"):
        x, y1, y2 = (float(line.get(k, "nan")) for k in ("x1", "y1", "y2"))
        for left, top, right, bottom in boxes:
            assert not (left < x < right and min(y1, y2) < bottom and top < max(y1, y2)), (x, left, right)


def assert_flags_number_every_marker(root: ET.Element) -> None:
    numbers = sorted(int(n) for f in having(root, "pm-tl-flag") for n in f.get("data-n", "").split())
    assert numbers == sorted(markers(root))


def dense(n: int = 40, seconds: int = 120, seed: int = 7) -> Postmortem:
    rnd = random.Random(seed)
    at = sorted(rnd.uniform(0, seconds) for _ in range(n - 5)) + [30.0] * 5  # five at one instant
    return incident([s / 60 for s in at], timedelta(seconds=seconds), detected=T0 + timedelta(seconds=20))


def test_markers_are_linear_in_time() -> None:
    minutes = [-7, 0, 1, 2.5, 13, 14, 40, 59, 75]  # irregular, some outside the window
    pm = incident(minutes)
    xs = markers(svg_of(pm))
    assert sorted(xs) == list(range(1, len(minutes) + 1))
    points = [(secs(e.at), xs[n]) for n, e in enumerate(pm.timeline, 1)]
    a, b = fit(points)
    assert b > 0
    for t, x in points:
        assert abs(a + b * t - x) < 0.5
    assert max(xs.values()) - min(xs.values()) > 600, "the time axis should use the width"


def test_milestones_sit_at_their_times() -> None:
    detected, mitigated = T0 + timedelta(minutes=12), T0 + timedelta(minutes=31)
    pm = incident([1, 5, 20, 44, 60], detected=detected, mitigated=mitigated)
    root = svg_of(pm)
    a, b = fit([(secs(e.at), x) for e, x in zip(pm.timeline, markers(root).values(), strict=True)])

    def ms_x(kind: str) -> float:
        (group,) = having(root, f"pm-tl-ms-{kind}")
        (line,) = having(group, "pm-tl-ms-line")
        assert line.get("x1") == line.get("x2")
        return float(line.get("x1", "nan"))

    for kind, at in (("start", T0), ("detect", detected), ("mitigate", mitigated), ("resolve", pm.ended)):
        assert abs(ms_x(kind) - (a + b * secs(at))) < 0.5, kind
    band = [el for el in root if tag(el) == "rect"]  # the band's shapes; the legend has swatches too
    (detect,), (mitigate,) = having_in(band, "pm-tl-detect"), having_in(band, "pm-tl-mitigate")
    for rect, start, end in ((detect, T0, detected), (mitigate, detected, mitigated)):
        x, w = float(rect.get("x", "nan")), float(rect.get("width", "nan"))
        assert abs(x - (a + b * secs(start))) < 0.5 and abs(x + w - (a + b * secs(end))) < 0.5
    assert "pm-tl-detect" not in mitigate.get("class", "")


def test_detection_from_timeline_kind() -> None:
    pm = incident([2, 9, 30])
    pm.timeline[1] = TimelineEntry(pm.timeline[1].at, "Alert fired", "detect")
    root = svg_of(pm)
    (line,) = having(having(root, "pm-tl-ms-detect")[0], "pm-tl-ms-line")
    assert abs(float(line.get("x1", "nan")) - markers(root)[2]) < 0.5
    assert having(root, "pm-tl-kind-detect")


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_dense_labels_never_overlap(seed: int) -> None:
    root = svg_of(dense(seed=seed))
    assert len(markers(root)) == 40
    assert not having(root, "pm-tl-label"), "40 events in 2 minutes should switch to numbered flags"
    assert_disjoint(flag_boxes(root))
    assert_no_line_crosses_a_flag(root)
    assert_flags_number_every_marker(root)
    assert_disjoint(label_boxes(root, "pm-tl-ms-label"))


def test_text_labels_never_overlap_in_staggered_rows() -> None:
    pm = incident([0, 1, 2, 3, 4, 5, 30, 31, 58, 59], texts=[f"Step {i} " + "W" * (i + 3) for i in range(10)])
    root = svg_of(pm)
    boxes = label_boxes(root)
    assert len(boxes) == 10 and len({b[1] for b in boxes}) > 1, "close labels should stagger into rows"
    assert_disjoint(boxes)
    assert_disjoint(flag_boxes(root))
    assert_no_line_crosses_a_flag(root)
    assert_flags_number_every_marker(root)


def test_layout_labels_first_fit_and_row_limit() -> None:
    assert layout_labels([(0, 50), (60, 50), (10, 50), (20, 50)]) == [0, 0, 1, 2]
    assert layout_labels([(0, 100)] * 7, max_rows=6) is None
    assert layout_labels([(0, 100)] * 7, max_rows=None) == list(range(7))


def test_stack_flags_keeps_poles_out_of_boxes() -> None:
    # a box spanning another's pole sits above it; far apart, both on the band's row
    assert stack_flags([(0, 2, 100), (50, 52, 100), (300, 302, 20)]) == [1, 0, 0]
    # flags on one pole stack; boxes spanning each other's poles cannot be drawn
    assert sorted(stack_flags([(10, 12, 40), (10, 12, 40)]) or []) == [0, 1]
    assert stack_flags([(0, 2, 100), (60, -40, 98)]) is None
    assert stack_flags([(i * 10.0, i * 10 + 2, 100) for i in range(9)], max_rows=5) is None


def test_author_text_is_escaped() -> None:
    pm = incident([5, 6, 50], texts=list(EVIL), source='pm/"quoted" <x>.md')
    pm.title = "<b>bold</b> & </svg>"
    text = draw_incident(pm)
    root = ET.fromstring(text)
    assert {tag(el) for el in root.iter()} <= {
        "a",
        "svg",
        "title",
        "desc",
        "defs",
        "pattern",
        "linearGradient",
        "stop",
        "g",
        "line",
        "rect",
        "circle",
        "path",
        "text",
        "tspan",
    }
    titles = ["".join(t.itertext()) for t in root.iter() if tag(t) == "title"]
    for evil in EVIL:
        assert any(evil in t for t in titles), evil  # full text kept, as text
    assert "<b>bold</b> & </svg>" in titles[0]
    assert "<script" not in text and "<img" not in text  # nothing the author wrote became markup
    assert not any(k.startswith("on") for el in root.iter() for k in el.attrib)


def test_library_escapes_titles_and_links() -> None:
    a = incident([1], source="a.md", severity="SEV1")
    b = incident([1], source="b.md", severity="SEV9<x>")
    b.started, b.ended = T0 + timedelta(days=200), T0 + timedelta(days=200, hours=2)
    evil = 'x" onclick="alert(1)'
    text = draw_library(
        [a, b], colors={"SEV1": "red;}</style><script>"}, links={"a.md": evil, "b.md": "javascript:alert(1)"}
    )
    root = ET.fromstring(text)
    anchors = [el for el in root.iter() if tag(el) == "a"]
    assert [el.get("{http://www.w3.org/1999/xlink}href") for el in anchors] == [evil]
    assert not any(k.startswith("on") for el in root.iter() for k in el.attrib)
    assert not any("script" in (el.get("style") or "") for el in root.iter())
    assert "pm-sev-sev1" in having(root, "pm-lib-incident")[0].get("class", "")


def test_ongoing_incident_is_open_ended() -> None:
    pm = incident([3, 20], ended=None, status="ongoing", detected=T0 + timedelta(minutes=3))
    root = svg_of(pm)
    assert having(root, "pm-tl-open") and having(root, "pm-tl-band-open")
    assert not having(root, "pm-tl-ms-resolve")
    (open_ms,) = having(root, "pm-tl-ms-open")
    (label,) = having(open_ms, "pm-tl-ms-label")
    assert "".join(label.itertext()) == "ongoing"
    xs = markers(root)
    assert X_MIN <= xs[1] < xs[2] < X_MAX


def tick_labels(root: ET.Element) -> list[tuple[str, datetime]]:
    return [
        ("".join(t.itertext()), datetime.fromisoformat(t.get("data-at", "")))
        for t in having(root, "pm-tl-tick-label")
    ]


def test_multi_day_incident_has_day_ticks() -> None:
    pm = incident([60, 1500, 4000, 7100], timedelta(days=5), timezone="Europe/Berlin")
    labels = tick_labels(svg_of(pm))
    assert len(labels) >= 4
    for text, at in labels:
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", text), text
        local = to_local(at, "Europe/Berlin")
        assert (local.hour, local.minute) == (0, 0) and text == f"{local:%b} {local.day}"


def test_forty_second_incident_has_second_ticks() -> None:
    pm = incident([0.1, 0.5], timedelta(seconds=40))
    labels = tick_labels(svg_of(pm))
    assert len(labels) >= 3
    assert re.fullmatch(r"\d\d:\d\d:\d\d UTC", labels[0][0]), "the first clock names its zone"
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d", text) for text, _ in labels[1:])
    steps = {(b - a).total_seconds() for (_, a), (_, b) in pairwise(labels)}
    assert len(steps) == 1 and steps.pop() <= 10


def test_ticks_and_stamps_use_the_page_timezone() -> None:
    pm = incident([15, 100], timedelta(hours=4), timezone="Europe/Berlin")  # 14:30-18:30 CEST
    root = svg_of(pm)
    labels = tick_labels(root)
    # the first tick label names the zone's abbreviation; the legend names the zone
    assert [text for text, _ in labels] == ["15:00 CEST", "16:00", "17:00", "18:00"]
    assert labels[0][1] == datetime(2024, 8, 15, 13, 0, tzinfo=UTC)
    stamps = ["".join(t.itertext()) for t in having(root, "pm-tl-stamp")]
    assert stamps == ["14:45", "16:10"]
    (zone,) = having(root, "pm-tl-zone")
    assert "".join(zone.itertext()) == "Times in Europe/Berlin (CEST, UTC+02:00)"
    assert "2024-08-15 14:30 CEST" in "".join(next(el for el in root if tag(el) == "desc").itertext())


def test_ticks_across_a_dst_change_stay_ordered() -> None:
    start = datetime(2024, 10, 26, 23, 0, tzinfo=UTC)  # Berlin falls back at 01:00 UTC
    out = ticks(start, start + timedelta(hours=5), "Europe/Berlin")
    instants = [at for at, _ in out]
    assert instants == sorted(set(instants)) and all(start <= at for at in instants)
    assert [label for _, label in out] == ["01:00", "02:00", "02:00", "03:00", "04:00", "05:00"]
    assert {(b - a).total_seconds() for a, b in pairwise(instants)} == {3600}


def test_library_ticks_for_long_spans() -> None:
    pms = []
    for i in range(12):
        pm = incident([1], source=f"p{i}.md", severity=f"SEV{i % 4 + 1}")
        pm.started, pm.ended = T0 + timedelta(days=61 * i), T0 + timedelta(days=61 * i, hours=3)
        pms.append(pm)
    root = ET.fromstring(draw_library(pms, links={"p0.md": "p0/"}))
    labels = [text for text, _ in tick_labels(root)]
    assert labels and all(re.fullmatch(r"([A-Z][a-z]{2})( \d{4})?|\d{4}", t) for t in labels), labels
    incidents = [g for g in having(root, "pm-lib-incident") if any(tag(c) == "title" for c in g)]
    assert len(incidents) == 12 and all(
        g.get("class", "").split()[1].startswith("pm-sev-sev") for g in incidents
    )
    assert draw_library([]) == ""


@pytest.mark.parametrize(
    "pm",
    [
        incident([]),
        incident([], span=timedelta(0)),
        incident([10]),
        incident([-60, 200]),
        incident([3] * 40, timedelta(minutes=2)),
        incident([0.01 * i for i in range(40)], timedelta(seconds=1)),
        incident([3], ended=None),
        incident([1], ended=T0 - timedelta(hours=1), detected=T0 + timedelta(days=2)),
    ],
    ids=["empty", "zero", "one", "outside", "same-instant", "one-second", "no-end", "inconsistent"],
)
def test_degenerate_input_draws(pm: Postmortem) -> None:
    root = svg_of(pm)
    assert root.get("viewBox", "").startswith(f"0 0 {WIDTH} ")
    assert_disjoint(flag_boxes(root))
    assert_no_line_crosses_a_flag(root)
    assert_flags_number_every_marker(root)
    assert_disjoint(label_boxes(root))
    assert all(X_MIN <= x <= X_MAX for x in markers(root).values())


def test_no_start_no_drawing() -> None:
    assert draw_incident(Postmortem(source="x.md")) == ""


def test_accessible_scalable_and_styled_by_class() -> None:
    root_a, root_b = svg_of(incident([1], source="a.md")), svg_of(incident([1], source="b.md"))
    ids_a = {el.get("id") for el in root_a.iter() if el.get("id")}
    ids_b = {el.get("id") for el in root_b.iter() if el.get("id")}
    assert ids_a and not ids_a & ids_b
    assert root_a.get("role") == "img"
    labelled = root_a.get("aria-labelledby", "").split()
    assert [tag(el) for el in root_a if el.get("id") in labelled] == ["title", "desc"]
    desc = "".join(next(el for el in root_a if tag(el) == "desc").itertext())
    assert "1 timeline event" in desc and "lasted 1 h 00 min" in desc
    assert root_a.get("width") == "100%" and root_a.get("preserveAspectRatio") == "xMinYMin meet"
    for el in root_a.iter():
        assert not {"fill", "stroke", "color"} & set(el.attrib), el.attrib
        assert re.fullmatch(r"(fill:url\(#[\w-]+\))?", el.get("style", "")), el.get("style")
    css = CSS.read_text()
    for cls in (
        "pm-tl-axis-line",
        "pm-tl-band",
        "pm-tl-detect",
        "pm-tl-mitigate",
        "pm-tl-marker",
        "pm-tl-label",
        "pm-summary",
        "pm-badge",
        "pm-sev-sev1",
        "pm-sev-sev4",
        "pm-tl-open",
    ):
        assert f".{cls}" in css, cls
    assert '[data-md-color-scheme="slate"]' in css and "@media print" in css


def test_formatting() -> None:
    assert [format_duration(timedelta(seconds=s)) for s in (40, 2700, 3900, 183600)] == [
        "40 s", "45 min", "1 h 05 min", "2 d 3 h"]  # fmt: skip
    assert format_duration(None) == "—"
    winter = datetime(2025, 3, 11, 8, 14, tzinfo=UTC)
    assert format_datetime(T0, "UTC") == "2024-08-15 12:30 UTC"
    assert format_datetime(winter, "Europe/Berlin") == "2025-03-11 09:14 CET"
    assert format_datetime(T0, "Not/AZone") == "2024-08-15 12:30 UTC"
    assert format_stamp(T0 + timedelta(minutes=2), "UTC", False) == "12:32"
    assert format_stamp(T0 + timedelta(minutes=2), "UTC", True) == "2024-08-15 12:32"
    assert TimeScale(T0, T0).x(T0) == WIDTH / 2


@pytest.mark.browser
def test_estimated_widths_hold_the_rendered_text(page: object) -> None:
    """The layout is only as good as its width estimate: check it against Chromium's text metrics."""
    texts = ["ALL CAPS ALERT FIRED ON DATABASE", "WWWWWWWWWWWWWWWW", "mmmmmmmmmmmmmmmmmmmmm", "0123456789",
             "Überprüfung der Datenbank läuft", "Rollback of deploy #4411 to 98% fleet", *EVIL]  # fmt: skip
    pm = incident([6 * i for i in range(len(texts))], texts=texts)
    svgs = draw_incident(pm) + draw_incident(dense())
    page.set_content(f"<style>{CSS.read_text()}</style>{svgs}")  # type: ignore[attr-defined]
    measured = page.evaluate(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('text[data-w]')]"
        ".map(t => [t.textContent, +t.dataset.w, t.getComputedTextLength()])"
    )
    assert len(measured) > 15
    for content, estimate, actual in measured:
        assert actual <= estimate, f"{content!r}: rendered {actual:.1f} px > estimated {estimate:.1f} px"


def test_default_severity_colours_tell_apart_and_read() -> None:
    """Adjacent default levels >= 3:1 apart (WCAG 1.4.11), badge text >= 4.5:1 on each (1.4.3)."""
    from mkdocs_postmortems.render import _luminance, text_on
    from mkdocs_postmortems.settings import DEFAULT_SEVERITIES

    def ratio(a: str, b: str) -> float:
        la, lb = sorted((_luminance(a) or 0.0, _luminance(b) or 0.0), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    colours = [level.color for level in DEFAULT_SEVERITIES]
    for a, b in pairwise(colours):
        assert ratio(a, b) >= 3.0, (a, b, ratio(a, b))
    for colour in colours:
        assert ratio(colour, text_on(colour)) >= 4.5, colour
