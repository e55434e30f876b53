"""The MkDocs adapter: thin hooks wiring MkDocs events to the core.

Parsing, validation, drawing and statistics live in plain modules that never
import MkDocs; this file only finds the postmortem files, hands their bytes to
the checker, logs the problems, and places what the core renders into pages.
"""

from __future__ import annotations

import contextlib
import html
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
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
from .incident_pages import IncidentPages, is_text, links_key, own_copy
from .library import Library
from .settings import Settings, SettingsError, is_postmortem, settings_from_options

log = get_plugin_logger(__name__)
EXTENSION = "mkdocs_postmortems.extension"


class PostmortemsPlugin(BasePlugin[PostmortemsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.settings = Settings()
        self.checked: dict[str, Checked] = {}  # src_uri -> our copy of its result, for this build
        self.decorated: dict[str, render.Decorated] = {}
        self.library_pages: dict[str, site_pages.Published] = {}
        self.incidents = IncidentPages()  # checked, drawn and rendered once per content (on_startup)
        self.copies: dict[tuple[bytes, str], Checked] = {}  # serve: our copy of each result, by key and URL
        self.built = False  # a build finished in this process (serve's rebuilds come after)
        self.dirty = False  # `mkdocs serve --dirty` / `build --dirty`: see drop_stale
        self.shown_of_others: dict[str, tuple[object, ...]] = {}  # src_uri -> links_key, last build
        self.last_listing = b""  # LibrarySite.listing of the last build: unchanged, so are all links
        self.digest_memo: site_pages.DigestMemo = {}  # incidents' digests, kept between builds
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
        # exports the helper makes first (ahead.py), in the cache folder MkDocs copies them from:
        # (where, how, their file), made in on_env if it has not (it failed)
        self.exports_ahead: list[tuple[Path, Callable[[], str], File]] = []
        # serve's first build: where the helper leaves the library's pages (serve's own are in memory)
        self.helper_outputs: cache.OutputStore | None = None

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"
        self.dirty = dirty
        self.incidents = IncidentPages(self.is_serve)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        try:
            self.settings = settings_from_options(dict(self.config))
            self.tracker = tracker.tracker_settings(self.config.tracker)
        except SettingsError as exc:
            raise PluginError(str(exc)) from exc
        self.root = Path(config.config_file_path or ".").parent  # the tracker cache is relative to it
        self.checker = Checker(self.settings)
        # serve: the same Jinja environment while the theme's folders stay, so our templates are not
        # compiled again on each save (~0.15 s); Jinja still reloads a template whose file changed
        dirs = tuple(str(d) for d in config.theme.dirs)
        if self.env is None or self.env_dirs != dirs:
            self.env, self.env_dirs = render.environment(config.theme.dirs), dirs
        self.renderer = render.IncidentRenderer(self.env, self.settings)
        self.cache_dir = self.root / cache.FOLDER if self.config.cache else None
        # what every kept result is made with: our code, the settings, the templates a theme may override
        templates = render.templates_digest(self.env)
        self.namespace = f"{__version__}:{cache.code_digest()}:{self.settings.fingerprint()}:{templates}"
        # helper processes (ahead.py) leave their work in the cache, for a process's first build:
        # serve's rebuilds run beside the server's threads, and redo only what a save changed
        self.incidents.configure(
            self.checker,
            self.renderer,
            self.namespace,
            self.cache_dir,
            helps=bool(self.config.parallel and self.cache_dir and not self.built and ahead.usable()),
            show_problems=self.config.show_problems,
        )
        # serve keeps the library pages' HTML in memory: the process lives on, and a save writes nothing
        self.outputs = cache.OutputStore(
            None if self.is_serve else self.cache_dir,
            self.namespace,
            str(self.root.resolve()),
            memory=self.outputs.memory,
        )
        self.made_files = cache.MadeFiles(self.cache_dir) if self.cache_dir is not None else None
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
        results = self.incidents.check_all(found_pages)
        for file in found_pages:
            checked = results[file.src_uri]
            for problem in checked.problems:
                # ERROR, not WARNING: `mkdocs build -q` hides warnings from --strict's count
                (log.error if problem.level == "error" else log.info)(str(problem))
            found = sum(p.level == "error" for p in checked.problems)
            errors, broken = errors + found, broken + bool(found)
            pm = checked.postmortem
            if pm is None:
                # MkDocs itself would stop on a page it cannot decode: the page is served in its place,
                # its problems above its text (on_page_markdown) where it is text, so nothing is lost
                files.remove(file)
                data = file.content_bytes
                text = data.decode("utf-8") if is_text(data) else ""
                files.append(File.generated(config, file.src_uri, content=text))
            elif pm.is_draft and not publish_drafts:
                files.remove(file)  # drafts are previewed, not published
                continue
            elif self.settings.edition == "public" and (
                editions.visibility(pm, self.settings.default_visibility) == "internal"
            ):
                files.remove(file)  # not in the public edition: no page, no search entry, no sitemap
                continue
            else:  # a copy: the checker's cached result is shared across builds; serve keeps the copy
                at = (self.incidents.page_keys[file.src_uri], file.url)
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
        pending = [(f, c) for f in found_pages if (c := self.checked.get(f.src_uri)) and c.postmortem]
        helped = self.incidents.can_help(len(pending))
        self.add_library(files, config, helped=helped)
        if self.dirty:
            self.drop_stale(files)
        # serve keeps the library's pages in its memory: the helper's reach it through the cache folder
        self.helper_outputs = None
        if helped and self.is_serve and self.cache_dir is not None:
            self.helper_outputs = cache.OutputStore(self.cache_dir, self.namespace, str(self.root.resolve()))
        self.incidents.start_helper(
            pending, first=self.make_exports, then=self.library_ahead, also=[self.outputs]
        )
        if self.incidents.helper is None:
            self.helper_outputs = None
        # the library holds our copies: what it does not show is let go (the exports show it all: they
        # are made, or the helper makes them from its own copies)
        self.incidents.let_go(c.postmortem for c in self.checked.values() if c.postmortem is not None)
        return files

    def make_exports(self) -> None:
        """The exports left to the helper (add_library), made in the cache folder."""
        for where, make, _ in self.exports_ahead:
            cache.MadeFiles.ensure(where, make)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        # MkDocs copies the exports next: those the helper has not made (it failed) are made here
        missing = [(where, make, file) for where, make, file in self.exports_ahead if not where.is_file()]
        self.exports_ahead = []
        if missing:
            self.incidents.restore(
                (file, c.postmortem)
                for uri, c in self.checked.items()
                if c.postmortem is not None and (file := files.get_file_from_path(uri)) is not None
            )
        for where, make, file in missing:
            if not cache.MadeFiles.ensure(where, make):
                file.content_string = make()  # the cache folder cannot be written: the text is held
        return env

    def library_ahead(self) -> None:
        """In the helper process, after the incident pages: the library's pages, which the build
        writes last, into the cache (where serve's build reads them into its memory)."""
        if self.helper_outputs is not None:
            self.outputs = self.helper_outputs
        self.outputs.open()
        if self.outputs.db is not None:
            for entry in self.library_pages.values():
                self.library_html(entry)
                self.outputs.flush()
        self.outputs.close()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # (--dirty builds only some pages, and does not know the others' keys)
        self.incidents.finish(complete=not self.dirty)
        self.built = True
        self.kept, self.made = self.made, {}  # only a finished build's outputs are on disk
        self.outputs.finish(self.kept, self.digest_memo)
        self.drop_helper_outputs()
        if self.made_files is not None:
            self.made_files.prune()

    def on_build_error(self, *, error: Exception) -> None:
        self.incidents.abandon()
        self.drop_helper_outputs()
        self.exports_ahead = []
        self.kept, self.made = {}, {}  # what is on disk is unknown: the next build makes everything
        self.outputs.close()

    def drop_helper_outputs(self) -> None:
        """A build ended: the helper's library pages are in serve's memory, or not needed."""
        if self.helper_outputs is not None:
            self.helper_outputs.close()
            self.helper_outputs = None

    def add_library(self, files: Files, config: MkDocsConfig, helped: bool = False) -> None:
        """The library's pages and exports into `files`; with a helper process (`helped`), the exports
        not in the cache folder are left to it (make_exports)."""
        folder = self.settings.folder
        incidents = [c.postmortem for c in self.checked.values() if c.postmortem is not None]
        self.library = Library(incidents, self.settings, datetime.now(UTC))
        own_index = files.get_file_from_path(f"{folder}/index.md")
        if own_index is not None:
            log.info(f"{folder}/index.md exists: the generated library overview is left out")
        last = self.outputs.open()
        self.kept = self.kept or last  # a fresh process: the last build's, from the cache on disk
        if not self.is_serve:  # (serve keeps its own between builds) the last build's, if kept
            self.digest_memo = self.outputs.digest_memo()
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
            record_keys=self.incidents.page_keys,
            memo=self.digest_memo,
        )
        self.library_pages = {entry.path: entry for entry in self.site.pages}
        self.incidents.links = partial(site_pages.incident_links, self.library, self.site.urls)
        self.made = dict(self.site.digests)  # every page is rendered or, with --dirty, left as it is
        self.unchanged = set()
        for entry in self.site.entries:
            digest = self.site.digests.get(entry.path)
            # MkDocs writes every page anew unless --dirty
            same = self.dirty and digest is not None and self.kept.get(entry.path) == digest
            if same and entry.key == ("actions", "") and self.tracker.enabled:
                same = False  # the queue shows the tracker's status, asked anew each build
            source = where = None  # a file made into the cache folder, which MkDocs copies: no text held
            if entry.make is not None and digest is not None and self.made_files is not None:
                if helped:  # MkDocs copies it after converting every page's Markdown (on_env)
                    where = self.made_files.target(entry.path, digest)
                    source = str(where)
                else:
                    source = self.made_files.path(entry.path, digest, entry.make)
            file = pages.generated_file(config, entry, self.slot, unchanged=same, source=source)
            if same and not os.path.isfile(file.abs_dest_path):  # deleted since: made again
                file = pages.generated_file(config, entry, self.slot, source=source)
                same = False
            if where is not None and entry.make is not None and not where.is_file():
                self.exports_ahead.append((where, entry.make, file))
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
        if html is None and digest is not None and self.helper_outputs is not None:
            if self.helper_outputs.db is None:  # (opened after the fork, here)
                self.helper_outputs.open()
            html = self.helper_outputs.get(entry.path, digest)  # the helper's, in serve
            if html is not None:
                self.outputs.put(entry.path, digest, html)
        if html is None:
            # ASCII: the largest pages (action items, ~7 MB at 3,000) held at one byte a character
            html = site_pages.ascii_html(self.site.page_html(entry))
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
        decorated = self.decorated[uri] = self.incidents.render_page(page.file, checked, page.url)
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
        return decorated.apply(output, self.incidents.filled_html(page.file.src_uri, decorated))
