"""Small inline SVG charts for the library pages: incidents per month, duration histogram.

Colours come from CSS: a class per severity (`pm-sev-<id>`) and the configured colour as
`--pm-sev-color`, so light, dark and print styles apply and any severity id is coloured.
"""

from __future__ import annotations

import math
from datetime import timedelta
from html import escape
from typing import Any

from .formatting import format_duration
from .settings import Settings
from .timeline import severity_class, severity_style


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg class="pm-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def monthly_chart(months: list[tuple[str, dict[str, int]]], settings: Settings) -> str:
    """Stacked bars: incidents per month by severity (most severe at the bottom), with a legend."""
    return period_bars(months, settings, "month")


def histogram(minutes: list[float]) -> str:
    """Time-to-resolve histogram on log-spaced bins (durations span minutes to days)."""
    if not minutes:
        return ""
    edges = [5, 15, 30, 60, 120, 240, 480, 1440, math.inf]
    labels = ["<5m", "5-15m", "15-30m", "30m-1h", "1-2h", "2-4h", "4-8h", "8-24h", ">1d"]
    counts = [0] * len(edges)
    for value in minutes:
        counts[next(i for i, edge in enumerate(edges) if value < edge)] += 1
    width, height, bottom = 540, 170, 26
    step = width / len(counts)
    peak = max(counts) or 1
    body = []
    for i, n in enumerate(counts):
        h = (height - bottom - 14) * n / peak
        x = i * step + 2
        body.append(
            f'<rect class="pm-chart__bar" x="{x:.1f}" y="{height - bottom - h:.1f}" width="{step - 4:.1f}" '
            f'height="{h:.1f}"><title>{labels[i]}: {n}</title></rect>'
        )
        if n:
            body.append(
                f'<text class="{TEXT}" x="{x + step / 2 - 2:.1f}" y="{height - bottom - h - 3:.1f}" '
                f'text-anchor="middle">{n}</text>'
            )
        body.append(
            f'<text class="{TEXT}" x="{x + step / 2 - 2:.1f}" y="{height - 6}" '
            f'text-anchor="middle">{labels[i]}</text>'
        )
    return _svg(width, height, f"Time to resolve of {len(minutes)} incidents", body)


# ---- trends: per period, with a legend; text at 14 user units, so >= 11 px wherever the chart is
# drawn at least 560 px wide (library.css keeps it so, scrolling inside its box on a phone)

TREND_WIDTH = 720
TEXT = "pm-chart__text"


def _axis(x1: float, x2: float, y: float) -> str:
    return f'<line class="pm-chart__axis" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}"/>'


def _legend(entries: list[tuple[str, str]], y: int) -> list[str]:
    """A row of (swatch markup, label) pairs from the left edge."""
    out, x = [], 48
    for swatch, label in entries:
        out.append(f'<g transform="translate({x},{y})">{swatch}')
        out.append(f'<text class="{TEXT}" x="20" y="11">{escape(label)}</text></g>')
        x += 34 + 8 * len(label)
    return out


def period_bars(periods: list[tuple[str, dict[str, int]]], settings: Settings, what: str) -> str:
    """Incidents per period, stacked by severity (most severe at the bottom), with a legend."""
    if not periods:
        return ""
    width, height, left, bottom, top = TREND_WIDTH, 250, 48, 30, 40
    order = settings.severity_ids
    colors = {level.id: level.color for level in settings.severities}
    seen = [s for s in order if any(c.get(s) for _, c in periods)]
    seen += sorted({s for _, c in periods for s in c} - set(order))
    legend = []
    for severity in seen:
        style = severity_style(colors.get(severity, ""))
        style_attribute = f' style="{style}"' if style else ""
        legend.append(
            (f'<rect class="{severity_class(severity)}"{style_attribute} width="14" height="14"/>', severity)
        )
    body = _legend(legend, 6)
    peak = max(sum(counts.values()) for _, counts in periods) or 1
    scale = (height - bottom - top) / peak
    step = (width - left - 36) / len(periods)  # room on the right for the last label
    bar = max(3.0, min(48.0, step * 0.7))
    body.append(_axis(left, width - 4, height - bottom))
    for tick in sorted({0, peak, math.ceil(peak / 2)}):
        y = height - bottom - tick * scale
        body.append(f'<text class="{TEXT}" x="{left - 8}" y="{y + 5:.1f}" text-anchor="end">{tick}</text>')
    label_every = max(1, math.ceil(len(periods) / (width / 84)))
    for i, (key, counts) in enumerate(periods):
        x = left + i * step + (step - bar) / 2
        y = float(height - bottom)
        for severity in seen:
            n = counts.get(severity, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            style = severity_style(colors.get(severity, ""))
            style_attribute = f' style="{style}"' if style else ""
            body.append(
                f'<rect class="{severity_class(severity)}"{style_attribute} x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar:.1f}" height="{h:.1f}">'
                f"<title>{escape(key)}: {n} {escape(severity)}</title></rect>"
            )
        if (len(periods) - 1 - i) % label_every == 0:  # the latest period is always labelled
            body.append(
                f'<text class="{TEXT}" x="{x + bar / 2:.1f}" y="{height - bottom + 20}" '
                f'text-anchor="middle">{escape(key)}</text>'
            )
    total = sum(sum(c.values()) for _, c in periods)
    return _svg(
        width,
        height,
        f"Incidents per {what} by severity: {total} incidents over {len(periods)} {what}s",
        body,
    )


_TICKS = [
    (1, "1 min"),
    (5, "5 min"),
    (15, "15 min"),
    (60, "1 h"),
    (240, "4 h"),
    (1440, "1 d"),
    (10080, "1 w"),
]
SERIES = (  # (label, attribute of Period, dash pattern, marker): told apart without colour too
    ("median time to resolve", "resolve_median", "", "circle"),
    ("p90 time to resolve", "resolve_p90", "6 4", "square"),
    ("median time to detect", "detect_median", "2 3", "diamond"),
)


def _marker(shape: str, x: float, y: float, cls: str, title: str) -> str:
    if shape == "circle":
        return f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="4"><title>{title}</title></circle>'
    if shape == "square":
        return (
            f'<rect class="{cls}" x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8">'
            f"<title>{title}</title></rect>"
        )
    return f'<path class="{cls}" d="M{x:.1f} {y - 5:.1f}l5 5l-5 5l-5 -5z"><title>{title}</title></path>'


def period_times(periods: list[Any], what: str) -> str:
    """Median and p90 time to resolve and median time to detect per period, on a log scale
    (durations span minutes to days: a linear axis would flatten all but the longest)."""
    values = [getattr(p, attr) for p in periods for _, attr, _, _ in SERIES]
    known = [v for v in values if v is not None and v > 0]
    if not periods or not known:
        return ""
    width, height, left, bottom, top = TREND_WIDTH, 260, 64, 30, 40
    low = min(1.0, min(known))
    high = max(max(known), 60.0)
    span = math.log(high) - math.log(low) or 1.0

    def y_of(minutes: float) -> float:
        return top + (height - bottom - top) * (1 - (math.log(max(minutes, low)) - math.log(low)) / span)

    step = (width - left - 36) / len(periods)  # room on the right for the last label
    legend = [
        (
            _polyline([(0, 7), (14, 7)], i, dash) + _marker(shape, 7, 7, f"pm-trend__dot pm-trend--{i}", ""),
            label,
        )
        for i, (label, _, dash, shape) in enumerate(SERIES)
    ]
    body = _legend(legend, 6)
    body.append(_axis(left, width - 4, height - bottom))
    for minutes, label in _TICKS:
        if low <= minutes <= high:
            y = y_of(minutes)
            body.append(
                f'<line class="pm-chart__grid" x1="{left}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}"/>'
            )
            body.append(
                f'<text class="{TEXT}" x="{left - 8}" y="{y + 5:.1f}" text-anchor="end">{label}</text>'
            )
    for i, (label, attr, dash, shape) in enumerate(SERIES):
        points = []
        for n, period in enumerate(periods):
            value = getattr(period, attr)
            x = left + n * step + step / 2
            if value is None:
                if len(points) > 1:
                    body.append(_polyline(points, i, dash))
                points = []
                continue
            y = y_of(value)
            points.append((x, y))
            shown = format_duration(timedelta(minutes=value))
            body.append(
                _marker(shape, x, y, f"pm-trend__dot pm-trend--{i}", f"{escape(period.key)}: {label} {shown}")
            )
        if len(points) > 1:
            body.append(_polyline(points, i, dash))
    label_every = max(1, math.ceil(len(periods) / (width / 84)))
    for n, period in enumerate(periods):
        if (len(periods) - 1 - n) % label_every == 0:
            x = left + n * step + step / 2
            body.append(
                f'<text class="{TEXT}" x="{x:.1f}" y="{height - bottom + 20}" text-anchor="middle">'
                f"{escape(period.key)}</text>"
            )
    return _svg(width, height, f"Median and p90 time to resolve and median time to detect per {what}", body)


def _polyline(points: list[tuple[float, float]], i: int, dash: str) -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<polyline class="pm-trend__line pm-trend--{i}" points="{coords}"{dash_attribute}/>'


def sparkline(counts: list[int], labels: list[str]) -> str:
    """A small bar per quarter, for a table cell; the figures are in its title."""
    if not counts:
        return ""
    width, height = 6 * len(counts), 20
    peak = max(counts) or 1
    bars = []
    for i, n in enumerate(counts):
        h = max(1.0, 18 * n / peak) if n else 1.0
        cls = "pm-spark__bar" if n else "pm-spark__none"
        bars.append(f'<rect class="{cls}" x="{i * 6}" y="{height - h:.1f}" width="4" height="{h:.1f}"/>')
    text = ", ".join(f"{label}: {n}" for label, n in zip(labels, counts, strict=False))
    return (
        f'<svg class="pm-spark" viewBox="0 0 {width} {height}" width="{width * 2}" height="{height}" '
        'role="img" '
        f'aria-label="{escape("Incidents per quarter: " + text)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(text)}</title>{''.join(bars)}</svg>"
    )


def severity_mix(by_severity: dict[str, int], settings: Settings) -> str:
    """A stacked bar of a service's incidents by severity, for a table cell (counts follow it as text)."""
    total = sum(by_severity.values())
    if not total:
        return ""
    colors = {level.id: level.color for level in settings.severities}
    order = [s for s in settings.severity_ids if by_severity.get(s)] + sorted(
        set(by_severity) - set(settings.severity_ids)
    )
    x, parts = 0.0, []
    for severity in order:
        w = 80 * by_severity[severity] / total
        style = severity_style(colors.get(severity, ""))
        style_attribute = f' style="{style}"' if style else ""
        parts.append(
            f'<rect class="{severity_class(severity)}"{style_attribute} x="{x:.1f}" y="0" '
            f'width="{w:.1f}" height="10"/>'
        )
        x += w
    label = ", ".join(f"{by_severity[s]} {s}" for s in order)
    return (
        f'<svg class="pm-mix" viewBox="0 0 80 10" width="80" height="10" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        f"{''.join(parts)}</svg>"
    )
