"""Safe, unique URL slugs for service, severity and tag pages.

A slug never contains a path separator or dot-segment, is never empty and never
a Windows device name, and two names that slug alike get distinct slugs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    if not slug:
        return f"x-{digest}"  # names of only symbols or non-Latin script
    if slug in _RESERVED:
        return f"{slug}-{digest}"
    return slug


def unique_slugs(names: list[str]) -> dict[str, str]:
    """name -> slug, deterministic whatever the order of `names`; clashes get a digest suffix."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(slugify(name), []).append(name)
    out: dict[str, str] = {}
    for slug, group in by_slug.items():
        if len(group) == 1:
            out[group[0]] = slug
        else:
            for name in group:
                out[name] = f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"
    return out
