"""The output edge's one sanitiser: what a data file, the environment or a command line holds
never acts on a terminal, a spreadsheet, an XML reader or a page.

Unsafe are the characters no text of a case needs and that act instead of showing: C0 controls
other than newline and tab, DEL, C1 controls, the line and paragraph separators, bidi marks,
embeddings, overrides and isolates, invisible format characters (zero-width space and joiners,
word joiner, invisible operators, the byte order mark, interlinear annotation, tag characters),
lone surrogates and the non-characters U+FFFE/U+FFFF. Each is shown, not removed, so a reader
sees that something was there: a code point below 256 as ``\\x1b``, any other as ``<U+202E>``.
What is left is text XML 1.0 can hold.

Every renderer passes its text through ``visible``; the loader refuses these characters in
data (``first_unsafe``), so the bundled data never needs more than the check. The check is
``str.isprintable`` (C speed, no pattern to compile: a clean run pays ~1 µs a kilobyte and no
start-up cost); the pattern is compiled only when a text fails it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable
    from re import Match, Pattern
    from typing import Any

# Every character here is also one str.isprintable refuses, so a printable text needs no pattern.
UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
    "\u061c\u180e\u200b-\u200f"  # Arabic letter mark, Mongolian vowel separator, ZW space/joiners, LRM, RLM
    "\u2028-\u202e"  # line and paragraph separators, bidi embeddings and overrides
    "\u2060-\u2064\u2066-\u206f"  # word joiner, invisible operators, bidi isolates, deprecated format
    "\ufeff\ufff9-\ufffb\ufffe\uffff"  # byte order mark / zero-width no-break space, annotations, non-characters
    "\ud800-\udfff"  # lone surrogates (a command line that was not UTF-8)
    "\U000e0000-\U000e007f"  # tag characters
)
_pattern: Pattern[str] | None = None


def pattern() -> Pattern[str]:
    global _pattern
    if _pattern is None:
        import re

        _pattern = re.compile(f"[{UNSAFE_CLASS}]")
    return _pattern


def shown(ch: str) -> str:
    """How an unsafe character is shown: ``\\x1b`` below 256, else ``<U+202E>``."""
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"<U+{n:04X}>"


def _show(m: Match[str]) -> str:
    return shown(m.group())


def clean(s: str) -> bool:
    """No unsafe character in s (newline and tab are fine)."""
    return s.isprintable() or s.replace("\n", "").replace("\t", "").isprintable() or pattern().search(s) is None


def visible(s: str) -> str:
    """s with every unsafe character shown visibly; s itself when it holds none."""
    if s.isprintable() or s.replace("\n", "").replace("\t", "").isprintable():
        return s
    return pattern().sub(_show, s)


def one_line(s: str) -> str:
    """visible, newline and tab shown too: text echoed inside a message of one line."""
    if s.isprintable():
        return s
    return visible(s).replace("\n", "\\x0a").replace("\t", "\\x09")


def first_unsafe(s: str) -> int | None:
    """Where the first unsafe character of s is, or None."""
    if s.isprintable() or s.replace("\n", "").replace("\t", "").isprintable():
        return None
    m = pattern().search(s)
    return None if m is None else m.start()


def describe(ch: str) -> str:
    """The code point and its name: ``U+001B (ESCAPE)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    import unicodedata

    n = ord(ch)
    name = unicodedata.name(ch, "") or _C0_NAMES.get(n, "")
    if not name:
        name = "CONTROL" if n < 0x100 else "SURROGATE" if 0xD800 <= n <= 0xDFFF else "NONCHARACTER"
    return f"U+{n:04X} ({name})"


_C0_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE"}


def json_text(s: str) -> str:
    """JSON text (as json.dumps writes it, ensure_ascii off) with every unsafe character escaped
    as \\uXXXX: lossless, since such a character can only stand inside a JSON string."""
    if clean(s):
        return s

    def esc(m: Match[str]) -> str:
        n = ord(m.group())
        if n > 0xFFFF:  # a surrogate pair, as JSON writes a character beyond the BMP
            n -= 0x10000
            return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"
        return f"\\u{n:04x}"

    return pattern().sub(esc, s)


# Records known to hold no unsafe character: the cases the loader built, from a file it checked
# (schema.unsafe_characters) or from a cache entry written after that check. By id, holding the
# object, so an id is never reused while its entry lives.
_VOUCHED: dict[int, object] = {}


def vouch(records: Iterable[object]) -> None:
    for r in records:
        _VOUCHED[id(r)] = r


def deep(v: Any) -> Any:
    """Every text inside v made visible: strings, lists, tuples, sets, dicts and records
    (rebuilt only where something changed, so clean values keep their identity; a record the
    loader vouched for is not walked)."""
    if _VOUCHED.get(id(v)) is v:
        return v
    if isinstance(v, str):
        return visible(v)
    if isinstance(v, (list, tuple)):
        out = [deep(x) for x in v]
        if all(a is b for a, b in zip(out, v, strict=True)):
            return v
        return out if isinstance(v, list) else type(v)(out) if type(v) is tuple else type(v)(*out)
    if isinstance(v, (set, frozenset)):
        new = {deep(x) for x in v}
        return v if new == v else type(v)(new)
    if isinstance(v, dict):
        items = [(deep(k), deep(x)) for k, x in v.items()]
        if all(a is k and b is x for (a, b), (k, x) in zip(items, v.items(), strict=True)):
            return v
        return dict(items)
    fields = getattr(type(v), "__record_fields__", None)
    if fields is not None:
        values = [getattr(v, f) for f in fields]
        new_values = [deep(x) for x in values]
        if all(a is b for a, b in zip(new_values, values, strict=True)):
            return v
        out = type(v)(**dict(zip(fields, new_values, strict=True)))
        extra = {k: x for k, x in getattr(v, "__dict__", {}).items() if k not in fields}
        if extra:  # what rides along outside the fields (similar's ranking, cached properties)
            out.__dict__.update(deep(extra))
        return out
    return v
