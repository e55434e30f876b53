"""Results already computed, kept on disk by what they were computed from.

A postmortem's problems depend only on its bytes, the name it is shown under, the
site's settings and this package's code. `ResultCache` keeps them in one SQLite file
(by default `.cache/mkdocs-postmortems/` beside `mkdocs.yml`, a folder CI can keep, as
mkdocs-material's own plugins do), keyed by a digest of all four: an unchanged page
is not read again, and any change to the page, the settings or the code misses.

The cache never makes a check fail: a file it cannot open, lock or read is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

FOLDER = Path(".cache") / "mkdocs-postmortems"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of this package's code and data: results from other code are never reused."""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=16)
    for file in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".json") and p.is_file()):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def key(namespace: str, name: str, data: bytes) -> bytes:
    """What a result was computed from: the namespace (settings, code), the page's name and bytes."""
    digest = hashlib.blake2b(namespace.encode(), digest_size=20)
    digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.digest()


class ResultCache:
    """Pickled results by key, in one SQLite file. Use as a context manager; results put `later` are
    written a batch at a time, the last when it closes."""

    BATCH = 64  # results waiting to be written: memory for a few pages, not for every page

    def __init__(self, folder: Path, table: str = "problems") -> None:
        self.path = folder / "results.sqlite"
        self.table = table
        self.db: sqlite3.Connection | None = None
        self.pending: list[tuple[bytes, Any]] = []
        for attempt in range(2):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self.db = sqlite3.connect(self.path, timeout=5)
                # a write-ahead log: a commit costs no flush to disk (a build commits every few pages),
                # and a crash loses at most the last results, never the file
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key BLOB PRIMARY KEY, value BLOB)")
                return
            except sqlite3.DatabaseError as exc:
                self.__exit__()
                if attempt or "not a database" not in str(exc):
                    return  # no cache, not an error
                for suffix in ("", "-wal", "-shm"):  # start afresh, or it would never cache again
                    self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            except (OSError, sqlite3.Error):
                self.__exit__()
                return  # no cache, not an error

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()
        if self.db is not None:
            self.db.close()
            self.db = None

    def get(self, k: bytes) -> Any:
        return self.get_many([k]).get(k)

    def get_many(self, keys: Iterable[bytes]) -> dict[bytes, Any]:
        found: dict[bytes, Any] = {}
        if self.db is None:
            return found
        wanted = list(keys)
        try:
            for start in range(0, len(wanted), 500):  # SQLite limits the parameters of one query
                batch = wanted[start : start + 500]
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, value FROM {self.table} WHERE key IN ({marks})"
                for k, value in self.db.execute(query, batch):
                    try:
                        found[k] = pickle.loads(value)
                    except Exception:  # a damaged entry is a miss
                        continue
        except sqlite3.Error:
            return {}
        return found

    def put_many(self, items: Iterable[tuple[bytes, Any]]) -> None:
        if self.db is None:
            return
        try:
            # a generator: one pickled result in memory at a time, not every page's at once
            rows = ((k, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)) for k, value in items)
            with self.db:
                self.db.executemany(f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", rows)
        except (sqlite3.Error, pickle.PicklingError, TypeError, AttributeError):  # not picklable: not kept
            return

    def keep_only(self, keys: Iterable[bytes]) -> None:
        """Remove every result but these (the file reuses the room): a cache that only grows would
        keep every version of every page ever built."""
        if self.db is None:
            return
        self.flush()
        try:
            with self.db:
                self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key BLOB PRIMARY KEY)")
                self.db.execute("DELETE FROM kept")
                self.db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((k,) for k in keys))
                self.db.execute(f"DELETE FROM {self.table} WHERE key NOT IN (SELECT key FROM kept)")
        except sqlite3.Error:
            return

    def put_later(self, k: bytes, value: Any) -> None:
        self.pending.append((k, value))
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        self.put_many(pending)


class RenderedPages:
    """Incident pages as rendered: each page's Markdown with its slots, and the HTML the slots
    receive, by a key of everything they are made from (the page's key, what it shows of other
    pages, the templates). Two tables: the Markdown is read when the page's Markdown is, the HTML
    when the page is written, so a build never holds every page's figures at once."""

    FLUSH_CHARS = 1 << 18  # a page is ~25 kB: written every ten pages or so, not every 64

    def __init__(self, folder: Path) -> None:
        self.markdown = ResultCache(folder, "rendered_markdown")
        self.html = ResultCache(folder, "rendered_html")
        self.pending_chars = 0

    @property
    def usable(self) -> bool:
        return self.markdown.db is not None and self.html.db is not None

    def get_markdown(self, k: bytes) -> tuple[str, str] | None:
        """(nonce, Markdown) of the page rendered under `k`."""
        found = self.markdown.get(k)
        ok = isinstance(found, tuple) and len(found) == 2 and all(isinstance(x, str) for x in found)
        return found if ok else None

    def get_html(self, k: bytes) -> dict[str, str] | None:
        """The HTML by slot name of the page rendered under `k`."""
        found = self.html.get(k)
        ok = isinstance(found, dict) and all(isinstance(x, str) for x in found.values())
        return found if ok else None

    def keep_only(self, keys: set[bytes]) -> None:
        self.markdown.keep_only(keys)
        self.html.keep_only(keys)

    def put(self, k: bytes, nonce: str, markdown: str, filled: dict[str, str]) -> None:
        self.markdown.put_later(k, (nonce, markdown))
        self.html.put_later(k, filled)
        self.pending_chars += len(markdown) + sum(map(len, filled.values()))
        if self.pending_chars >= self.FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        self.markdown.flush()
        self.html.flush()
        self.pending_chars = 0

    def close(self) -> None:
        self.markdown.__exit__()
        self.html.__exit__()


class PageCaches:
    """What a build reads a page at a time, by page key: its drawing, its whole result, and the page
    as rendered (holding every page's at once would cost ~30 kB a page). Open from the check to the
    end of a build; a process that builds again keeps them open. SQLite connections must not cross
    a fork: `close` before one, `open` again on each side."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.drawings: ResultCache | None = None
        self.results: ResultCache | None = None
        self.rendered: RenderedPages | None = None

    @property
    def usable(self) -> bool:
        """Open, with every table: what a helper process leaves here reaches the build."""
        return (
            self.drawings is not None
            and self.drawings.db is not None
            and self.results is not None
            and self.results.db is not None
            and self.rendered is not None
            and self.rendered.usable
        )

    def open(self) -> None:
        """Open them; nothing to do when they are open, or without a folder."""
        if self.folder is None or self.drawings is not None:
            return
        self.drawings = ResultCache(self.folder, "drawings")
        self.results = ResultCache(self.folder, "pages")
        self.rendered = RenderedPages(self.folder)

    def flush(self) -> None:
        """Write what waits to be kept."""
        for db in (self.drawings, self.rendered):
            if db is not None:
                db.flush()

    def keep_only(self, page_keys: Iterable[bytes], render_keys: set[bytes]) -> None:
        """After a build of every page: let go of the pages and versions no longer here."""
        kept = set(page_keys)
        for db in (self.drawings, self.results):
            if db is not None:
                db.keep_only(kept)
        if self.rendered is not None:
            self.rendered.keep_only(render_keys)

    def close(self) -> None:
        """Write what waits to be kept, and close them."""
        for db in (self.drawings, self.results):
            if db is not None:
                db.__exit__()
        if self.rendered is not None:
            self.rendered.close()
        self.drawings = self.results = self.rendered = None


class OutputStore:
    """The last HTML made for each library page, with a digest of what it was made from, so an
    unchanged one is not rendered again; and the index of what the last finished build published
    (path -> digest of each page and file), which `--dirty` compares against what is on disk.

    In memory where the process lives on (`mkdocs serve`); otherwise on disk, a row a path, written as
    made: a one-off build holds a few pages at a time, not every one (~6 MB at 1,000 postmortems). A
    row is (digest, text): a text is only ever taken for its own digest, so a build that fails halfway
    leaves nothing wrong behind.
    """

    FLUSH_CHARS = 1 << 21  # pending texts written once they add up to this many characters

    def __init__(
        self,
        folder: Path | None,
        namespace: str,
        site: str,
        memory: dict[str, tuple[bytes, str]] | None = None,
    ) -> None:
        self.folder, self.namespace, self.site = folder, namespace, site
        self.memory: dict[str, tuple[bytes, str]] = memory if memory is not None else {}
        self.db: ResultCache | None = None
        self.pending: list[tuple[bytes, tuple[bytes, str]]] = []
        self.pending_chars = 0

    def row_key(self, path: str) -> bytes:
        return key(
            self.namespace, "library-output", f"{self.site}\0{path}".encode("utf-8", "surrogateescape")
        )

    def index_key(self) -> bytes:
        return key(self.namespace, "library", self.site.encode("utf-8", "surrogateescape"))

    def memo_key(self) -> bytes:
        return key(self.namespace, "incident-digests", self.site.encode("utf-8", "surrogateescape"))

    def digest_memo(self) -> dict[Any, Any]:
        """The incidents' digests the last finished build kept (site_pages.DigestMemo), or none."""
        found = self.db.get(self.memo_key()) if self.db is not None else None
        return found if isinstance(found, dict) else {}

    def open(self) -> dict[str, bytes]:
        """Start a build; returns the last finished build's index (empty when none is known)."""
        self.close()
        if self.folder is None:
            return {}
        self.db = ResultCache(self.folder, "library")
        index = self.db.get_many([self.index_key()]).get(self.index_key())
        return index if isinstance(index, dict) else {}

    def get(self, path: str, digest: bytes) -> str | None:
        """The text last made for `path`, if it was made from `digest`."""
        found = self.memory.get(path)
        if found is None and self.db is not None:
            found = self.db.get_many([self.row_key(path)]).get(self.row_key(path))
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == digest):
            return None
        text = found[1]
        if isinstance(text, bytes):
            try:
                return text.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:  # a damaged row is a miss
                return None
        return text if isinstance(text, str) else None

    def put(self, path: str, digest: bytes, text: str) -> None:
        if self.db is None:
            self.memory[path] = (digest, text)
            return
        # encoded here: pickling a str would leave a UTF-8 copy on it for as long as it lives (~5 MB
        # on incidents.json at 1,000 postmortems), as CPython caches the encoding it made
        self.pending.append((self.row_key(path), (digest, text.encode("utf-8", "surrogatepass"))))
        self.pending_chars += len(text)
        if self.pending_chars >= self.FLUSH_CHARS:
            self.flush()

    def flush(self) -> None:
        if self.db is not None:
            self.db.put_many(self.pending)
        self.pending, self.pending_chars = [], 0

    def finish(self, index: dict[str, bytes], memo: dict[Any, Any] | None = None) -> None:
        """A build finished and published `index` (and digested its incidents into `memo`): keep
        them for the next one."""
        self.flush()
        if self.db is not None:
            self.db.put_many([(self.index_key(), index), *([(self.memo_key(), memo)] if memo else [])])
        self.memory = {path: found for path, found in self.memory.items() if path in index}
        self.close()

    def close(self) -> None:
        self.pending, self.pending_chars = [], 0
        if self.db is not None:
            self.db.__exit__()
            self.db = None


class MadeFiles:
    """Files the library publishes (incidents.json, the feed...), written into the cache folder under a
    digest of what each is made from, for MkDocs to copy: a build holds no export's text (~5 MB at
    1,000 postmortems), and one whose digest is unchanged is not made again. Files no build of this
    site asked for since the last `prune` are removed there."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "files"
        self.used: set[str] = set()

    def path(self, name: str, digest: bytes, make: Callable[[], str]) -> str | None:
        """Where the file made from `digest` is, made now if it is not there; None if it cannot be
        written (the caller holds the text then: the cache never makes a build fail)."""
        file = self.target(name, digest)
        return str(file) if self.ensure(file, make) else None

    def target(self, name: str, digest: bytes) -> Path:
        """Where the file made from `digest` goes (kept at the next `prune`), whether made yet or not."""
        suffix = os.path.splitext(name)[1]
        label = hashlib.blake2b(name.encode("utf-8", "surrogateescape"), digest_size=6).hexdigest()
        file = self.folder / f"{label}-{digest.hex()}{suffix}"
        self.used.add(file.name)
        return file

    @staticmethod
    def ensure(file: Path, make: Callable[[], str]) -> bool:
        """Make `file` if it is not there; False if it cannot be written. Two processes may make the
        same file at once: each writes its own partial file, and the last rename wins."""
        if file.is_file():
            return True
        partial = file.with_name(f"{file.name}.{os.getpid()}.partial")
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(make(), "utf-8")
            os.replace(partial, file)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            return False
        return True

    def prune(self) -> None:
        """Remove the files no build asked for since the last prune: the folder holds one set."""
        try:
            for file in self.folder.iterdir():
                if file.name not in self.used:
                    file.unlink(missing_ok=True)
        except OSError:
            pass
        self.used = set()


class KeysByStat:
    """Page keys by what the file system says of each file, for a process that builds again and
    again (`mkdocs serve`): an unchanged file is not read again to learn that it is unchanged. A
    file's stat is its modification and change times, size and inode (a copy that keeps the
    modification time, `rsync -t`, still changes the change time), as MkDocs' own `--dirty` trusts
    modification times. `enabled` False: every key is computed from the bytes."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.known: dict[str, tuple[tuple[object, ...], bytes]] = {}  # path -> (stat and name, key)
        self.seen: dict[str, tuple[tuple[object, ...], bytes]] = {}

    def start(self) -> None:
        """A new build: only the files it asks about are kept for the next one."""
        self.known, self.seen = self.seen, {}

    def key(self, namespace: str, name: str, path: str | None, read: Callable[[], bytes]) -> bytes:
        """`key(namespace, name, read())`, or the one this file had when its stat was the same."""
        stat = self._stat(path) if self.enabled and path else None
        if stat is None or path is None:
            return key(namespace, name, read())
        stamp = (*stat, namespace, name)
        found = self.known.get(path)
        k = found[1] if found is not None and found[0] == stamp else key(namespace, name, read())
        self.seen[path] = (stamp, k)
        return k

    @staticmethod
    def _stat(path: str) -> tuple[int, ...] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
