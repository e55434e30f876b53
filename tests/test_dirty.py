"""`mkdocs serve --dirty`: one edited postmortem moves everywhere it shows, nothing stale.

MkDocs' dirty flow rebuilds a page only when its source is newer than its output, and its
generated files always. Here the dirty flow runs in this process as `mkdocs serve --dirty` runs
it (configuration reloaded for each build, plugin instances kept, `on_startup` once), an edit
changes one incident's severity, service (and so team) and date, and every page of the dirty
site must equal the same page of a clean build of the edited sources.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.files import File

import mkdocs_postmortems.library as library_module
import mkdocs_postmortems.plugin as plugin_module
from helpers import marking
from mkdocs_postmortems import site_pages
from mkdocs_postmortems.model import Postmortem
from test_site import make_site, page_text

pytestmark = pytest.mark.slow
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

CATALOG = "services:\n  - {name: api, team: web}\n  - {name: db, team: data}\n"


def incident(day: str, severity: str, service: str, title: str) -> str:
    return page_text(
        f"2024-{day}T10:00:00Z",
        f"2024-{day}T11:00:00Z",
        severity,
        f"[{service}]",
        title,
        body_timeline="- 10:05 - Alert fires\n- 10:40 - Fixed",
    )


PAGES = {
    "alpha.md": incident("01-10", "SEV2", "api", "Alpha outage"),
    "bravo.md": incident("02-10", "SEV2", "api", "Bravo outage"),
    "charlie.md": incident("03-10", "SEV3", "db", "Charlie outage"),
    "delta.md": incident("04-10", "SEV3", "db", "Delta outage"),
}


class DirtyServe:
    """The builds of one `mkdocs serve --dirty` session, into one site folder."""

    def __init__(self, site: Path) -> None:
        self.site, self.out = site, site / "served"
        self.plugins: object | None = None

    def build(self) -> None:
        config = load_config(str(self.site / "mkdocs.yml"), site_dir=str(self.out))
        if self.plugins is None:
            config.plugins.on_startup(command="serve", dirty=True)
        else:  # the same instances across rebuilds, as serve keeps them
            assert config.plugins["postmortems"] is self.plugins
        self.plugins = config.plugins["postmortems"]
        build(config, dirty=True)


def clean_build(site: Path, out: Path) -> None:
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)  # serve: drafts shown, as in the dirty one
    build(config)


def pages_of(out: Path) -> dict[str, str]:
    """Each page's article (the sidebar is MkDocs' own business: `--dirty` leaves the titles of
    pages it did not read out of it), and the exports whole."""
    found: dict[str, str] = {}
    for path in out.rglob("*"):
        name = path.relative_to(out).as_posix()
        if path.suffix not in (".html", ".json", ".csv", ".js") or name.startswith(("search/", "assets/")):
            continue
        text = path.read_text("utf-8")
        if path.suffix == ".html" and "<article" in text:
            text = text[text.index("<article") : text.index("</article>")]
        found[name] = text
    return found


def touch_newer(path: Path, text: str) -> None:
    path.write_text(text)
    later = time.time() + 5  # newer than any output, whatever the file system's clock resolution
    os.utime(path, (later, later))


def test_an_edit_moves_the_incident_everywhere_in_a_dirty_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path / "site", PAGES, plugin_options=CATALOG)
    (site / "docs" / "runbook.md").write_text(
        '# Database runbook\n\n<!-- postmortems service="db" limit=10 -->\n'
    )
    serve = DirtyServe(site)
    serve.build()
    bravo = (serve.out / "postmortems/bravo/index.html").read_text()
    assert "Alpha outage" in bravo  # related: same service
    alpha = site / "docs/postmortems/alpha.md"
    touch_newer(
        alpha,
        incident("05-10", "SEV1", "db", "Alpha outage").replace("Alert fires", "Alert fired"),
    )
    serve.build()

    served = pages_of(serve.out)
    clean_build(site, tmp_path / "clean")
    clean = pages_of(tmp_path / "clean")
    assert served.keys() >= clean.keys()
    stale = [path for path in clean if served[path] != clean[path]]
    assert not stale, f"stale after a dirty rebuild: {stale}"
    # and what moved, said outright
    assert "Alpha outage" not in served["postmortems/bravo/index.html"]
    assert "Alpha outage" in served["postmortems/charlie/index.html"]
    assert "Alpha outage" in served["runbook/index.html"]
    assert "Alert fired" in served["postmortems/alpha/index.html"]


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DirtyServe:
    """A serve --dirty session over PAGES, its first build done."""
    monkeypatch.chdir(tmp_path)
    serve = DirtyServe(make_site(tmp_path / "site", PAGES, plugin_options=CATALOG))
    serve.build()
    return serve


def test_an_edit_with_nothing_shown_elsewhere_rebuilds_only_that_page(served: DirtyServe) -> None:
    serve, site = served, served.site
    outputs = {uri: serve.out / f"postmortems/{Path(uri).stem}/index.html" for uri in PAGES}
    before = {uri: path.stat().st_mtime_ns for uri, path in outputs.items()}
    charlie = site / "docs/postmortems/charlie.md"
    touch_newer(charlie, charlie.read_text().replace("Alert fires", "Alert fired"))
    serve.build()
    rebuilt = {uri for uri, path in outputs.items() if path.stat().st_mtime_ns != before[uri]}
    assert rebuilt == {"charlie.md"}


class Made:
    """What a build renders of the library: pages (by path) and exports made (by name)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pages: list[str] = []
        self.files: list[str] = []
        render, made = site_pages.LibraryRenderer.render, self

        def counted_render(
            self: site_pages.LibraryRenderer, spec: site_pages.PageSpec, *a: Any, **k: Any
        ) -> str:
            made.pages.append(spec.uri.removeprefix("postmortems/"))
            return render(self, spec, *a, **k)

        monkeypatch.setattr(site_pages.LibraryRenderer, "render", counted_render)
        for module, name in ((site_pages.export, "to_json"), (site_pages.export, "to_csv"),
                             (site_pages.export, "atom_feed"), (site_pages, "filter_script")):  # fmt: skip
            monkeypatch.setattr(module, name, self.counted(name, getattr(module, name)))

    def counted(self, name: str, make: Callable[..., str]) -> Callable[..., str]:
        def counted_make(*a: Any, **k: Any) -> str:
            self.files.append(name)
            return make(*a, **k)

        return counted_make

    def reset(self) -> None:
        self.pages.clear()
        self.files.clear()


THREE = "services:\n  - {name: api, team: web}\n  - {name: db, team: data}\n  - {name: mq, team: ops}\n"


def test_a_dirty_rebuild_renders_only_the_library_pages_whose_incidents_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pages = {**PAGES, "echo.md": incident("05-10", "SEV3", "mq", "Echo outage")}
    site = make_site(tmp_path / "site", pages, plugin_options=THREE)
    made = Made(monkeypatch)
    serve = DirtyServe(site)
    serve.build()
    every = set(made.pages)
    assert {"services/mq/index.md", "teams/ops/index.md", "severity/sev2/index.md"} <= every
    assert sorted(made.files) == ["atom_feed", "filter_script", "to_csv", "to_json"]

    # a severity edit (SEV2 -> SEV3; SEV2 keeps bravo, so no page comes or goes)
    made.reset()
    alpha = site / "docs/postmortems/alpha.md"
    touch_newer(alpha, alpha.read_text().replace("severity: SEV2", "severity: SEV3"))
    serve.build()
    whole_library = {"index.md", "services/index.md", "teams/index.md", "trends/index.md",
                     "action-items/index.md", "health/index.md"}  # fmt: skip
    alpha_groups = {"severity/sev2/index.md", "severity/sev3/index.md", "services/api/index.md",
                    "teams/web/index.md"}  # fmt: skip
    assert sorted(made.pages) == sorted(whole_library | alpha_groups)  # each once; db, mq, data, ops not
    assert sorted(made.files) == ["atom_feed", "filter_script", "to_csv", "to_json"]
    assert "SEV3" in (serve.out / "postmortems/services/api/index.html").read_text()

    # a timeline entry's text: no library page shows it, incidents.json does
    made.reset()
    touch_newer(alpha, alpha.read_text().replace("Alert fires", "Alert fired"))
    serve.build()
    assert made.pages == [] and made.files == ["to_json"]
    assert "Alert fired" in (serve.out / "postmortems/incidents.json").read_text()
    assert "Alert fired" in (serve.out / "postmortems/alpha/index.html").read_text()
    sidebar = (serve.out / "postmortems/alpha/index.html").read_text()
    assert "Incident library" in sidebar and "Trends" in sidebar  # titles of the pages not read

    # an unchanged library page whose output went missing is made again
    made.reset()
    (serve.out / "postmortems/services/db/index.html").unlink()
    touch_newer(alpha, alpha.read_text().replace("Alert fired", "Alert fired!"))
    serve.build()
    assert (serve.out / "postmortems/services/db/index.html").is_file()  # equal to a clean build's: below
    assert made.pages == []  # its HTML is the last build's: what it lists did not change

    # last: a clean build shares the plugin instance (MkDocs keeps it, as serve does)
    served = pages_of(serve.out)
    clean_build(site, tmp_path / "clean")
    clean = pages_of(tmp_path / "clean")
    assert not [path for path in clean if served[path] != clean[path]]


def test_a_dirty_rebuild_digests_and_compares_only_what_changed(
    served: DirtyServe, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve, site = served, served.site
    digested: list[str] = []  # incidents whose record was read for the library's digests
    compared: list[str] = []  # incident pages whose links were compared with the last build's
    as_record, links_key = Postmortem.as_record, plugin_module.links_key
    inside: list[bool] = []  # within the library's digests
    comparing: list[bool] = []  # within drop_stale, which compares pages' links

    def tracked_record(pm: Postmortem) -> dict[str, Any]:
        if inside:
            digested.append(Path(pm.source or "").name)
        return as_record(pm)

    def tracked_links(links: Any) -> tuple[object, ...]:
        if comparing:  # (the page rendered also keys its rendering by its links)
            compared.append("page")
        return links_key(links)

    read: list[str] = []  # postmortems' bytes read (serve knows an unchanged file by its stat)
    figured: list[int] = []  # figures (counts, medians) computed for a library page or group
    content_bytes, figures = File.content_bytes, library_module.stats

    def tracked_bytes(file: File) -> bytes:
        if file.src_uri.startswith("postmortems/"):
            read.append(Path(file.src_uri).name)
        return content_bytes.fget(file)  # type: ignore[attr-defined]

    def tracked_figures(incidents: Any) -> Any:
        figured.append(1)
        return figures(incidents)

    monkeypatch.setattr(site_pages, "incident_digests", marking(inside, site_pages.incident_digests))
    monkeypatch.setattr(Postmortem, "as_record", tracked_record)
    monkeypatch.setattr(plugin_module, "links_key", tracked_links)
    drop_stale = plugin_module.PostmortemsPlugin.drop_stale
    monkeypatch.setattr(plugin_module.PostmortemsPlugin, "drop_stale", marking(comparing, drop_stale))
    monkeypatch.setattr(File, "content_bytes", property(tracked_bytes))
    monkeypatch.setattr(library_module, "stats", tracked_figures)
    charlie = site / "docs/postmortems/charlie.md"
    touch_newer(charlie, charlie.read_text().replace("Alert fires", "Alert fired"))
    serve.build()
    assert digested == ["charlie.md"]  # the other incidents' digests are the last build's
    assert compared == []  # nothing any page shows of another changed: no links to compare
    assert set(read) == {"charlie.md"}  # to check it, and to render it
    assert figured == []  # no library page is rendered again: no figures computed
    assert "Alert fired" in (serve.out / "postmortems/charlie/index.html").read_text()

    alpha = site / "docs/postmortems/alpha.md"
    touch_newer(alpha, alpha.read_text().replace("severity: SEV2", "severity: SEV1"))
    serve.build()
    assert digested == ["charlie.md", "alpha.md"]
    assert len(compared) == len(PAGES)  # a severity shows on other pages: every page's links compared
    assert "SEV1" in (serve.out / "postmortems/bravo/index.html").read_text()  # related: same service


def test_serve_sees_an_edit_that_kept_the_file_size_and_modification_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serve knows an unchanged postmortem by its stat; a copy that keeps the modification time
    (`rsync -t`, `cp -p`) of a same-size edit must still be read again."""
    import json

    monkeypatch.chdir(tmp_path)
    site = make_site(tmp_path / "site", PAGES, plugin_options=CATALOG)
    out = site / "served"

    def serve_build(first: bool = False) -> list[dict[str, Any]]:
        config = load_config(str(site / "mkdocs.yml"), site_dir=str(out))
        if first:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        return json.loads((out / "postmortems" / "incidents.json").read_text("utf-8"))

    serve_build(first=True)
    alpha = site / "docs/postmortems/alpha.md"
    before = alpha.stat()
    text = alpha.read_text()
    alpha.write_text(text.replace("severity: SEV2", "severity: SEV3"))  # the same size
    os.utime(alpha, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert alpha.stat().st_size == before.st_size and alpha.stat().st_mtime_ns == before.st_mtime_ns
    records = {r["title"]: r for r in serve_build()}
    assert records["Alpha outage"]["severity"] == "SEV3"
