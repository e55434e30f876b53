"""Every rule the validator applies: its id, level and what it checks.

The ids are what users see in brackets after each problem and what the docs
list; tests check that both stay complete.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Level


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: Level
    summary: str


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "encoding",
            "error",
            "The file is UTF-8 text (a byte-order mark is a warning; NUL bytes mean binary).",
        ),
        Rule("empty", "error", "The file is not empty."),
        Rule("front-matter", "error", "The page starts with a closed `---` YAML block holding a mapping."),
        Rule("yaml", "error", "The front matter is valid YAML, not an alias bomb, not nested absurdly deep."),
        Rule(
            "duplicate-key",
            "error",
            "No front matter key is given twice (YAML would silently keep the last).",
        ),
        Rule(
            "unknown-key",
            "warning",
            "A key a small typo away from a known one (`servics`) is probably that one.",
        ),
        Rule(
            "required", "error", "started, severity, services, impact, and ended (unless ongoing) are given."
        ),
        Rule(
            "title",
            "error",
            "A title is given in front matter or as the first `# H1`, as plain text (no HTML).",
        ),
        Rule("started", "error", "`started` is an ISO 8601 date-time."),
        Rule("ended", "error", "`ended` is an ISO 8601 date-time."),
        Rule("detected", "error", "`detected` is an ISO 8601 date-time."),
        Rule("mitigated", "error", "`mitigated` is an ISO 8601 date-time."),
        Rule("time-order", "error", "started <= detected <= mitigated <= ended."),
        Rule("date", "error", "`date`, when given, is a real date (another day is a publication date)."),
        Rule("timezone", "error", "`timezone` is an IANA time zone name."),
        Rule("severity", "error", "`severity` is one of the configured level ids."),
        Rule(
            "services", "error", "`services` is a non-empty list of names, from the catalog when one is set."
        ),
        Rule("impact", "error", "`impact` is one non-empty line of text."),
        Rule(
            "affected-users",
            "error",
            "`affected_users` is a number, a percentage string, or text with a number (`312 accounts`).",
        ),
        Rule("status", "error", "`status` is draft, review, final or ongoing."),
        Rule("visibility", "error", "`visibility` is internal or public."),
        Rule("authors", "error", "`authors` is a list of names."),
        Rule("tags", "error", "`tags` is a list of strings."),
        Rule("timeline", "error", "Front-matter `timeline` entries have a valid `at` and an `event`."),
        Rule(
            "action-items",
            "error",
            "Front-matter `action_items` have a `task`, and valid status and due date.",
        ),
        Rule(
            "section-missing",
            "error",
            "Every required section is present (headings or bold markers, aliases).",
        ),
        Rule("timeline-stamp", "error", "Timeline stamps are real times (no 25:70, no 13:00 PM)."),
        Rule(
            "timeline-order",
            "warning",
            "Timeline entries are in time order; only a step past midnight goes back "
            "(real documents have the odd step back: a warning on that line, not an error).",
        ),
        Rule(
            "timeline-vague",
            "warning",
            "A timeline table row whose time cannot be read is kept, with an unknown time.",
        ),
        Rule(
            "timeline-zone",
            "warning",
            "A zone abbreviation agrees with daylight saving on its date (`PST` in July is read as PDT).",
        ),
        Rule(
            "yaml-comment",
            "warning",
            "An unquoted value is not cut short by a ` #` that YAML reads as a comment.",
        ),
        Rule("timeline-empty", "warning", "The Timeline section has at least one time-stamped entry."),
        Rule("template-text", "warning", "No prompt text from the `new` template is left in a section."),
        Rule(
            "internal-link",
            "warning",
            "A public postmortem links to no internal one (the public edition leaves it out: the link "
            "would break).",
        ),
        Rule(
            "embed",
            "warning",
            "A `<!-- postmortems service=... -->` block names a known service, team or tag, "
            "with valid options (limit, sort, show).",
        ),
        Rule(
            "bidi",
            "warning",
            "No bidirectional control characters (U+202A-U+202E, U+2066-U+2069), which can make text "
            "display differently from what it is; they are left out of the published pages.",
        ),
    )
}


def level_of(rule_id: str) -> Level:
    return RULES[rule_id].level
