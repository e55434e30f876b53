"""Helpers for the parser, validator and CLI tests: one valid page, changed one thing at a time.

`tests/conftest.py` belongs to the site and browser tests; these helpers are
plain functions, imported as `from helpers import ...`.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

from mkdocs_postmortems import cli, yamlnodes
from mkdocs_postmortems.checker import Checked, Checker
from mkdocs_postmortems.model import Problem
from mkdocs_postmortems.settings import Settings

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed.md"
PATH = "docs/postmortems/2024-08-15-checkout.md"

# Front matter of a valid page, in file order: `---` is line 1, so `title` is
# line 2 and `severity` line 4 (as in the contract's example problem). Values
# are YAML text, written after `key: `, so a value starts at column len(key) + 3.
BASE: dict[str, str] = {
    "title": "Checkout outage",
    "started": "2024-08-15T12:30:00Z",
    "severity": "SEV2",
    "ended": "2024-08-15T13:15:00Z",
    "services": "[checkout, payments]",
    "impact": "35% of checkouts failed for 45 minutes",
}

TIMELINE = """\
- 12:32 - Monitoring alert fires
- 12:45 - Escalated to the database team
- 13:05 - Configuration fixed
- 13:15 - Checkout recovered
"""

ACTIONS = """\
- [ ] Add connection pooling @alice OPS-101
- [x] Alert on checkout error rate @bob
"""

BODY = f"""\
## Summary

A database misconfiguration took checkout down under peak traffic.

## Timeline

{TIMELINE}
## Root Cause

The primary database had no connection pooling.

## Resolution

The team rebalanced the load and restarted checkout.

## Action Items

{ACTIONS}"""

DROP = object()  # an override value that removes the key


def front_matter(overrides: dict[str, Any] | None = None) -> str:
    """The YAML lines (no fences). Overrides keep a key's place; new keys go last.

    A string value is written as YAML text; anything else as JSON (which is YAML).
    """
    fields: dict[str, Any] = dict(BASE)
    for key, value in (overrides or {}).items():
        if value is DROP:
            fields.pop(key, None)
        else:
            fields[key] = value
    lines = []
    for key, value in fields.items():
        text = value if isinstance(value, str) else json.dumps(value)
        lines.append(f"{key}:{text}" if text.startswith("\n") else f"{key}: {text}")
    return "\n".join(lines)


def page(overrides: dict[str, Any] | None = None, body: str = BODY) -> str:
    """A valid postmortem page with the given front matter overrides and body."""
    return f"---\n{front_matter(overrides)}\n---\n{body}"


def body_with_timeline(timeline: str) -> str:
    """The default body with the Timeline section's entries replaced."""
    return BODY.replace(TIMELINE, timeline)


def body_with_actions(actions: str) -> str:
    """The default body with the Action Items section's items replaced."""
    return BODY.replace(ACTIONS, actions)


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the page")


def col_of(text: str, needle: str) -> int:
    """1-based column of `needle` on its line."""
    line = text.split("\n")[line_of(text, needle) - 1]
    return line.index(needle) + 1


def check(text: str | bytes, settings: Settings | None = None, path: str = PATH) -> Checked:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return Checker(settings).check(path, data)


def problems(text: str | bytes, settings: Settings | None = None) -> list[Problem]:
    return check(text, settings).problems


def errors(text: str | bytes, settings: Settings | None = None) -> list[Problem]:
    return [p for p in problems(text, settings) if p.level == "error"]


# The contract's problem line: path:line:col: level: message [rule]
PROBLEM_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>[1-9]\d*):(?P<col>[1-9]\d*): (?P<level>error|warning): "
    r"(?P<message>.+) \[(?P<rule>[a-z][a-z-]*)\]$"
)


# ------------------------------------------------------------------ cost, without wall-clock seconds
# CI machines are shared: no test may assert on absolute seconds. Tests bound the work done (values
# converted), the peak memory, or the cost relative to a calibration measured in the same test.


T = TypeVar("T")


def cpu_seconds(action: Callable[[], object], runs: int = 3) -> float:
    """The least CPU time this process spends in `action` over `runs` calls.

    CPU time, not wall-clock time: waiting for a core that another process holds does not count.
    The least of several runs is the one least disturbed (caches, the garbage collector).
    """
    best = math.inf
    for _ in range(runs):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


def assert_costs_at_most(
    action: Callable[[], object],
    calibration: Callable[[], object],
    factor: float,
    runs: int = 3,
    attempts: int = 3,
    calibration_runs: int = 3,
) -> None:
    """`action` costs at most `factor` times `calibration`, both measured here and now.

    Measured again (up to `attempts` times, keeping the least of every run) before failing, so one
    run slowed by a busy machine cannot fail the test; a real regression fails every attempt.
    """
    base = cost = math.inf
    for _ in range(attempts):
        base = min(base, cpu_seconds(calibration, calibration_runs))
        cost = min(cost, cpu_seconds(action, runs))
        if cost <= factor * base:
            return
    raise AssertionError(
        f"costs {cost / base:.1f}x its calibration (at most {factor}x allowed): "
        f"{cost * 1000:.1f} ms against {base * 1000:.2f} ms of CPU time"
    )


def assert_linear(make: Callable[[int], bytes], size: int, check: Callable[[bytes], T]) -> T:
    """Checking `make(size)` costs at most 3x as much per byte as checking `make(size // 8)`;
    returns the result of checking `make(size)`.

    Linear work costs 8x, quadratic 64x: the slack of 3 (about 24x) absorbs noise and caches.
    """
    big, small = make(size), make(size // 8)
    results: list[T] = []

    def measured() -> None:
        result = check(big)
        if not results:  # keep one: a 10 MB page's result is large
            results.append(result)

    assert_costs_at_most(measured, lambda: check(small), 3 * len(big) / len(small), runs=1)
    return results[0]


def normal_page(size: int) -> bytes:
    """A valid page of about `size` bytes of ordinary prose: the calibration for pages of that size."""
    filler = "Prose about the incident, the way authors write it, line after line.\n"
    base = len(page().encode())
    return page({}, BODY + "\n## Notes\n\n" + filler * max(1, (size - base) // len(filler))).encode()


@contextmanager
def counting_conversions() -> Iterator[list[int]]:
    """Count the YAML values the checker converts: the work an alias bomb multiplies."""
    count = [0]
    original = yamlnodes._Converter.convert

    def convert(self: Any, node: Any, path: Any, depth: int) -> Any:
        count[0] += 1
        return original(self, node, path, depth)

    yamlnodes._Converter.convert = convert  # type: ignore[method-assign]
    try:
        yield count
    finally:
        yamlnodes._Converter.convert = original  # type: ignore[method-assign]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`mkdocs-postmortems ARGV` in this process: exit code, standard output, standard error."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def marking(flags: list[bool], function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, with `flags` non-empty while it runs (so a tracker knows who is calling)."""

    def marked(*a: Any, **k: Any) -> Any:
        flags.append(True)
        try:
            return function(*a, **k)
        finally:
            flags.pop()

    return marked
