"""`mkdocs-postmortems generate` and the `mkdocs_postmortems.extension` Markdown extension.

The command writes the library into a docs folder for engines that skip MkDocs plugins:
these tests hold its promises (a header on what it writes, a manifest, only its own
stale files removed, never another's file overwritten, idempotent, `--check`, drafts
out, clear errors). The extension is run through plain Python-Markdown here; the
engine builds are in test_engines.py.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import markdown
import pytest

from helpers import run_cli
from mkdocs_postmortems import cli, generate, site_pages
from mkdocs_postmortems.checker import Checker

GOOD = textwrap.dedent("""\
    ---
    title: Checkout outage
    started: 2024-08-15T12:30:00Z
    ended: 2024-08-15T13:15:00Z
    detected: 2024-08-15T12:32:00Z
    severity: SEV2
    services: [checkout, orders-db]
    impact: 35% of checkouts failed for 45 minutes.
    {extra}
    ---

    ## Summary

    A database failover took checkout down.

    ## Timeline

    - 12:32 - Alert fires
    - 13:15 - Checkout recovered

    ## Root Cause

    Connection pool exhausted.

    ## Resolution

    Pool settings rolled back.

    ## Action Items

    - [ ] Alert on pool saturation @maria (OPS-231)
    """)


def page(title: str = "Checkout outage", service: str = "checkout", extra: str = "") -> str:
    return GOOD.format(extra=extra).replace("Checkout outage", title).replace("[checkout,", f"[{service},")


def make_site(tmp_path: Path, pages: dict[str, str], options: str = "") -> Path:
    folder = tmp_path / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", "utf-8")
    for name, text in pages.items():
        (folder / name).write_text(text, "utf-8")
    plugin = "  - postmortems:\n" + textwrap.indent(options, "      ") if options else "  - postmortems\n"
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nmarkdown_extensions:\n  - mkdocs_postmortems.extension\n"
        f"plugins:\n  - search\n{plugin}",
        "utf-8",
    )
    return tmp_path


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return make_site(
        tmp_path,
        {
            "2024-08-15-checkout.md": page(),
            "2024-09-01-search.md": page("Search down", "search"),
            "2024-10-01-draft.md": page("Draft one", "auth", "status: draft"),
        },
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "generate", *args)


def snapshot(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- generate


def test_writes_the_library_as_folder_index_pages_with_a_header_and_a_manifest(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys)
    assert code == 0, err
    docs = site / "docs"
    for path in (
        "postmortems/index.md",
        "postmortems/severity/sev2/index.md",
        "postmortems/services/index.md",
        "postmortems/services/checkout/index.md",
        "postmortems/action-items/index.md",
    ):
        text = (docs / path).read_text("utf-8")
        assert text.startswith(f"<!-- {generate.NOTICE} -->\n# "), path
        assert f"wrote docs/{path}" in out
    for path in ("assets/postmortems/postmortems.css", "assets/postmortems/library.js"):
        assert (docs / path).read_text("utf-8").startswith(f"/* {generate.NOTICE} */"), path
    assert generate.NOTICE in (docs / "postmortems/feed.xml").read_text("utf-8").split("\n")[1]
    incidents = json.loads((docs / "postmortems/incidents.json").read_text("utf-8"))  # JSON stays JSON
    assert sorted(i["title"] for i in incidents) == ["Checkout outage", "Search down"]  # the draft is out
    assert "postmortems/2024-10-01-draft.md" in err and "exclude_docs" in err
    manifest = json.loads((docs / generate.MANIFEST).read_text("utf-8"))
    written = {
        p
        for p in snapshot(docs)
        if p != generate.MANIFEST and not p.startswith(("index.md", "postmortems/20"))
    }
    assert set(manifest["files"]) == written


def test_the_pages_are_what_the_plugin_publishes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same list: every entry of the core list is written, a page with its HTML in place."""
    assert run(capsys)[0] == 0
    loaded = cli.load_site(site / "mkdocs.yml")
    plan = generate.plan(
        loaded.docs_dir,
        checker=Checker(loaded.settings),
        options=site_pages.Options(loaded.settings.folder),
        site_name=loaded.site_name,
    )
    assert plan.up_to_date and plan.write == [] and len(plan.unchanged) == len(plan.files)
    overview = (site / "docs/postmortems/index.md").read_text("utf-8")
    assert 'id="pm-incident-table"' in overview and "pm-slot" not in overview
    # relative links written for folder/index.md: from the severity page, two folders up
    severity = (site / "docs/postmortems/severity/sev2/index.md").read_text("utf-8")
    assert 'href="../../../postmortems/"' in severity
    assert 'href="../../../postmortems/2024-08-15-checkout/"' in severity


def test_running_twice_changes_nothing_and_check_agrees(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys)[0] == 0
    before = snapshot(site / "docs")
    code, out, err = run(capsys)
    assert code == 0 and out == ""
    assert "0 file(s) written, 0 removed" in err
    assert snapshot(site / "docs") == before
    assert run(capsys, "--check")[0] == 0


def test_check_exits_1_when_out_of_date_and_writes_nothing(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--check")
    assert code == 1 and "out of date" in err
    assert not (site / "docs/postmortems/index.md").exists()
    assert run(capsys)[0] == 0
    (site / "docs/postmortems/2024-11-01-new.md").write_text(page("New one", "payments"), "utf-8")
    before = snapshot(site / "docs")
    code, _, err = run(capsys, "--check")
    assert code == 1
    assert "docs/postmortems/incidents.json: out of date" in err
    assert snapshot(site / "docs") == before


def test_removes_only_its_own_stale_files(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 0
    search_page = site / "docs/postmortems/services/search/index.md"
    assert search_page.is_file()
    (site / "docs/postmortems/notes").mkdir()
    (site / "docs/postmortems/notes/index.md").write_text("# Our notes\n", "utf-8")  # not ours
    (site / "docs/postmortems/2024-09-01-search.md").unlink()
    code, out, _ = run(capsys)
    assert code == 0
    assert "removed docs/postmortems/services/search/index.md" in out
    assert not search_page.exists() and not search_page.parent.exists()  # its empty folder too
    assert (site / "docs/postmortems/notes/index.md").read_text("utf-8") == "# Our notes\n"
    assert "postmortems/services/search/index.md" not in generate.read_manifest(site / "docs")


def test_never_overwrites_a_file_it_did_not_write(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = site / "docs/postmortems/services/checkout/index.md"
    taken.parent.mkdir(parents=True)
    taken.write_text("# Checkout, by hand\n", "utf-8")
    code, out, err = run(capsys)
    assert code == 2
    assert "not overwriting 1 file(s) that generate did not write" in err
    assert "docs/postmortems/services/checkout/index.md" in err
    assert "Traceback" not in err and out == ""
    assert taken.read_text("utf-8") == "# Checkout, by hand\n"
    assert not (site / "docs/postmortems/severity").exists()  # nothing written at all


def test_a_file_it_wrote_and_someone_took_over_is_left_alone(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys)[0] == 0
    taken = site / "docs/postmortems/services/search/index.md"
    taken.write_text("# Search, now by hand\n", "utf-8")  # no header: no longer generated
    (site / "docs/postmortems/2024-09-01-search.md").unlink()  # so the library drops the page
    assert run(capsys)[0] == 0
    assert taken.read_text("utf-8") == "# Search, now by hand\n"


def test_a_lost_manifest_loses_no_page(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Pages carry the notice, so they are still known as generated; JSON and CSV are not."""
    assert run(capsys)[0] == 0
    (site / "docs" / generate.MANIFEST).unlink()
    code, _, err = run(capsys)
    assert code == 2
    assert "docs/postmortems/incidents.json" in err and "index.md" not in err


def test_a_site_written_overview_is_kept_and_linked(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "docs/postmortems/index.md").write_text("# Our library\n", "utf-8")
    code, _, err = run(capsys)
    assert code == 0 and "generated overview left out" in err
    assert (site / "docs/postmortems/index.md").read_text("utf-8") == "# Our library\n"
    severity = (site / "docs/postmortems/severity/sev2/index.md").read_text("utf-8")
    assert 'href="../../../postmortems/">Incident library' in severity


def test_include_drafts(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--include-drafts")[0] == 0
    incidents = json.loads((site / "docs/postmortems/incidents.json").read_text("utf-8"))
    assert "Draft one" in [i["title"] for i in incidents]


def test_year_and_tag_pages_follow_the_plugin_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    make_site(
        tmp_path, {"2024-08-15-a.md": page(extra="tags: [database]")}, "year_pages: true\ntag_pages: true\n"
    )
    assert run(capsys)[0] == 0
    assert (tmp_path / "docs/postmortems/years/2024/index.md").is_file()
    assert (tmp_path / "docs/postmortems/tags/database/index.md").is_file()


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_refuses_when_the_plugin_already_publishes_on_that_engine(
    site: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    code, _, err = run(capsys, "--engine", engine)
    assert code == 2 and "already publishes the library" in err
    assert not (site / "docs/postmortems/index.md").exists()


def test_an_unknown_engine_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["generate", "--engine", "hugo"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'hugo'" in err and "zensical" in err


def test_a_missing_or_unwritable_docs_folder_is_a_clear_error(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs/assets").write_text("a file where a folder must go\n", "utf-8")
    code, _, err = run(capsys)
    assert code == 2 and "Traceback" not in err
    assert re.search(r"error: cannot write docs/assets\S*: ", err), err
    config = (site / "mkdocs.yml").read_text("utf-8")
    (site / "mkdocs.yml").write_text("docs_dir: nowhere\n" + config, "utf-8")
    code, _, err = run(capsys)
    assert code == 2 and "nowhere: no such docs folder" in err


# ---------------------------------------------------------------- the Markdown extension


def convert(text: str, **options: str) -> str:
    return markdown.markdown(text, extensions=["mkdocs_postmortems.extension", "tables"],
                             extension_configs={"mkdocs_postmortems.extension": options})  # fmt: skip


def test_extension_draws_card_and_timeline_from_a_page_with_its_front_matter(site: Path) -> None:
    html = convert(page())
    assert len(re.findall(r'class="pm-summary[ "]', html)) == 1
    assert re.search(r'<svg[^>]*class="pm-timeline"', html)
    # the drawing sits in the Timeline section, above the author's list
    assert html.index(">Timeline</h2>") < html.index('class="pm-timeline"') < html.index("Alert fires")
    assert "pm-problems" not in html  # problems only in previews


def test_extension_finds_the_file_of_a_page_handed_over_without_front_matter(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As MkDocs without the plugin hands it over: the body only. Links follow the page URL."""
    assert run(capsys)[0] == 0
    body = page().split("---\n", 2)[2]
    html = convert(body)
    assert 'class="pm-summary' in html
    assert 'href="../severity/sev2/"' in html and 'href="../services/checkout/"' in html
    assert 'href="../"' in html  # the overview


def test_extension_shows_problems_when_asked_and_leaves_other_pages_alone(site: Path) -> None:
    broken = page().replace("severity: SEV2", "severity: SEV9")
    html = convert(broken, show_problems="always")
    assert "pm-problems" in html and "SEV9" in html
    assert 'class="pm-summary' in html  # the page is still drawn
    assert convert("# Just a page\n\nText.\n") == "<h1>Just a page</h1>\n<p>Text.</p>"


def test_extension_never_fails_a_page(site: Path) -> None:
    assert "pm-problems" in convert("---\ntitle: [unclosed\n---\n# Body\n", show_problems="always")
    (site / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    assert convert(page()).startswith("<hr")  # the config cannot be read: the page as it is
