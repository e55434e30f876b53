"""The MkDocs adapter: thin hooks wiring MkDocs events to the core.

Parsing, validation, drawing and statistics live in plain modules that never
import MkDocs; this file only finds the postmortem files, hands their bytes to
the checker, logs the problems, and places the rendered pieces into pages.
"""

from __future__ import annotations

import html
import os
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import render
from .checker import Checked, Checker
from .config import PostmortemsConfig
from .settings import Settings, is_postmortem, settings_from_options

log = get_plugin_logger(__name__)

CSS_URI = "assets/postmortems/postmortems.css"


class PostmortemsPlugin(BasePlugin[PostmortemsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.settings = Settings()
        self.checked: dict[str, Checked] = {}  # src_uri -> result, for this build
        self.decorated: dict[str, render.Decorated] = {}

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.settings = settings_from_options(dict(self.config))
        self.checker = Checker(self.settings)
        self.renderer = render.IncidentRenderer(render.environment(config.theme.dirs), self.settings)
        config.extra_css.append(CSS_URI)
        return config

    def is_postmortem(self, file: File) -> bool:
        prefix = self.settings.folder + "/"
        return file.src_uri.startswith(prefix) and is_postmortem(file.src_uri[len(prefix) :])

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        self.checked = {}
        for file in list(files):
            if not (file.is_documentation_page() and self.is_postmortem(file)):
                continue
            shown = os.path.relpath(file.abs_src_path) if file.abs_src_path else file.src_uri
            checked = self.checker.check(shown, file.content_bytes)
            self.checked[file.src_uri] = checked
            for problem in checked.problems:
                (log.warning if problem.level == "error" else log.info)(str(problem))
            pm = checked.postmortem
            if pm is None:
                # MkDocs itself would stop on a page it cannot decode: serve an error page in its place.
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=""))
            elif pm.is_draft and not (self.is_serve or self.settings.include_drafts):
                files.remove(file)  # drafts are previewed, not published
                del self.checked[file.src_uri]
        files.append(File.generated(config, CSS_URI, abs_src_path=str(render.ASSETS / "postmortems.css")))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        checked = self.checked.get(page.file.src_uri)
        if checked is None:
            return markdown
        pm = checked.postmortem
        show = pm is None or self.config.show_problems == "always" or (
            self.config.show_problems == "serve" and self.is_serve
        )
        decorated = self.renderer.decorate(checked, render.Links(), show_problems=show)
        self.decorated[page.file.src_uri] = decorated
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
        return decorated.markdown

    def on_page_content(self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        decorated = self.decorated.pop(page.file.src_uri, None)
        return decorated.apply(html_text) if decorated else html_text

    def relative(self, url: str, page: Page) -> str:
        return get_relative_url(url, page.url)
