"""Inline Markdown in entries and items: rendered where pages show it, plain text in drawings."""

from __future__ import annotations

import re

import pytest

from helpers import body_with_timeline, check, page
from mkdocs_postmortems.inline import to_html, to_text
from mkdocs_postmortems.timeline import draw_incident


@pytest.mark.parametrize(
    ("markdown", "html", "text"),
    [
        ("**Fix** the pool", "<strong>Fix</strong> the pool", "Fix the pool"),
        ("raise `max_conn`", "raise <code>max_conn</code>", "raise max_conn"),
        (
            "see [OPS-1](https://t.example/OPS-1?a=1&b=2)",
            'see <a href="https://t.example/OPS-1?a=1&amp;b=2">OPS-1</a>',
            "see OPS-1",
        ),
        ("~~old plan~~ and *new*", "<del>old plan</del> and <em>new</em>", "old plan and new"),
        ("snake_case and window.__name", "snake_case and window.__name", "snake_case and window.__name"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"),
        ("[x](javascript:alert(1))", "x", "x"),  # never a script link
        ("`<b>` stays code", "<code>&lt;b&gt;</code> stays code", "<b> stays code"),
        ("a note[^1]", "a note", "a note"),
        # an image is its alt text (IBL's `<END OF OUTAGE> ![image](…)` showed `!image`), never an <img>
        ("rebooted ![graph](https://i.example/a.png)", "rebooted graph", "rebooted graph"),
        ("![<b>x</b>](https://i.example/a.png)", "&lt;b&gt;x&lt;/b&gt;", "<b>x</b>"),
    ],
)
def test_inline_markdown(markdown: str, html: str, text: str) -> None:
    assert to_html(markdown) == html
    assert to_text(markdown) == text


def test_drawing_labels_are_plain_text_and_loose_times_are_marked() -> None:
    timeline = (
        "- 12:32 - **Alert** on [checkout](https://grafana.example/d/1)\n"
        "- ~12:40 - Paged\n"
        "- --:-- - Someone restarted a pod\n"
        "- 13:05 - Fixed\n"
    )
    checked = check(page({}, body_with_timeline(timeline)))
    assert checked.postmortem is not None
    svg = draw_incident(checked.postmortem)
    assert "**" not in svg and "](" not in svg
    assert "12:32 — Alert on checkout" in svg
    assert len(re.findall(r'class="pm-tl-event[^"]*pm-tl-precision-approximate', svg)) == 1
    assert len(re.findall(r'class="pm-tl-event[^"]*pm-tl-precision-unknown', svg)) == 1
    assert "time unknown — Someone restarted a pod" in svg
    assert "~12:40 — Paged" in svg
