"""The reader against real postmortems (issue 12): the targets, over the hand-counted corpus.

The corpus and its expected files live in tests/realworld/ (sources and licences in
SOURCES.md); the computation is bench/recall.py, which prints the same figures.
"""

from __future__ import annotations

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
