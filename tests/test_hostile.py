"""Hostile input in every field is inert in every output: pages, SVG, indexes, filter data, exports.

The page `tests/data/hostile.md` carries script, attribute-breaking, `javascript:`, `]]>`, SVG and
CSS payloads in every field; each payload would set `window.__pwned` if it ever ran.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import UTC
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import Page

from conftest import mkdocs

HOSTILE = Path(__file__).parent / "data" / "hostile.md"
RAW_PAYLOADS = re.compile(
    r"<img src=x|<script>window|<svg onload|<b onmouseover|<style>body|<!\[CDATA\[ </title>"
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "docs/postmortems").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n")
    shutil.copy(HOSTILE, root / "docs/postmortems/2024-01-01-hostile.md")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - postmortems\n"
    )
    result = mkdocs("build", cwd=root, check=False)  # not strict: the page has errors, the site still builds
    assert result.returncode == 0, result.stderr
    assert "[title]" in result.stderr  # markup in a title is an error...
    return root / "site"


def test_no_payload_appears_unescaped_in_any_page_or_script(hostile_site: Path) -> None:
    checked = 0
    for path in hostile_site.rglob("*"):
        if path.suffix in (".html", ".js", ".xml") and path.is_file():
            text = path.read_text("utf-8")
            assert not RAW_PAYLOADS.search(text), path
            checked += 1
    assert checked > 5
    page = (hostile_site / "postmortems/2024-01-01-hostile/index.html").read_text()
    # ...and the title MkDocs and the theme print is escaped text, even in a non-strict build
    assert "<title>&lt;img src=x" in page


def test_svg_timelines_parse_and_keep_the_text(hostile_site: Path) -> None:
    page = (hostile_site / "postmortems/2024-01-01-hostile/index.html").read_text()
    svgs = re.findall(r'<svg[^>]*class="pm-timeline".*?</svg>', page, re.S)
    assert svgs
    svg = ET.fromstring(svgs[0])
    ns = "{http://www.w3.org/2000/svg}"
    assert not list(svg.iter(f"{ns}script")) and not list(svg.iter(f"{ns}foreignObject"))
    texts = " ".join(t.text or "" for t in svg.iter(f"{ns}title"))
    assert "<script>window.__pwned=7</script>" in texts  # shown as text, not run


def test_filter_data_cannot_close_its_script(hostile_site: Path) -> None:
    data = (hostile_site / "postmortems/filter-index.js").read_text()
    assert "</script" not in data.lower() and "<!--" not in data
    index = json.loads(data[data.index("=") + 1 : data.rindex(";")])
    assert "</script><script>window.__pwned=4</script>" in index["rows"][0][9]  # the impact


def test_exports_keep_text_and_neutralise_formulas(hostile_site: Path) -> None:
    incidents = json.loads((hostile_site / "postmortems/incidents.json").read_text())
    assert '=HYPERLINK("http://x")' in incidents[0]["services"]
    rows = list(csv.DictReader(io.StringIO((hostile_site / "postmortems/incidents.csv").read_text())))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    feed = ET.fromstring((hostile_site / "postmortems/feed.xml").read_bytes())
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(t and "<img src=x" in t for t in titles)  # text content, escaped on the wire


def test_service_pages_stay_inside_the_site_and_do_not_collide(hostile_site: Path) -> None:
    services = sorted(p.name for p in (hostile_site / "postmortems/services").iterdir() if p.is_dir())
    assert len(services) == 5  # five services, five pages
    for name in services:
        assert re.fullmatch(r"[a-z0-9-]+", name), name
        assert name.lower() not in ("con", "prn", "aux", "nul")
    assert not (hostile_site.parent / "etc").exists() and not (hostile_site / "etc").exists()


@pytest.mark.browser
def test_no_injected_script_runs_in_the_browser(page: Page, hostile_site: Path, serve_dir) -> None:
    base = serve_dir(hostile_site)
    urls = [
        "postmortems/2024-01-01-hostile/",
        "postmortems/",
        "postmortems/action-items/",
        "postmortems/severity/sev1/",
    ]
    urls += [f"postmortems/services/{p.name}/" for p in (hostile_site / "postmortems/services").iterdir()
             if p.is_dir()]  # fmt: skip
    for url in urls:
        page.goto(base + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, url
        assert page.locator("img[src=x]").count() == 0, url
    # the overview's script renders rows from the data: typing a query must not run anything either
    page.goto(base + "postmortems/?text=script")
    page.wait_for_load_state("load")
    assert page.locator("tr[data-incident]").count() == 1
    assert page.evaluate("window.__pwned") is None


# OWASP's CSV injection list, written out here (not taken from the code): a cell starting with any of
# these is read as a formula by Excel, LibreOffice or Google Sheets. The full-width forms are what some
# spreadsheets in CJK locales also take as formula starts.
OWASP_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FULL_WIDTH_FORMULA_STARTS = ("\uff1d", "\uff0b", "\uff0d", "\uff20")


@pytest.mark.parametrize("start", OWASP_FORMULA_STARTS + FULL_WIDTH_FORMULA_STARTS)
def test_csv_cells_that_start_like_formulas_are_quoted(start: str) -> None:
    from datetime import datetime

    from mkdocs_postmortems.export import to_csv
    from mkdocs_postmortems.model import Postmortem

    payload = start + "cmd|' /C calc'!A0"
    pm = Postmortem(
        source="x.md",
        title=payload,
        services=[payload, "checkout"],
        impact=payload,
        started=datetime(2024, 1, 1, tzinfo=UTC),
        ended=datetime(2024, 1, 1, 0, 45, tzinfo=UTC),
        tags=[payload],
    )
    row = next(csv.DictReader(io.StringIO(to_csv([pm]))))
    for column in ("title", "impact"):
        assert row[column] == "'" + payload, column
    for column in ("services", "tags"):  # a list is one cell: only its start matters to a spreadsheet
        assert row[column].startswith("'" + payload), column
    assert row["duration_minutes"] == "45.0"  # numbers stay numbers


def test_csv_cells_that_only_look_odd_are_left_alone() -> None:
    from datetime import datetime

    from mkdocs_postmortems.export import to_csv
    from mkdocs_postmortems.model import Postmortem

    pm = Postmortem(
        source="x.md",
        title="Checkout = down, +5% errors",
        services=["a-b", "c@d"],
        impact="'quoted' already",
        started=datetime(2024, 1, 1, tzinfo=UTC),
    )
    row = next(csv.DictReader(io.StringIO(to_csv([pm]))))
    assert (row["title"], row["services"], row["impact"]) == (
        "Checkout = down, +5% errors",
        "a-b; c@d",
        "'quoted' already",
    )


BIDI_PAGE = """\
---
title: "Refunds \u202egnikcab\u202c failed"
started: 2024-01-01T10:00:00Z
ended: 2024-01-01T11:00:00Z
severity: SEV2
services: ["pay\u2066ments\u2069", checkout]
impact: Refunds failed.
action_items:
  - task: Retry refunds
    owner: "al\u202dice"
---
## Summary

Refunds \u202bfailed.

## Timeline

- 10:05 - Alert \u2067fires\u2069

## Root Cause

x

## Resolution

x

## Action Items

See the front matter.
"""


def test_bidi_controls_are_warned_and_nowhere_in_the_built_site(tmp_path: Path) -> None:
    (tmp_path / "docs/postmortems").mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("# Home\n")
    (tmp_path / "docs/postmortems/2024-01-01-bidi.md").write_text(BIDI_PAGE, "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Bidi\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - postmortems\n"
    )
    result = mkdocs("build", "--strict", cwd=tmp_path, check=False)  # warnings only: strict passes
    assert result.returncode == 0, result.stderr
    reported = re.findall(r"2024-01-01-bidi\.md:(\d+):(\d+): warning: .* \[bidi\]", result.stderr)
    lines = BIDI_PAGE.split("\n")
    expected = [
        (
            n,
            next(i for i, ch in enumerate(line) if "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069")
            + 1,
        )
        for n, line in enumerate(lines, 1)
        if re.search("[\u202a-\u202e\u2066-\u2069]", line)
    ]
    assert [(int(a), int(b)) for a, b in reported] == expected
    controls = re.compile("[\u202a-\u202e\u2066-\u2069]")
    checked = 0
    for path in (tmp_path / "site").rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".csv", ".xml") and path.is_file():
            assert not controls.search(path.read_text("utf-8")), path
            checked += 1
    assert checked > 5
    page = (tmp_path / "site/postmortems/2024-01-01-bidi/index.html").read_text("utf-8")
    assert "<title>Refunds gnikcab failed" in page and "payments" in page
    (incident,) = json.loads((tmp_path / "site/postmortems/incidents.json").read_text("utf-8"))
    assert incident["services"] == ["payments", "checkout"]
    assert [item["owner"] for item in incident["action_items"]] == ["alice"]
