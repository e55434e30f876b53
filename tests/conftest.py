"""Shared fixtures: a built sample site, a static server for it, and headless Chromium.

Browser tests use Debian's Chromium (never a downloaded browser). Without one they
skip with the reason, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("PM_TEST_ARTIFACTS", ROOT / "test-artifacts"))
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs(*args: str, cwd: Path = ROOT, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the mkdocs CLI of this interpreter's environment."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        env=BUILD_ENV,
        capture_output=True,
        text=True,
        check=check,
        timeout=600,
    )


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample library, built once per session."""
    site = tmp_path_factory.mktemp("sample") / "site"
    mkdocs("build", "--strict", "-q", "-d", str(site))
    return site


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[object]:
    """Start a static server for a folder: `url = serve_dir(path)`; all stopped at session end."""
    servers: list[subprocess.Popen[bytes]] = []

    def start(directory: Path) -> str:
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
        servers.append(server)
        deadline = time.monotonic() + 60  # a bound on waiting, not a speed test: generous on busy CI
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return f"http://127.0.0.1:{port}/"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"static server on port {port} did not start")

    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not os.path.exists(CHROMIUM):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true browser tests must run")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests keep screenshots (CI keeps this folder as artifacts)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots and other artifacts: {ARTIFACTS}")
    return ARTIFACTS


@pytest.fixture(autouse=True)
def fresh_plugin_instances() -> Iterator[None]:
    """MkDocs keeps a plugin that defines `on_startup` across `load_config` calls in one process
    (for `mkdocs serve`): one test's instance, say a serve's, must not be the next test's."""
    from mkdocs.config.defaults import MkDocsConfig

    MkDocsConfig.plugins.plugin_cache.clear()
    yield
    MkDocsConfig.plugins.plugin_cache.clear()
