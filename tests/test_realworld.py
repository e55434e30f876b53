"""The reader against real postmortems (issue 12): the targets, over the hand-counted corpus.

The corpus and its expected files live in tests/realworld/ (sources and licences in
SOURCES.md); the computation is bench/recall.py, which prints the same figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import recall


@pytest.fixture(scope="module")
def measured() -> tuple[list[recall.DocResult], recall.Totals]:
    return recall.run()


def test_corpus_is_there() -> None:
    pairs = recall.corpus()
    assert len(pairs) >= 30
    orgs = {doc.stem.split("-")[0] for doc, _ in pairs if not doc.stem.startswith("style-")}
    assert len(orgs) >= 12


def test_no_traceback(measured: tuple[list[recall.DocResult], recall.Totals]) -> None:
    results, totals = measured
    assert totals.tracebacks == 0, [r.name for r in results if r.traceback]


def test_no_false_missing_section(measured: tuple[list[recall.DocResult], recall.Totals]) -> None:
    results, totals = measured
    assert totals.false_missing == 0, {r.name: r.false_missing for r in results if r.false_missing}


def test_timeline_entries(measured: tuple[list[recall.DocResult], recall.Totals]) -> None:
    _, totals = measured
    assert totals.entry_recall >= recall.TARGETS["entries"], recall.report(*measured)


def test_first_and_last_instants(measured: tuple[list[recall.DocResult], recall.Totals]) -> None:
    _, totals = measured
    assert totals.first_last_recall >= recall.TARGETS["first_last"], recall.report(*measured)


def test_action_items(measured: tuple[list[recall.DocResult], recall.Totals]) -> None:
    _, totals = measured
    assert totals.item_recall >= recall.TARGETS["items"], recall.report(*measured)


def test_items_read_are_items_counted(measured: tuple[list[recall.DocResult], recall.Totals]) -> None:
    """Precision: a paragraph or a bullet of detail read as work would fill the open-items page."""
    _, totals = measured
    assert totals.item_precision >= recall.TARGETS["item_precision"], recall.report(*measured)


def test_owners_and_tickets_of_the_items(measured: tuple[list[recall.DocResult], recall.Totals]) -> None:
    _, totals = measured
    assert totals.owner_agreement >= recall.TARGETS["owners"], recall.report(*measured)
    assert totals.ticket_agreement >= recall.TARGETS["tickets"], recall.report(*measured)


@pytest.mark.slow
def test_the_corpus_builds_as_a_site(tmp_path: Path) -> None:
    """Every real postmortem, adopted as written, builds into a page with its timeline drawn, and the
    library lists each one: bad or unusual documents never stop a site."""
    from conftest import mkdocs

    docs = tmp_path / "docs" / "postmortems"
    docs.mkdir(parents=True)
    for doc, _ in recall.corpus():
        (docs / doc.name).write_bytes(doc.read_bytes())
    (tmp_path / "docs" / "index.md").write_text("# Incidents\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Real postmortems\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - postmortems\n",
        "utf-8",
    )
    built = mkdocs("build", "-q", "-d", str(tmp_path / "site"), cwd=tmp_path, check=False)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "Traceback" not in built.stderr
    results = {r.name: r for r in recall.run()[0]}
    for doc, _ in recall.corpus():
        html = (tmp_path / "site" / "postmortems" / doc.stem / "index.html").read_text("utf-8")
        assert 'class="pm-summary' in html, doc.stem
        if results[doc.stem].entries_read:  # wherever a timeline was read, it is drawn
            assert "<svg" in html and "pm-timeline" in html, doc.stem
    records = json.loads((tmp_path / "site" / "postmortems" / "incidents.json").read_text("utf-8"))
    assert {r["source"] for r in records} == {f"postmortems/{doc.name}" for doc, _ in recall.corpus()}
