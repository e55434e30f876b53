"""Incident pages from file to HTML: each checked, drawn and rendered once per content.

The pipeline an engine runs for its postmortem pages, over plain values: a page's file is anything
with a `src_uri`, `url`, `abs_src_path` and `content_bytes` (MkDocs' File is one), so this core never
imports MkDocs. Results are kept by page key (cache.key: the bytes, the name, the settings and the
code): in memory between serve's builds, and on disk in the cache folder between processes. Helper
processes (ahead.py) check and render pages ahead of a cold build of many pages.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Protocol

from . import ahead, cache, render
from .checker import Checked, Checker
from .model import Postmortem
from .timeline import draw_incident


class SourceFile(Protocol):
    """What the pipeline reads of a page's file."""

    @property
    def src_uri(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def abs_src_path(self) -> str | None: ...
    @property
    def content_bytes(self) -> bytes: ...


class Connections(Protocol):
    """Open files (SQLite connections) that must not cross a fork: closed before, opened after."""

    def close(self) -> None: ...
    def open(self) -> object: ...


def no_links(pm: Postmortem, url: str) -> render.Links:
    return render.Links()


class IncidentPages:
    """Checks, draws and renders the postmortem pages of one build after another (serve keeps it)."""

    def __init__(self, is_serve: bool = False) -> None:
        self.is_serve = is_serve
        # results by page key, for this build; in serve also the previous build's, so an unchanged
        # page costs neither a parse nor a disk read
        self.results: dict[bytes, Checked] = {}
        self.svgs: dict[bytes, str] = {}  # serve: drawings by page key
        self.page_keys: dict[str, bytes] = {}  # src_uri -> page key
        self.stat_keys = cache.KeysByStat(is_serve)  # serve: a save reads only the files it changed
        self.caches = cache.PageCaches(None)  # drawings, whole results, rendered pages (configure)
        self.slim = False  # whether the incidents' timelines and sections were let go (let_go)
        self.render_keys: dict[str, bytes] = {}  # src_uri -> key of a page rendered now, kept when written
        self.render_used: set[bytes] = set()  # keys of the pages rendered in this build, kept or not
        self.helper: int | None = None  # pid of the process rendering pages ahead, if any
        self.helps = False  # whether helper processes may check and render pages
        self.links: Callable[[Postmortem, str], render.Links] = no_links  # what a page shows of others
        self.show_problems = "serve"

    def configure(
        self,
        checker: Checker,
        renderer: render.IncidentRenderer,
        namespace: str,
        cache_dir: Path | None,
        *,
        helps: bool,
        show_problems: str,
    ) -> None:
        """Before each build: what results are made with (`namespace`) and kept in."""
        self.checker, self.renderer, self.namespace = checker, renderer, namespace
        self.renderer.draw = self.draw
        self.helps, self.show_problems = helps, show_problems
        if self.caches.folder != cache_dir:  # serve keeps them open between builds otherwise
            self.caches.close()
            self.caches = cache.PageCaches(cache_dir)

    # ------------------------------------------------------------ checking

    def check_all(self, found: list[SourceFile]) -> dict[str, Checked]:
        """Each postmortem's result by src_uri: remembered (serve), from the cache on disk, or
        checked now. Keyed by content, name, settings and code: any change to one misses."""
        previous, self.results, self.page_keys = self.results, {}, {}
        shown: dict[str, str] = {}
        cwd = os.getcwd()
        self.stat_keys.start()
        for file in found:
            shown[file.src_uri] = shown_name(file, cwd)
            name = f"{file.src_uri}\0{shown[file.src_uri]}"  # src_uri: anchors in the drawing use it
            self.page_keys[file.src_uri] = self.stat_keys.key(
                self.namespace, name, file.abs_src_path, lambda file=file: file.content_bytes
            )
        keys = set(self.page_keys.values())
        self.results = {k: previous[k] for k in keys if k in previous}
        self.svgs = {k: svg for k, svg in self.svgs.items() if k in keys}  # only this build's pages
        self.render_keys, self.render_used = {}, set()
        if not self.is_serve:  # serve keeps its connections open between builds (finish)
            self.caches.close()  # a build that failed before it finished left them open
        self.caches.open()
        if self.caches.results is not None:
            self.results.update(self.caches.results.get_many(k for k in keys if k not in self.results))
        todo = [file for file in found if self.page_keys[file.src_uri] not in self.results]
        theirs: list[SourceFile] = []
        if self.helps and len(todo) >= 2 * ahead.FROM_PAGES and self.caches.usable:
            # a helper process checks the second half into the cache meanwhile; SQLite connections
            # must not cross a fork: closed here, opened again on each side
            self.caches.close()
            todo, theirs = todo[: len(todo) // 2], todo[len(todo) // 2 :]
            helper = ahead.start(partial(self.check_into_cache, theirs, shown))
            if helper is None:
                todo, theirs = todo + theirs, []
        fresh: dict[bytes, Checked] = {}
        for file in todo:
            k = self.page_keys[file.src_uri]
            fresh[k] = self.results[k] = self.check_page(shown[file.src_uri], file)
        self.caches.open()
        if theirs:
            ahead.finish(helper, wait=True)
            if self.caches.results is not None:
                self.results.update(self.caches.results.get_many(self.page_keys[f.src_uri] for f in theirs))
            for file in theirs:  # what the helper did not leave (it failed) is checked here after all
                k = self.page_keys[file.src_uri]
                if k not in self.results:
                    fresh[k] = self.results[k] = self.check_page(shown[file.src_uri], file)
        if fresh and self.caches.results is not None:
            self.caches.results.put_many(fresh.items())
        found_results = {uri: self.results[k] for uri, k in self.page_keys.items()}
        if not self.is_serve:
            self.results = {}  # a one-off build keeps only the engine's copies
        return found_results

    def check_page(self, shown: str, file: SourceFile) -> Checked:
        checked = self.checker.check(shown, file.content_bytes)
        if checked.postmortem is not None:  # places are read again, texts never: the page's body
            pm = checked.postmortem  # is read again where it is rendered (~9 MB at 1,000)
            pm.body, pm.sections = "", [replace(s, text="") for s in pm.sections]
        return checked

    def check_into_cache(self, files: list[SourceFile], shown: dict[str, str]) -> None:
        """In a helper process (ahead.py): check these pages into the cache, where the build reads them."""
        assert self.caches.folder is not None
        with cache.ResultCache(self.caches.folder, "pages") as db:
            for file in files:
                db.put_later(self.page_keys[file.src_uri], self.check_page(shown[file.src_uri], file))

    def let_go(self, postmortems: Iterable[Postmortem]) -> None:
        """A build's copies, once the library holds them: without what the library does not show
        (the front matter), and, where the cache can give it back to a page rendered here (`whole`),
        without their timeline and sections. Serve remembers every result whole anyway."""
        if self.is_serve:
            return
        self.slim = self.caches.usable
        for pm in postmortems:
            pm.meta = {}
            if self.slim:
                pm.detected, pm.mitigated = pm.detected_at, pm.mitigated_at  # the library's figures
                pm.timeline, pm.sections = [], []

    def whole(self, file: SourceFile, checked: Checked) -> Checked:
        """A page's result with its timeline and sections, which a build lets go of (`let_go`)."""
        if not self.slim or checked.postmortem is None:
            return checked
        found = self.read_again(file)
        if found.postmortem is None:
            return checked
        whole = own_copy(found, file)
        assert whole.postmortem is not None
        whole.postmortem.meta = {}  # as the build's copies (let_go)
        return whole

    def restore(self, copies: Iterable[tuple[SourceFile, Postmortem]]) -> None:
        """Give the build's copies back what `let_go` took: the exports show it all, and the helper
        that was to make them has not."""
        if not self.slim:
            return
        for file, pm in copies:
            found = self.read_again(file).postmortem
            if found is not None:
                pm.meta, pm.timeline, pm.sections = found.meta, found.timeline, found.sections

    def read_again(self, file: SourceFile) -> Checked:
        """A page's result as checked: read again from the cache, or, failing that, checked again."""
        k = self.page_keys.get(file.src_uri)
        found = self.caches.results.get(k) if self.caches.results is not None and k is not None else None
        if isinstance(found, Checked) and found.postmortem is not None:
            return found
        return self.check_page(shown_name(file, os.getcwd()), file)

    # ------------------------------------------------------------ rendering

    def draw(self, pm: Postmortem) -> str:
        """The timeline drawing, drawn once per page content: cached by the page's key."""
        k = self.page_keys.get(pm.source or "")
        svg = self.svgs.get(k) if k is not None else None
        if svg is None and k is not None and self.caches.drawings is not None:
            svg = self.caches.drawings.get(k)
        if svg is None:
            svg = draw_incident(pm)
            if k is not None and self.caches.drawings is not None:
                self.caches.drawings.put_later(k, svg)
        if k is not None and self.is_serve:  # the next save redraws only what changed
            self.svgs[k] = svg
        return svg

    def render_page(
        self, file: SourceFile, checked: Checked, url: str, kept: bool = True
    ) -> render.Decorated:
        """The page's Markdown with its slots: as an earlier build (or the helper rendering ahead)
        rendered it from the same page, links and templates (its HTML read when the page is
        written), or rendered now (`kept` False: rendered now, whatever the cache holds)."""
        pm = checked.postmortem
        shown_here = self.show_problems == "always" or (self.is_serve and self.show_problems == "serve")
        show = pm is None or shown_here
        links = self.links(pm, url) if pm is not None else render.Links()
        k = self.page_keys.get(file.src_uri)
        rendered = self.caches.rendered if kept else None
        if rendered is not None and k is not None:
            made_from = k + repr((links_key(links), show)).encode()
            k = cache.key(self.namespace, "rendered", made_from)
            self.render_used.add(k)
            found = rendered.get_markdown(k)
            if found is not None:
                nonce, markdown = found
                return render.Decorated(
                    markdown, {}, nonce, load=partial(self.rendered_html, k, file, checked, url)
                )
            if self.helper_running():
                # the helper renders this page too, long before it is written (MkDocs reads every
                # page first): only its Markdown is kept here, and the slots' HTML read from the
                # helper's work then, not held with the whole result meanwhile (~15 kB a page)
                made = self.render_page(file, checked, url, kept=False)
                load = partial(self.rendered_html, k, file, checked, url)
                return render.Decorated(made.markdown, {}, made.nonce, load=load)
            self.render_keys[file.src_uri] = k  # kept when the page is written, whole (filled_html)
        checked = self.whole(file, checked)
        pm = checked.postmortem
        if pm is not None:  # our own copy: its body is read for this page alone
            pm.body = self.checker.body(file.content_bytes)
        # a page that is no postmortem (its front matter is not YAML...) still shows its text, when it
        # is text: not one that is not UTF-8, or binary
        body = self.checker.body(file.content_bytes) if pm is None and is_text(file.content_bytes) else ""
        decorated = self.renderer.decorate(checked, links, show_problems=show, body=body)
        if pm is not None:  # the library needs its fields, not its text
            pm.body = ""
        return decorated

    def rendered_html(self, k: bytes, file: SourceFile, checked: Checked, url: str) -> dict[str, str]:
        """A kept page's slots' HTML, or the helper's; rendered again (and kept) if the cache lost it
        since its Markdown was read, or the helper did not get to it (slots are named alike in every
        rendering)."""
        rendered = self.caches.rendered
        found = rendered.get_html(k) if rendered is not None else None
        if found is None:
            again = self.render_page(file, checked, url, kept=False)
            found = again.filled()
            if rendered is not None:
                rendered.put(k, again.nonce, again.markdown, found)
        return found

    def helper_running(self) -> bool:
        """Whether the helper rendering ahead is still at work (one that has ended is let go of)."""
        if self.helper is not None and not ahead.running(self.helper):
            self.helper = None
        return self.helper is not None

    def filled_html(self, uri: str, decorated: render.Decorated) -> dict[str, str]:
        """The slots' HTML of a page being written, kept for the next build if rendered now."""
        k = self.render_keys.pop(uri, None)
        filled = decorated.filled()
        rendered = self.caches.rendered
        if k is not None and rendered is not None:
            rendered.put(k, decorated.nonce, decorated.markdown, filled)
        return filled

    # ------------------------------------------------------------ work ahead, and a build's end

    def can_help(self, pages: int) -> bool:
        """Whether a helper process would render this many pages ahead (start_helper)."""
        return self.helps and pages >= ahead.FROM_PAGES and self.caches.usable

    def start_helper(
        self,
        pages: list[tuple[SourceFile, Checked]],
        first: Callable[[], None],
        then: Callable[[], None],
        also: Iterable[Connections] = (),
    ) -> None:
        """A one-off build of many pages: a second process does `first` (the library's files), renders
        the pages the cache lacks, ahead, then does `then` (the library's pages). The caller's
        connections `also` cross no fork."""
        ahead.finish(self.helper)  # a build that failed before it finished left it running
        self.helper = None
        if not self.can_help(len(pages)):
            return
        # SQLite connections must not cross a fork: closed here, opened again on each side
        closed = [self.caches, *also]
        for connections in closed:
            connections.close()
        self.helper = ahead.start(partial(self.render_ahead, pages, first, then))
        for connections in closed:
            connections.open()

    def render_ahead(
        self, pages: list[tuple[SourceFile, Checked]], first: Callable[[], None], then: Callable[[], None]
    ) -> None:
        """In the helper process (ahead.py): `first`, then render into the cache, last page first,
        every incident page the cache does not have yet (the build meets it in the middle), then `then`."""
        first()
        self.caches.open()  # this process's own connections
        for n, (file, checked) in enumerate(reversed(pages)):
            decorated = self.render_page(file, checked, file.url)
            k = self.render_keys.pop(file.src_uri, None)
            if k is not None and self.caches.rendered is not None:  # not in the cache yet
                self.caches.rendered.put(k, decorated.nonce, decorated.markdown, decorated.filled())
                if n % 4 == 3:
                    self.caches.rendered.flush()  # seen by the build a few pages at a time
        self.caches.close()
        then()

    def finish(self, complete: bool) -> None:
        """Every page is written: stop the helper (what it has not rendered is not needed) and, after
        a `complete` build (not --dirty, which does not know the pages it leaves alone), keep only
        the rows this build used."""
        ahead.finish(self.helper)
        self.helper = None
        if complete:
            self.caches.keep_only(self.page_keys.values(), self.render_used)
        if self.is_serve:  # the next save's build uses them again: opening and closing cost ~5 ms
            self.caches.flush()
        else:
            self.caches.close()

    def abandon(self) -> None:
        """A build failed: stop the helper and let go of the connections."""
        ahead.finish(self.helper)
        self.helper = None
        self.caches.close()


def is_text(data: bytes) -> bool:
    """Whether a page's bytes are UTF-8 text (no NUL), which can be shown as its Markdown."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def own_copy(checked: Checked, file: SourceFile) -> Checked:
    """An engine's copy of a result, for this page: the checker's and the cache's are shared across builds."""
    assert checked.postmortem is not None
    return Checked(replace(checked.postmortem, url=file.url, source=file.src_uri), checked.problems)


def shown_name(file: SourceFile, cwd: str) -> str:
    """A postmortem's name in problem lines: its path from where the command runs, if it is a file."""
    return shown_path(file.abs_src_path, cwd) if file.abs_src_path else file.src_uri


@lru_cache(maxsize=1 << 16)
def shown_path(path: str, cwd: str) -> str:
    """A page's path as problems name it, relative to where the command runs (relpath is slow, and
    serve asks again on every save)."""
    return os.path.relpath(path, cwd)


def links_key(links: render.Links) -> tuple[object, ...]:
    """What an incident page shows of other pages, to compare between builds (never stored)."""
    return tuple(
        tuple((o.source, o.url, o.title, o.severity, o.date, url) for o, url in value)
        if f.name == "related"
        else repr(value)
        for f in dataclasses.fields(links)
        for value in [getattr(links, f.name)]
    )
