"""Small inline SVG charts for the library pages: incidents per month, duration histogram.

Colours come from CSS: a class per severity (`pm-sev-<id>`) and the configured colour as
`--pm-sev-color`, so light, dark and print styles apply and any severity id is coloured.
"""

from __future__ import annotations

import math
from html import escape

from .settings import Settings
from .timeline import severity_class, severity_style


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg class="pm-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def monthly_chart(months: list[tuple[str, dict[str, int]]], settings: Settings) -> str:
    """Stacked bars: incidents per month by severity (most severe at the bottom)."""
    if not months:
        return ""
    width, height, left, bottom, top = 800, 170, 36, 28, 12
    peak = max(sum(counts.values()) for _, counts in months) or 1
    step = (width - left - 8) / len(months)
    bar = max(2.0, step * 0.7)
    scale = (height - bottom - top) / peak
    body = [
        f'<line class="pm-chart__axis" x1="{left}" y1="{height - bottom}" '
        f'x2="{width - 4}" y2="{height - bottom}"/>'
    ]
    for tick in sorted({0, peak, math.ceil(peak / 2)}):
        y = height - bottom - tick * scale
        body.append(
            f'<text class="pm-chart__label" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    order = settings.severity_ids
    colors = {level.id: level.color for level in settings.severities}
    label_every = max(1, math.ceil(len(months) / 12))
    for i, (month, counts) in enumerate(months):
        x = left + i * step + (step - bar) / 2
        y = height - bottom
        for severity in [*order, *sorted(set(counts) - set(order))]:
            n = counts.get(severity, 0)
            if not n:
                continue
            h = n * scale
            y -= h
            style = severity_style(colors.get(severity, ""))
            style_attribute = f' style="{style}"' if style else ""
            body.append(
                f'<rect class="{severity_class(severity)}"{style_attribute} '
                f'x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                f"<title>{escape(month)}: {n} {escape(severity)}</title></rect>"
            )
        if i % label_every == 0:
            body.append(
                f'<text class="pm-chart__label" x="{x + bar / 2:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle">{escape(month)}</text>'
            )
    total = sum(sum(c.values()) for _, c in months)
    return _svg(
        width, height, f"Incidents per month by severity: {total} incidents over {len(months)} months", body
    )


def histogram(minutes: list[float]) -> str:
    """Time-to-resolve histogram on log-spaced bins (durations span minutes to days)."""
    if not minutes:
        return ""
    edges = [5, 15, 30, 60, 120, 240, 480, 1440, math.inf]
    labels = ["<5m", "5-15m", "15-30m", "30m-1h", "1-2h", "2-4h", "4-8h", "8-24h", ">1d"]
    counts = [0] * len(edges)
    for value in minutes:
        counts[next(i for i, edge in enumerate(edges) if value < edge)] += 1
    width, height, bottom = 360, 120, 22
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
                f'<text class="pm-chart__label" x="{x + step / 2 - 2:.1f}" y="{height - bottom - h - 3:.1f}" '
                f'text-anchor="middle">{n}</text>'
            )
        body.append(
            f'<text class="pm-chart__label" x="{x + step / 2 - 2:.1f}" y="{height - 6}" '
            f'text-anchor="middle">{labels[i]}</text>'
        )
    return _svg(width, height, f"Time to resolve of {len(minutes)} incidents", body)
