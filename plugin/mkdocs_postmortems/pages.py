"""MkDocs side of the library: generated files, and the sidebar that browses by library page.

Generated pages carry an empty slot element that `on_post_page` fills with
the rendered HTML, so nothing the library draws passes through Markdown.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from . import site_pages
from .site_pages import PageSpec, Published


class UnchangedFile(File):
    """A generated file whose output from the last build is still right: `--dirty` builds skip
    files that are not modified, where MkDocs takes every generated file as modified."""

    def is_modified(self) -> bool:
        return False


def generated_file(
    config: MkDocsConfig, entry: Published, slot: str, unchanged: bool = False, source: str | None = None
) -> File:
    """The MkDocs file of one published entry; a page gets `slot` where its HTML goes. A file
    already written to `source` is copied from there (no text held), else made now."""
    kind = UnchangedFile if unchanged else File
    if source is not None:
        return kind.generated(config, entry.path, abs_src_path=source)
    if entry.spec is not None:
        return kind.generated(
            config, entry.path, content=site_pages.page_markdown(entry.spec, entry.lead, slot)
        )
    assert entry.make is not None, entry
    return kind.generated(config, entry.path, content=entry.make())


def library_nav(
    nav: Navigation, files: Files, folder: str, specs: list[PageSpec], list_postmortems: bool
) -> None:
    """Make the postmortems section of an auto-built nav list the library pages.

    Individual postmortems stay out of the sidebar unless `list_postmortems`: a
    sidebar listing N pages rendered into each of N pages makes a build O(N²).
    """
    section = _find_section(nav.items, folder + "/")
    if section is None:
        return  # an explicit nav without the folder: the site decides
    pages = {uri: files.get_file_from_path(uri) for uri in [f"{folder}/index.md", *(s.uri for s in specs)]}

    def page(uri: str) -> Page | None:
        file = pages.get(uri)
        return file.page if file is not None and isinstance(file.page, Page) else None

    def subsection(title: str, kind: str) -> Section | None:
        children = [p for s in specs if s.kind == kind and (p := page(s.uri)) is not None]
        return Section(title, children) if children else None

    # the generated overview, or the site's own postmortems/index.md when it wrote one
    overview = page(next((s.uri for s in specs if s.kind == "overview"), f"{folder}/index.md"))
    children: list = [overview] if overview else []
    # One page per severity, but one index of services: a sidebar entry is rendered into every
    # page of the site, and a company has a few severities but hundreds of services.
    for title, kind in (("By severity", "severity"), ("By year", "year"), ("By tag", "tag")):
        if (sub := subsection(title, kind)) is not None:
            children.append(sub)
    # the indexes and reports: one entry each (team and service pages are reached from their index)
    for kind in ("trends", "services", "teams", "actions", "health"):
        if (found := next((page(s.uri) for s in specs if s.kind == kind), None)) is not None:
            children.append(found)
    generated = {s.uri for s in specs}
    others = [item for item in section.children if not {p.file.src_uri for p in _pages([item])} <= generated]
    if list_postmortems:
        children.append(Section("All postmortems", others))
    hidden = [item for item in others if isinstance(item, Page)]
    section.children = children
    _link_parents(section)
    for item in hidden:
        item.parent = section  # breadcrumbs still lead to the library
    nav.pages = [p for p in _pages(nav.items)]
    for previous, current in zip([None, *nav.pages], nav.pages, strict=False):
        current.previous_page = previous
        if previous is not None:
            previous.next_page = current
    if nav.pages:
        nav.pages[-1].next_page = None


def _find_section(items: list, prefix: str) -> Section | None:
    for item in items:
        if isinstance(item, Section):
            pages = [c for c in item.children if isinstance(c, Page)]
            if pages and all(p.file.src_uri.startswith(prefix) for p in pages):
                return item
            found = _find_section(item.children, prefix)
            if found is not None:
                return found
    return None


def _link_parents(section: Section) -> None:
    for child in section.children:
        child.parent = section
        if isinstance(child, Section):
            _link_parents(child)


def _pages(items: list) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        elif isinstance(item, Section):
            out += _pages(item.children)
    return out
