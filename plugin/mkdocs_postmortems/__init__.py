"""mkdocs-postmortems: incident postmortems as docs-as-code."""

__version__ = "0.1.0"
