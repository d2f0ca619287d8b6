"""Control and invisible characters refused in a data file (safe.py's list), with file, line, case,
field and the code point named: ``schema.build_file`` asks this first, for validate and the loader alike.

No case needs one, and each can act on a terminal, a spreadsheet or a page. Defence in depth: every
renderer shows them anyway (safe.visible), but the API and the cache hand out what the loader built.
"""

from __future__ import annotations

import re

from .errors import DataError
from .i18n import _
from .safe import describe, first_unsafe

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from .tomlio import Locator

# TOML escapes that can write a control character into a basic string: \b \f \r \e \x \u \U
_ESCAPES = re.compile(r"\\[bfrexuU]")


def unsafe_characters(
    path: str, locate: Callable[[], Locator], data: dict[str, Any], text: str, collect: list[DataError] | None
) -> None:
    """Refuse them in every text and key of the file (all of them with ``collect``, else the first).
    A file holding none, literally or as an escape, is passed by one scan of its text. locate gives
    the file's lines, asked for only when there is a problem to place."""
    if first_unsafe(text.replace("\r\n", "\n")) is None and not _ESCAPES.search(text):
        return
    loc = locate()
    claimed: set[int] = set()
    for where, index, case, metric, s in _texts(data):
        at = first_unsafe(s)
        if at is None:
            continue
        problem = _("holds {char}, a control or invisible character: no text of a case needs one").format(
            char=describe(s[at])
        )
        line = _line_of(loc, index, s[at], claimed) or loc.line(index, where, metric)
        exc = DataError(problem, path=path, case=case, field=where, line=line)
        if collect is None:
            raise exc
        collect.append(exc)


def _line_of(loc: Locator, index: int | None, ch: str, claimed: set[int]) -> int | None:
    """The line holding ch, as itself or as a TOML escape, in the case's lines (the file's before its
    first case for [meta]): the first one not yet named, so that each problem names its own line."""
    n = ord(ch)
    forms = {ch, f"\\u{n:04x}", f"\\u{n:04X}", f"\\U{n:08x}", f"\\U{n:08X}", f"\\x{n:02x}", f"\\x{n:02X}"}
    forms |= {short for short, c in (("\\b", "\b"), ("\\f", "\f"), ("\\r", "\r"), ("\\e", "\x1b")) if c == ch}
    starts = loc.case_starts
    if index is None:
        lo, hi = 0, starts[0] if starts else len(loc.lines)
    elif index < len(starts):
        lo, hi = starts[index], starts[index + 1] if index + 1 < len(starts) else len(loc.lines)
    else:
        return None
    for i in range(lo, hi):
        if i not in claimed and any(f in loc.lines[i] for f in forms):
            claimed.add(i)
            return i + 1
    return None


def _texts(data: Any) -> Iterable[tuple[str, int | None, Any, int | None, str]]:
    """Every text and key of a parsed file: (field, case index, case id, figure index, text)."""

    def walk(v: Any, where: str) -> Iterable[tuple[str, str]]:
        if isinstance(v, str):
            yield where.rstrip("."), v
        elif isinstance(v, dict):
            for k, x in v.items():
                yield f"{where}{k}", k
                yield from walk(x, f"{where}{k}.")
        elif isinstance(v, list):
            for n, x in enumerate(v):
                yield from walk(x, f"{where.rstrip('.')}[{n}].")

    for k, v in data.items():
        if k != "case" or not isinstance(v, list):
            for where, s in walk({k: v}, ""):
                yield where, None, None, None, s
            continue
        for i, c in enumerate(v):
            cid = c.get("id", f"#{i + 1}") if isinstance(c, dict) else f"#{i + 1}"
            for where, s in walk(c, ""):
                m = re.match(r"metrics\[(\d+)\]", where)
                yield where, i, cid, int(m.group(1)) if m else None, s
