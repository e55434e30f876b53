"""The plugin's cache on disk between builds: work counted, never timed.

Builds run in this process through MkDocs' Python API, with the checker's `check` and the
timeline's `draw_incident` wrapped to count calls: a second build of unchanged pages parses
and draws none, an edited page alone is parsed again, an option change re-parses all, and a
damaged cache only costs the work it would have saved.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import mkdocs_postmortems.plugin as plugin_module
from helpers import marking
from mkdocs_postmortems import ahead, cache, incident_pages, render, site_pages
from mkdocs_postmortems.checker import Checker
from mkdocs_postmortems.model import Postmortem
from mkdocs_postmortems.settings import Settings
from test_site import make_site, page_text

pytestmark = pytest.mark.slow
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

PAGES = {
    f"2024-0{i}-01-incident.md": page_text(
        f"2024-0{i}-01T10:00:00Z",
        f"2024-0{i}-01T11:00:00Z",
        "SEV2" if i % 2 else "SEV3",
        "[api]",
        f"Incident {i}",
        body_timeline="- 10:05 - Alert fires\n- 10:40 - Fixed",
    )
    for i in range(1, 6)
}


class Counts:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: Counter[str] = Counter()
        self.drawn: Counter[str] = Counter()
        self.library: Counter[str] = Counter()  # library pages rendered and exports made, by name
        self.rendered: Counter[str] = Counter()  # incident pages decorated (card, figure, numbers)
        self.digested: Counter[str] = Counter()  # incidents' records read for the library's digests
        check, draw = Checker.check, incident_pages.draw_incident
        decorate = render.IncidentRenderer.decorate

        def counted_decorate(renderer, checked, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.rendered[Path(checked.postmortem.source or "").name] += 1
            return decorate(renderer, checked, *args, **kwargs)

        monkeypatch.setattr(render.IncidentRenderer, "decorate", counted_decorate)
        render_library = site_pages.LibraryRenderer.render

        def counted_render(renderer, spec, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.library[spec.uri] += 1
            return render_library(renderer, spec, *args, **kwargs)

        def counted(name: str, make):  # type: ignore[no-untyped-def]
            def counted_make(*args, **kwargs):  # type: ignore[no-untyped-def]
                self.library[name] += 1
                return make(*args, **kwargs)

            return counted_make

        monkeypatch.setattr(site_pages.LibraryRenderer, "render", counted_render)
        for module, name in ((site_pages.export, "to_json"), (site_pages.export, "to_csv"),
                             (site_pages.export, "atom_feed"), (site_pages, "filter_script")):  # fmt: skip
            monkeypatch.setattr(module, name, counted(name, getattr(module, name)))

        def counted_check(checker: Checker, path: str, data: bytes):  # type: ignore[no-untyped-def]
            self.parsed[Path(path).name] += 1
            return check(checker, path, data)

        def counted_draw(pm, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.drawn[Path(pm.source or "").name] += 1
            return draw(pm, *args, **kwargs)

        monkeypatch.setattr(Checker, "check", counted_check)
        monkeypatch.setattr(incident_pages, "draw_incident", counted_draw)
        digesting: list[bool] = []
        as_record = Postmortem.as_record

        def counted_record(pm: Postmortem):  # type: ignore[no-untyped-def]
            if digesting:
                self.digested[Path(pm.source or "").name] += 1
            return as_record(pm)

        monkeypatch.setattr(site_pages, "incident_digests", marking(digesting, site_pages.incident_digests))
        monkeypatch.setattr(Postmortem, "as_record", counted_record)

    def reset(self) -> None:
        self.parsed.clear()
        self.drawn.clear()
        self.library.clear()
        self.rendered.clear()
        self.digested.clear()


def build_site(site: Path, command: str = "build") -> str:
    """Build into site/out, as a new `mkdocs build` (or `serve`'s first build) process would (a new
    plugin instance: MkDocs keeps one across builds in a process); the finished pages' and exports'
    text, to compare builds."""
    MkDocsConfig.plugins.plugin_cache.clear()
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "out"))
    config.plugins.on_startup(command=command, dirty=False)
    build(config)
    out = site / "out" / "postmortems"
    return "".join(
        p.read_text("utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".json", ".csv", ".xml", ".js")
    )


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Counts:
    monkeypatch.chdir(tmp_path)
    return Counts(monkeypatch)


def test_second_build_parses_and_draws_nothing_and_builds_the_same_site(
    tmp_path: Path, counts: Counts
) -> None:
    site = make_site(tmp_path, PAGES)
    first = build_site(site)
    assert sum(counts.parsed.values()) == len(PAGES) and sum(counts.drawn.values()) == len(PAGES)
    assert counts.library["postmortems/index.md"] == 1 and counts.library["to_json"] == 1
    assert (site / ".cache" / "mkdocs-postmortems" / "results.sqlite").is_file()
    counts.reset()
    second = build_site(site)
    assert not counts.parsed and not counts.drawn and not counts.rendered  # pages as the last build made them
    assert not counts.library  # every library page's HTML and every export: the last build's
    assert not counts.digested  # what each incident shows the library: as the last build digested it
    assert second == first


def test_an_edited_page_alone_is_parsed_and_drawn_again(tmp_path: Path, counts: Counts) -> None:
    site = make_site(tmp_path, PAGES)
    build_site(site)
    counts.reset()
    page = site / "docs" / "postmortems" / "2024-03-01-incident.md"
    page.write_text(page.read_text().replace("Alert fires", "Alert fired"))
    html = build_site(site)
    assert counts.parsed == Counter({page.name: 1})
    assert counts.drawn == Counter({page.name: 1})
    assert counts.rendered == Counter({page.name: 1})  # no other page shows an entry's text
    assert counts.digested == Counter({page.name: 1})
    assert "Alert fired" in html and "Alert fires" in html  # the edit, and the other pages
    assert counts.library == Counter({"to_json": 1})  # no library page shows an entry's text
    counts.reset()
    page.write_text(page.read_text().replace("severity: SEV2", "severity: SEV3"))
    html = build_site(site)
    made = set(counts.library)
    assert {"postmortems/severity/sev2/index.md", "postmortems/severity/sev3/index.md"} <= made
    assert "to_json" in made and "to_csv" in made
    assert "postmortems/severity/sev1/index.md" not in made
    # the exports are made into the cache folder and copied from there; it keeps the last build's only
    kept = site / ".cache" / "mkdocs-postmortems" / "files"
    (json_file,) = [p for p in kept.iterdir() if p.suffix == ".json"]
    assert json_file.read_bytes() == (site / "out" / "postmortems" / "incidents.json").read_bytes()
    records = {r["title"]: r for r in json.loads(json_file.read_text("utf-8"))}
    assert records["Incident 3"]["severity"] == "SEV3"  # made again, not the last build's
    assert len(list(kept.iterdir())) == 7  # the css, the scripts and the exports: the last build's only


def test_an_option_change_parses_every_page_again(tmp_path: Path, counts: Counts) -> None:
    site = make_site(tmp_path, PAGES)
    build_site(site)
    counts.reset()
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - postmortems\n", "  - postmortems:\n      timezone: Europe/Paris\n")
    )
    build_site(site)
    assert counts.parsed == Counter({name: 1 for name in PAGES})


def test_cache_off_keeps_no_folder_and_parses_every_time(tmp_path: Path, counts: Counts) -> None:
    site = make_site(tmp_path, PAGES, plugin_options="cache: false\n")
    build_site(site)
    build_site(site)
    assert counts.parsed == Counter({name: 2 for name in PAGES})
    assert not (site / ".cache").exists()


def test_a_build_that_lets_go_of_timelines_makes_the_site_one_keeping_them_makes(
    tmp_path: Path, counts: Counts
) -> None:
    """With the cache, a build lets go of each incident's timeline and sections once the library
    holds it and the exports are made, and reads them back for a page it renders: every drawing,
    card and export is as a build without the cache (which keeps them) makes it."""
    kept = build_site(make_site(tmp_path / "kept", PAGES, plugin_options="cache: false\n"))
    assert build_site(make_site(tmp_path / "cached", PAGES)) == kept
    assert kept.count("<svg") >= len(PAGES) and kept.count('"timeline": [{') == len(PAGES)


@pytest.mark.parametrize("damage", ["garbage file", "garbage entries", "files deleted"])
def test_a_damaged_cache_is_ignored(tmp_path: Path, counts: Counts, damage: str) -> None:
    site = make_site(tmp_path, PAGES)
    first = build_site(site)
    db = site / ".cache" / "mkdocs-postmortems" / "results.sqlite"
    made = site / ".cache" / "mkdocs-postmortems" / "files"
    assert len([p for p in made.iterdir() if p.suffix == ".json"]) == 1  # incidents.json, made into it
    if damage == "files deleted":
        shutil.rmtree(made)
    elif damage == "garbage file":
        db.write_bytes(b"not a database" * 1000)
    else:
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE pages SET value = x'00ff00'")
            conn.execute("UPDATE drawings SET value = x'00ff00'")
            conn.execute("UPDATE rendered_markdown SET value = x'00ff00'")
            conn.execute("UPDATE rendered_html SET value = x'00ff00'")
            conn.execute("UPDATE library SET value = x'00ff00'")
        conn.close()
    counts.reset()
    assert build_site(site) == first
    if damage == "files deleted":  # the exports are made again; the pages' results are intact
        assert not counts.parsed and counts.library["to_json"] == 1
    else:  # every result is made again; the exports are files beside the database, intact
        assert counts.parsed == Counter({name: 1 for name in PAGES})
        assert counts.drawn == Counter({name: 1 for name in PAGES})
        assert counts.rendered == Counter({name: 1 for name in PAGES})
        assert counts.library["to_json"] == 0
    counts.reset()  # and the cache works again from then on
    assert build_site(site) == first
    assert not counts.parsed and not counts.drawn and not counts.rendered


def test_exports_are_made_in_memory_when_the_cache_folder_cannot_take_them(
    tmp_path: Path, counts: Counts
) -> None:
    site = make_site(tmp_path, PAGES)
    blocked = site / ".cache" / "mkdocs-postmortems" / "files"
    blocked.parent.mkdir(parents=True)
    blocked.write_text("not a folder")  # as a read-only or full disk would: the files cannot be written
    build_site(site)
    records = json.loads((site / "out" / "postmortems" / "incidents.json").read_text("utf-8"))
    assert sorted(r["title"] for r in records) == [f"Incident {i}" for i in range(1, 6)]
    assert (site / "out" / "postmortems" / "incidents.csv").read_text("utf-8").count("Incident ") == 5
    assert blocked.read_text() == "not a folder"  # left as it was


def test_a_page_showing_an_edited_incident_is_rendered_again(tmp_path: Path, counts: Counts) -> None:
    """A page kept from the last build is reused only while what it shows of others is unchanged:
    every page lists the others as related incidents (one service), so a new title reaches them all."""
    site = make_site(tmp_path, PAGES)
    build_site(site)
    counts.reset()
    page = site / "docs" / "postmortems" / "2024-03-01-incident.md"
    page.write_text(page.read_text().replace("title: Incident 3", "title: Incident three"))
    build_site(site)
    assert counts.rendered == Counter({name: 1 for name in PAGES})
    first = (site / "out" / "postmortems" / "2024-01-01-incident" / "index.html").read_text("utf-8")
    assert ">Incident three</a>" in first and ">Incident 3</a>" not in first


def test_a_theme_override_of_a_template_is_used_at_once(tmp_path: Path, counts: Counts) -> None:
    """Kept pages and library pages were rendered from our templates: a theme's `custom_dir` override
    added, changed or removed since is a different set of templates, and everything is rendered anew."""
    site = make_site(tmp_path, PAGES)
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    overrides = site / "overrides" / "postmortems"
    overrides.mkdir(parents=True)
    first = build_site(site)
    ours = Path(render.__file__).parent / "templates" / "postmortems"
    for name, mark in (("summary.html", "card-override"), ("overview.html", "overview-override")):
        text = (ours / name).read_text("utf-8")
        (overrides / name).write_text(f"<p>{mark}</p>\n" + text, "utf-8")
    counts.reset()
    html = build_site(site)
    assert html.count("card-override") == len(PAGES) and "overview-override" in html
    assert counts.rendered == Counter({name: 1 for name in PAGES})
    for name in ("summary.html", "overview.html"):
        (overrides / name).unlink()
    assert build_site(site) == first


def test_a_kept_page_whose_html_is_lost_is_rendered_again(
    tmp_path: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's Markdown is read from the cache when MkDocs reads the page, its slots' HTML when it
    writes it: if the second is gone by then, the slots are rendered again, never left empty."""
    site = make_site(tmp_path, PAGES)
    first = build_site(site)
    monkeypatch.setattr(cache.RenderedPages, "get_html", lambda self, k: None)
    counts.reset()
    assert build_site(site) == first
    assert counts.rendered == Counter({name: 1 for name in PAGES})


def test_the_cache_keeps_only_what_the_last_build_used(tmp_path: Path, counts: Counts) -> None:
    """Each edit adds a page's new results; a finished build lets go of those no page has any more,
    so the cache holds one version of each page, however many builds came before."""
    import sqlite3

    site = make_site(tmp_path, PAGES)
    page = site / "docs" / "postmortems" / "2024-03-01-incident.md"
    for word in ("fired", "was firing", "fires again"):
        page.write_text(page.read_text().replace("Alert f", f"Alert {word} f", 1))
        build_site(site)
    with sqlite3.connect(site / ".cache" / "mkdocs-postmortems" / "results.sqlite") as db:
        rows = {
            table: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("pages", "drawings", "rendered_markdown", "rendered_html")
        }
    db.close()
    assert rows == dict.fromkeys(rows, len(PAGES))
    counts.reset()
    build_site(site)  # and what is kept is what the next build needs
    assert not counts.parsed and not counts.drawn and not counts.rendered


@pytest.fixture
def helper_site(tmp_path: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The pages, and what a build without the helper rendering ahead (ahead.py) makes of them."""

    if not ahead.usable():
        pytest.skip("no second core, not Linux, or other threads: builds do every page themselves")
    site = make_site(tmp_path, PAGES)
    with monkeypatch.context() as off:
        off.setattr(ahead, "usable", lambda: False)
        (tmp_path / "alone.txt").write_text(build_site(site), "utf-8")
    shutil.rmtree(site / ".cache")
    monkeypatch.setattr(ahead, "FROM_PAGES", 1)
    counts.reset()
    return site


def wait_for_the_helper(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """Each page's Markdown read once the helper rendering ahead has ended (done, or failed); the
    helper's pid as each page found it."""
    seen: list[int | None] = []
    on_page_markdown = plugin_module.PostmortemsPlugin.on_page_markdown

    def after_the_helper(self, markdown, /, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(self.incidents.helper)
        ahead.finish(self.incidents.helper, wait=True)
        return on_page_markdown(self, markdown, **kwargs)

    monkeypatch.setattr(plugin_module.PostmortemsPlugin, "on_page_markdown", after_the_helper)
    return seen


def fail_the_render_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self, pages, first, then):  # type: ignore[no-untyped-def]
        raise RuntimeError("the helper fails")

    monkeypatch.setattr(incident_pages.IncidentPages, "render_ahead", broken)


def test_a_helper_process_renders_pages_ahead_into_the_cache(
    helper_site: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold build forks a helper that renders the pages into the cache while MkDocs reads them,
    then the library's pages: a build that waits for it renders none itself, and makes the same site."""
    seen = wait_for_the_helper(monkeypatch)
    assert build_site(helper_site) == (helper_site / "alone.txt").read_text("utf-8")
    assert seen and None not in seen  # started
    assert counts.parsed and not counts.rendered  # checked here; every page rendered by the helper
    assert [name for name in counts.library if name.endswith(".md")] == []  # the library's pages too
    assert counts.library["to_json"] == 0  # the exports too (first, before MkDocs copies them)


def test_serve_s_first_build_takes_the_library_pages_the_helper_rendered(
    helper_site: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serve keeps the library's pages in its memory, not in the cache: for its first build the helper
    renders them into the cache folder all the same, and the build reads them from there; a helper
    that fails leaves them to the build."""
    with monkeypatch.context() as off:
        off.setattr(ahead, "usable", lambda: False)
        alone = build_site(helper_site, "serve")
    shutil.rmtree(helper_site / ".cache")
    counts.reset()
    wait_for_the_helper(monkeypatch)
    assert build_site(helper_site, "serve") == alone
    assert [name for name in counts.library if name.endswith(".md")] == []  # all the helper's

    shutil.rmtree(helper_site / ".cache")
    counts.reset()
    fail_the_render_helper(monkeypatch)
    assert build_site(helper_site, "serve") == alone  # a failed helper leaves them to the build
    assert "postmortems/index.md" in counts.library


def test_a_helper_that_fails_leaves_its_pages_to_the_build(
    helper_site: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    wait_for_the_helper(monkeypatch)  # it has failed before any page is read
    fail_the_render_helper(monkeypatch)
    assert build_site(helper_site) == (helper_site / "alone.txt").read_text("utf-8")
    assert counts.rendered == Counter({name: 1 for name in PAGES})
    assert counts.library["to_json"] == 1  # the exports it left undone are made before MkDocs copies them


def test_a_page_decorated_beside_the_helper_holds_only_its_markdown_until_written(
    helper_site: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the helper is at work, a page the build decorates itself keeps only its Markdown until
    it is written, not the whole result its card and drawing are made from (MkDocs reads every page
    before it writes one); its slots are filled then from the helper's work, or rendered again."""

    def slow(self, pages, first, then):  # type: ignore[no-untyped-def]
        time.sleep(120)  # stopped when the build ends

    held: list[int] = []  # slots whose HTML (or what renders it) a decorated page holds
    on_page_markdown = plugin_module.PostmortemsPlugin.on_page_markdown

    def watched(self, markdown, /, **kwargs):  # type: ignore[no-untyped-def]
        out = on_page_markdown(self, markdown, **kwargs)
        decorated = self.decorated.get(kwargs["page"].file.src_uri)
        if decorated is not None:
            held.append(len(decorated.replacements))
        return out

    monkeypatch.setattr(incident_pages.IncidentPages, "render_ahead", slow)
    monkeypatch.setattr(plugin_module.PostmortemsPlugin, "on_page_markdown", watched)
    assert build_site(helper_site) == (helper_site / "alone.txt").read_text("utf-8")
    assert len(held) == len(PAGES) and set(held) == {0}


def test_exports_the_cache_folder_cannot_take_are_published_all_the_same(
    helper_site: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper makes the exports into the cache folder; where neither it nor the build can write
    them there, the build hands MkDocs their text instead: the same site."""
    monkeypatch.setattr(cache.MadeFiles, "ensure", staticmethod(lambda file, make: False))
    assert build_site(helper_site) == (helper_site / "alone.txt").read_text("utf-8")
    assert counts.library["to_json"] == 1


def test_a_helper_process_checks_half_the_pages(helper_site: Path, counts: Counts) -> None:
    """A cold build of many pages checks the first half itself while a helper checks the second
    half into the cache, where the build reads it: the same results, half the parsing here."""
    assert build_site(helper_site) == (helper_site / "alone.txt").read_text("utf-8")
    assert counts.parsed == Counter({name: 1 for name in sorted(PAGES)[: len(PAGES) // 2]})


def test_a_checking_helper_that_fails_leaves_its_pages_to_the_build(
    helper_site: Path, counts: Counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self, files, shown):  # type: ignore[no-untyped-def]
        raise RuntimeError("the helper fails")

    monkeypatch.setattr(incident_pages.IncidentPages, "check_into_cache", broken)
    assert build_site(helper_site) == (helper_site / "alone.txt").read_text("utf-8")
    assert counts.parsed == Counter({name: 1 for name in PAGES})


def test_every_corpus_result_comes_back_from_the_cache_as_it_was_checked(tmp_path: Path) -> None:
    """Results are kept pickled by fixed field names (model.quick_pickle): each corpus page's whole
    result, read back, equals the one checked, field for field."""
    checker = Checker(Settings())
    results = {
        path.name: checker.check(path.name, path.read_bytes())
        for path in sorted((Path(__file__).parent / "corpus").glob("*.md"))
    }
    with cache.ResultCache(tmp_path, "pages") as db:
        db.put_many((name.encode(), checked) for name, checked in results.items())
        back = db.get_many(name.encode() for name in results)
    assert len(back) == len(results) > 200
    assert {name.decode(): checked for name, checked in back.items()} == results
    assert any(c.postmortem and c.postmortem.timeline and c.problems for c in results.values())


def test_library_pages_are_written_in_ascii_and_read_as_written(tmp_path: Path, counts: Counts) -> None:
    """A library page holds its text at one byte a character (non-ASCII as references: the action
    items page is ~7 MB at 3,000 postmortems, 14 MB a copy otherwise); a browser reads the same."""
    from html import unescape

    pages = dict(PAGES)
    pages["2024-01-01-incident.md"] = pages["2024-01-01-incident.md"].replace(
        "title: Incident 1", "title: Café — 東京 outage"
    )
    site = make_site(tmp_path, pages)
    build_site(site)
    for name in ("index.html", "action-items/index.html", "severity/sev2/index.html"):
        page = (site / "out" / "postmortems" / name).read_bytes()
        assert page.isascii(), name
        assert "Café — 東京 outage" in unescape(page.decode("ascii")), name
