"""Whole-site builds: the sample library, strict mode, drafts, themes, overrides, ProperDocs.

These run the real `mkdocs build` in a subprocess, so they test what users run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import BUILD_ENV, ROOT, mkdocs

pytestmark = pytest.mark.slow

SVG = "{http://www.w3.org/2000/svg}"


def page_text(
    started: str,
    ended: str,
    severity: str,
    services: str,
    title: str,
    extra: str = "",
    body_timeline: str = "- 00:00 - placeholder",
) -> str:
    front = (
        f"---\ntitle: {title}\nstarted: {started}\nended: {ended}\nseverity: {severity}\n"
        f"services: {services}\nimpact: Something broke for some users.\n{extra}\n---\n"
    )
    return front + (
        f"\n## Summary\n\nText.\n\n## Timeline\n\n{body_timeline}\n\n## Root Cause\n\nText.\n\n"
        "## Resolution\n\nText.\n\n## Action Items\n\n- [ ] Fix it @owner (OPS-1)\n"
    )


def make_site(
    tmp: Path,
    pages: dict[str, str],
    plugin_options: str = "",
    theme: str = "material",
    extra_config: str = "",
) -> Path:
    docs = tmp / "docs" / "postmortems"
    docs.mkdir(parents=True)
    (tmp / "docs" / "index.md").write_text("# Home\n")
    for name, text in pages.items():
        (docs / name).write_bytes(text.encode() if isinstance(text, str) else text)
    theme_block = "  name: material\n  font: false\n" if theme == "material" else f"  name: {theme}\n"
    options = ":\n" + textwrap.indent(plugin_options, "      ") if plugin_options else ""
    (tmp / "mkdocs.yml").write_text(
        f"site_name: Test\ntheme:\n{theme_block}plugins:\n  - search\n"
        f"  - postmortems{options}\n{extra_config}"
    )
    return tmp


# ---------------------------------------------------------------- the sample library


def test_sample_library_has_every_page(sample_site: Path) -> None:
    incidents = json.loads((sample_site / "postmortems/incidents.json").read_text())
    assert len(incidents) >= 8
    for path in (
        "postmortems/index.html",
        "postmortems/action-items/index.html",
        "postmortems/incidents.csv",
        "postmortems/feed.xml",
        "postmortems/filter-index.js",
    ):
        assert (sample_site / path).is_file(), path
    for severity in ("sev1", "sev2", "sev3", "sev4"):
        assert (sample_site / f"postmortems/severity/{severity}/index.html").is_file()
    services = {s for record in incidents for s in record["services"]}
    assert len(services) >= 5
    for record in incidents:
        page = (sample_site / record["url"] / "index.html").read_text()
        assert 'class="pm-summary' in page, record["url"]
        assert "pm-timeline" in page, record["url"]
    # the draft is previewed in serve, never published by build
    assert all(record["status"] != "draft" for record in incidents)
    drafts = [p for p in (ROOT / "docs/postmortems").glob("*.md") if "status: draft" in p.read_text()]
    assert drafts, "the sample library should show a draft"
    for draft in drafts:
        assert not (sample_site / "postmortems" / draft.stem).exists()
        assert draft.stem not in (sample_site / "search/search_index.json").read_text()


def test_card_names_the_team_and_the_roles(sample_site: Path) -> None:
    html = (sample_site / "postmortems/2024-08-15-checkout-showdown/index.html").read_text()
    card = html[html.index('class="pm-summary') : html.index("</dl>", html.index('class="pm-summary'))]
    assert "<dt>Commander</dt><dd>Dev Patel</dd>" in card
    assert "<dt>Responders</dt><dd>Maria Okafor, Sam Reyes</dd>" in card
    # no `team:` on the page: its services' owning team from the catalog, linked to the team's page
    team = re.search(r'<a class="pm-team" href="([^"]+)">([^<]+)</a>', card)
    assert team is not None
    target = (
        sample_site / "postmortems/2024-08-15-checkout-showdown" / team.group(1) / "index.html"
    ).resolve()
    assert target.is_file() and team.group(2) in target.read_text()


def test_seed_style_page_timeline(sample_site: Path) -> None:
    html = (sample_site / "postmortems/2024-08-15-checkout-showdown/index.html").read_text()
    svg = ET.fromstring(re.search(r'<svg[^>]*class="pm-timeline".*?</svg>', html, re.S).group(0))
    events = [g for g in svg.iter() if "pm-tl-event" in (g.get("class") or "").split()]
    stamps = sorted(g.get("data-at") for g in events)
    assert len(events) == 7
    assert stamps[0].startswith("2024-08-15T12:32") and stamps[-1].startswith("2024-08-15T13:15")
    detect = [g for g in svg.iter(f"{SVG}g") if "pm-tl-ms-detect" in (g.get("class") or "").split()]
    assert detect and "12:32" in "".join(detect[0].itertext())
    # the timeline sits at the top of the Timeline section, above the author's own list
    assert html.index("Timeline:") < html.index('class="pm-timeline"') < html.index("Monitoring alert")


def test_entry_numbers_reach_the_page_but_not_the_search_index(sample_site: Path) -> None:
    """Entry numbers go through Markdown as stand-in words (render.Decorated): every one becomes its
    badge in the page, and neither the words nor the badges' text reach the search index."""
    html = (sample_site / "postmortems/2024-08-15-checkout-showdown/index.html").read_text()
    numbers = re.findall(r'<a class="pm-ev" id="[^"]+-e(\d+)" href="#[^"]+-m\1"[^>]*>(\d+)</a>', html)
    assert [int(n) for n, _ in numbers] == list(range(1, 8))
    assert all(n == shown for n, shown in numbers)
    assert "pmw" not in html and "pm-slot" not in html
    index = (sample_site / "search/search_index.json").read_text()
    assert "pmw" not in index and "pm-slot" not in index and "pm-ev" not in index
    docs = json.loads(index)["docs"]
    page = " ".join(
        d["text"] for d in docs if d["location"].startswith("postmortems/2024-08-15-checkout-showdown/")
    )
    assert "<li>12:32 PM: Monitoring alert" in page  # not "<li>112:32 PM", badge 1 read as text


def test_titles_are_escaped_and_tags_fed_to_search(sample_site: Path) -> None:
    index = json.loads((sample_site / "search/search_index.json").read_text())
    docs = [d for d in index["docs"] if d["location"].startswith("postmortems/2024-08-15-checkout-showdown/")]
    assert docs
    text = json.dumps(docs)
    assert "SEV2" in text and "orders-db" in text


# ---------------------------------------------------------------- strict mode and broken pages


def test_strict_build_fails_on_an_invalid_page_naming_file_and_line(tmp_path: Path) -> None:
    good = page_text("2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "SEV2", "[api]", "Good")
    bad = good.replace("severity: SEV2", "severity: SEV9")
    site = make_site(tmp_path, {"2024-01-01-good.md": good, "2024-01-02-bad.md": bad})
    ok = make_site(tmp_path / "ok", {"2024-01-01-good.md": good})
    assert mkdocs("build", "--strict", cwd=ok, check=False).returncode == 0
    result = mkdocs("build", "--strict", cwd=site, check=False)
    assert result.returncode != 0
    assert "docs/postmortems/2024-01-02-bad.md:5:11: error: severity 'SEV9' is not one of" in result.stderr
    # without --strict the site still builds, and the broken page is still published
    result = mkdocs("build", cwd=site, check=False)
    assert result.returncode == 0, result.stderr
    assert (site / "site/postmortems/2024-01-02-bad/index.html").is_file()


def broken_and_clean_sites(tmp_path: Path, plugin_options: str = "") -> tuple[Path, Path]:
    """A site with two broken postmortems (three errors) and one good; and a site with the good one."""
    good = page_text("2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "SEV2", "[api]", "Good")
    bad = good.replace("severity: SEV2", "severity: SEV9").replace("services: [api]", "services: []")
    pages = {
        "2024-01-01-good.md": good,
        "2024-01-02-bad.md": bad,
        "2024-01-03-no-yaml.md": "---\ntitle: [x\n---\n",
    }
    broken = make_site(tmp_path / "broken", pages, plugin_options)
    clean = make_site(tmp_path / "clean", {"2024-01-01-good.md": good}, plugin_options)
    return broken, clean


BROKEN_PROBLEMS = (
    "docs/postmortems/2024-01-02-bad.md:5:11: error: severity 'SEV9' is not one of",
    "docs/postmortems/2024-01-02-bad.md:6:11: error: services must be a non-empty list",
    "docs/postmortems/2024-01-03-no-yaml.md:3:1: error: front matter is not valid YAML",
)


def test_quiet_strict_build_fails_on_errors(tmp_path: Path) -> None:
    """`-q` raises MkDocs' log level to ERROR: problems logged as warnings would not fail --strict."""
    broken, clean = broken_and_clean_sites(tmp_path)
    result = mkdocs("build", "-q", "--strict", cwd=broken, check=False)
    assert result.returncode == 1, result.stderr
    for problem in BROKEN_PROBLEMS:
        assert problem in result.stderr, result.stderr
    assert "ERROR" in result.stderr
    result = mkdocs("build", "-q", "--strict", cwd=clean, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_fail_on_error_stops_a_build_without_strict_after_listing_every_problem(tmp_path: Path) -> None:
    broken, clean = broken_and_clean_sites(tmp_path, "fail_on_error: true")
    result = mkdocs("build", cwd=broken, check=False)
    assert result.returncode == 1, result.stderr
    for problem in BROKEN_PROBLEMS:  # every problem of every page, not only the first
        assert problem in result.stderr, result.stderr
    assert "postmortems: 3 errors in 2 postmortems, listed above (fail_on_error is on)" in result.stderr
    assert not (broken / "site/postmortems/2024-01-02-bad/index.html").exists()
    # quiet too: the problems are errors, and -q shows errors
    result = mkdocs("build", "-q", cwd=broken, check=False)
    assert result.returncode == 1 and all(problem in result.stderr for problem in BROKEN_PROBLEMS)
    # a clean site builds with the option, strict or not
    assert mkdocs("build", cwd=clean, check=False).returncode == 0
    result = mkdocs("build", "-q", "--strict", cwd=clean, check=False)
    assert (result.returncode, result.stderr) == (0, "")


def test_unreadable_pages_become_error_pages_and_the_rest_builds(tmp_path: Path) -> None:
    good = page_text("2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "SEV2", "[api]", "Good")
    pages = {
        "2024-01-01-good.md": good,
        "bad-yaml.md": "---\ntitle: [unclosed\n---\n# Body\n",
        "latin1.md": "---\ntitle: Caf\xe9\n---\n# Body\n".encode("latin-1"),
        "binary.md": bytes(range(256)) * 4,
        "empty.md": "",
    }
    site = make_site(tmp_path, pages)
    result = mkdocs("build", cwd=site, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for name, rule in (
        ("bad-yaml", "[yaml]"),
        ("latin1", "[encoding]"),
        ("binary", "[encoding]"),
        ("empty", "[empty]"),
    ):
        assert f"docs/postmortems/{name}.md:" in result.stderr and rule in result.stderr, name
        page = (site / f"site/postmortems/{name}/index.html").read_text()
        assert "pm-problems" in page, name
        # what was written is still there, under its problems, where it is text
        assert (">Body</h1>" in page) is (name == "bad-yaml"), name
    incidents = json.loads((site / "site/postmortems/incidents.json").read_text())
    assert [i["title"] for i in incidents] == ["Good"]


def test_include_drafts_publishes_drafts(tmp_path: Path) -> None:
    draft = page_text(
        "2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "SEV3", "[api]", "Draft one", extra="status: draft"
    )
    site = make_site(tmp_path, {"2024-01-01-draft.md": draft}, plugin_options="include_drafts: true")
    mkdocs("build", "--strict", "-q", cwd=site)
    incidents = json.loads((site / "site/postmortems/incidents.json").read_text())
    assert [i["status"] for i in incidents] == ["draft"]


# ---------------------------------------------------------------- the library's drawings


def library_drawing(html: str) -> ET.Element:
    (svg,) = re.findall(r'<svg[^>]*class="pm-timeline pm-library-timeline".*?</svg>', html, re.S)
    return ET.fromstring(svg)


def incident_marks(svg: ET.Element) -> dict[str, tuple[str, str]]:
    """source -> (tooltip, style) of each incident drawn."""
    marks = {}
    for g in svg.iter(f"{SVG}g"):
        if "pm-lib-incident" in (g.get("class") or "").split() and g.get("data-source"):
            marks[g.get("data-source")] = (g.findtext(f"{SVG}title") or "", g.get("style") or "")
    return marks


def test_library_drawings_use_the_site_zone_and_severity_colours(tmp_path: Path) -> None:
    """23:30 in New York is 03:30 UTC the next day: every drawing says the 15th, as the page does."""
    late = page_text("2024-08-15T23:30:00", "2024-08-15T23:55:00", "P0", "[api]", "Late evening")
    spring = page_text("2024-03-01T10:00:00", "2024-03-01T11:00:00", "P2", "[api, db]", "Spring")
    options = textwrap.dedent("""\
        timezone: America/New_York
        year_pages: true
        severities:
          - {id: P0, color: "#123456"}
          - {id: P1, color: "#abcdef"}
          - {id: P2}
          - {id: P3, color: rebeccapurple}
        """)
    site = make_site(tmp_path, {"2024-08-15-late.md": late, "2024-03-01-spring.md": spring}, options)
    mkdocs("build", "--strict", "-q", cwd=site)
    out = site / "site/postmortems"
    incident = (out / "2024-08-15-late/index.html").read_text()
    assert "2024-08-15 23:30 EDT" in incident
    pages = {
        "overview": out / "index.html",
        "severity": out / "severity/p0/index.html",
        "service": out / "services/api/index.html",
        "year": out / "years/2024/index.html",
    }
    for kind, path in pages.items():
        svg = library_drawing(path.read_text())
        tooltip, style = incident_marks(svg)["postmortems/2024-08-15-late.md"]
        assert tooltip == "P0 · Late evening · 2024-08-15 23:30 EDT · 25 min", kind
        assert style == "--pm-sev-color:#123456", kind
        description = svg.findtext(f"{SVG}desc") or ""
        assert "2024-08-16" not in description and "2024-08-15" in description, (kind, description)
        legend = svg.find(f".//{SVG}g[@class='pm-tl-legend']")
        assert legend is not None
        swatches = {g.get("class"): g.get("style") for g in legend.iter(f"{SVG}g")}
        assert swatches["pm-lib-incident pm-sev-p0"] == "--pm-sev-color:#123456", kind
    spring_style = incident_marks(library_drawing(pages["overview"].read_text()))[
        "postmortems/2024-03-01-spring.md"
    ]
    assert spring_style[1] == "--pm-sev-color:#555555"  # a level without a colour: the default grey
    # the monthly chart colours custom ids too (its stylesheet knows only SEV1 to SEV4)
    chart = re.search(r'<svg class="pm-chart".*?</svg>', pages["overview"].read_text(), re.S)
    assert chart is not None
    bars = {
        (rect.get("class"), rect.findtext(f"{SVG}title")): rect.get("style")
        for rect in ET.fromstring(chart.group(0)).iter(f"{SVG}rect")
        if rect.findtext(f"{SVG}title")  # bars; the legend's swatches have no title
    }
    assert bars == {
        ("pm-sev-p2", "2024-03: 1 P2"): "--pm-sev-color:#555555",
        ("pm-sev-p0", "2024-08: 1 P0"): "--pm-sev-color:#123456",
    }


# ---------------------------------------------------------------- themes, overrides, engines


def test_default_mkdocs_theme_builds_with_summary_and_timeline(tmp_path: Path) -> None:
    good = page_text(
        "2024-01-01T10:00:00Z",
        "2024-01-01T11:00:00Z",
        "SEV2",
        "[api]",
        "Plain theme",
        body_timeline="- 10:05 - Alert\n- 10:40 - Fixed",
    )
    site = make_site(tmp_path, {"2024-01-01-plain.md": good}, theme="mkdocs")
    mkdocs("build", "--strict", "-q", cwd=site)
    page = (site / "site/postmortems/2024-01-01-plain/index.html").read_text()
    assert 'class="pm-summary' in page and 'class="pm-timeline"' in page
    assert "assets/postmortems/postmortems.css" in page


def test_custom_dir_overrides_a_template(tmp_path: Path) -> None:
    good = page_text("2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "SEV2", "[api]", "Overridden")
    site = make_site(tmp_path, {"2024-01-01-o.md": good})
    overrides = site / "overrides/postmortems"
    overrides.mkdir(parents=True)
    (overrides / "summary.html").write_text(
        '<div class="team-summary">{{ pm.title }} / {{ pm.severity }}</div>\n'
    )
    config = (
        (site / "mkdocs.yml")
        .read_text()
        .replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    (site / "mkdocs.yml").write_text(config)
    mkdocs("build", "--strict", "-q", cwd=site)
    page = (site / "site/postmortems/2024-01-01-o/index.html").read_text()
    assert '<div class="team-summary">Overridden / SEV2</div>' in page
    assert 'class="pm-summary' not in page


@pytest.mark.skipif(
    shutil.which("properdocs") is None and not (Path(sys.executable).parent / "properdocs").exists(),
    reason="ProperDocs is not installed (pip install properdocs)",
)
def test_properdocs_builds_the_sample_library(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT,
        env=BUILD_ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/postmortems/incidents.json").is_file()
    assert (tmp_path / "site/postmortems/index.html").read_text().count("data-incident") >= 8


def test_a_site_written_overview_is_kept_and_linked(tmp_path: Path) -> None:
    good = page_text("2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z", "SEV2", "[api]", "Kept")
    site = make_site(tmp_path, {"2024-01-01-kept.md": good, "index.md": "# Our own overview\n"})
    mkdocs("build", "--strict", "-q", cwd=site)
    assert "Our own overview" in (site / "site/postmortems/index.html").read_text()
    severity = (site / "site/postmortems/severity/sev2/index.html").read_text()
    assert '<a href="../../../postmortems/">Incident library</a>' in severity
    assert 'href="../../" class="md-nav__link' in severity  # the sidebar leads to it too
