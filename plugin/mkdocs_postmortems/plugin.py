"""The MkDocs adapter: thin hooks wiring MkDocs events to the core.

Parsing, validation, drawing and statistics live in plain modules that never
import MkDocs; this file only finds the postmortem files, hands their bytes to
the checker, logs the problems, and places what the core renders into pages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import os
import secrets
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import __version__, ahead, cache, editions, embed, pages, render, site_pages, tracker
from .checker import Checked, Checker
from .config import PostmortemsConfig
from .generate import owned_paths
from .library import Library
from .model import Postmortem
from .settings import Settings, SettingsError, is_postmortem, settings_from_options
from .timeline import draw_incident

log = get_plugin_logger(__name__)
EXTENSION = "mkdocs_postmortems.extension"


class PostmortemsPlugin(BasePlugin[PostmortemsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.settings = Settings()
        self.checked: dict[str, Checked] = {}  # src_uri -> result, for this build
        self.decorated: dict[str, render.Decorated] = {}
        self.library_pages: dict[str, site_pages.Published] = {}
        # results by page key (cache.key: bytes, name, settings, code), for this build; in serve
        # also the previous build's, so an unchanged page costs neither a parse nor a disk read
        self.results: dict[bytes, Checked] = {}
        self.svgs: dict[bytes, str] = {}
        self.page_keys: dict[str, bytes] = {}  # src_uri -> page key
        self.stat_keys = cache.KeysByStat(False)  # serve: page keys by file stat (on_startup)
        self.copies: dict[tuple[bytes, str], Checked] = {}  # serve: our copy of each result, by key and URL
        self.caches = cache.PageCaches(None)  # drawings, whole results, rendered pages (on_config)
        self.slim = False  # whether the incidents' timelines and sections were let go (on_files)
        self.render_keys: dict[str, bytes] = {}  # src_uri -> key of a page rendered now, kept when written
        self.render_used: set[bytes] = set()  # keys of the pages rendered in this build, kept or not
        self.helper: int | None = None  # pid of the process rendering pages ahead (ahead.py), if any
        self.helps = False  # whether helper processes may check and render pages (on_config)
        self.built = False  # a build finished in this process (serve's rebuilds come after)
        self.dirty = False  # `mkdocs serve --dirty` / `build --dirty`: see drop_stale
        self.shown_of_others: dict[str, tuple[object, ...]] = {}  # src_uri -> links_key, last build
        self.last_listing = b""  # LibrarySite.listing of the last build: unchanged, so are all links
        self.digest_memo: site_pages.DigestMemo = {}  # incidents' digests, kept between serve's builds
        self.embedding: set[str] = set()  # pages with a block listing incidents (embed.py)
        self.env: Environment | None = None  # our templates' Jinja environment (on_config)
        self.env_dirs: tuple[str, ...] = ()
        # path -> digest of what each library page and export is made from, as the last build that
        # finished published it (`kept`) and as this one does (`made`); `outputs` holds their texts,
        # so one whose digest is unchanged is not made again. --dirty also leaves its output alone
        # (`unchanged`)
        self.kept: dict[str, bytes] = {}
        self.made: dict[str, bytes] = {}
        self.outputs = cache.OutputStore(None, "", "")
        self.unchanged: set[str] = set()  # this build's library pages and exports MkDocs leaves alone

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        self.dirty = dirty
        self.stat_keys = cache.KeysByStat(self.is_serve)  # a save reads only the files it changed

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        try:
            self.settings = settings_from_options(dict(self.config))
            self.tracker = tracker.tracker_settings(self.config.tracker)
        except SettingsError as exc:
            raise PluginError(str(exc)) from exc
        self.root = Path(config.config_file_path or ".").parent  # the tracker cache is relative to it
        # results are remembered here, by page key (check_all, draw), not by the checker or renderer
        self.checker = Checker(self.settings)
        # serve: the same Jinja environment while the theme's folders stay, so our templates are not
        # compiled again on each save (~0.15 s); Jinja still reloads a template whose file changed
        dirs = tuple(str(d) for d in config.theme.dirs)
        if self.env is None or self.env_dirs != dirs:
            self.env, self.env_dirs = render.environment(config.theme.dirs), dirs
        self.renderer = render.IncidentRenderer(self.env, self.settings)
        self.renderer.draw = self.draw
        self.cache_dir = self.root / cache.FOLDER if self.config.cache else None
        if self.caches.folder != self.cache_dir:  # serve keeps them open between builds otherwise
            self.caches.close()
            self.caches = cache.PageCaches(self.cache_dir)
        # what every kept result is made with: our code, the settings, the templates a theme may override
        templates = render.templates_digest(self.env)
        self.namespace = f"{__version__}:{cache.code_digest()}:{self.settings.fingerprint()}:{templates}"
        # serve keeps the library pages' HTML in memory: the process lives on, and a save writes nothing
        self.outputs = cache.OutputStore(
            None if self.is_serve else self.cache_dir,
            self.namespace,
            str(self.root.resolve()),
            memory=self.outputs.memory,
        )
        self.made_files = cache.MadeFiles(self.cache_dir) if self.cache_dir is not None else None
        # helper processes (ahead.py) leave their work in the cache, for a process's first build:
        # serve's rebuilds run beside the server's threads, and redo only what a save changed
        self.helps = bool(self.config.parallel and self.cache_dir and not self.built and ahead.usable())
        self.internal_token = f"pmint{secrets.token_hex(6)}"  # a word Markdown leaves as it is
        self.slot = f'<div class="pm-slot" id="pm-library-{secrets.token_hex(6)}"></div>'
        if site_pages.CSS_URI not in config.extra_css:  # a site serving several engines lists it itself
            config.extra_css.append(site_pages.CSS_URI)
        # The extension is the route on engines without plugins; here the plugin is: never render twice.
        config.markdown_extensions[:] = [e for e in config.markdown_extensions if e != EXTENSION]
        config.mdx_configs.pop(EXTENSION, None)
        return config

    # ------------------------------------------------------------ files

    def is_postmortem(self, file: File) -> bool:
        prefix = self.settings.folder + "/"
        return file.src_uri.startswith(prefix) and is_postmortem(file.src_uri[len(prefix) :])

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        self.checked = {}
        generated = owned_paths(Path(config.docs_dir))
        for file in [f for f in files if f.src_uri in generated]:
            files.remove(file)  # written by `generate` for another engine: the plugin publishes its own
        publish_drafts = self.is_serve or self.settings.include_drafts
        copies, self.copies = self.copies, {}
        errors = broken = 0
        found_pages = [f for f in files if f.is_documentation_page() and self.is_postmortem(f)]
        results = self.check_all(found_pages)
        for file in found_pages:
            checked = results[file.src_uri]
            for problem in checked.problems:
                # ERROR, not WARNING: `mkdocs build -q` hides warnings from --strict's count
                (log.error if problem.level == "error" else log.info)(str(problem))
            found = sum(p.level == "error" for p in checked.problems)
            errors, broken = errors + found, broken + bool(found)
            pm = checked.postmortem
            if pm is None:
                # MkDocs itself would stop on a page it cannot decode: serve an error page in its place.
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=""))
            elif pm.is_draft and not publish_drafts:
                files.remove(file)  # drafts are previewed, not published
                continue
            elif self.settings.edition == "public" and (
                editions.visibility(pm, self.settings.default_visibility) == "internal"
            ):
                files.remove(file)  # not in the public edition: no page, no search entry, no sitemap
                continue
            else:  # a copy: the checker's cached result is shared across builds; serve keeps the copy
                at = (self.page_keys[file.src_uri], file.url)
                copy = copies.get(at)
                if copy is None:
                    copy = own_copy(checked, file)
                if self.is_serve:
                    self.copies[at] = copy
                checked = copy
            self.checked[file.src_uri] = checked
        if errors and self.config.fail_on_error and not self.is_serve:
            # after every page is checked, so one run lists every problem
            raise PluginError(
                f"postmortems: {errors} error{'s' * (errors != 1)} in {broken} "
                f"postmortem{'s' * (broken != 1)}, listed above (fail_on_error is on)"
            )
        self.add_library(files, config)
        if self.dirty:
            self.drop_stale(files)
        self.start_helper([f for f in found_pages if (c := self.checked.get(f.src_uri)) and c.postmortem])
        # serve remembers every result whole anyway: nothing would be freed. A build lets go of what
        # the library does not show (the exports are made): the front matter, and, where the cache
        # can give it back to a page rendered here (`whole`), its timeline and sections
        self.slim = not self.is_serve and self.caches.usable
        if not self.is_serve:
            for pm in (c.postmortem for c in self.checked.values()):
                if pm is not None:  # our copies
                    pm.meta = {}
                if pm is not None and self.slim:
                    pm.detected, pm.mitigated = pm.detected_at, pm.mitigated_at  # the library's figures
                    pm.timeline, pm.sections = [], []
        return files

    def check_all(self, found: list[File]) -> dict[str, Checked]:
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
        if not self.is_serve:  # serve keeps its connections open between builds (on_post_build)
            self.caches.close()  # a build that failed before on_post_build left them open
        self.caches.open()
        if self.caches.results is not None:
            self.results.update(self.caches.results.get_many(k for k in keys if k not in self.results))
        todo = [file for file in found if self.page_keys[file.src_uri] not in self.results]
        theirs: list[File] = []
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
            self.results = {}  # a one-off build keeps only its copies (on_files)
        return found_results

    def check_page(self, shown: str, file: File) -> Checked:
        checked = self.checker.check(shown, file.content_bytes)
        if checked.postmortem is not None:  # places are read again, texts never: the page's body
            pm = checked.postmortem  # is read again where it is rendered (~9 MB at 1,000)
            pm.body, pm.sections = "", [replace(s, text="") for s in pm.sections]
        return checked

    def check_into_cache(self, files: list[File], shown: dict[str, str]) -> None:
        """In a helper process (ahead.py): check these pages into the cache, where the build reads them."""
        assert self.cache_dir is not None
        with cache.ResultCache(self.cache_dir, "pages") as db:
            for file in files:
                db.put_later(self.page_keys[file.src_uri], self.check_page(shown[file.src_uri], file))

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

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        ahead.finish(self.helper)  # every page is written: what it has not rendered is not needed
        self.helper, self.built = None, True
        self.kept, self.made = self.made, {}  # only a finished build's outputs are on disk
        self.outputs.finish(self.kept)
        if self.made_files is not None:
            self.made_files.prune()
        if not self.dirty:  # (--dirty builds only some pages, and does not know the others' keys)
            self.caches.keep_only(self.page_keys.values(), self.render_used)
        if self.is_serve:  # the next save's build uses them again: opening and closing cost ~5 ms
            self.caches.flush()
        else:
            self.caches.close()

    def on_build_error(self, *, error: Exception) -> None:
        ahead.finish(self.helper)
        self.helper = None
        self.kept, self.made = {}, {}  # what is on disk is unknown: the next build makes everything
        self.outputs.close()
        self.caches.close()

    def start_helper(self, pages: list[File]) -> None:
        """A one-off build of many pages: a second process renders those the cache lacks, ahead."""
        ahead.finish(self.helper)  # a build that failed before on_post_build left it running
        self.helper = None
        if not self.helps or len(pages) < ahead.FROM_PAGES or not self.caches.usable:
            return
        # SQLite connections must not cross a fork: closed here, opened again on each side
        self.caches.close()
        self.outputs.close()
        self.helper = ahead.start(partial(self.render_ahead, pages))
        self.caches.open()
        self.outputs.open()

    def add_library(self, files: Files, config: MkDocsConfig) -> None:
        folder = self.settings.folder
        incidents = [c.postmortem for c in self.checked.values() if c.postmortem is not None]
        self.library = Library(incidents, self.settings, datetime.now(UTC))
        own_index = files.get_file_from_path(f"{folder}/index.md")
        if own_index is not None:
            log.info(f"{folder}/index.md exists: the generated library overview is left out")
        last = self.outputs.open()
        self.kept = self.kept or last  # a fresh process: the last build's, from the cache on disk
        # digests of what each page and export is made from, when there is a previous build to match
        digests = self.is_serve or self.cache_dir is not None
        self.site = site_pages.LibrarySite(
            self.library,
            self.renderer.env,
            site_pages.options_from(folder, dict(self.config)),
            site_url=config.site_url or "",
            site_name=config.site_name,
            use_directory_urls=config.use_directory_urls,
            own_overview=own_index.url if own_index is not None else None,
            digests=digests,
            context=self.nav_context(files, config) if digests else b"",
            record_keys=self.page_keys,
            memo=self.digest_memo if self.is_serve else None,
        )
        self.library_pages = {entry.path: entry for entry in self.site.pages}
        self.made = dict(self.site.digests)  # every page is rendered or, with --dirty, left as it is
        self.unchanged = set()
        for entry in self.site.entries:
            digest = self.site.digests.get(entry.path)
            # MkDocs writes every page anew unless --dirty
            same = self.dirty and digest is not None and self.kept.get(entry.path) == digest
            if same and entry.key == ("actions", "") and self.tracker.enabled:
                same = False  # the queue shows the tracker's status, asked anew each build
            source = None  # a file made into the cache folder, which MkDocs copies: no text held
            if entry.make is not None and digest is not None and self.made_files is not None:
                source = self.made_files.path(entry.path, digest, entry.make)
            file = pages.generated_file(config, entry, self.slot, unchanged=same, source=source)
            if same and not os.path.isfile(file.abs_dest_path):  # deleted since: made again
                file = pages.generated_file(config, entry, self.slot, source=source)
                same = False
            if same:
                self.unchanged.add(entry.path)
            files.append(file)
            self.site.urls[entry.key] = file.url  # MkDocs' own word on where it lives
        if self.tracker.enabled:  # pages render later (on_post_page): the queue then shows the status
            self.site.renderer.tickets = self.ticket_status()

    def library_html(self, entry: site_pages.Published) -> str:
        """A library page's HTML: the last build's where what it lists is unchanged (its digest)."""
        digest = self.site.digests.get(entry.path)
        if self.tracker.enabled and entry.key == ("actions", ""):
            digest = None  # the queue shows the tracker's status, asked anew each build
        html = self.outputs.get(entry.path, digest) if digest is not None else None
        if html is None:
            html = self.site.page_html(entry)
            if digest is not None:
                self.outputs.put(entry.path, digest, html)
        return html

    def nav_context(self, files: Files, config: MkDocsConfig) -> bytes:
        """What a library page shows beyond the library: the site's pages (its sidebar and footer),
        with the postmortems' titles when they are in the sidebar, and the theme's name."""
        titles = [
            (uri, c.postmortem.title if c.postmortem and self.config.nav_postmortems else "")
            for uri, c in self.checked.items()
        ]
        pages = sorted(f.src_uri for f in files.documentation_pages())
        return repr((pages, titles, config.theme.name, config.site_name, config.nav)).encode()

    def drop_stale(self, files: Files) -> None:
        """`--dirty` rebuilds a page only when its source is newer than its output (and generated
        files always). An incident page also shows other incidents (related ones, links to library
        pages) and a block lists the library: where what they show changed, the output is deleted,
        so MkDocs builds the page again. Edits elsewhere leave them alone."""
        stale = set(self.embedding)
        # what every page shows of every incident is unchanged (an edit of an entry's text): so are
        # the links of every page, and there is nothing to compare
        if not self.site.listing or self.site.listing != self.last_listing:
            shown: dict[str, tuple[object, ...]] = {}
            urls = self.site.urls
            for uri, checked in self.checked.items():
                file, pm = files.get_file_from_path(uri), checked.postmortem
                if pm is not None and file is not None:
                    shown[uri] = links_key(site_pages.incident_links(self.library, urls, pm, file.url))
            previous, self.shown_of_others = self.shown_of_others, shown
            stale |= {uri for uri, seen in shown.items() if previous.get(uri, seen) != seen}
        self.last_listing = self.site.listing
        for uri in stale:
            file = files.get_file_from_path(uri)
            if file is not None and file.abs_src_path:
                with contextlib.suppress(OSError):
                    os.remove(file.abs_dest_path)

    def ticket_status(self) -> tracker.Snapshot:
        """Tracker status of the open items' tickets; failures are notes, never a failed build."""
        tickets = [entry.item.ticket for entry in self.library.open_items()]
        shot = tracker.snapshot(tickets, self.tracker, self.root)
        for note in shot.notes:  # INFO: an offline tracker must not fail `--strict`
            log.info(f"tracker: {note}")
        log.debug(f"tracker: {shot.asked} request(s), {shot.answered} answered")
        return shot

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        for path in self.unchanged:  # MkDocs does not read them: give the sidebar their titles
            entry, file = self.library_pages.get(path), files.get_file_from_path(path)
            if entry is not None and entry.spec is not None and file is not None and file.page is not None:
                file.page.markdown = ""
                file.page.meta = {"title": html.escape(entry.spec.title)}
        if self.config.enabled and self.library_pages:
            pages.library_nav(
                nav,
                files,
                self.settings.folder,
                [entry.spec for entry in self.library_pages.values() if entry.spec is not None],
                self.config.nav_postmortems,
            )
        return nav

    # ------------------------------------------------------------ pages

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        uri = page.file.src_uri
        if uri in self.library_pages:
            spec = self.library_pages[uri].spec
            page.meta["title"] = html.escape(spec.title if spec else page.file.name)
            return markdown
        if self.settings.edition == "public":
            page.meta.pop(editions.INTERNAL_KEY, None)  # internal-only front matter, on any page
        checked = self.checked.get(uri)
        if checked is None:
            return self.embed(markdown, page)
        pm = checked.postmortem
        decorated = self.decorated[uri] = self.render_page(page.file, checked, page.url)
        if pm is None:
            page.meta["title"] = html.escape(page.file.name)
            return decorated.markdown
        # MkDocs and themes print titles into nav and <title> unescaped: hand them escaped text.
        page.meta["title"] = html.escape(pm.title or page.file.name)
        # mkdocs-material shows `status` as a nav badge: keep it only for the draft marker.
        page.meta.pop("status", None)
        if pm.is_draft:
            page.meta["status"] = "draft"
        page.meta["tags"] = [t for t in (pm.severity, *pm.services, *pm.tags) if t]
        return self.embed(decorated.markdown, page)

    def render_page(self, file: File, checked: Checked, url: str, kept: bool = True) -> render.Decorated:
        """The page's Markdown with its slots: as an earlier build (or the helper rendering ahead)
        rendered it from the same page, links and templates (its HTML read when the page is
        written), or rendered now (`kept` False: rendered now, whatever the cache holds)."""
        pm = checked.postmortem
        show = (
            pm is None
            or self.config.show_problems == "always"
            or (self.config.show_problems == "serve" and self.is_serve)
        )
        links = (
            site_pages.incident_links(self.library, self.site.urls, pm, url)
            if pm is not None
            else render.Links()
        )
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
            self.render_keys[file.src_uri] = k  # kept when the page is written, whole (on_post_page)
        checked = self.whole(file, checked)
        pm = checked.postmortem
        if pm is not None:  # our own copy (see on_files): its body is read for this page alone
            pm.body = self.checker.body(file.content_bytes)
        decorated = self.renderer.decorate(checked, links, show_problems=show)
        if pm is not None:  # the library needs its fields, not its text
            pm.body = ""
        return decorated

    def whole(self, file: File, checked: Checked) -> Checked:
        """A page's result with its timeline and sections, which a build lets go of after on_files
        (`slim`): read again from the cache, or, failing that, checked again."""
        if not self.slim or checked.postmortem is None:
            return checked
        k = self.page_keys.get(file.src_uri)
        found = self.caches.results.get(k) if self.caches.results is not None and k is not None else None
        if not (isinstance(found, Checked) and found.postmortem is not None):
            found = self.check_page(shown_name(file, os.getcwd()), file)
        if found.postmortem is None:
            return checked
        whole = own_copy(found, file)
        assert whole.postmortem is not None
        whole.postmortem.meta = {}  # as our copies' (on_files)
        return whole

    def rendered_html(self, k: bytes, file: File, checked: Checked, url: str) -> dict[str, str]:
        """A kept page's slots' HTML; rendered again if the cache lost it since its Markdown was read
        (slots are named alike in every rendering)."""
        found = self.caches.rendered.get_html(k) if self.caches.rendered is not None else None
        if found is None:
            found = self.render_page(file, checked, url, kept=False).filled()
        return found

    def render_ahead(self, files: list[File]) -> None:
        """In the helper process (ahead.py): render into the cache, last page first, every incident
        page the cache does not have yet (the build meets it in the middle), then the library's
        pages, which the build writes last."""
        self.caches.open()  # this process's own connections
        for n, file in enumerate(reversed(files)):
            decorated = self.render_page(file, self.checked[file.src_uri], file.url)
            k = self.render_keys.pop(file.src_uri, None)
            if k is not None and self.caches.rendered is not None:  # not in the cache yet
                self.caches.rendered.put(k, decorated.nonce, decorated.markdown, decorated.filled())
                if n % 4 == 3:
                    self.caches.rendered.flush()  # seen by the build a few pages at a time
        self.caches.close()
        self.outputs.open()
        if self.outputs.db is not None:  # (serve keeps the library's pages in its own memory)
            for entry in self.library_pages.values():
                self.library_html(entry)
                self.outputs.flush()
        self.outputs.close()

    def embed(self, markdown: str, page: Page) -> str:
        """Any page's last step: internal-only text per edition (editions.py), then the blocks
        listing a service's, team's or tag's incidents (embed.py)."""
        if not self.config.enabled:
            return markdown
        # internal-only text: blanked in the public edition, marked for its box in the internal one
        if self.settings.edition == "public":
            markdown = editions.redact(markdown)
        else:
            markdown = editions.mark(markdown, self.internal_token)
        if "postmortems" not in markdown:
            return markdown
        path = os.path.relpath(page.file.abs_src_path) if page.file.abs_src_path else page.file.src_uri
        out, problems = embed.replace_blocks(
            markdown, self.library, page.url, self.site.urls, path, self.config.ticket_url
        )
        for problem in problems:  # WARNING, as MkDocs does for a broken link: --strict fails on it
            log.warning(str(problem))
        if out != markdown:
            self.embedding.add(page.file.src_uri)  # rebuilt on every --dirty build (drop_stale)
        return out

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # before search indexes the page: the box's label and text are indexed in the internal edition
        if not self.config.enabled:
            return html
        decorated = self.decorated.get(page.file.src_uri)
        if decorated is not None:  # entry numbers' words become empty slots (render.Decorated)
            html = decorated.place_words(html)
        return editions.unmark(html, self.internal_token)

    @event_priority(100)  # first: a minifier later may drop the slots' comments or requote the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # Filled last, after search has indexed the page: the lead line and titles are indexed,
        # tables of hundreds of incidents (each indexed on its own page) are not.
        entry = self.library_pages.get(page.file.src_uri)
        if entry is not None:
            return output.replace(self.slot, self.library_html(entry), 1)
        decorated = self.decorated.pop(page.file.src_uri, None)
        if decorated is None:
            return output
        k = self.render_keys.pop(page.file.src_uri, None)
        # the helper rendering ahead has most likely done this page since its Markdown was read: its
        # slots are named as ours are, so only the drawing and the card are left to do, or none
        rendered = self.caches.rendered
        filled = rendered.get_html(k) if k is not None and rendered and self.helper else None
        if filled is None:
            filled = decorated.filled()
            if k is not None and rendered is not None:
                rendered.put(k, decorated.nonce, decorated.markdown, filled)
        return decorated.apply(output, filled)


def own_copy(checked: Checked, file: File) -> Checked:
    """Our copy of a result, for this page: the checker's and the cache's are shared across builds."""
    assert checked.postmortem is not None
    return Checked(replace(checked.postmortem, url=file.url, source=file.src_uri), checked.problems)


def shown_name(file: File, cwd: str) -> str:
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
