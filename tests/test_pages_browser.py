"""Incident pages in headless Chromium: light and dark palettes, phone width, screenshots.

Screenshots are kept under the artifacts folder the session prints (CI keeps it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

SEED_PAGE = "postmortems/2024-08-15-checkout-showdown/"


@pytest.mark.parametrize(
    ("name", "scheme", "width"),
    [("light", "light", 1280), ("dark", "dark", 1280), ("phone", "light", 390)],
)
def test_incident_page_renders_summary_and_timeline(
    page: Page, sample_site: Path, serve_dir, artifacts: Path, name: str, scheme: str, width: int
) -> None:
    base = serve_dir(sample_site)
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + SEED_PAGE)
    svg = page.locator("svg.pm-timeline")
    svg.scroll_into_view_if_needed()
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    # it scales with the page; on a phone its frame scrolls instead of shrinking the labels unreadably
    frame = page.locator(".pm-timeline-figure").bounding_box()
    content = page.locator("article, .md-content, [role=main]").first.bounding_box()
    assert frame is not None and content is not None and frame["width"] <= content["width"] + 1
    label_px = page.evaluate("""() => {
        const svg = document.querySelector('svg.pm-timeline');
        const label = svg.querySelector('.pm-tl-label, .pm-tl-num');
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(label).fontSize) * scale;
    }""")
    assert label_px >= 10.9
    assert page.locator(".pm-summary").is_visible()
    scheme_attr = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme_attr == ("slate" if scheme == "dark" else "default")
    # the palette reaches our drawing: label colour differs between light and dark
    label_fill = page.evaluate(
        "getComputedStyle(document.querySelector('svg.pm-timeline .pm-tl-milestone text')).fill"
    )
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert label_fill and label_fill != background
    page.screenshot(path=str(artifacts / f"incident-{name}.png"), full_page=True)
    svg.screenshot(path=str(artifacts / f"timeline-{name}.png"))


def test_event_titles_show_the_full_text_on_hover(page: Page, sample_site: Path, serve_dir) -> None:
    page.goto(serve_dir(sample_site) + SEED_PAGE)
    titles = page.locator("svg.pm-timeline .pm-tl-event > title").all_text_contents()
    assert len(titles) == 7
    assert any("Monitoring alert fires" in t for t in titles)
