"""What a build holds at once: bounded by work and sizes, never by timing.

MkDocs reads every page (on_page_markdown) before it writes any (on_post_page); whatever the plugin
makes per page in between is held for every page at once. The drawing and the summary card, most
of an incident page's HTML, are rendered when the page is written. Texts kept on disk between
builds leave no second copy in memory.
"""

from __future__ import annotations

import gc
import json
import re
import tracemalloc
from pathlib import Path

import pytest

import mkdocs_postmortems.plugin as plugin_module
from mkdocs_postmortems import cache, export, incident_pages
from mkdocs_postmortems.plugin import PostmortemsPlugin
from test_build_cache import PAGES, build_site
from test_site import make_site

pytestmark = pytest.mark.slow


def test_each_drawing_and_card_is_rendered_as_its_page_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    writing: list[str] = []  # the page MkDocs is writing, if any
    drawn: list[tuple[str, str | None]] = []  # (drawn page, page being written then)
    cards: list[str | None] = []
    post_page, draw = PostmortemsPlugin.on_post_page, incident_pages.draw_incident
    summary = plugin_module.render.IncidentRenderer.summary_html

    def tracked_post_page(self, output, /, *, page, config):  # type: ignore[no-untyped-def]
        writing.append(page.file.src_uri)
        try:
            return post_page(self, output, page=page, config=config)
        finally:
            writing.pop()

    def tracked_draw(pm, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append((pm.source, writing[-1] if writing else None))
        return draw(pm, *args, **kwargs)

    def tracked_summary(renderer, pm, links):  # type: ignore[no-untyped-def]
        cards.append(writing[-1] if writing else None)
        return summary(renderer, pm, links)

    monkeypatch.setattr(PostmortemsPlugin, "on_post_page", tracked_post_page)
    monkeypatch.setattr(incident_pages, "draw_incident", tracked_draw)
    monkeypatch.setattr(plugin_module.render.IncidentRenderer, "summary_html", tracked_summary)
    site = make_site(tmp_path, PAGES)
    out = build_site(site)
    assert len(drawn) == len(PAGES) and len(cards) == len(PAGES)
    assert all(source == page for source, page in drawn), drawn  # each while its own page is written
    assert None not in cards, cards
    assert out.count("<svg") >= len(PAGES)


def test_a_text_kept_on_disk_leaves_no_second_copy_in_memory(tmp_path: Path) -> None:
    text = "Checkout – failed for 40 % of users\n" * 40_000  # non-ASCII: 2 bytes a character
    store = cache.OutputStore(tmp_path, "ns", "site")
    assert store.open() == {}
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        store.put("postmortems/incidents.json", b"d1", text)
        store.finish({"postmortems/incidents.json": b"d1"})
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # pickling the str itself would leave its UTF-8 encoding on it (CPython caches it): ~1.4 MB
    assert held < len(text) // 10, held
    again = cache.OutputStore(tmp_path, "ns", "site")
    assert again.open() == {"postmortems/incidents.json": b"d1"}
    assert again.get("postmortems/incidents.json", b"d1") == text
    assert again.get("postmortems/incidents.json", b"d2") is None  # made from something else
    again.close()


def test_incidents_json_made_a_record_at_a_time_is_the_same_text(tmp_path: Path) -> None:
    from mkdocs_postmortems.checker import Checker
    from mkdocs_postmortems.settings import Settings

    checker = Checker(Settings())
    incidents = [checker.check(name, text.encode()).postmortem for name, text in PAGES.items()]
    assert all(incidents)
    whole = json.dumps(export.records(incidents), ensure_ascii=False, default=str)  # type: ignore[arg-type]
    assert export.to_json(incidents, indent=None) == whole  # type: ignore[arg-type]
    assert json.loads(whole)[0]["title"]


@pytest.mark.parametrize("edition", ["internal", "public"])
def test_the_body_read_again_for_rendering_is_the_body_the_check_read(edition: str) -> None:
    """The plugin drops each page's body after the check and reads it again where the page is
    rendered: every place in the model counts lines of it, so the two must be the same text."""
    from mkdocs_postmortems.checker import Checker
    from mkdocs_postmortems.settings import Settings

    tests = Path(__file__).parent
    checker = Checker(Settings(edition=edition))
    compared = 0
    for path in sorted([*tests.glob("corpus/*.md"), *tests.glob("realworld/docs/*.md")]):
        data = path.read_bytes()
        pm = checker.check(path.name, data).postmortem
        if pm is not None:
            assert checker.body(data) == pm.body, path.name
            compared += 1
    assert compared > 100


def test_the_search_indexer_parses_no_element_of_ours_per_timeline_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Search parses every page's HTML tag by tag (the biggest cost the plugin adds to MkDocs' own
    work was 14,000 slot elements at 1,000 pages): the slots it sees are comments, which its parser
    passes over, and the finished page has every one filled."""
    from material.plugins.search.plugin import SearchPlugin

    monkeypatch.chdir(tmp_path)
    seen: dict[str, str] = {}
    on_page_context = SearchPlugin.on_page_context

    def tracked(self, context, *, page, config, nav):  # type: ignore[no-untyped-def]
        seen[page.file.src_uri] = page.content
        return on_page_context(self, context, page=page, config=config, nav=nav)

    monkeypatch.setattr(SearchPlugin, "on_page_context", tracked)
    site = make_site(tmp_path, PAGES)
    out = build_site(site)
    incident = seen["postmortems/2024-01-01-incident.md"]
    assert "pm-slot" not in "".join(re.findall(r"<[a-z][^>]*>", incident))  # no element of ours
    assert len(re.findall(r"<!--pm-slot-\w+-e\d+-->", incident)) == 2  # one per timeline entry
    assert "pm-slot" not in out and out.count('class="pm-ev"') >= 2 * len(PAGES)
