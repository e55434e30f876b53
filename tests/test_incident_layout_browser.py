"""Incident pages at every common width, light and dark, measured in Chromium (issue 14).

The sample library plus a dense page (19 entries in 14 minutes, Europe/Berlin, approximate and
unknown times, links and code in entries, an H1 in the body, 58000 affected users) is built once.
Each page is checked for: the drawing inside its column (or its scrolling frame, on phones), the
page never scrolling sideways, every marker inside the drawing, no flag or label box overlapping
another box or a line, the zone named, list numbers equal to marker numbers with links both ways,
and the card right under the H1. Screenshots go to the artifacts folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import ROOT, mkdocs

pytestmark = pytest.mark.browser

WIDTHS = (390, 1024, 1280, 1366, 1440, 1920)
DENSE = "postmortems/2025-06-03-dense-checkout-errors/"
SEED = "postmortems/2024-08-15-checkout-showdown/"
BERLIN = "postmortems/2025-03-11-sign-in-with-apple-failures/"
FRONT_MATTER = "postmortems/2025-02-18-inventory-replica-lag/"


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layout")
    shutil.copytree(ROOT / "docs", root / "docs")
    for page in (ROOT / "tests" / "data" / "pages14").glob("*.md"):
        shutil.copy(page, root / "docs" / "postmortems" / page.name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    mkdocs("build", "-q", "-d", str(root / "site"), cwd=root)
    return root / "site"


# Every measure in one pass, in CSS pixels (client rectangles), so failures name what they saw.
MEASURE = """() => {
  const svg = document.querySelector('svg.pm-timeline');
  const figure = svg.closest('.pm-timeline-figure');
  const frame = svg.closest('.pm-tl-scroll');
  const r = (el) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const boxes = [];
  const labelled = '.pm-tl-flag, .pm-tl-ms-label, .pm-tl-tick-label, .pm-tl-legend-label';
  for (const el of svg.querySelectorAll(labelled)) {
    boxes.push([el.getAttribute('class'), (el.textContent || '').trim().slice(0, 40), r(el)]);
  }
  const lines = [...svg.querySelectorAll('line.pm-tl-pole, line.pm-tl-ms-link, line.pm-tl-ms-line')]
    .map((el) => [el.getAttribute('class'), r(el)]);
  const href = (el) => el.getAttribute('href') || el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
  const markers = [...svg.querySelectorAll('.pm-tl-event')]
    .map((el) => [+el.dataset.n, r(el.querySelector('.pm-tl-marker')), el.id, href(el)]);
  const flags = [...svg.querySelectorAll('.pm-tl-flag')].flatMap((el) => el.dataset.n.split(' ').map(Number));
  const list = [...document.querySelectorAll('a.pm-ev')]
    .map((a) => [+a.textContent, a.id, a.getAttribute('href')]);
  const label = svg.querySelector('.pm-tl-label, .pm-tl-num');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const h1 = document.querySelector('.md-content h1');
  const card = document.querySelector('.pm-summary');
  let between = null;
  if (h1 && card) {  // the elements between the title and the card (none, when it is right under it)
    between = [];
    for (let el = h1.nextElementSibling; el && el !== card; el = el.nextElementSibling) {
      between.push(el.tagName);
    }
    if (!h1.nextElementSibling) between = null;
  }
  return {
    svg: r(svg), figure: r(figure), frame: r(frame), frameScroll: [frame.scrollWidth, frame.clientWidth],
    page: [document.documentElement.scrollWidth, window.innerWidth],
    boxes, lines, markers, flags, list,
    labelPx: label ? parseFloat(getComputedStyle(label).fontSize) * scale : null,
    hint: getComputedStyle(figure.querySelector('.pm-tl-scroll-hint')).display,
    zone: svg.querySelector('.pm-tl-zone') ? svg.querySelector('.pm-tl-zone').textContent : '',
    note: figure.querySelector('.pm-tl-zone-note').textContent,
    cardAfterH1: between,
    cardBelowH1: h1 && card ? card.getBoundingClientRect().top >= h1.getBoundingClientRect().bottom : null,
  };
}"""


def overlap(a: list[float], b: list[float], pad: float = 0.0) -> bool:
    return a[0] < b[2] - pad and b[0] < a[2] - pad and a[1] < b[3] - pad and b[1] < a[3] - pad


def check_page(m: dict, width: int) -> None:
    page_w, viewport = m["page"]
    assert page_w <= viewport, f"the page scrolls sideways: {page_w} > {viewport}"
    fig = m["figure"]
    # the figure stays in the column; the drawing fills it, or scrolls inside it below 680 px
    assert fig[2] <= viewport + 0.5
    scroll_w, client_w = m["frameScroll"]
    if client_w >= 680:
        assert scroll_w <= client_w + 1, f"drawing wider than its frame at {width}: {scroll_w} > {client_w}"
        assert m["svg"][0] >= fig[0] - 0.5 and m["svg"][2] <= fig[2] + 0.5
        assert m["hint"] == "none", "no scroll hint where nothing scrolls"
    else:
        assert m["hint"] != "none", "a phone-width frame that scrolls shows its hint"
    assert m["labelPx"] is not None and m["labelPx"] >= 10.9, f"labels at {m['labelPx']:.1f} px"
    svg = m["svg"]
    for n, box, *_ in m["markers"]:
        assert svg[0] <= box[0] and box[2] <= svg[2] and svg[1] <= box[1] and box[3] <= svg[3], n
    boxes = m["boxes"]
    for i, (cls_a, text_a, a) in enumerate(boxes):
        assert svg[0] - 0.5 <= a[0] and a[2] <= svg[2] + 0.5, f"{text_a!r} outside the drawing"
        for cls_b, text_b, b in boxes[i + 1 :]:
            assert not overlap(a, b, 0.5), f"{cls_a} {text_a!r} overlaps {cls_b} {text_b!r}"
        for cls_l, line in m["lines"]:
            if "pm-tl-ms-line" in cls_l and "pm-tl-ms-label" in cls_a:
                continue
            # a line's box is ~1 px wide: crossing means entering the label's box
            assert not overlap(a, [line[0], line[1], line[2], line[3]], 0.6), f"{cls_l} crosses {text_a!r}"
    assert "Times in" in m["zone"] and "Times in" in m["note"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [DENSE, SEED, BERLIN, FRONT_MATTER], ids=["dense", "seed", "berlin", "fm"])
def test_incident_page_legible(
    page: Page, layout_site: Path, serve_dir, artifacts: Path, path: str, width: int, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto(serve_dir(layout_site) + path)
    m = page.evaluate(MEASURE)
    check_page(m, width)
    markers = sorted(n for n, *_ in m["markers"])
    assert sorted(m["flags"]) == markers, "every marker has its number on a flag"
    assert sorted(n for n, *_ in m["list"]) == markers, "list numbers = marker numbers"
    ids = {n: (mid, href) for n, _, mid, href in m["markers"]}
    for n, eid, href in m["list"]:  # links both ways
        assert href == f"#{ids[n][0]}" and ids[n][1] == f"#{eid}"
    assert m["cardBelowH1"] and m["cardAfterH1"] == [], "the card comes right after the title"
    name = path.strip("/").split("/")[-1]
    figure = page.locator(".pm-timeline-figure")
    figure.scroll_into_view_if_needed()
    if width in (390, 1280, 1920):
        page.screenshot(path=str(artifacts / f"layout-{name}-{width}-{scheme}.png"), full_page=False)
    figure.screenshot(path=str(artifacts / f"timeline-{name}-{width}-{scheme}.png"))


def test_dense_page_zone_utc_and_navigation(page: Page, layout_site: Path, serve_dir) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(serve_dir(layout_site) + DENSE)
    m = page.evaluate(MEASURE)
    assert "Europe/Berlin" in m["zone"] and "CEST" in m["zone"]
    # the list shows the page's zone and UTC for each timed entry, so chart and list agree
    chips = page.locator(".pm-ev-time").all_text_contents()
    assert chips[0] == "16:30 CEST · 14:30 UTC", chips[:3]
    assert any(c.startswith("~16:33 CEST") for c in chips)
    # inline Markdown: rendered in the list, plain in the SVG
    assert page.locator(".md-content li code", has_text="checkout-api").count() == 1
    svg_text = page.locator("svg.pm-timeline").inner_html()
    assert "`" not in svg_text and "](" not in svg_text
    # marker -> entry -> marker
    page.locator("svg.pm-timeline .pm-tl-event[data-n='3']").click()
    assert page.evaluate("location.hash").endswith("-e3")
    page.locator("a.pm-ev", has_text="3").first.click()
    assert page.evaluate("location.hash").endswith("-m3")
    assert page.locator(".pm-summary dd", has_text="58,000").count() == 1


def test_print_expands_and_fits(page: Page, layout_site: Path, serve_dir) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(serve_dir(layout_site) + SEED)
    page.emulate_media(media="print")
    m = page.evaluate(MEASURE)
    assert m["frameScroll"][0] <= m["frameScroll"][1] + 1, "printed drawings never scroll"
    assert m["hint"] == "none"
    related = page.locator(".pm-related ul")
    if page.locator(".pm-related").count():
        assert related.is_visible(), "related incidents print expanded"
