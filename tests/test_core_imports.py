"""The core never imports MkDocs: only the adapter (plugin.py, config.py, pages.py) does.

Other engines (Zensical, the `generate` command) run the same core without MkDocs' plugin
machinery, and MkDocs 1.x is near its end: this holds the README's promise in a test. Each
check runs in a fresh interpreter where importing `mkdocs` fails.
"""

from __future__ import annotations

import json
import subprocess
import sys

ADAPTER = {"mkdocs_postmortems.plugin", "mkdocs_postmortems.config", "mkdocs_postmortems.pages"}
NOT_IMPORTED = {"mkdocs_postmortems.__main__"}  # runs the command line when imported

WITHOUT_MKDOCS = """
import importlib, json, pkgutil, sys

class NoMkDocs:
    # refuses mkdocs and its submodules, however they are reached
    def find_spec(self, name, path=None, target=None):
        if name == "mkdocs" or name.startswith("mkdocs."):
            raise ImportError(f"{name} is blocked in this test")
        return None

sys.meta_path.insert(0, NoMkDocs())
for name in [n for n in sys.modules if n == "mkdocs" or n.startswith("mkdocs.")]:
    del sys.modules[name]

import mkdocs_postmortems

skip = set(sys.argv[1].split(","))
names = sorted(
    info.name
    for info in pkgutil.walk_packages(mkdocs_postmortems.__path__, "mkdocs_postmortems.")
    if info.name not in skip
)
results = {}
for name in ["mkdocs_postmortems", *names]:
    try:
        importlib.import_module(name)
        results[name] = "ok"
    except ImportError as exc:
        results[name] = f"{type(exc).__name__}: {exc}"
loaded = sorted(n for n in sys.modules if n == "mkdocs" or n.startswith("mkdocs."))
print(json.dumps({"results": results, "mkdocs_loaded": loaded}))
"""


def run_without_mkdocs(skip: set[str]) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_MKDOCS, ",".join(sorted(skip))],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def test_every_core_module_imports_without_mkdocs() -> None:
    measured = run_without_mkdocs(ADAPTER | NOT_IMPORTED)
    results = measured["results"]
    assert isinstance(results, dict)
    assert {"mkdocs_postmortems.checker", "mkdocs_postmortems.timeline", "mkdocs_postmortems.cli"} <= set(
        results
    ), sorted(results)
    assert len(results) >= 20, sorted(results)  # every module below the package, subpackages too
    assert {name: r for name, r in results.items() if r != "ok"} == {}
    assert measured["mkdocs_loaded"] == []


def test_the_adapter_is_what_needs_mkdocs() -> None:
    """The three adapter modules do need MkDocs: the exemption list above is not hiding a core module."""
    results = run_without_mkdocs(NOT_IMPORTED)["results"]
    assert isinstance(results, dict)
    failing = {name for name, result in results.items() if result != "ok"}
    assert failing == ADAPTER, results
