"""Time stamps as people write them: a small grammar of parts that combine.

A stamp is a run of parts at the start of a text: an approximation marker
(`~`, `around`), a weekday, a date (`2023-12-03`, `Oct 30th`, `30 October 2021`,
`10/30`), a clock time (`14:51`, `4:49 PM`, `5pm`, `1430Z`), a zone (`UTC`,
`+02:00`, `PST`, `Eastern`, `GMT+1`) or an unknown-time marker (`--:--`, `???`),
in any order, with commas, brackets and `at`/`on` between them. What follows
the stamp (after an optional `:`, `-`, `–`, `—`) is the event.

The stamp is not yet placed in time: a date may lack its year, a clock time its
date, a numeric date may be month/day or day/month. `entries.py` resolves them
with the date and zone the document gives around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

# month names: English, and those of the languages postmortems here are written in — German, French,
# Spanish, Portuguese, Italian, Dutch, Indonesian, Norwegian/Danish/Swedish, Polish (genitive, as dates
# write it: `2 marca 2024`) and Turkish. Abbreviations that are words next to a number elsewhere are left
# out: `out` (of 3), `set`, `ago`, `gen` (2), `des` (serveurs)
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("jan", "january", "januar", "jänner", "janvier", "janv", "enero", "ene", "janeiro", "gennaio", "januari",
     "styczeń", "stycznia", "ocak"),
    ("feb", "february", "februar", "février", "fevrier", "févr", "fevr", "febrero", "fevereiro", "fev",
     "febbraio", "februari", "luty", "lutego", "şubat", "subat"),
    ("mar", "march", "märz", "maerz", "mrz", "mars", "marzo", "março", "maart", "mrt", "maret", "marca",
     "mart"),
    ("apr", "april", "avril", "avr", "abril", "abr", "aprile", "kwiecień", "kwietnia", "nisan"),
    ("may", "mai", "mayo", "maio", "maggio", "mei", "maj", "maja", "mayıs", "mayis"),
    ("jun", "june", "juni", "juin", "junio", "junho", "giugno", "czerwiec", "czerwca", "haziran"),
    ("jul", "july", "juli", "juillet", "juil", "julio", "julho", "luglio", "lipiec", "lipca", "temmuz"),
    ("aug", "august", "août", "aout", "agosto", "augustus", "agustus", "agu", "agt", "sierpień", "sierpnia",
     "ağustos", "agustos"),
    ("sep", "sept", "september", "septembre", "septiembre", "setiembre", "setembro", "settembre",
     "wrzesień", "września", "eylül", "eylul"),
    ("oct", "october", "oktober", "okt", "octobre", "octubre", "outubro", "ottobre", "październik",
     "października", "ekim"),
    ("nov", "november", "novembre", "noviembre", "novembro", "listopad", "listopada", "kasım", "kasim"),
    ("dec", "december", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dezembro",
     "dicembre", "desember", "grudzień", "grudnia", "aralık", "aralik"),
)  # fmt: skip
MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names}


def _trie(words: list[str]) -> str:
    """An alternation of `words` as a trie (`j(?:an(?:uary)?|u…)`): the grammar tries the month at many
    places of every line, and a flat alternation of 150 names costs a try of each."""
    if words == [""]:
        return ""
    firsts: dict[str, list[str]] = {}
    for word in words:
        if word:
            firsts.setdefault(word[0], []).append(word[1:])
    branches = [
        re.escape(c) + _trie(sorted(tails, key=len, reverse=True)) for c, tails in sorted(firsts.items())
    ]
    optional = "" in words
    if len(branches) == 1 and not optional:
        return branches[0]
    return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")


_MONTH = _trie(sorted(MONTHS, key=len, reverse=True)) + r"\.?"
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
# a part of the day, also in the languages whose writers the corpus has: Russian (`10-01 вечер`),
# German, French, Spanish
_PART_OF_DAY = (
    "morning|afternoon|evening|night"
    "|утр(?:о|ом)|дн(?:ём|ем)|вечер(?:ом)?|ноч(?:ь|ью)|vormittag|nachmittag|abend|nachts?"
    "|matin(?:ée)?|soir(?:ée)?|nuit|madrugada|noche"
)

# Zone abbreviations and words -> (region whose clock they mean, daylight saving or not, None: either).
# People write `PST` all year to mean Pacific time: the region's clock on the day is what counts.
ZONE_WORDS: dict[str, tuple[str, bool | None]] = {
    "PST": ("America/Los_Angeles", False),
    "PDT": ("America/Los_Angeles", True),
    "PT": ("America/Los_Angeles", None),
    "PACIFIC": ("America/Los_Angeles", None),
    "MST": ("America/Denver", False),
    "MDT": ("America/Denver", True),
    "MT": ("America/Denver", None),
    "MOUNTAIN": ("America/Denver", None),
    "CST": ("America/Chicago", False),
    "CDT": ("America/Chicago", True),
    "CT": ("America/Chicago", None),
    "CENTRAL": ("America/Chicago", None),
    "EST": ("America/New_York", False),
    "EDT": ("America/New_York", True),
    "ET": ("America/New_York", None),
    "EASTERN": ("America/New_York", None),
    "AKST": ("America/Anchorage", False),
    "AKDT": ("America/Anchorage", True),
    "HST": ("Pacific/Honolulu", False),
    "BST": ("Europe/London", True),
    # British writers say GMT for the UK's clock all year, as Americans say PST (read on the day,
    # with a warning in summer); `UTC`, `Z` and `GMT+1` stay fixed offsets
    "GMT": ("Europe/London", False),
    "WET": ("Europe/Lisbon", False),
    "WEST": ("Europe/Lisbon", True),
    "CET": ("Europe/Paris", False),
    "CEST": ("Europe/Paris", True),
    "EET": ("Europe/Helsinki", False),
    "EEST": ("Europe/Helsinki", True),
    "MSK": ("Europe/Moscow", None),
    "IST": ("Asia/Kolkata", None),
    "SGT": ("Asia/Singapore", None),
    "HKT": ("Asia/Hong_Kong", None),
    "CST_CN": ("Asia/Shanghai", None),
    "JST": ("Asia/Tokyo", None),
    "KST": ("Asia/Seoul", None),
    "AEST": ("Australia/Sydney", False),
    "AEDT": ("Australia/Sydney", True),
    "AET": ("Australia/Sydney", None),
    "NZST": ("Pacific/Auckland", False),
    "NZDT": ("Pacific/Auckland", True),
    "NZT": ("Pacific/Auckland", None),
    "ACST": ("Australia/Adelaide", False),
    "ACDT": ("Australia/Adelaide", True),
    "AWST": ("Australia/Perth", None),
    "GST": ("Asia/Dubai", None),
    "PKT": ("Asia/Karachi", None),
    "ICT": ("Asia/Bangkok", None),
    "WIB": ("Asia/Jakarta", None),
    "PHT": ("Asia/Manila", None),
    "SAST": ("Africa/Johannesburg", None),
    "EAT": ("Africa/Nairobi", None),
    "CAT": ("Africa/Maputo", None),
    "WAT": ("Africa/Lagos", None),
    "BRT": ("America/Sao_Paulo", None),
    "ART": ("America/Argentina/Buenos_Aires", None),
    "NST": ("America/St_Johns", False),
    "NDT": ("America/St_Johns", True),
    "AST": ("America/Halifax", False),
    "ADT": ("America/Halifax", True),
}
_ABBREVIATIONS = "|".join(
    sorted((k for k in ZONE_WORDS if k.isupper() and "_" not in k), key=len, reverse=True)
)

# Zones written out (`Central European Time`, `India Standard Time`, `Australian Eastern Daylight
# Time`): the name before `[Standard|Summer|Daylight|Mean] Time` -> its region. Read as the region's
# clock on the day, as the abbreviations are; tried before `Central`/`Eastern` alone (US clocks).
ZONE_NAMES: dict[str, str] = {
    **dict.fromkeys(("central european", "middle european"), "Europe/Paris"),
    "eastern european": "Europe/Helsinki",
    "western european": "Europe/Lisbon",
    **dict.fromkeys(("british", "greenwich", "uk"), "Europe/London"),
    "irish": "Europe/Dublin",
    "moscow": "Europe/Moscow",
    "israel": "Asia/Jerusalem",
    "gulf": "Asia/Dubai",
    "pakistan": "Asia/Karachi",
    "philippine": "Asia/Manila",
    **dict.fromkeys(("india", "indian"), "Asia/Kolkata"),
    **dict.fromkeys(("japan", "japanese"), "Asia/Tokyo"),
    **dict.fromkeys(("korea", "korean"), "Asia/Seoul"),
    **dict.fromkeys(("china", "chinese", "beijing"), "Asia/Shanghai"),
    "hong kong": "Asia/Hong_Kong",
    "singapore": "Asia/Singapore",
    "indochina": "Asia/Bangkok",
    **dict.fromkeys(("western indonesia", "western indonesian"), "Asia/Jakarta"),
    "australian eastern": "Australia/Sydney",
    "australian central": "Australia/Adelaide",
    "australian western": "Australia/Perth",
    "new zealand": "Pacific/Auckland",
    **dict.fromkeys(("brasilia", "brasília", "brazil", "brazilian"), "America/Sao_Paulo"),
    **dict.fromkeys(("argentina", "argentine"), "America/Argentina/Buenos_Aires"),
    "atlantic": "America/Halifax",
    "newfoundland": "America/St_Johns",
    **dict.fromkeys(("alaska", "alaskan"), "America/Anchorage"),
    **dict.fromkeys(("hawaii", "hawaiian", "hawaii-aleutian"), "Pacific/Honolulu"),
    **dict.fromkeys(("south africa", "south african"), "Africa/Johannesburg"),
    **dict.fromkeys(("east africa", "east african"), "Africa/Nairobi"),
    **dict.fromkeys(("central africa", "central african"), "Africa/Maputo"),
    **dict.fromkeys(("west africa", "west african"), "Africa/Lagos"),
}
_ZONE_NAME = (
    r"(?:"
    + "|".join(n.replace(" ", r"\s+") for n in sorted(ZONE_NAMES, key=len, reverse=True))
    + r")\s+(?:(?:Standard|Summer|Daylight(?:\s+Saving)?|Mean)\s+)?Time(?![A-Za-z])"
)
_ZONE_NAME_KIND = re.compile(r"\s+(?:(?:standard|summer|daylight(?:\s+saving)?|mean)\s+)?time$")

# a month alone (`October 2015`, `2015-10`): read as its first day; two of them around a dash are
# a span of months, no one date (an unknown time)
_MONTH_ALONE = r"(?:" + _MONTH + r"\s+\d{4}(?!\d)(?!:\d)|(?:19|20)\d\d-(?:0[1-9]|1[0-2])(?!\d|:\d|-))"

# four digits after a day are its year, unless a zone follows them: `Feb 7 1506 UTC` is 15:06, as
# `1506 UTC` alone is (the `mil` part below)
_NOT_A_CLOCK = r"(?!\d)(?!:\d)(?!\s*(?:Z|UTC|GMT|hrs?|hours)\b)"

_PART = re.compile(
    r"""
    (?P<iso>(?P<iy>\d{4})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\d)T?)
  | (?P<dmy>(?P<dd>\d{1,2})\.(?P<dm>\d{1,2})\.(?P<dy>\d{4}|\d{2}(?=\s+[-–—]?\s*\d{1,2}[:.]\d\d))(?!\d))
  # `2024年3月2日（土）`, `3月2日`, `2024년 3월 2일`: Chinese, Japanese and Korean dates, a weekday after
  | (?P<cjkd>(?:(?P<cjy>\d{4})\s*[年년]\s*)?(?P<cjm>\d{1,2})\s*[月월]\s*(?P<cjd>\d{1,2})\s*[日일号號]
        (?:\s*[（(][月火水木金土日一二三四五六天월화수목금토일][曜日요]*[）)])?)
  # `14時05分`, `14时`, `14시 05분`
  | (?P<cjkt>(?P<cjh>[01]?\d|2[0-3])\s*[時时시]\s*(?:(?P<cjn>[0-5]?\d)\s*[分분])?)
  # `20.07., 11:00`, `22.07.`: German day and month with the closing dot, no year
  | (?P<dmn>(?P<nd2>[0-2]?\d|3[01])\.(?P<nm2>0?[1-9]|1[0-2])\.(?![\d.])(?=,?\s|\W*$|[*_]))
  | (?P<time>(?P<h>\d{1,2})(?::\d(?=:\d\d))?(?::|h(?=\d\d))(?P<m>\d{2})(?!\d)(?::(?P<s>\d{2})(?:[.,]\d+)?)?
        (?:\s*(?P<ampm>[ap]\.?\s?m\b\.?)|(?P<ampm1>(?-i:[ap]))(?![A-Za-z0-9])|h\b|\s*(?:hrs?|Uhr)\b)?)
  | (?P<hour>(?P<hh>\d{1,2})\s*(?P<hampm>[ap]\.?\s?m\b\.?))
  # an hour in German and Dutch, `14 Uhr`, `07u`, or a range of hours, `07–09u` (its start, roughly)
  | (?P<uhr>(?P<uh2>[01]?\d|2[0-3])(?:\s*(?P<uhend>[–-])\s*(?:[01]?\d|2[0-3]))?(?:\s*Uhr|u)(?![\w.:]))
  | (?P<dot>(?P<th>[01]?\d|2[0-3])\.(?P<tm>[0-5]\d)(?:\s*(?P<dampm>[ap]\.?m\b\.?)
        |(?=\s*(?:UTC\b|GMT\b|Z\b|h\b|Uhr\b|[-–—:|]\s))|(?<=\d\d\.\d\d)(?=\s*$))(?:\s*(?:h|Uhr)\b)?)
  | (?P<tens>(?P<th3>[01]?\d|2[0-3]):(?P<tm3>[0-5])[xX](?![A-Za-z0-9])(?:\s*(?P<xampm>[ap]\.?\s?m\b\.?))?)
  | (?P<named>noon|midday|midnight)(?![a-z])
  | (?P<mil>(?P<mh>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?=\s*(?:Z\b|UTC\b|GMT\b|hrs?\b|hours\b)))
        (?:\s*(?:hrs?|hours)\b)?
  | (?P<hhmm>(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)(?=\s?:(?!\d)|\s[-–—]\s|\]\())
  | (?P<slash>(?P<sa>\d{1,2})/(?P<sb>\d{1,2})(?:/(?P<sy>\d{4}|\d{2}))?(?![\d/])
        |(?P<da>\d{1,2})-(?P<db>\d{1,2})-(?P<dy3>\d{4})(?![\d-]))
  # `07-19 21:29`, `07-20 → 07-22`: an ISO date without its year (month first), only before a clock
  # or another such date, so `10-12` alone (a range, a score) is no date
  | (?P<mdnum>(?P<nm>0[1-9]|1[0-2])-(?P<nd>0[1-9]|[12]\d|3[01])
        (?=\s+(?:~|\*\*|__)?\d{1,2}:\d\d|\s*(?:→|->|–|—|to\b)\s*(?:0[1-9]|1[0-2])-\d\d(?!\d)
        |\s+\(?(?:early|late|overnight|"""
    + _PART_OF_DAY
    + r""")\b))
  | (?P<mdash>(?P<xm>"""
    + _MONTH
    + r""")-(?P<xd>\d{1,2})-(?P<xy>\d{4})(?!\d))
  | (?P<dmon>(?P<yd>\d{1,2})(?P<ysep>[-/])(?P<ym>"""
    + _MONTH
    + r""")(?P=ysep)(?P<yy>\d{4})(?!\d))
  | (?P<md>(?P<mdm>"""
    + _MONTH
    + r""")\s*(?P<mdd>\d{1,2})"""
    + _ORD
    + r"""(?!\d)(?:\s*[–-]\s*(?:"""
    + _MONTH
    + r"""\s+)?\d{1,2}"""
    + _ORD
    + r"""(?!\d|:\d))?(?:,?\s+(?P<mdy>\d{4})"""
    + _NOT_A_CLOCK
    + r""")?)
  | (?P<dm2>(?P<dmd>\d{1,2})(?:"""
    + _ORD
    + r"""|\.)(?:\s*[–-]\s*\d{1,2}"""
    + _ORD
    + r""")?\s+(?:(?:of|de|del)\s+)?(?P<dmm>"""
    + _MONTH
    + r""")(?![a-z])(?:,?(?:\s+de)?\s+(?P<dmy2>\d{4})"""
    + _NOT_A_CLOCK
    + r""")?)
  | (?P<relday>day\s+(?P<rdn>\d{1,2})(?![\d:.]))
  | (?P<weekday>"""
    + _WEEKDAY
    + r""")(?![a-z])
  | (?P<utc>\+?(?:UTC|GMT)
        (?:(?!\s+[-−–]\s+\d{1,2}:\d\d)\s*(?P<usign>[+\-−])\s*(?P<uh>\d{1,2})(?::?(?P<um>\d{2}))?)?
        (?![A-Za-z]))  # not `12:00 UTC - 12:30 UTC`, a range
  | (?P<rel>(?:T\s*)?\+\s*(?P<rn>\d{1,4}(?:\.\d+)?)\s*
        (?P<ru>minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![A-Za-z]))
  | (?P<zulu>Z(?![A-Za-z]))
  | (?P<abbr>(?-i:(?:"""
    + _ABBREVIATIONS
    + r"""))(?![A-Za-z])(?<![^A-Z][A-Z]{2})(?<!^[A-Z]{2})
        |(?-i:[PMCE]T)(?=\s*(?:[:\-–—)\],]|\.(?!\w)|$)|\s+(?:on|at)\b)
        |(?<=[\dmM.]\s)(?-i:[PMCE]T)(?=\s+\S))
  | (?P<region>"""
    + _ZONE_NAME
    + r"""|(?:US[/ ])?(?:Eastern|Pacific|Central|Mountain)
        (?:(?:\s+(?:Standard|Daylight))?\s+Time|(?=\s*(?:[:\-–—)\],]|$)))(?![A-Za-z])
        |(?<=[\dmM.]\s)(?-i:Eastern|Pacific)(?=\s))  # `2:05 PM Pacific the pool …`
  | (?P<iana>(?-i:(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_]+
        (?:/[A-Z][A-Za-z_]+)?))  # `14:05 Europe/Berlin`
  | (?P<approx>~|≈|±|\+/-|\bc(?:a|irca)?\.|\bcirca\b|\baround\b|\babout\b
        |\bapprox(?:\.|imately\b|\b)|\broughly\b|\best(?:\.|imated\b)
        |추정\s*:?|(?:약|約|大约|约)(?=\s*\d)  # Korean "estimated:", "about" in Korean, Japanese, Chinese
        # Dutch "before", "after", "around", German "around": `Voor 20:56:52 UTC`, `gegen 14 Uhr`
        |\b(?:voor|na|rond|omstreeks|gegen)\b(?=\s+\d))
  | (?P<partday>\b(?:(?:early|late)\s+(?:in\s+the\s+)?)?(?:"""
    + _PART_OF_DAY
    + r""")
        (?:\s+(?:of|on)|,)?(?=\s|\W*$)
        |\b(?:early|late)\s+on\b|\bovernight\b)
  | (?P<ish>-?ish\b|\((?:approx(?:\.|imately)?|est\.?|estimated|approximate)\)|頃|ごろ|左右|前后|前後
        |\s?(?:이전|경)(?!\w))  # Korean "before", "around" after a clock: `11:00 이전`, `11시경`
  | (?P<unknown>\d{4}-(?:MM|XX|\?\?)-(?:DD|XX|\?\?)|YYYY-MM-DD
        |"""
    + _MONTH_ALONE
    + r"""\s*(?:[-–—]|to\b|until\b)\s*"""
    + _MONTH_ALONE
    + r"""
        |-{1,2}:-{2}|\?{1,2}:\?{2}|[Xx]{2}:[Xx]{2}|hh:mm|\?{2,}|\bTBD\b|\bunknown\b|\bN/A\b
        |\b(?:desconocido|desconhecido|inconnu|unbekannt|sconosciuto|onbekend)\b)
  | (?P<month>(?P<om>"""
    + _MONTH
    + r""")\s+(?P<oy>\d{4})(?!\d)(?!:\d)|(?P<oy2>(?:19|20)\d\d)-(?P<om2>0[1-9]|1[0-2])(?!\d|:\d|-))
    """,
    re.X | re.I,
)
# only right after a clock time: "+02:00", "-0400"
_DASH_BEFORE_TIME = re.compile(r"\s*(?:--|[-–—])\s*(?=\d{1,2}:\d{2}(?!\d))")  # `November 4th -- 16:30`
_DOT_AFTER_DATE = re.compile(
    r"[\s,/]+(?P<dot>(?P<th>[01]?\d|2[0-3])\.(?P<tm>[0-5]\d)(?![\d.])(?:\s*(?P<dampm>[ap]\.?m\b\.?))?)"
)
_OFFSET = re.compile(r"\s*(?P<sign>[+\-−])(?P<oh>\d{2}):?(?P<om>\d{2})(?!\d)")
_FILLER = re.compile(
    r"(?:\[\^[^\]]*\]|[\s,\[\](){}|/@\\]|(?<![A-Za-z])(?:at|on|of|the|from|between|by|since|until|starting|after|update[ds]?|posted)\b|翌日?"
    # "at" before a clock in German, Dutch, French, Italian, Spanish, Portuguese, Turkish, Indonesian,
    # Polish, Norwegian/Danish, Finnish: `20. März um 14:05`, `23/04 ore 12:00`, `2 mars à 14h05`
    r"|(?<![A-Za-z])(?:um|om|à|ore|alle|a\s+las|às|saat|pukul|jam|godz\.|kl\.|klo|tussen|zwischen|entre)"
    r"(?![\w.])(?=\s*\d))+",
    re.I,
)
_SEPARATOR = re.compile(r"\s*(?:->|=>|>>|::|[:;\-–—|>•·→⇒=])\s*")
# the end of a range of days (`2026-06-10 → 06-12`, `2026-05-09 → 2026-06-15`): the stamp is the first day
_DAY_RANGE_END = re.compile(r"\s*(?:→|->|–|—|-|to|until)\s*(?:\d{4}-)?\d{2}-\d{2}(?!\d|:\d)", re.I)
_UTC_AFTER_OFFSET = re.compile(r"\s+(?:UTC|GMT)\b")
_CLOCK_AHEAD = re.compile(r"\s*\d{1,2}:\d{2}")
# the end of a range, and the zone written after it, which is the whole range's (`14:00-14:30 UTC`)
_RANGE_END = re.compile(
    # `… to 2018-09-23 00:05 EDT`, `between 20:53:15 and 20:54:35 UTC`
    r"\s*(?:-|–|—|to|until|till|~|〜|～|and|en|und)\s*(?:\d{4}-\d{2}-\d{2}[ T])?"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)\b"
    r"(?:\s*(?P<paren>\()?(?P<zone>UTC|GMT|Z|(?-i:" + _ABBREVIATIONS + r"))\b(?(paren)\)))?",
    re.I,
)
# emphasis and code marks around a stamp (`**14:00**`, `` `14:00` ``): read through, keep in the event
_MARKS = re.compile(r"\*+|`+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|~~")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A stamp as written, before the document's date and zone context place it."""

    text: str  # as written, without marks around it
    year: int | None = None
    month: int | None = None
    day: int | None = None
    # numeric dates like 10/11 may be month/day or day/month: the other reading, if it is a date
    alt_month_day: tuple[int, int] | None = None
    clock: time | None = None
    seconds: bool = False
    tz: tzinfo | None = None
    zone_word: str | None = None  # `PST`, `Eastern`: checked against daylight saving on the day
    approximate: bool = False
    unknown: bool = False
    day_number: int | None = None  # "Day 2": the incident's second day, counted from `started`
    # `1:50` with no AM/PM and no leading zero: a 12-hour writer's afternoon is possible
    may_be_pm: bool = False
    # `01:16` with no AM/PM: a 12-hour writer's afternoon only right after noon (`12:00`, then `01:16`)
    morning_hour: bool = False
    four_digits: bool = False  # `1738:`; as `2016:` it may be a year, which the entries reader weighs
    month_only: bool = False  # `2015-10`, `October 2015`: read as the month's first day
    # `+10 minutes`, `[+1 hrs]`, `T+15m`: this long after the last entry written as an instant
    after: timedelta | None = None
    weekday: int | None = None  # `Sunday 14:20` (Monday is 0): moves an undated clock to that day
    twelve_hour: bool = False  # written with AM/PM: the entries after it may leave it out

    @property
    def has_date(self) -> bool:
        return self.month is not None or self.day_number is not None

    @property
    def precision(self) -> str:
        if self.unknown:
            return "unknown"
        if self.after is not None:
            return "approximate" if self.approximate else "minute"
        if self.approximate:
            return "approximate"
        if self.clock is None:
            return "day"
        return "second" if self.seconds else "minute"


@dataclass(frozen=True, slots=True)
class Read:
    """What `read_stamp` found: a stamp (or an error) and where the event text starts."""

    stamp: Stamp | None
    end: int  # index in the original text where the event begins (separator skipped)
    error: str | None = None


def _plain(text: str, limit: int = 96) -> tuple[str, list[int] | None]:
    """`text`'s head without emphasis/code marks, and where each kept character came from
    (None: nothing was removed, positions are the same)."""
    head = text[:limit]
    marks = list(_MARKS.finditer(head))
    if not marks:
        return head, None
    kept: list[int] = []
    out: list[str] = []
    last = 0
    for match in [*marks, None]:
        stop = match.start() if match else len(head)
        kept.extend(range(last, stop))
        out.append(head[last:stop])
        last = match.end() if match else last
    kept.append(len(head))
    return "".join(out), kept


# `/ 16:15 PDT`, `/ 16:15-17:30 PDT`, `(17:14 UTC)` after a stamp: the same moment (or range) said in a
# second zone
_SAME_IN_ZONE = re.compile(
    r"[ \t]*(?:/|(?P<paren>\())[ \t]*\d{1,2}(?::\d{2}(?::\d{2})?)?\+?(?:[ \t]*[ap]\.?m\.?)?"
    r"(?:[ \t]*[-–][ \t]*\d{1,2}:\d{2}(?::\d{2})?\+?)?[ \t]*(?P<zone>[A-Z]{2,5})\b(?(paren)[ \t]*\))",
    re.I,
)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_YEAR_AFTER = re.compile(r"[ \t]+(?P<year>(?:19|20)\d\d)(?![\d:.])")
_DATE_GAP = re.compile(r"[ \t]*,?[ \t]*")  # not `… on October 4th`: prose says the day that way
_CLOSING = re.compile(r"(?:\[\^[^\]]*\]|[\s\])},])*")  # brackets and footnote marks after a stamp
_LEAD_SPACE = re.compile(r"[\s:\-–—]*")
_MARK_RUN = re.compile(r"\*+|_+|`+|~~")

# a stamp needs a digit, or one of these words or marks (a cheap test before the grammar)
_MAYBE = re.compile(
    r"[\d?]|-:|:-|\b(?:noon|midday|midnight|tbd|unknown|n/a|hh:mm|desconocido|desconhecido|inconnu|unbekannt"
    r"|sconosciuto|onbekend)\b",
    re.I,
)


@lru_cache(maxsize=64)
def region(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=1)
def _iana_names() -> frozenset[str]:
    return frozenset(available_timezones())


def zone_of_word(word: str) -> tuple[tzinfo, str] | None:
    """The clock a zone word stands for (`PST` -> Pacific time), with the word as written."""
    if "/" in word and word in _iana_names():
        return region(word), word
    name = _ZONE_NAME_KIND.sub("", " ".join(word.lower().split()))
    if name in ZONE_NAMES:
        return region(ZONE_NAMES[name]), word
    key = word.upper().replace("US/", "").replace("US ", "").split()[0]
    if key in ("UTC", "Z"):
        return UTC, word
    found = ZONE_WORDS.get(key)
    return (region(found[0]), word) if found else None


def daylight_mismatch(word: str, at: datetime) -> bool:
    """Whether `word` (`PST`) names standard time at a moment its region keeps daylight time, or back."""
    found = ZONE_WORDS.get(word.upper())
    return bool(found and found[1] is not None and found[1] != bool(at.dst()))


_AFTER_RANGE_END = re.compile(r":\d\d(?!\d)|[ \t]*(?P<zone>[A-Z]{1,5})\b")


def _is_range_end(clock: re.Match[str], offset: re.Match[str], plain: str) -> bool:
    """Whether `-HH:MM` right after a clock (`02:00-04:30`) is the end of a range rather than an offset:
    no space before it, and either it is later, or seconds follow it (`00:33:20-00:33:24`: an offset has
    none), or a zone name does (`23:15-00:30 UTC`: an offset and a zone would say the zone twice).
    `08:32 -04:00` and `23:15-04:00` stay offsets."""
    if offset["sign"] not in "-−" or clock.lastgroup != "time" or clock["ampm"]:
        return False
    if offset.group(0)[:1].isspace():
        return False
    after = _AFTER_RANGE_END.match(plain, offset.end())
    if after and (not after["zone"] or after["zone"] in ("UTC", "GMT", "Z") or after["zone"] in ZONE_WORDS):
        return True
    if clock["s"]:
        return False
    start = int(clock["h"]) * 60 + int(clock["m"])
    end = int(offset["oh"]) * 60 + int(offset["om"])
    return start < end < 24 * 60


def _offset(sign: str, hours: str, minutes: str | None) -> tzinfo | None:
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59:
        return None
    span = timedelta(hours=h, minutes=m)
    return timezone(-span if sign in "-−" else span) if span else UTC


# The commonest stamp, `12:32 - ...`, `**12:32Z** — ...`, read without the grammar: what follows the
# separator must start the event (no range end, no AM/PM, no zone word), else the grammar decides.
_COMMON = re.compile(
    r"(?P<open>\*\*|__)?(?P<stamp>(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?"
    r"(?:\s?(?P<ampm>[AaPp][Mm])\b)?(?:\s?(?P<z>Z|UTC)|\s(?P<sign>[+-])(?P<oh>[01]\d):?(?P<om>[0-5]\d))?)"
    r"(?:(?P<inner>\s*[-–—]|:)(?P=open))?(?(inner)\s+|(?P=open)?(?:\s*[-–—]\s+|:\s+))"
    r"(?=[A-Za-z`*_\[(\"'])(?!(?:[AaPp]\.?[Mm]\b|UTC|GMT|[A-Z]{2,5}\b[:\s-]))"
)


def only_a_stamp(text: str) -> bool:
    """Whether `text` is a stamp and nothing more (`Posted Sep 16, 2022 - 17:42 UTC`, `17:28 ~ 20:28`)."""
    read = read_stamp(text.strip())
    return read.stamp is not None and not text.strip()[read.end :].strip(" .")


def read_stamp(text: str) -> Read:
    """Read the stamp that starts `text`, if any. Never raises."""
    common = _COMMON.match(text)
    if common:
        g = common.group
        hour, ampm = int(g("h")), g("ampm")
        if ampm and 1 <= hour <= 12:
            hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
        elif ampm or hour > 23:
            return _read_stamp(text)  # the grammar says what is wrong with it
        if g("sign") == "-":
            return _read_stamp(text)  # `02:00 -04:30`: an offset or a range's end, the grammar decides
        tz = UTC if g("z") else _offset(g("sign"), g("oh"), g("om")) if g("sign") else None
        clock = time(hour, int(g("m")), int(g("s") or 0))
        may_be_pm = not ampm and len(g("h")) == 1 and hour >= 1
        stamp = Stamp(
            g("stamp"), clock=clock, seconds=g("s") is not None, tz=tz, may_be_pm=may_be_pm,
            morning_hour=not ampm and 1 <= hour <= 11, twelve_hour=bool(ampm),
        )  # fmt: skip
        return Read(stamp, common.end())
    return _read_stamp(text)


def _read_stamp(text: str) -> Read:
    """The stamp grammar (see the module's docstring)."""
    if not _MAYBE.search(text, 0, 80):
        return Read(None, 0)
    plain, where = _plain(text)
    pos = 0
    parts: dict[str, object] = {}
    start: int | None = None
    end = 0
    while True:
        filler = _FILLER.match(plain, pos)
        after_filler = filler.end() if filler else pos
        match = _PART.match(plain, after_filler)
        if not match or match.end() == after_filler:
            break
        name = _KIND.get(match.lastgroup or "")
        if name is None:
            break
        if name in parts and name != "approx":
            break  # a second date or time: it belongs to the event ("14:00 - 14:30 ..." is handled below)
        if name == "approx" and "time" in parts and _CLOCK_AHEAD.match(plain, match.end()):
            break  # `17:28 ~ 20:28`: a range (read below), not an approximation of the next clock
        parts[name] = match
        if start is None:
            start = after_filler
        pos = end = match.end()
        if name == "date" and "time" not in parts:
            dash = _DASH_BEFORE_TIME.match(plain, pos)  # `24-10-2024 - 08:15`
            pos = dash.end() if dash else pos
            dotted = _DOT_AFTER_DATE.match(plain, pos)  # "2023-09-18 15.26": after a date, a dot time is one
            if dotted:
                parts["time"] = dotted
                pos = end = dotted.end()
                name = "time"
        if name == "time":
            offset = _OFFSET.match(plain, pos)
            if offset and _is_range_end(match, offset, plain):
                offset = None  # `02:00-04:30`: a range whose end is later, not a -04:30 offset
            if offset and "zone" not in parts:
                parts["zone"] = offset
                pos = end = offset.end()
                named = _UTC_AFTER_OFFSET.match(plain, pos)  # Go's `2024-03-02 10:00:00 +0000 UTC`
                pos = end = named.end() if named else end
    if start is None or not ({"time", "date", "unknown", "after"} & parts.keys()):
        return Read(None, 0)
    written = plain[start:end].strip(" ,[(")
    stamp, error = _build(parts, written)
    # a range "14:00 - 14:30" (or of days, `2026-06-10 → 06-12`): the stamp is its start, the end is
    # not the event
    if stamp is not None and stamp.clock is None and stamp.has_date:
        days = _DAY_RANGE_END.match(plain, end)
        end = days.end() if days else end
    rest = _RANGE_END.match(plain, end)
    if rest and stamp is not None and stamp.clock is not None:
        end = rest.end()
        if "date" not in parts:  # `08:14–08:17 AEST 27 Sep`: the range's day right after its end
            gap = _DATE_GAP.match(plain, end)
            after = _PART.match(plain, gap.end() if gap else end)
            if after is not None and _KIND.get(after.lastgroup or "") == "date":
                dated, error = _build({**parts, "date": after}, plain[start : after.end()].strip(" ,[("))
                if dated is not None and error is None:
                    stamp, end = dated, after.end()
        zone = zone_of_word(rest["zone"]) if rest["zone"] and stamp.tz is None else None
        if zone is not None:
            word = rest["zone"].upper() if rest["zone"].upper() not in ("UTC", "Z") else None
            stamp = replace(stamp, tz=zone[0], zone_word=word, text=plain[start:end].strip(" ,[("))
    if stamp is not None and stamp.year is None and stamp.day is not None and "zone" in parts:
        year = _YEAR_AFTER.match(plain, end)  # `date`'s `Tue May 14 14:05:33 UTC 2024`
        if year:
            stamp, end = replace(stamp, year=int(year["year"])), year.end()
    again = _SAME_IN_ZONE.match(plain, end) if stamp is not None and stamp.clock is not None else None
    if again and (again["zone"] in ("UTC", "GMT") or again["zone"] in ZONE_WORDS):
        end = again.end()  # `23:15 UTC / 16:15 PDT`: the same moment on another clock, not the event
    target = _LINK_TARGET.match(plain, end)  # `[1758](https://...)`: the stamp is a link's text
    end = target.end() if target else end
    closing = _CLOSING.match(plain, end)
    end = closing.end() if closing else end
    separator = _SEPARATOR.match(plain, end)
    end = separator.end() if separator else end
    # right after the last character read: marks that open the event (`- 12:32 - **Alert**`) are its own
    original = end if where is None or end == 0 else where[end - 1] + 1
    while True:  # skip separators, and marks that closed around the stamp (`**14:00**:`, odd in count)
        lead = _LEAD_SPACE.match(text, original)
        original = lead.end() if lead else original
        mark = _MARK_RUN.match(text, original)
        if not mark or text.count(mark.group(0), original) % 2 == 0:
            break
        original = mark.end()
    return Read(stamp, original, error)


# the grammar's alternatives (the last group a match closes) -> the part of a stamp they give
_KIND = {
    **dict.fromkeys(
        ("iso", "dmy", "dmn", "cjkd", "slash", "mdnum", "mdash", "dmon", "md", "dm2", "relday", "month"),
        "date",
    ),
    **dict.fromkeys(("time", "hour", "uhr", "mil", "dot", "named", "hhmm", "tens", "cjkt"), "time"),
    **dict.fromkeys(("utc", "zulu", "abbr", "region", "iana"), "zone"),
    **dict.fromkeys(("approx", "ish"), "approx"),
    "partday": "partday",  # `Early morning July 12th`, `2026-06-12 evening`: a day's part, no clock
    "unknown": "unknown",
    "weekday": "weekday",
    "rel": "after",
}


def _rough_clock(time_part: re.Match[str]) -> bool:
    """`21:2x` (some minute of 21:20-21:29), `07–09u` (some time from 07:00 to 09:00)."""
    return time_part.lastgroup == "tens" or (time_part.lastgroup == "uhr" and bool(time_part["uhend"]))


def _build(parts: dict[str, re.Match[str]], written: str) -> tuple[Stamp | None, str | None]:
    """The stamp the parts give; each part is the grammar's match (its `lastgroup` says which form)."""
    offset_part = parts.get("after")
    if offset_part is not None and not {"date", "time"} & parts.keys():
        amount, unit = float(offset_part.group("rn")), offset_part.group("ru")[0].lower()  # m, h or d
        after = {"m": timedelta(minutes=amount), "h": timedelta(hours=amount), "d": timedelta(days=amount)}
        # hours and days after are said roughly; minutes to the minute
        rough = unit != "m" or "approx" in parts or not amount.is_integer()
        return Stamp(text=written, after=after[unit], approximate=rough), None
    year = month = day = day_number = None
    may_be_pm = morning_hour = four_digits = month_only = False
    alt: tuple[int, int] | None = None
    date_part = parts.get("date")
    if date_part is not None:
        g, kind = date_part.group, date_part.lastgroup
        if kind == "relday":
            day_number = int(g("rdn"))
        elif kind == "iso":
            year, month, day = int(g("iy")), int(g("im")), int(g("id"))
        elif kind == "dmy":  # 16.08.2024, or `27.01.20 - 07:00` (a two-digit year, only before a clock)
            year, month, day = int(g("dy")), int(g("dm")), int(g("dd"))
            year += 2000 if year < 100 else 0
        elif kind == "md":
            month, day = MONTHS[g("mdm").lower().rstrip(".")], int(g("mdd"))
            year = int(g("mdy")) if g("mdy") else None
        elif kind == "mdash":  # Feb-08-2021
            year, month, day = int(g("xy")), MONTHS[g("xm").lower().rstrip(".")], int(g("xd"))
        elif kind == "dmon":  # 22/Mar/2022, 08-Feb-2021
            year, month, day = int(g("yy")), MONTHS[g("ym").lower().rstrip(".")], int(g("yd"))
        elif kind == "month":  # October 2015, 2015-10: the month's first day
            if g("om"):
                year, month = int(g("oy")), MONTHS[g("om").lower().rstrip(".")]
            else:
                year, month = int(g("oy2")), int(g("om2"))
            day, month_only = 1, True
        elif kind == "cjkd":  # 2024年3月2日
            month, day = int(g("cjm")), int(g("cjd"))
            year = int(g("cjy")) if g("cjy") else None
        elif kind == "dmn":  # 20.07.
            month, day = int(g("nm2")), int(g("nd2"))
        elif kind == "mdnum":  # 07-19: month first, as in ISO dates
            month, day = int(g("nm")), int(g("nd"))
        elif kind == "dm2":
            month, day = MONTHS[g("dmm").lower().rstrip(".")], int(g("dmd"))
            year = int(g("dmy2")) if g("dmy2") else None
        else:  # 10/30 or 30/10 (or 10-30-2024): month/day unless that cannot be a date
            a, b = (int(g("sa")), int(g("sb"))) if g("sa") else (int(g("da")), int(g("db")))
            year = int(g("sy") or g("dy3")) if (g("sy") or g("dy3")) else None
            if year is not None and year < 100:
                year += 2000
            if a > 12 >= b:
                month, day = b, a
            else:
                month, day = a, b
                if b <= 12 and a != b:
                    alt = (b, a)
        probe = year or 2000  # a leap year, so 29 February without a year is allowed
        try:
            if day_number is None:
                date(probe, month, day)
        except ValueError:
            if alt is None:
                return None, f"'{date_part.group(0).rstrip('T').strip()}' is not a valid date"
            (month, day), alt = alt, None
    clock = None
    twelve_hour = False
    seconds = False
    time_part = parts.get("time")
    if time_part is not None:
        g, kind = time_part.group, time_part.lastgroup
        if kind == "mil":
            hour, minute, second, ampm = int(g("mh")), int(g("mm")), 0, None
        elif kind == "hhmm":  # `1738:`, a clock without its colon (the entries reader weighs years)
            hour, minute, second, ampm = int(g("h4")), int(g("m4")), 0, None
            four_digits = True
        elif kind == "dot":  # 14.30 or 4.52pm: a dot time, only before am/pm, a separator or a zone
            hour, minute, second, ampm = int(g("th")), int(g("tm")), 0, g("dampm")
        elif kind == "named":
            hour, minute, second, ampm = (0 if g("named").lower() == "midnight" else 12), 0, 0, None
        elif kind == "tens":  # `21:2x`: some minute of 21:20-21:29, read as its start, approximately
            hour, minute, second, ampm = int(g("th3")), int(g("tm3")) * 10, 0, g("xampm")
        elif kind == "hour":
            hour, minute, second, ampm = int(g("hh")), 0, 0, g("hampm")
        elif kind == "uhr":
            hour, minute, second, ampm = int(g("uh2")), 0, 0, None
        elif kind == "cjkt":  # 14時05分
            hour, minute, second, ampm = int(g("cjh")), int(g("cjn") or 0), 0, None
        else:
            # `7:27a`, `1:10p`: the shorthand of American logs, written on to the clock
            hour, minute, second, ampm = int(g("h")), int(g("m")), int(g("s") or 0), g("ampm")
            if g("ampm1") and 1 <= hour <= 12:
                ampm = g("ampm1")
            seconds = g("s") is not None
            # only a one-digit hour: `10:15` is how 24-hour writers write the morning too
            may_be_pm = not ampm and len(g("h")) == 1 and hour >= 1
            morning_hour = not ampm and 1 <= hour <= 11
        shown = (g(kind) or "").strip()
        twelve_hour = bool(ampm)
        if ampm:
            if not 1 <= hour <= 12:
                return None, f"'{shown}' is not a valid time (12-hour clocks run from 1 to 12)"
            hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
        if hour > 23 or minute > 59 or second > 59:
            return None, f"'{shown}' is not a valid time of day"
        clock = time(hour, minute, second)
    tz: tzinfo | None = None
    word = None
    zone_part = parts.get("zone")
    if zone_part is not None:
        g, kind = zone_part.group, zone_part.lastgroup
        if zone_part.re is _OFFSET:  # "+02:00" right after the time
            tz = _offset(g("sign"), g("oh"), g("om"))
        elif kind == "utc":
            if g("usign"):
                tz = _offset(g("usign"), g("uh"), g("um"))
            elif g(kind).upper().startswith("GMT"):
                tz, word = region(ZONE_WORDS["GMT"][0]), "GMT"
            else:
                tz = UTC
        elif kind == "zulu":
            tz = UTC
        else:
            raw = (g(kind) or "").strip()
            found = zone_of_word(raw)
            if found:
                tz, word = found[0], raw.upper() if kind == "abbr" else None
    if clock is None and month is None and "unknown" not in parts:
        return None, None
    unknown = "unknown" in parts and clock is None
    return (
        Stamp(
            text=written,
            year=year,
            month=month,
            day=day,
            alt_month_day=alt,
            clock=clock,
            seconds=seconds,
            tz=tz,
            zone_word=word,
            approximate="approx" in parts or (time_part is not None and _rough_clock(time_part)),
            unknown=unknown,
            day_number=day_number,
            may_be_pm=may_be_pm,
            morning_hour=morning_hour,
            four_digits=four_digits,
            month_only=month_only,
            weekday=_WEEKDAYS.index(parts["weekday"].group(0)[:2].lower()) if "weekday" in parts else None,
            twelve_hour=twelve_hour,
        ),
        None,
    )


_WEEKDAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")  # as `date.weekday()` counts them


_ZONE_HINT = re.compile(
    r"(?:\btimes?\b|\btimestamps?\b|\bclock\b|\bzone\b|^\s*\(?\s*in\b"
    # `Timeline UTC+3:`, `## Timeline - PST`: a zone right after the word (not `Timeline of the ...`)
    r"|\btimeline\b(?=[\s(:,\-–—]*(?:in\s+)?(?-i:UTC|GMT|[A-Z]{2,5}\b)))[^.\n]{0,40}?"
    r"(?P<zone>(?-i:\bUTC(?:\s*[+\-−]\s*\d{1,2}(?::?\d{2})?)?|\bGMT(?:\s*[+\-−]\s*\d{1,2})?|\b(?:"
    + _ABBREVIATIONS
    + r")\b)|\b"
    + _ZONE_NAME
    + r"|\b(?:Eastern|Pacific|Central|Mountain)\b)",
    re.I,
)
_ZONE_IN_PARENS = re.compile(
    r"\(\s*(?P<zone>UTC(?:\s*[+\-−]\s*\d{1,2}(?::?\d{2})?)?|GMT(?:\s*[+\-−]\s*\d{1,2})?|"
    + _ABBREVIATIONS
    + r")\s*\)"
)


# `Singapore time`, `(Berlin time)`, `all times New York time`: a city's clock, by its IANA name
_CITY_TIME = re.compile(r"\b(?P<city>[A-Z][a-z]+(?:[ _][A-Z][a-z]+){0,2})\s+time\b")


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """IANA zones by their city (`Singapore` -> Asia/Singapore, `New York` -> America/New_York)."""
    found: dict[str, str] = {}
    for name in sorted(available_timezones()):
        area, _, city = name.rpartition("/")
        if area and area not in ("Etc", "SystemV", "US", "Canada", "Brazil", "Mexico", "Chile"):
            found.setdefault(city.replace("_", " "), name)
    return found


def zone_hint(text: str) -> tuple[tzinfo, str | None] | None:
    """The zone a heading or note gives for the times around it: `(all times UTC)`, `Times are PDT`,
    `Singapore time`."""
    text = text.replace("_", " ")  # `_Times are PDT._`: emphasis marks are no part of a word
    match = _ZONE_HINT.search(text) or _ZONE_IN_PARENS.search(text)
    if not match:
        city = _CITY_TIME.search(text) if " time" in text.lower() else None
        name = _cities().get(city["city"].replace("_", " ")) if city else None
        return (region(name), None) if name else None
    raw = match["zone"].strip()
    head = raw.upper()
    if head.startswith(("UTC", "GMT")):
        offset = re.match(r"(?:UTC|GMT)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?", head)
        if offset:
            tz = _offset(offset[1], offset[2], offset[3])
            return (tz, None) if tz else None
        if head.startswith("GMT"):
            return region(ZONE_WORDS["GMT"][0]), "GMT"
        return UTC, None
    found = zone_of_word(raw)
    if not found:
        return None
    return found[0], (head if head in ZONE_WORDS and head.isalpha() and len(head) <= 5 else None)
