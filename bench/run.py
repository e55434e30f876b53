"""Benchmark of mkdocs-postmortems: build time, memory and output sizes against plain MkDocs.

    python bench/run.py                       # N = 200, 1,000, 3,000; 3 pairs each (about 25 minutes)
    python bench/run.py --quick               # CI smoke: N = 50, 1 pair (under a minute)
    python bench/run.py --sizes 200 --pairs 1 --json out.json

Every build is a separate `python -m mkdocs build -q` process; wall time is taken
around it and its peak RSS from `os.wait4`. The same generated pages are built as
three sites, in turns (A B C A B C ... after one untimed warm-up round):

  plugin       plugins [search, postmortems]; the plugin keeps postmortems out of the sidebar
  floor        no postmortems plugin; an explicit nav of index.md only (postmortems out of the sidebar)
  default nav  no postmortems plugin; the automatic nav lists every page (quadratic: N <= 1,000 only)

See bench/README.md for what each figure and target means.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/ is not a package)

# built in this order in each round: `warm` right after `plugin`, which leaves the cache it reads
VARIANTS = ("plugin", "warm", "floor", "navfloor", "base", "default")
LABELS = {
    "plugin": "plugin",  # the plugin with its cache folder deleted first: every CI run without a kept cache
    "warm": "warm cache",  # the same site again, .cache/ kept from the build before: nothing changed
    "floor": "floor",
    # the floor with a sidebar like the library's (12 one-line pages): what MkDocs and the theme charge
    # for the library's pages being in the nav, as they must be, before any of the plugin's own work
    "navfloor": "floor+nav",
    "base": "baseline",  # --baseline: another copy of the package, on the same pages, cold
    "default": "default nav",
}
SITE_OF = {"warm": "plugin", "base": "plugin"}  # variants that build another variant's site
TARGET_NAMES = (
    "linear-growth", "plugin-vs-floor-time", "plugin-vs-default-nav", "peak-memory",
    "check-vs-bare-parse", "filter-data-size", "overview-html-growth", "browser-filter",
)  # fmt: skip
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FILTER_QUERIES = ("checkout", "certificate expired", "dns")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# the bare floor for `check`: read every page and parse its front matter with libyaml, nothing else
BARE_PARSE = """
import sys, pathlib, yaml
from yaml import CSafeLoader
count = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    text = path.read_bytes().decode("utf-8")
    if text.startswith("---\\n"):
        end = text.find("\\n---\\n", 4)
        yaml.load(text[4:end], Loader=CSafeLoader)
        count += 1
print(count, "front matters parsed")
"""


def say(*parts: object) -> None:
    print(*parts, flush=True)


# ---------------------------------------------------------------- processes


@dataclass(slots=True)
class Run:
    wall: float  # seconds
    rss_mb: float  # peak resident set of the child, MiB
    code: int
    tail: str = ""  # end of stderr when the command failed


# Starts a command and reports its wall time, peak RSS and exit code. Linux folds the memory image a
# process had before exec into its ru_maxrss, and a child spawned by this (large) benchmark process
# starts from this process's image: its peak would read as at least ours. So each measured command is
# forked from this small launcher instead, and its wait4 rusage is the command's own (floor ~9 MiB).
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as report:
    report.write(f"{wall!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def launched(argv: list[str], report: Path) -> list[str]:
    return [sys.executable, "-c", LAUNCHER, str(report), *argv]


def run_child(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command: its wall time and its own peak RSS, from os.wait4 on it (ru_maxrss, KiB on Linux).

    RUSAGE_CHILDREN deltas would not do: they give the largest peak of all children so far.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "report"
        subprocess.run(launched(argv, report), cwd=cwd, env=env or ENV, stdin=subprocess.DEVNULL, stdout=out,
                       stderr=err, check=False)  # fmt: skip
        try:
            wall_text, rss_text, code_text = report.read_text().split()
            wall, rss_kib, code = float(wall_text), int(rss_text), int(code_text)
        except (OSError, ValueError):  # the launcher itself failed
            wall, rss_kib, code = 0.0, 0, 126
        tail = ""
        if code != 0:
            err.seek(0)
            out.seek(0)
            text = (err.read() or out.read()).decode("utf-8", "replace")
            tail = "\n".join(text.strip().splitlines()[-12:])
        return Run(wall, rss_kib / 1024, code, tail)


# ---------------------------------------------------------------- sites


def catalog_yaml() -> str:
    return "[" + ", ".join(generate.SERVICES) + "]"


def mkdocs_yml(variant: str, n: int) -> str:
    head = (
        f"site_name: Postmortems bench (N={n}, {LABELS[variant]})\ntheme:\n  name: material\n  font: false\n"
    )
    if variant == "plugin":
        return head + (
            "plugins:\n  - search\n  - postmortems:\n"
            "      include_drafts: true  # publish the same pages as the plain builds\n"
            f"      services: {catalog_yaml()}\n"
        )
    if variant == "floor":
        return head + "plugins:\n  - search\nnav:\n  - index.md\n"
    if variant == "navfloor":
        return head + "plugins:\n  - search\nnav:\n" + LIBRARY_NAV
    return head + "plugins:\n  - search\n"


# the plugin's sidebar at these sizes (pages.library_nav): the overview, four severities, six index pages
LIBRARY_NAV_PAGES = {
    "overview": "Incident library", "sev1": "SEV1 incidents", "sev2": "SEV2 incidents",
    "sev3": "SEV3 incidents", "sev4": "SEV4 incidents", "trends": "Trends", "services": "Services",
    "teams": "Teams", "actions": "Open action items", "health": "Library health",
}  # fmt: skip
LIBRARY_NAV = (
    "  - index.md\n  - Incident library:\n    - library/overview.md\n    - By severity:\n"
    + "".join(f"      - library/{name}.md\n" for name in ("sev1", "sev2", "sev3", "sev4"))
    + "".join(f"    - library/{name}.md\n" for name in ("trends", "services", "teams", "actions", "health"))
)


def generator_digest() -> str:
    return hashlib.sha256((BENCH / "generate.py").read_bytes()).hexdigest()[:16]


def ensure_site(workdir: Path, variant: str, n: int, seed: int) -> Path:
    """The site folder of one variant at one size, generated unless an identical one is there."""
    site = workdir / f"n{n}" / variant
    stamp = f"{n} {seed} {generator_digest()}\n{mkdocs_yml(variant, n)}"
    stamp_file = site / ".bench-stamp"
    if stamp_file.is_file() and stamp_file.read_text("utf-8") == stamp:
        return site
    if site.exists():
        shutil.rmtree(site)
    folder = site / "docs" / "postmortems"
    folder.mkdir(parents=True)
    (site / "mkdocs.yml").write_text(mkdocs_yml(variant, n), "utf-8")
    (site / "docs" / "index.md").write_text(
        f"# Incident library (benchmark)\n\nA generated corpus of {n} postmortems.\n", "utf-8"
    )
    for name, text in corpus(n, seed):
        (folder / name).write_text(text, "utf-8")
    if variant == "navfloor":
        (site / "docs" / "library").mkdir()
        for name, title in LIBRARY_NAV_PAGES.items():
            (site / "docs" / "library" / f"{name}.md").write_text(f"# {title}\n", "utf-8")
    stamp_file.write_text(stamp, "utf-8")
    return site


_corpora: dict[tuple[int, int], list[tuple[str, str]]] = {}


def corpus(n: int, seed: int) -> list[tuple[str, str]]:
    if (n, seed) not in _corpora:
        _corpora.clear()
        _corpora[(n, seed)] = generate.generate(n, seed)
    return _corpora[(n, seed)]


@contextlib.contextmanager
def scratch(workdir: Path, name: str) -> Iterator[Path]:
    """A fresh, not yet existing output folder, removed afterwards (outside the timed region)."""
    parent = workdir / "tmp"
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=name + "-", dir=parent)) / "site"
    try:
        yield path
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def build(site: Path, out: Path, env: dict[str, str] | None = None) -> Run:
    return run_child([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=site, env=env)


# ---------------------------------------------------------------- figures


@dataclass(slots=True)
class Series:
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.code == 0 for r in self.runs)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def rss(self) -> float:
        return statistics.median(r.rss_mb for r in self.runs)


@dataclass(slots=True)
class Sizes:
    incidents: int
    filter_index: int | None
    incidents_json: int | None
    search_index: int | None
    overview_html: int | None


def file_size(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() else None


def site_sizes(out: Path, n: int) -> Sizes:
    return Sizes(
        n,
        file_size(out / "postmortems" / "filter-index.js"),
        file_size(out / "postmortems" / "incidents.json"),
        file_size(out / "search" / "search_index.json"),
        file_size(out / "postmortems" / "index.html"),
    )


def per(value: int | None, n: int) -> str:
    return "missing" if value is None else f"{value:,} B ({value / max(n, 1):,.0f} B/incident)"


@dataclass(slots=True)
class Results:
    builds: dict[int, dict[str, Series]] = field(default_factory=dict)
    sizes: dict[int, Sizes] = field(default_factory=dict)  # plugin builds
    floor_search: dict[int, int | None] = field(default_factory=dict)
    check: dict[str, Any] = field(default_factory=dict)
    browser: dict[str, Any] = field(default_factory=dict)
    rebuild: dict[str, Any] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def report_failure(results: Results, what: str, run: Run) -> None:
    results.failures.append(f"{what}: exit {run.code}")
    say(f"    FAILED: {what} exited {run.code}")
    for line in run.tail.splitlines():
        say(f"      | {line}")


# ---------------------------------------------------------------- builds


def bench_size(args: argparse.Namespace, results: Results, n: int) -> None:
    variants = [
        v
        for v in VARIANTS
        if (v != "default" or n <= args.default_nav_max) and (v != "base" or args.baseline)
    ]
    say(
        f"\n== N = {n:,}: {', '.join(LABELS[v] for v in variants)}"
        + (
            ""
            if "default" in variants
            else f"  (default nav skipped: quadratic, N > {args.default_nav_max:,}; see --default-nav-max)"
        )
    )
    sites = {v: ensure_site(args.workdir, SITE_OF.get(v, v), n, args.seed) for v in variants}
    base_env = {**ENV, "PYTHONPATH": str(args.baseline)} if args.baseline else None
    series = results.builds.setdefault(n, {v: Series() for v in variants})
    failed: set[str] = set()
    for round_no in range(args.pairs + 1):
        warm = round_no == 0
        for variant in variants:
            if variant in failed:
                continue
            if variant in ("plugin", "base"):  # cold: no cache from an earlier build
                shutil.rmtree(sites[variant] / ".cache", ignore_errors=True)
            with scratch(args.workdir, f"{variant}-{n}") as out:
                run = build(sites[variant], out, base_env if variant == "base" else None)
                label = "warm-up" if warm else f"run {round_no}/{args.pairs}"
                say(
                    f"  {LABELS[variant]:<11} {label:<9} {run.wall:8.2f} s  {run.rss_mb:7.1f} MiB"
                    + ("" if run.code == 0 else "  FAILED")
                )
                if run.code != 0:  # a broken variant is not run again at this size
                    report_failure(results, f"mkdocs build ({LABELS[variant]}, N={n})", run)
                    series[variant].runs.append(run)
                    failed.add(variant)
                    continue
                if variant == "plugin" and n not in results.sizes:
                    results.sizes[n] = site_sizes(out, n)
                if variant == "floor" and n not in results.floor_search:
                    results.floor_search[n] = file_size(out / "search" / "search_index.json")
                if not warm:
                    series[variant].runs.append(run)
    print_size_summary(results, n)


def print_size_summary(results: Results, n: int) -> None:
    series = results.builds[n]
    say(f"  -- N = {n:,}: medians of {len(series['plugin'].runs)} run(s)")
    for variant, s in series.items():
        if s.ok:
            say(
                f"     {LABELS[variant]:<11} {s.wall:8.2f} s  {s.wall / n * 1000:7.1f} ms/page  "
                f"peak {s.rss:7.1f} MiB"
            )
    plugin, floor = series["plugin"], series["floor"]
    for variant in ("plugin", "warm", "base"):
        s = series.get(variant)
        for below in (floor, series.get("navfloor")):
            if s is not None and s.ok and below is not None and below.ok:
                name = "floor" if below is floor else LABELS["navfloor"]
                say(
                    f"     {LABELS[variant]} / {name}: time {s.wall / below.wall:.2f}x, "
                    f"peak memory {s.rss / below.rss:.2f}x"
                )
    if plugin.ok and "default" in series and series["default"].ok:
        say(f"     plugin / default nav: time {plugin.wall / series['default'].wall:.2f}x")
    sizes = results.sizes.get(n)
    if sizes:
        say(f"     filter data (postmortems/filter-index.js): {per(sizes.filter_index, n)}")
        say(f"     incidents.json: {per(sizes.incidents_json, n)}")
        say(
            f"     search index (search/search_index.json): {per(sizes.search_index, n)}"
            + (
                f"; without the plugin {per(results.floor_search.get(n), n)}"
                if results.floor_search.get(n)
                else ""
            )
        )
        say(f"     overview page (postmortems/index.html): {per(sizes.overview_html, n)}")


def extra_plugin_build(
    args: argparse.Namespace, results: Results, n: int, keep: Path | None = None
) -> Run | None:
    """One plugin build (not interleaved), for its output sizes; `keep` keeps the built site there."""
    site = ensure_site(args.workdir, "plugin", n, args.seed)
    if keep is not None:
        shutil.rmtree(keep, ignore_errors=True)
        run = build(site, keep)
        out = keep
    else:
        with scratch(args.workdir, f"plugin-{n}") as out:
            run = build(site, out)
            if run.code == 0:
                results.sizes[n] = site_sizes(out, n)
    if run.code != 0:
        report_failure(results, f"mkdocs build (plugin, N={n})", run)
        return None
    if keep is not None:
        results.sizes[n] = site_sizes(out, n)
    say(
        f"  plugin build, N = {n:,}: {run.wall:.2f} s ({run.wall / n * 1000:.1f} ms/page), "
        f"peak {run.rss_mb:.1f} MiB"
    )
    return run


# ---------------------------------------------------------------- check


def bench_check(args: argparse.Namespace, results: Results) -> None:
    files = args.check_files
    say(
        f"\n== mkdocs-postmortems check over {files:,} files "
        "vs a bare CSafeLoader parse of their front matter"
    )
    site = ensure_site(args.workdir, "plugin", files, args.seed)
    check = [sys.executable, "-m", "mkdocs_postmortems", "check"]
    # every page read again: what a first run, or CI without the cache folder kept, pays
    cold = [*check, "--no-cache"]
    bare = [sys.executable, "-c", BARE_PARSE, "docs/postmortems"]
    runs: dict[str, list[Run]] = {"check": [], "cold": [], "bare": []}
    for round_no in range(args.pairs + 1):
        for name, argv in (("check", check), ("cold", cold), ("bare", bare)):
            run = run_child(argv, cwd=site)
            label = "warm-up" if round_no == 0 else f"run {round_no}/{args.pairs}"
            say(
                f"  {name:<6} {label:<9} {run.wall:8.2f} s  {run.rss_mb:7.1f} MiB"
                + ("" if run.code == 0 else f"  exit {run.code}")
            )
            if run.code != 0:
                report_failure(results, f"{name} over {files} files", run)
                return
            if round_no:
                runs[name].append(run)
    check_s = statistics.median(r.wall for r in runs["check"])
    cold_s = statistics.median(r.wall for r in runs["cold"])
    bare_s = statistics.median(r.wall for r in runs["bare"])
    results.check = {
        "files": files,
        "check_s": check_s,
        "cold_s": cold_s,
        "bare_s": bare_s,
        "ratio": check_s / bare_s,
        "cold_ratio": cold_s / bare_s,
        "check_rss_mb": statistics.median(r.rss_mb for r in runs["check"]),
        "bare_rss_mb": statistics.median(r.rss_mb for r in runs["bare"]),
    }
    say(
        f"  -- check {check_s:.2f} s with its cache ({check_s / files * 1000:.2f} ms/file), "
        f"{cold_s:.2f} s reading every page (--no-cache), bare parse {bare_s:.2f} s; "
        f"ratios {check_s / bare_s:.2f}x and {cold_s / bare_s:.2f}x"
    )


# ---------------------------------------------------------------- browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"static server on port {port} did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_browser(args: argparse.Namespace, results: Results) -> None:
    n = args.browser_n
    say(f"\n== Filtering the overview of {n:,} incidents in headless Chromium")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        results.browser = {"skipped": "Playwright for Python is not installed (pip install playwright)"}
        say(f"  skipped: {results.browser['skipped']}")
        return
    if not os.path.exists(CHROMIUM):
        results.browser = {"skipped": f"no Chromium at {CHROMIUM} (apt-get install chromium)"}
        say(f"  skipped: {results.browser['skipped']}")
        return
    out = args.workdir / f"n{n}" / "plugin-site"
    if extra_plugin_build(args, results, n, keep=out) is None:
        results.browser = {"error": "the plugin build failed"}
        return
    if not (out / "postmortems" / "index.html").is_file():
        results.browser = {"error": "no postmortems/index.html in the built site"}
        say(f"  {results.browser['error']}")
        return
    samples: list[float] = []
    outside: list[float] = []
    missed = 0
    with static_server(out) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(url + "postmortems/", wait_until="load")
            load_s = time.perf_counter() - start
            box = page.locator("input[name=text]")  # the free-text filter (never q: the theme reads it)
            try:
                box.wait_for(state="visible", timeout=15_000)
            except PlaywrightError:
                results.browser = {"error": "input[name=text] never became visible on postmortems/"}
                say(f"  {results.browser['error']}")
                return
            for query in FILTER_QUERIES:
                box.fill("")
                box.focus()
                page.wait_for_timeout(300)  # let the update from clearing the box land first
                for char in query:
                    page.evaluate("window.pmLastFilterMs = undefined")
                    t0 = time.perf_counter()
                    page.keyboard.type(char)
                    try:
                        page.wait_for_function("window.pmLastFilterMs !== undefined", timeout=5_000)
                    except PlaywrightError:
                        missed += 1
                        continue
                    outside.append((time.perf_counter() - t0) * 1000)
                    samples.append(float(page.evaluate("window.pmLastFilterMs")))
        finally:
            browser.close()
    keystrokes = sum(len(q) for q in FILTER_QUERIES)
    results.browser = {
        "incidents": n,
        "page_load_s": load_s,
        "keystrokes": keystrokes,
        "missed": missed,
        "samples_ms": samples,
        "roundtrip_ms": outside,
    }
    if samples:
        ordered = sorted(samples)
        results.browser.update(
            median_ms=statistics.median(ordered),
            p90_ms=ordered[int(0.9 * (len(ordered) - 1))],
            max_ms=ordered[-1],
        )
        say(
            f"  page load {load_s:.2f} s; {len(samples)}/{keystrokes} keystrokes updated the rows: "
            f"pmLastFilterMs median {results.browser['median_ms']:.1f} ms, "
            f"p90 {results.browser['p90_ms']:.1f} ms, "
            f"max {ordered[-1]:.1f} ms (keystroke to value seen by Playwright: median "
            f"{statistics.median(outside):.1f} ms)"
        )
    else:
        say(f"  window.pmLastFilterMs was never set after {keystrokes} keystrokes")


# ---------------------------------------------------------------- repeat builds


REBUILD_NOTE = (
    "in-process builds through mkdocs' build API, configuration reloaded each time and plugin "
    "instances kept (as `mkdocs serve` does); one postmortem is edited before each rebuild"
)


def rebuild_child(
    site: Path, out: Path, edits: int, dirty: bool = False, edit: str = "body"
) -> dict[str, Any]:
    """Run inside a child process: a cold build, then `edits` rebuilds, each after editing one page.
    `dirty`: as `mkdocs serve --dirty` does, only the pages MkDocs sees as modified are rebuilt.
    `edit`: `body` appends a line to the page (a writer's typical save: no library page shows it),
    `severity` moves it between severities (the library's pages listing it change)."""
    import resource

    os.chdir(site)
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    pages = sorted((site / "docs" / "postmortems").glob("*.md"))
    victim = pages[len(pages) // 2]
    original = victim.read_bytes()
    timings: list[float] = []
    rss: list[float] = []
    first = None
    try:
        for step in range(edits + 1):
            if step and edit == "severity":  # to another severity and back, in turns
                text = original.decode()
                found = re.search(r"^severity: *(\S+)", text, re.M)
                was = found[1] if found else "SEV3"
                new = ("SEV3" if was == "SEV4" else "SEV4") if step % 2 else was
                victim.write_bytes(
                    re.sub(r"^severity: *\S+", f"severity: {new}", text, count=1, flags=re.M).encode()
                )
                os.utime(victim, (time.time() + step, time.time() + step))
            elif step:
                victim.write_bytes(original + f"\nEdited for rebuild {step}.\n".encode())
                os.utime(victim, (time.time() + step, time.time() + step))  # newer than its output
            start = time.perf_counter()
            config = load_config("mkdocs.yml", site_dir=str(out))
            if first is None:
                first = config
                config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
            mkdocs_build(config, dirty=dirty)
            timings.append(time.perf_counter() - start)
            rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        victim.write_bytes(original)
        if first is not None:
            first.plugins.on_shutdown()
    return {"edited": victim.name, "seconds": timings, "peak_rss_mb": rss, "dirty": dirty, "edit": edit}


def bench_rebuild(args: argparse.Namespace, results: Results) -> None:
    n = args.repeat_n
    say(f"\n== Repeat builds at N = {n:,} (edit: {args.repeat_edit}): {REBUILD_NOTE}")
    base_env = {**ENV, "PYTHONPATH": str(args.baseline)} if args.baseline else ENV
    # plain (every page rebuilt on a save, as `mkdocs serve`) and dirty (`mkdocs serve --dirty`), in turns
    for mode in ("", "dirty"):
        for variant in ("plugin", "floor", *(["base"] if args.baseline else [])):
            name = f"{variant}-{mode}" if mode else variant
            site = ensure_site(args.workdir, SITE_OF.get(variant, variant), n, args.seed)
            with scratch(args.workdir, f"rebuild-{name}-{n}") as out:
                work = out.parent / "source"  # a copy: the edits never touch the cached corpus
                shutil.copytree(site, work, ignore=shutil.ignore_patterns(".cache"))  # a cold start
                edits = "6" if mode else "2"  # a dirty rebuild is short: more of them, for a steadier median
                argv = [sys.executable, str(BENCH / "run.py"), "_rebuild", str(work), str(out), edits,
                        args.repeat_edit, mode]  # fmt: skip
                report = out.parent / "report"
                proc = subprocess.run(
                    launched([a for a in argv if a], report),
                    cwd=work,
                    env=base_env if variant == "base" else ENV,
                    capture_output=True,
                    text=True,
                )
                try:
                    code = int(report.read_text().split()[2])
                except (OSError, ValueError, IndexError):
                    code = proc.returncode or 126
            if code != 0:
                tail = "\n".join(proc.stderr.strip().splitlines()[-12:])
                report_failure(results, f"in-process rebuilds ({name}, N={n})", Run(0, 0, code, tail))
                continue
            data = json.loads(proc.stdout.strip().splitlines()[-1])
            results.rebuild[name] = data
            cold, *again = data["seconds"]
            say(
                f"  {name:<12} first build {cold:6.2f} s (includes imports); after a one-file edit: "
                + ", ".join(f"{s:.2f} s" for s in again)
                + f"; peak RSS after each: {', '.join(f'{m:.0f}' for m in data['peak_rss_mb'])} MiB"
            )
        plugin, floor = f"plugin-{mode}" if mode else "plugin", f"floor-{mode}" if mode else "floor"
        base = f"base-{mode}" if mode else "base"
        if plugin in results.rebuild and base in results.rebuild:
            p = statistics.median(results.rebuild[plugin]["seconds"][1:])
            b = statistics.median(results.rebuild[base]["seconds"][1:])
            say(f"  -- plugin {p:.2f} s, baseline {b:.2f} s ({p / b:.2f}x of the baseline)")
        if plugin in results.rebuild and floor in results.rebuild:
            p = statistics.median(results.rebuild[plugin]["seconds"][1:])
            f = statistics.median(results.rebuild[floor]["seconds"][1:])
            how = (
                "only the edited page and the generated ones are rebuilt (serve --dirty)"
                if mode
                else "MkDocs rebuilds every page either way; unchanged pages are not parsed or drawn again"
            )
            say(
                f"  -- a one-file change costs {p:.2f} s with the plugin, {f:.2f} s without "
                f"({p / f:.2f}x): {how}"
            )


# ---------------------------------------------------------------- targets


def target(results: Results, name: str, verdict: str, detail: str) -> None:
    results.targets.append({"name": name, "verdict": verdict, "detail": detail})


def judged_sizes(results: Results, at_least: int) -> tuple[list[int], str]:
    """The sizes a target is judged at: those >= at_least, else the largest (flagged as indicative)."""
    done = sorted(n for n, s in results.builds.items() if s["plugin"].ok and s["floor"].ok)
    big = [n for n in done if n >= at_least]
    if big:
        return big, ""
    return done[-1:], f" (indicative only: no N >= {at_least:,} in this run)"


def evaluate(args: argparse.Namespace, results: Results) -> None:
    ok = {n: s for n, s in results.builds.items() if s["plugin"].ok}
    quick = " (indicative only: quick run)" if args.quick else ""

    # linear growth: seconds per postmortem at the largest N vs the smallest
    if len(ok) >= 2:
        small, large = min(ok), max(ok)
        a, b = ok[small]["plugin"].wall / small, ok[large]["plugin"].wall / large
        target(
            results,
            "linear-growth",
            "PASS" if b <= 1.2 * a else "FAIL",
            f"{b * 1000:.1f} ms/postmortem at N={large:,} vs {a * 1000:.1f} at N={small:,}: "
            f"{b / a:.2f}x (limit 1.20x)",
        )
    elif results.failures:
        target(results, "linear-growth", "FAIL", "plugin builds failed")
    else:
        target(results, "linear-growth", "SKIP", "needs two sizes (--sizes 200,3000)")

    # time against the floor, and against the default nav
    sizes, note = judged_sizes(results, 1000)
    if sizes:
        parts = [
            f"N={n:,}: {results.builds[n]['plugin'].wall / results.builds[n]['floor'].wall:.2f}x"
            for n in sizes
        ]
        worst = max(results.builds[n]["plugin"].wall / results.builds[n]["floor"].wall for n in sizes)
        target(
            results,
            "plugin-vs-floor-time",
            "PASS" if worst <= 1.10 else "FAIL",
            "plugin / floor build time " + ", ".join(parts) + " (limit 1.10x)" + (note or quick),
        )
        verdicts, parts = [], []
        for n in sizes:
            plugin = results.builds[n]["plugin"].wall
            default = results.builds[n].get("default")
            if default is not None and default.ok:
                verdicts.append(plugin < default.wall)
                parts.append(f"N={n:,}: {plugin:.1f} s vs {default.wall:.1f} s")
                continue
            # not run at this size: its time at a smaller size is a lower bound (it only grows with N)
            lower = [
                (m, s["default"].wall)
                for m, s in results.builds.items()
                if m < n and "default" in s and s["default"].ok
            ]
            if lower and plugin < max(lower)[1]:
                m, secs = max(lower)
                verdicts.append(True)
                parts.append(
                    f"N={n:,}: {plugin:.1f} s vs > {secs:.1f} s (default nav not run; its time at "
                    f"N={m:,} is a lower bound)"
                )
            else:
                parts.append(f"N={n:,}: default nav not run (--default-nav-max)")
        verdict = "SKIP" if not verdicts else ("PASS" if all(verdicts) else "FAIL")
        target(results, "plugin-vs-default-nav", verdict, "; ".join(parts) + (note or quick))
        all_sizes = sorted(n for n, s in results.builds.items() if s["plugin"].ok and s["floor"].ok)
        ratios = {n: results.builds[n]["plugin"].rss / results.builds[n]["floor"].rss for n in all_sizes}
        target(
            results,
            "peak-memory",
            "PASS" if max(ratios.values()) <= 1.25 else "FAIL",
            "plugin / floor peak RSS "
            + ", ".join(f"N={n:,}: {r:.2f}x" for n, r in ratios.items())
            + " (limit 1.25x)"
            + quick,
        )
    else:
        for name in ("plugin-vs-floor-time", "plugin-vs-default-nav", "peak-memory"):
            target(
                results,
                name,
                "FAIL" if results.failures else "SKIP",
                "no successful plugin and floor builds" if results.failures else "no sizes run",
            )

    # check vs the bare parse
    if results.check:
        c = results.check
        target(
            results,
            "check-vs-bare-parse",
            "PASS" if c["ratio"] <= 2 else "FAIL",
            f"check {c['check_s']:.2f} s (its cache kept) vs bare parse {c['bare_s']:.2f} s "
            f"over {c['files']:,} files: {c['ratio']:.2f}x (limit 2x); "
            f"reading every page (--no-cache) {c['cold_s']:.2f} s, "
            f"{c['cold_ratio']:.2f}x" + ("" if c["files"] >= 10_000 else " (indicative: < 10,000 files)"),
        )
    else:
        target(
            results,
            "check-vs-bare-parse",
            "FAIL" if args.check_files else "SKIP",
            "check failed" if args.check_files else "not run (--check-files 0)",
        )

    # output sizes, from the largest plugin build
    built = {n: s for n, s in results.sizes.items() if s.filter_index is not None}
    if built:
        n = max(built)
        each = built[n].filter_index / n  # type: ignore[operator]
        target(
            results,
            "filter-data-size",
            "PASS" if each <= 300 else "FAIL",
            f"postmortems/filter-index.js at N={n:,}: {built[n].filter_index:,} B, {each:.0f} B/incident "
            "(limit 300)" + quick,
        )
    else:
        target(
            results,
            "filter-data-size",
            "FAIL" if results.sizes else "SKIP",
            "no postmortems/filter-index.js in the built site" if results.sizes else "no plugin build",
        )
    html = {n: s.overview_html for n, s in results.sizes.items() if s.overview_html is not None}
    if len(html) >= 2:
        a, b = min(html), max(html)
        growth = (html[b] - html[a]) / (b - a)
        target(
            results,
            "overview-html-growth",
            "PASS" if growth <= args.overview_budget else "FAIL",
            f"postmortems/index.html {html[a]:,} B at N={a:,}, {html[b]:,} B at N={b:,}: "
            f"{growth:,.0f} B per added incident (limit {args.overview_budget})"
            + (
                " (indicative only: quick run; at small N the overview's server-rendered rows still grow)"
                if args.quick
                else ""
            ),
        )
    else:
        target(
            results,
            "overview-html-growth",
            "FAIL" if results.sizes else "SKIP",
            "postmortems/index.html missing" if results.sizes else "needs plugin builds at two sizes",
        )

    b = results.browser
    if "p90_ms" in b:
        target(
            results,
            "browser-filter",
            "PASS" if b["p90_ms"] <= 50 and not b["missed"] else "FAIL",
            f"{b['incidents']:,} incidents: keystroke to updated rows p90 {b['p90_ms']:.1f} ms, median "
            f"{b['median_ms']:.1f} ms, max {b['max_ms']:.1f} ms over {len(b['samples_ms'])} keystrokes"
            + (f", {b['missed']} without an update" if b["missed"] else "")
            + " (limit 50 ms)"
            + ("" if b["incidents"] >= 10_000 else " (indicative: < 10,000 incidents)"),
        )
    elif "skipped" in b:
        target(results, "browser-filter", "SKIP", b["skipped"])
    elif b:
        target(results, "browser-filter", "FAIL", b.get("error") or "window.pmLastFilterMs was never set")
    else:
        target(results, "browser-filter", "SKIP", "not run (--no-browser)")


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    parser.add_argument(
        "--sizes", default="200,1000,3000", help="numbers of postmortems (default 200,1000,3000)"
    )
    parser.add_argument("--pairs", type=int, default=3, help="timed rounds after the warm-up (default 3)")
    parser.add_argument("--with-10k", action="store_true", help="add N = 10,000 to the timed sizes")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="CI smoke: N = 50, 1 pair, check over 1,000 files, browser over 50 incidents",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure to FILE")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="a folder holding another copy of the mkdocs_postmortems package (e.g. from "
        "`git archive <commit> plugin | tar -x -C /tmp/base`, DIR /tmp/base/plugin): built cold "
        "in turns with the others as `baseline`, through PYTHONPATH",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=BENCH / "out",
        help="where generated sites live (default bench/out, kept between runs)",
    )
    parser.add_argument(
        "--default-nav-max",
        type=int,
        default=1000,
        help="largest N built with the default nav (default 1000; it is quadratic)",
    )
    parser.add_argument("--check-files", type=int, default=10_000, help="files for the check benchmark")
    parser.add_argument(
        "--browser-n", type=int, default=10_000, help="incidents on the overview in the browser"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the browser measurement")
    parser.add_argument("--repeat-n", type=int, default=1000, help="N for the repeat-build figures (0: skip)")
    parser.add_argument(
        "--repeat-edit",
        choices=("body", "severity"),
        default="body",
        help="the edit before each repeat build: a line appended to the page (default), or its severity",
    )
    parser.add_argument(
        "--overview-budget",
        type=int,
        default=300,
        help="allowed growth of postmortems/index.html, bytes per incident (default 300)",
    )
    parser.add_argument("--strict", action="store_true", help="exit 3 when a target fails")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.pairs = "50", 1
        args.check_files, args.browser_n, args.repeat_n = 1000, 50, 50
    args.size_list = sorted(
        {int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",") if s.strip()}
        | ({10_000} if args.with_10k else set())
    )
    if not args.size_list or min(args.size_list) < 1 or args.pairs < 1:
        parser.error("sizes must be positive and --pairs at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_rebuild"]:  # the child of bench_rebuild
        dirty, edit = argv[5:] == ["dirty"], argv[4] if len(argv) > 4 else "body"
        print(json.dumps(rebuild_child(Path(argv[1]), Path(argv[2]), int(argv[3]), dirty, edit)))
        return 0
    args = parse_args(argv)
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load = os.getloadavg()
    cores = os.cpu_count() or 1
    say(
        f"mkdocs-postmortems benchmark: sizes {', '.join(f'{n:,}' for n in args.size_list)}; "
        f"{args.pairs} timed round(s) after a warm-up; seed {args.seed}; {cores} CPU(s); "
        f"Python {platform.python_version()}; load average {load[0]:.2f}"
    )
    if load[0] > cores / 2:
        say(f"WARNING: the machine is busy (load {load[0]:.2f} on {cores} CPUs): timings will be noisy")
    say(f"work folder: {args.workdir}")

    results = Results()
    for n in args.size_list:
        bench_size(args, results, n)
    browser_adds_a_size = not args.no_browser and args.browser_n not in results.sizes
    if len(results.sizes) == 1 and not browser_adds_a_size:
        # the overview's growth needs plugin builds at two sizes: one more, untimed, at twice the size
        say("\n== A second plugin build, for the overview page's growth")
        extra_plugin_build(args, results, 2 * max(results.sizes))
    if args.check_files:
        bench_check(args, results)
    if not args.no_browser:
        bench_browser(args, results)
    if args.repeat_n:
        bench_rebuild(args, results)
    evaluate(args, results)

    say("\n== Targets")
    for t in results.targets:
        say(f"TARGET {t['name']:<22} {t['verdict']:<4}  {t['detail']}")
    elapsed = time.perf_counter() - started
    say(f"\nfinished in {elapsed:.0f} s; load average now {os.getloadavg()[0]:.2f}")
    if results.failures:
        say("harness failures (a build or command exited non-zero):")
        for failure in results.failures:
            say(f"  - {failure}")
    if args.json:
        args.json.write_text(json.dumps(to_json(args, results, elapsed), indent=2), "utf-8")
        say(f"figures written to {args.json}")
    if results.failures:
        return 1
    if args.strict and any(t["verdict"] == "FAIL" for t in results.targets):
        return 3
    return 0


def to_json(args: argparse.Namespace, results: Results, elapsed: float) -> dict[str, Any]:
    builds = {
        str(n): {
            variant: {
                "runs": [asdict(r) for r in s.runs],
                **(
                    {"median_s": s.wall, "median_peak_rss_mb": s.rss, "ms_per_page": s.wall / n * 1000}
                    if s.ok
                    else {}
                ),
            }
            for variant, s in series.items()
        }
        for n, series in results.builds.items()
    }
    return {
        "settings": {
            "sizes": args.size_list,
            "pairs": args.pairs,
            "seed": args.seed,
            "quick": args.quick,
            "check_files": args.check_files,
            "browser_n": args.browser_n,
            "repeat_n": args.repeat_n,
            "default_nav_max": args.default_nav_max,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "builds": builds,
        "sizes": {str(n): asdict(s) for n, s in results.sizes.items()},
        "search_index_without_plugin": {str(n): v for n, v in results.floor_search.items()},
        "check": results.check,
        "browser": results.browser,
        "rebuild": {"how": REBUILD_NOTE, **results.rebuild},
        "targets": results.targets,
        "failures": results.failures,
        "elapsed_s": elapsed,
    }


if __name__ == "__main__":
    sys.exit(main())
