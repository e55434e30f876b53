"""Work done ahead in a second process, while the build goes on in the first.

MkDocs builds on one core. A cold build of a big library spends ~2 ms a postmortem on our own
rendering (the drawing, the summary card, the numbered entries), which depends on nothing MkDocs
does after `on_files`. A forked copy of the build process renders those pages into the cache,
last page first, while MkDocs converts Markdown from the first page on; the build reads what is
there and renders the rest itself, so the result is the same whether the helper is fast, slow or
gone. Linux only (fork is cheap and safe there for a process without threads), and only with a
second core to run on.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable

FROM_PAGES = 64  # below this, a second process costs more than it saves


def usable() -> bool:
    """Whether work ahead can run beside the build: Linux, no other thread (a fork copies only the
    calling one, and any lock another holds stays held), and two cores for this process."""
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except OSError:
        return False


def start(work: Callable[[], None]) -> int | None:
    """Run `work` in a forked process; its pid, or None when it could not start. The process
    never returns into the caller's code: whatever happens, it exits when `work` ends."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return pid
    code = 0
    try:  # pragma: no cover - runs in the child, whose coverage is not collected
        work()
    except BaseException:  # a failed helper only leaves its work to the build
        code = 1
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the parent's buffers twice


def running(pid: int) -> bool:
    """Whether the helper is still at work; one that has ended is reaped (its pid is then no
    longer ours to signal or wait for)."""
    try:
        ended, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return ended == 0


def finish(pid: int | None, wait: bool = False) -> None:
    """Stop the helper (or, with `wait`, let it finish) and reap it."""
    if pid is None:
        return
    with contextlib.suppress(OSError):
        if not wait:
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
