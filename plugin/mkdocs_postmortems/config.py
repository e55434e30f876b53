"""Typed plugin options, as MkDocs validates them from `mkdocs.yml`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from .settings import REQUIRED_SECTIONS


class SeverityConfig(Config):
    id = c.Type(str)
    label = c.Optional(c.Type(str))  # default: the id
    color = c.Type(str, default="#555555")
    order = c.Optional(c.Type(int))


class PostmortemsConfig(Config):
    enabled = c.Type(bool, default=True)
    # keep parse results and drawings in .cache/mkdocs-postmortems/ beside mkdocs.yml between builds
    cache = c.Type(bool, default=True)
    # a cold build of many pages checks and renders some of them in a second process (ahead.py)
    parallel = c.Type(bool, default=True)

    # Where postmortems live, below docs_dir
    folder = c.Type(str, default="postmortems")

    # The contract the pages are checked against
    severities = c.ListOfItems(c.SubConfig(SeverityConfig), default=[])  # empty: SEV1 to SEV4
    # a service catalog (names, or mappings with name, team, tier, docs); empty: any name
    services = c.ListOfItems(c.Type((str, dict)), default=[])
    required_sections = c.ListOfItems(c.Type(str), default=list(REQUIRED_SECTIONS))
    section_aliases = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})  # added to the built-in words
    required_sections_by_severity = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})
    timezone = c.Type(str, default="UTC")

    # One source, two editions: `public` leaves internal pages and text out of everything
    default_visibility = c.Choice(["internal", "public"], default="internal")
    edition = c.Choice(["internal", "public"], default="internal")
    # ticket status from GitHub, GitLab or Jira for the action-items queue (tracker.py); empty: off
    tracker = c.Type(dict, default={})

    # Publishing
    include_drafts = c.Type(bool, default=False)
    show_problems = c.Choice(["serve", "always", "never"], default="serve")
    fail_on_error = c.Type(bool, default=False)  # stop `mkdocs build` on errors, even without --strict

    # The library's pages
    nav_postmortems = c.Type(bool, default=False)  # list every postmortem in the sidebar (O(N²) builds)
    year_pages = c.Type(bool, default=False)
    tag_pages = c.Type(bool, default=False)
    ticket_url = c.Optional(c.Type(str))  # a tracker link for ticket ids, with {ticket} in it
    stale_after_days = c.Type(int, default=14)  # the health page lists drafts and reviews older than this
