"""Text normalisation shared by matching, search and provenance checks.

Chinese has no word spaces, so matching works on characters: NFKC folds
full-width forms, case is folded, white space is dropped, and traditional
characters fold to the simplified ones the data uses (a table generated
offline with OpenCC: _tables.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache  # re imports functools already: no start-up cost

from ._tables import T2S_FROM, T2S_TO
from .i18n import _, is_zh

T2S = str.maketrans(T2S_FROM, T2S_TO)

# The PDF conversion writes m³ as m<sup>3</sup>: the publication's characters are m³ and m².
_SUP_UNITS = {"m<sup>3</sup>": "m³", "m<sup>2</sup>": "m²"}
_FOOTNOTE_REF = re.compile(r"<sup>\d+</sup>")
_WS = re.compile(r"\s+")


def clean_markup(s: str) -> str:
    """Remove PDF-conversion markup the way the data was cleaned."""
    if "<" in s:  # most text holds no markup: a cold load checks ~50 quotes a case
        for k, v in _SUP_UNITS.items():
            s = s.replace(k, v)
        s = _FOOTNOTE_REF.sub("", s)
    return s.replace("**", "") if "*" in s else s


@lru_cache(maxsize=1 << 16)  # names repeat across cases (cities, tags, models): each is normalised once
def norm(s: str) -> str:
    """Canonical form for matching: NFKC, case-folded, simplified, no white space."""
    return _WS.sub("", unicodedata.normalize("NFKC", s)).casefold().translate(T2S)


def simplified(s: str) -> str:
    """Traditional characters folded to simplified; nothing else changed."""
    return s.translate(T2S)


def squash(s: str) -> str:
    """Markup removed and white space dropped, but characters kept as published."""
    if s.isprintable() and " " not in s:  # no white space: every other one is unprintable
        return clean_markup(s)  # which writes none
    return _WS.sub("", clean_markup(s))


def printable(s: str) -> str:
    """Make user text safe to echo on a terminal: every control and invisible character shown
    (safe.one_line: ``\\x1b``, ``<U+202E>``), line breaks too, so an echoed value can never
    forge a line of output."""
    from .safe import one_line

    return one_line(s)


ECHO_MAX = 60  # longer user text is cut when echoed …
ECHO_HEAD = 20  # … to this many characters, and its length said


def quoted(s: str, quote: str = "'") -> str:
    """User text inside a message: printable, in quotes, never repr-escaped twice, and never
    echoed whole when oversized ('碳碳碳…' (43 000 characters)): a pasted file must not
    flood the terminal with its own error. Chinese messages quote in corner brackets (「碳汇」)."""
    s = s.strip()
    left = right = quote
    if quote == "'" and is_zh():
        left, right = "「", "」"
    if len(s) <= ECHO_MAX:
        return f"{left}{printable(s)}{right}"
    n = f"{len(s):,}".replace(",", " ")
    return _("{head} ({n} characters)").format(head=f"{left}{printable(s[:ECHO_HEAD])}…{right}", n=n)
