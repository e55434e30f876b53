"""Every engine builds the same incident library: MkDocs 1.6, ProperDocs and Zensical.

The sample library (this repository's mkdocs.yml and docs/) is copied to a temporary
folder per engine and built there: MkDocs and ProperDocs through the plugin, Zensical
through the Python-Markdown extension plus `mkdocs-postmortems generate`. Each build
is crawled: every incident page has its card and timeline, every library page and
export exists, every relative link and asset resolves, and the library pages read the
same on every engine. Nothing is ever written into the repository's docs/.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import pytest

from conftest import BUILD_ENV, ROOT
from mkdocs_postmortems import generate
from mkdocs_postmortems.checker import Checker
from mkdocs_postmortems.cli import load_site
from mkdocs_postmortems.site_pages import Options

pytestmark = pytest.mark.slow

CI = os.environ.get("CI") == "true"
ENGINES = ("mkdocs", "mkdocs-theme", "properdocs", "zensical")
MODULE = {"mkdocs": "mkdocs", "mkdocs-theme": "mkdocs", "properdocs": "properdocs", "zensical": "zensical"}


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def require(engine: str) -> None:
    """Skip when the engine's package is missing, with the reason; under CI=true only Zensical may be."""
    if installed(MODULE[engine]):
        return
    reason = f"{MODULE[engine]} is not installed (pip install -e '.[test]' installs it)"
    if CI and engine != "zensical":
        pytest.fail(f"{reason}; under CI=true the {engine} build must run")
    pytest.skip(reason)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=BUILD_ENV, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result


def copy_sample(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    return target


def build(engine: str, tmp: Path) -> Path:
    """The sample library built by `engine` in a copy below `tmp`; the built site's folder."""
    project = copy_sample(tmp / engine)
    if engine == "mkdocs":
        run("-m", "mkdocs", "build", "--strict", "-q", "-d", "site", cwd=project)
    elif engine == "mkdocs-theme":  # MkDocs' own theme: the same plugin, another theme
        config = (project / "mkdocs.yml").read_text("utf-8")
        config = re.sub(r"(?ms)^theme:\n.*?(?=^\S)", "theme:\n  name: mkdocs\n\n", config)
        (project / "mkdocs.yml").write_text(config, "utf-8")
        run("-m", "mkdocs", "build", "--strict", "-q", "-d", "site", cwd=project)
    elif engine == "properdocs":
        run("-m", "properdocs", "build", "--strict", "-q", "-d", "site", cwd=project)
    else:
        run("-m", "mkdocs_postmortems", "generate", cwd=project)
        run("-m", "zensical", "build", "--clean", cwd=project)
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every engine's build that can run here (those that cannot are skipped per test)."""
    tmp = tmp_path_factory.mktemp("engines")
    return {engine: build(engine, tmp) for engine in ENGINES if installed(MODULE[engine])}


def site_of(sites: dict[str, Path], engine: str) -> Path:
    require(engine)
    return sites[engine]


@pytest.fixture(scope="module")
def expected() -> dict[str, list[str]]:
    """What the core says the library publishes for the sample (pages as built HTML paths)."""
    site = load_site(ROOT / "mkdocs.yml")
    plan = generate.plan(
        site.docs_dir,
        checker=Checker(site.settings),
        options=Options(site.settings.folder),
        use_directory_urls=site.use_directory_urls,
    )
    pages = [p[: -len(".md")] + ".html" for p in plan.files if p.endswith(".md")]
    files = [p for p in plan.files if not p.endswith(".md")]
    return {"pages": pages, "files": files, "incidents": [pm.url or "" for pm in plan.incidents.published]}


# ---------------------------------------------------------------- reading built pages


class Page(HTMLParser):
    """Links, and the text of chosen elements, of one built page."""

    WANTED = ("pm-library", "pm-summary")  # the library pages' body, an incident's card

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.stack: list[tuple[str, str | None]] = []  # (tag, the wanted class it opens)
        self.skip = 0  # inside a figure that depends on the clock
        self.feed(html)

    VOID: ClassVar[set[str]] = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "wbr",
    }

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src", "xlink:href"):
            if values.get(name):
                self.links.append(str(values[name]))
        if tag in self.VOID:
            return
        classes = (values.get("class") or "").split()
        wanted = next((c for c in self.WANTED if c in classes), None)
        if wanted and not any(w for _, w in self.stack):
            self.texts.setdefault(wanted, [])
        self.stack.append((tag, wanted))
        if values.get("data-pm-figure") == "since" or self.skip:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, _ = self.stack.pop()
            if self.skip:
                self.skip -= 1
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        for _, wanted in self.stack:
            if wanted:
                self.texts[wanted].append(data)
                break

    def text(self, wanted: str) -> str:
        return " ".join(" ".join(self.texts.get(wanted, [])).split())


def read(site: Path, path: str) -> Page:
    return Page((site / path).read_text("utf-8"))


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def broken_links(site: Path) -> list[str]:
    """Every relative link and asset of every page that does not resolve to a file of the site."""
    broken = []
    for path in html_pages(site):
        for link in Page(path.read_text("utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path or link.startswith("//"):
                continue  # external, or only a fragment / query
            base = path.parent
            target = (site / parts.path.lstrip("/")) if parts.path.startswith("/") else base / parts.path
            target = Path(os.path.normpath(unquote(str(target))))
            if target.is_dir():
                target = target / "index.html"
            if site.resolve() not in target.resolve().parents or not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link}")
    return broken


# ---------------------------------------------------------------- every engine


@pytest.mark.parametrize("engine", ENGINES)
def test_every_incident_page_has_its_card_and_timeline(
    sites: dict[str, Path], expected: dict[str, list[str]], engine: str
) -> None:
    site = site_of(sites, engine)
    assert expected["incidents"]
    for url in expected["incidents"]:
        html = (site / url / "index.html").read_text("utf-8")
        assert len(re.findall(r'class="pm-summary[ "]', html)) == 1, (engine, url)  # never rendered twice
        assert re.search(r'<svg[^>]*class="pm-timeline"', html), (engine, url)
        assert "pm-slot" not in html, (engine, url)  # every placeholder filled


@pytest.mark.parametrize("engine", ENGINES)
def test_every_library_page_and_export_is_present(
    sites: dict[str, Path], expected: dict[str, list[str]], engine: str
) -> None:
    site = site_of(sites, engine)
    for path in expected["pages"]:
        html = (site / path).read_text("utf-8")
        assert 'class="pm-library' in html, (engine, path)
        assert 'class="pm-slot"' not in html, (engine, path)
    for path in expected["files"]:
        assert (site / path).is_file(), (engine, path)
    incidents = json.loads((site / "postmortems/incidents.json").read_text("utf-8"))
    assert sorted(i["url"] for i in incidents) == sorted(expected["incidents"])
    assert "postmortems.css" in (site / expected["incidents"][0] / "index.html").read_text("utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_relative_link_and_asset_resolves(sites: dict[str, Path], engine: str) -> None:
    site = site_of(sites, engine)
    assert len(html_pages(site)) > 30
    assert broken_links(site) == []
    # the overview's script builds its rows from the filter index: those links resolve too
    index = json.loads(
        (site / "postmortems/filter-index.js").read_text("utf-8").split("window.pmIndex=", 1)[1].rstrip(";\n")
    )
    for row in index["rows"]:
        target = Path(os.path.normpath(site / "postmortems" / row[1]))
        assert (target / "index.html").is_file(), (engine, row[1])


@pytest.mark.parametrize("engine", [e for e in ENGINES if e != "mkdocs"])
def test_library_pages_and_cards_read_the_same_on_every_engine(
    sites: dict[str, Path], expected: dict[str, list[str]], engine: str
) -> None:
    """The same text, figure for figure, as MkDocs with material (the clock-bound 'since' figure aside)."""
    reference, other = site_of(sites, "mkdocs"), site_of(sites, engine)
    for path in expected["pages"]:
        want, got = read(reference, path).text("pm-library"), read(other, path).text("pm-library")
        assert want and got == want, (engine, path)
    for url in expected["incidents"]:
        path = f"{url}index.html"
        want, got = read(reference, path).text("pm-summary"), read(other, path).text("pm-summary")
        assert want and got == want, (engine, url)


def test_mkdocs_builds_a_docs_folder_that_generate_wrote_into(tmp_path: Path) -> None:
    """Switching back (or building both ways from one checkout): the plugin drops generate's files
    and publishes its own, so there are no duplicate pages and --strict passes."""
    require("mkdocs")
    project = copy_sample(tmp_path / "both")
    run("-m", "mkdocs_postmortems", "generate", cwd=project)
    result = run("-m", "mkdocs", "build", "--strict", "-d", "site", cwd=project)
    assert "WARNING" not in result.stderr, result.stderr
    overview = (project / "site/postmortems/index.html").read_text("utf-8")
    assert generate.NOTICE not in overview  # the plugin's page, not the written one
    assert 'class="pm-slot"' not in overview and 'id="pm-incident-table"' in overview
    assert (project / "site/assets/postmortems/postmortems.css").is_file()
    assert overview.count("assets/postmortems/postmortems.css") == 1  # listed once, though in extra_css


def test_zensical_leaves_the_docs_folder_of_the_repository_alone() -> None:
    assert not (ROOT / "docs" / generate.MANIFEST).exists()
    assert not (ROOT / "docs/postmortems/index.md").exists()


@pytest.mark.browser
def test_overview_filter_works_on_the_zensical_build(
    page, sites: dict[str, Path], expected: dict[str, list[str]], serve_dir
) -> None:
    site = site_of(sites, "zensical")
    incidents = json.loads((site / "postmortems/incidents.json").read_text("utf-8"))
    sev2 = [i["title"] for i in incidents if i["severity"] == "SEV2"]
    assert 0 < len(sev2) < len(incidents)
    url = serve_dir(site) + "postmortems/"
    page.goto(url)
    page.wait_for_selector("form[data-pm-filters]:not([hidden])", timeout=15_000)
    rows = "#pm-incident-table tbody tr[data-incident]"
    assert page.locator(rows).count() == len(incidents)
    page.click("details[data-pm-multi=severity] > summary")  # the filter's list of levels
    page.check("details[data-pm-multi=severity] input[value=SEV2]")
    page.wait_for_function(f"document.querySelectorAll({rows!r}).length === {len(sev2)}")
    titles = page.eval_on_selector_all(rows, "rows => rows.map(r => r.cells[1].textContent.trim())")
    assert sorted(titles) == sorted(sev2)
    assert "severity=SEV2" in page.evaluate("location.href")
    # a shared link opens with the same rows, and a row leads to its incident page
    page.goto(url + "?severity=SEV2")
    page.wait_for_selector("form[data-pm-filters]:not([hidden])", timeout=15_000)
    assert page.locator(rows).count() == len(sev2)
    page.locator(f"{rows} a[href]").first.click()
    page.wait_for_selector(".pm-summary", timeout=15_000)
    assert page.locator("svg.pm-timeline").count() == 1
