"""Recall of the page reader over real postmortems: how much of what authors wrote it reads.

    python bench/recall.py            # a table per document and the totals
    python bench/recall.py --json     # the same figures as JSON

Every `tests/realworld/docs/*.md` with a `<name>.expected.yaml` next to it is checked with
`Checker().check(path, bytes)`. The expected files were counted by hand (see
tests/realworld/SOURCES.md); this script never writes them. Figures:

  entries      timeline entries read at the right line and instant (within 60 s); an entry whose
               time the document does not give (expected `at: null`) counts when it is read with
               no instant or with precision `unknown`
  first/last   timelines (with at least one timed entry) whose first and last instants are right
               (within 1 minute)
  items        action items found at the right line with the right status
  items read   action items read where none was counted (a paragraph or a bullet of detail taken
               for work): 1 - these / all read is the items' precision
  owners, tickets  of the items found whose owner or ticket was counted (or read), how many agree:
               `@maria` is `maria`, `#67` the tracker URL ending in `/67`, `None`/`TBD` no owner
  false missing  `section-missing` problems for a section the document does have
  tracebacks   documents on which the checker raised

Attributes the reader may not have yet (`precision`) are read with getattr. Always exits 0;
tests/test_realworld.py asserts the targets on the same numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "realworld" / "docs"
sys.path.insert(0, str(ROOT / "plugin"))

TOLERANCE_S = 60.0
TARGETS = {
    "entries": 0.95,
    "first_last": 0.90,
    "items": 0.90,
    "item_precision": 0.85,
    "owners": 0.75,
    "tickets": 0.80,
}
_MISSING = re.compile(r"missing section '([^']+)'")


@dataclass
class DocResult:
    name: str
    entries_expected: int = 0
    entries_read: int = 0
    timelines: int = 0  # 1 when the document has timed entries (counts for first/last)
    first_last_ok: int = 0
    items_expected: int = 0
    items_found: int = 0
    items_read: int = 0
    items_uncounted: int = 0  # read where no item was counted
    owners: int = 0  # found items whose owner was counted or read
    owners_agree: int = 0
    tickets: int = 0
    tickets_agree: int = 0
    false_missing: list[str] = field(default_factory=list)
    traceback: str | None = None
    misses: list[str] = field(default_factory=list)  # what was not read, for people fixing the reader


@dataclass
class Totals:
    documents: int = 0
    entries_expected: int = 0
    entries_read: int = 0
    timelines: int = 0
    first_last_ok: int = 0
    items_expected: int = 0
    items_found: int = 0
    items_read: int = 0
    items_uncounted: int = 0
    owners: int = 0
    owners_agree: int = 0
    tickets: int = 0
    tickets_agree: int = 0
    false_missing: int = 0
    tracebacks: int = 0

    @property
    def entry_recall(self) -> float:
        return self.entries_read / self.entries_expected if self.entries_expected else 1.0

    @property
    def first_last_recall(self) -> float:
        return self.first_last_ok / self.timelines if self.timelines else 1.0

    @property
    def item_recall(self) -> float:
        return self.items_found / self.items_expected if self.items_expected else 1.0

    @property
    def item_precision(self) -> float:
        return 1 - self.items_uncounted / self.items_read if self.items_read else 1.0

    @property
    def owner_agreement(self) -> float:
        return self.owners_agree / self.owners if self.owners else 1.0

    @property
    def ticket_agreement(self) -> float:
        return self.tickets_agree / self.tickets if self.tickets else 1.0


def corpus() -> list[tuple[Path, Path]]:
    """(document, expected file) pairs, sorted by name."""
    pairs = []
    for doc in sorted(DOCS.glob("*.md")):
        expected = doc.with_name(doc.stem + ".expected.yaml")
        if expected.exists():
            pairs.append((doc, expected))
    return pairs


def _instant(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _close(a: datetime | None, b: datetime | None, seconds: float = TOLERANCE_S) -> bool:
    if a is None or b is None or a.tzinfo is None or b.tzinfo is None:
        return False
    return abs((a - b).total_seconds()) <= seconds


_NO_OWNER = {"", "none", "tbd", "n/a", "unknown", "unassigned", "?"}


def _owner_key(value: Any) -> str:
    text = str(value or "").strip().lstrip("@").strip().lower()
    return "" if text in _NO_OWNER else text


def _ticket_key(value: Any) -> str:
    """`#67`, `PR #67`, `org/repo#67` and `https://github.com/org/repo/pull/67` all name ticket 67."""
    text = str(value or "").strip().strip("<>").lower()
    number = re.search(r"(?:#|/(?:issues|pull|pulls|merge_requests)/)(\d+)\b", text)
    return number.group(1) if number else text


def _agree(want: str, got: str) -> bool:
    return want == got or bool(want and got and (want in got or got in want))


def _entry_ok(want: dict[str, Any], got: Any) -> bool:
    at = getattr(got, "at", None)
    expected = _instant(want.get("at"))
    if expected is None:
        return at is None or getattr(got, "precision", None) == "unknown"
    return isinstance(at, datetime) and _close(at, expected)


def check_document(doc: Path, expected_file: Path) -> DocResult:
    """Compare what the checker reads from one document with its hand-counted expectation."""
    from mkdocs_postmortems.checker import Checker

    want = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    result = DocResult(doc.stem)
    entries: list[dict[str, Any]] = (want.get("timeline") or {}).get("entries") or []
    items: list[dict[str, Any]] = want.get("action_items") or []
    result.entries_expected = len(entries)
    result.items_expected = len(items)
    timed = [_instant(e.get("at")) for e in entries if e.get("at") is not None]
    result.timelines = 1 if timed else 0
    try:
        checked = Checker().check(str(doc.relative_to(ROOT)), doc.read_bytes())
    except Exception:  # the contract says never; count it and carry on
        result.traceback = traceback.format_exc()
        return result
    postmortem = checked.postmortem
    got_entries = list(getattr(postmortem, "timeline", None) or []) if postmortem else []
    got_items = list(getattr(postmortem, "action_items", None) or []) if postmortem else []

    by_line: dict[int, list[Any]] = {}
    for entry in got_entries:
        by_line.setdefault(getattr(entry, "line", 0), []).append(entry)
    for want_entry in entries:
        candidates = by_line.get(int(want_entry["line"]), [])
        if any(_entry_ok(want_entry, got) for got in candidates):
            result.entries_read += 1
        else:
            read = ", ".join(str(getattr(c, "at", None)) for c in candidates) or "nothing"
            result.misses.append(f"entry line {want_entry['line']}: want {want_entry.get('at')}, read {read}")

    if timed:
        got_timed = [  # an entry read as of unknown time has no instant to compare
            getattr(e, "at", None)
            for e in got_entries
            if isinstance(getattr(e, "at", None), datetime) and getattr(e, "precision", None) != "unknown"
        ]
        if got_timed and _close(got_timed[0], timed[0]) and _close(got_timed[-1], timed[-1]):
            result.first_last_ok = 1
        else:
            result.misses.append(
                f"first/last: want {timed[0]} .. {timed[-1]}, read "
                + (f"{got_timed[0]} .. {got_timed[-1]}" if got_timed else "no timed entries")
            )

    items_by_line = {getattr(i, "line", 0): i for i in got_items}
    counted = {int(i["line"]) for i in items}
    result.items_read = len(got_items)
    result.items_uncounted = sum(1 for line in items_by_line if line not in counted)
    for want_item in items:
        got = items_by_line.get(int(want_item["line"]))
        if got is not None:
            for key, field_key, total, agree in (
                ("owner", _owner_key, "owners", "owners_agree"),
                ("ticket", _ticket_key, "tickets", "tickets_agree"),
            ):
                want_value, got_value = field_key(want_item.get(key)), field_key(getattr(got, key, None))
                if want_value or got_value:
                    setattr(result, total, getattr(result, total) + 1)
                    if _agree(want_value, got_value):
                        setattr(result, agree, getattr(result, agree) + 1)
                    else:
                        result.misses.append(
                            f"action item line {want_item['line']}: {key} want {want_item.get(key)!r}, "
                            f"read {getattr(got, key, None)!r}"
                        )
        if got is not None and getattr(got, "status", None) == want_item.get("status"):
            result.items_found += 1
        else:
            read = f"status {getattr(got, 'status', None)}" if got is not None else "nothing"
            result.misses.append(
                f"action item line {want_item['line']}: want {want_item.get('status')}, read {read}"
            )

    present = set(want.get("sections") or [])
    for problem in checked.problems:
        if getattr(problem, "rule", None) != "section-missing":
            continue
        match = _MISSING.search(getattr(problem, "message", ""))
        if match and match.group(1) in present:
            result.false_missing.append(match.group(1))
    return result


def run() -> tuple[list[DocResult], Totals]:
    """Check the whole corpus; per-document results and totals."""
    results = [check_document(doc, expected) for doc, expected in corpus()]
    totals = Totals(documents=len(results))
    for r in results:
        totals.entries_expected += r.entries_expected
        totals.entries_read += r.entries_read
        totals.timelines += r.timelines
        totals.first_last_ok += r.first_last_ok
        totals.items_expected += r.items_expected
        totals.items_found += r.items_found
        for name in ("items_read", "items_uncounted", "owners", "owners_agree", "tickets", "tickets_agree"):
            setattr(totals, name, getattr(totals, name) + getattr(r, name))
        totals.false_missing += len(r.false_missing)
        totals.tracebacks += 1 if r.traceback else 0
    return results, totals


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "-"


def report(results: list[DocResult], totals: Totals) -> str:
    width = max((len(r.name) for r in results), default=8)
    rows = [
        f"{'document':<{width}}  {'entries':>14}  {'first/last':>10}  {'items':>14}  "
        f"{'false missing':>13}  traceback"
    ]
    for r in results:
        rows.append(
            f"{r.name:<{width}}  {_pct(r.entries_read, r.entries_expected):>14}  "
            f"{(f'{r.first_last_ok}/{r.timelines}' if r.timelines else '-'):>10}  "
            f"{_pct(r.items_found, r.items_expected):>14}  {len(r.false_missing):>13}  "
            f"{'yes' if r.traceback else ''}"
        )
    rows.append("")
    rows.append(f"documents            {totals.documents}")
    rows.append(f"timeline entries     {_pct(totals.entries_read, totals.entries_expected)}   target >= 95 %")
    rows.append(f"first and last right {_pct(totals.first_last_ok, totals.timelines)}   target >= 90 %")
    rows.append(f"action items         {_pct(totals.items_found, totals.items_expected)}   target >= 90 %")
    rows.append(
        f"items read, counted  {_pct(totals.items_read - totals.items_uncounted, totals.items_read)}"
        "   target >= 85 %"
    )
    rows.append(f"owners agree         {_pct(totals.owners_agree, totals.owners)}   target >= 75 %")
    rows.append(f"tickets agree        {_pct(totals.tickets_agree, totals.tickets)}   target >= 80 %")
    rows.append(f"false missing-section {totals.false_missing}   target 0")
    rows.append(f"tracebacks           {totals.tracebacks}   target 0")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list what was not read, per document")
    args = parser.parse_args(argv)
    results, totals = run()
    if args.json:
        out = {
            "totals": asdict(totals)
            | {
                "entry_recall": totals.entry_recall,
                "first_last_recall": totals.first_last_recall,
                "item_recall": totals.item_recall,
                "item_precision": totals.item_precision,
                "owner_agreement": totals.owner_agreement,
                "ticket_agreement": totals.ticket_agreement,
            },
            "documents": [asdict(r) for r in results],
        }
        print(json.dumps(out, indent=2))
        return 0
    print(report(results, totals))
    if args.misses:
        for r in results:
            if r.misses or r.traceback:
                print(f"\n{r.name}:")
                for miss in r.misses:
                    print(f"  {miss}")
                if r.traceback:
                    print("  " + r.traceback.strip().replace("\n", "\n  "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
