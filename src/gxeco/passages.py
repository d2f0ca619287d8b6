"""What search reads: each case's passages, folded for matching, with a map back to the text.

Matching works on a folded copy of each passage (NFKC, case-folded, simplified, no white
space) with a map back to the published text, so snippets quote the text as published while
matching ignores width, case and spacing. Folding costs ~130 ns a character (0.6 s for 1 500
cases), so it is done once per case object and kept on disk in an entry of its own beside the
loader's, valid under the loader's key for the data file.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cached_property

from .loader import PerCase
from .model import ITEM_JOIN, Case
from .text import T2S

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:
    from .record import record


# patterns as text, compiled by re (and kept in its cache) on first use: a class of Chinese
# characters costs more to compile than most runs spend searching
_SENTENCE = r"[^。！？；\n]+[。！？；]?"


@record(frozen=True)
class Passage:
    case: Case
    section: str
    title: str | None  # practice/outcome headline
    text: str
    flat: str  # normalised text
    # every character folds to one character and white space to none (None: ask _FOLD)
    regular: bool | None = None

    @cached_property
    def index(self) -> _SkipSpaces | tuple[int, ...]:
        """Flat position -> text position; built only for passages with a hit."""
        regular = self.regular
        if regular is None:
            regular = not any(ch in self.text for ch in _FOLD.irregular)
        if regular:
            # every character folds to one character and white space to none
            return _SkipSpaces([m.start() for m in re.finditer(_SPACE, self.text)])
        idx: list[int] = []
        for i, ch in enumerate(self.text):
            n = len(_FOLD[ord(ch)])
            if n == 1:
                idx.append(i)
            elif n:
                idx.extend([i] * n)
        return tuple(idx)

    @cached_property
    def titles(self) -> str:
        """The flat text of the title passage's first two lines, the title and the short title:
        what `search --section 标题` looks in (the rest of the passage, tags, models and the
        place, ranks a case that names a term, but is no title)."""
        return self.flat[: len(flatten(self.case.title + self.case.short_title))]

    @cached_property
    def sentences(self) -> list[tuple[str, int, int]]:
        """(flat, start, end) for each sentence, white space at its ends left out: where
        search looks for near sentences when nothing matches."""
        out = []
        for m in re.finditer(_SENTENCE, self.text):
            flat = flatten(m.group())
            if flat:
                raw = m.group()
                out.append((flat, m.start() + len(raw) - len(raw.lstrip()), m.start() + len(raw.rstrip())))
        return out


class _Fold(dict[int, str]):
    """Per character: NFKC, case-folded, simplified, white space dropped. Filled on first use,
    so flattening a text is one str.translate (several times faster than a loop).
    ``irregular`` collects the characters seen that do not fold to exactly one
    character (white space to none): only texts holding one need the slow map."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch).casefold().translate(T2S)
        out = self[code] = "".join(c for c in folded if not c.isspace())
        if (len(out) != 1) if not ch.isspace() else out:
            self.irregular.add(ch)
        return out


_FOLD = _Fold()
_SPACE = r"\s"


class _SkipSpaces:
    """Flat -> text position when the only characters dropped are the white space at ``gaps``."""

    __slots__ = ("gaps",)

    def __init__(self, gaps: list[int]) -> None:
        self.gaps = gaps

    def __getitem__(self, k: int) -> int:
        # the text position t of flat k has exactly k non-space characters before it:
        # t = k + (gaps before t); iterate to the fixed point
        t = k
        while True:
            nxt = k + bisect_right(self.gaps, t)
            if nxt == t:
                return t
            t = nxt


def flatten(text: str) -> str:
    return text.translate(_FOLD)


# Passages of each case, built once per case object: flattening every text again on every
# search was most of a search's time (and of each keystroke in `gxeco browse`). Keyed by id,
# holding the case, so an id is never reused while its entry lives.
# case, passages, their flat texts joined by newlines, and the runs of that joined text
_PASSAGES: dict[int, tuple[Case, list[Passage], str, list[Run]]] = {}
# (section, start, end, first passage) in the joined text: each title passage alone, the passages
# of another section that stand together as one (search counts a term once per run, not per passage)
Run = tuple[str, int, int, "Passage"]


def passages(case: Case) -> list[Passage]:
    """The passages search reads, folded: from search's cache entry beside the loader's when
    one is valid, else folded now, ~130 ns a character (0.6 s for 1 500 cases)."""
    return entry(case)[1]


def entry(case: Case) -> tuple[Case, list[Passage], str, list[Run]]:
    hit = _PASSAGES.get(id(case))
    if hit is not None and hit[0] is case:
        return hit
    parts = _parts(case)
    flats = _ENTRY.get(case)
    if flats is None or len(flats) != len(parts):
        flats = folded(case)
        _ENTRY.put(case, flats)
    out = [Passage(case, s, t, text, flat, bool(reg)) for (s, t, text), (flat, reg) in zip(parts, flats, strict=True)]
    hit = _PASSAGES[id(case)] = (case, out, "\n".join(p.flat for p in out), _runs(out))
    return hit


def _runs(ps: list[Passage]) -> list[Run]:
    runs: list[Run] = []
    at = 0
    for p in ps:
        end = at + len(p.flat)
        if runs and runs[-1][0] == p.section != "title" and runs[-1][2] == at - 1:
            runs[-1] = (p.section, runs[-1][1], end, runs[-1][3])
        else:
            runs.append((p.section, at, end, p))
        at = end + 1  # the newline between two passages
    return runs


# Which characters each case's folded text holds, as the bits of one int per case: a term with a
# character a case lacks is not in it, told without reading its text. Built by `masks_for` only
# (`gxeco browse`'s warm-up, after its first paint) and published whole, (bits, masks) at once, so
# that a search in another thread never pairs a term's bits with a case built after them.
_MASKS: tuple[dict[str, int], dict[int, tuple[Case, int]]] = ({}, {})


def masks_for(cases: list[Case]) -> None:
    global _MASKS
    bits, masks = dict(_MASKS[0]), dict(_MASKS[1])
    for c in cases:
        held = set(entry(c)[2])
        for ch in held.difference(bits):
            bits[ch] = 1 << len(bits)
        masks[id(c)] = (c, sum(map(bits.__getitem__, held)))  # distinct powers of two: their sum is their OR
    _MASKS = (bits, masks)


# each spelling's characters as bits (None: one is in no case's text), and each case's by its id
CharTest = tuple[list[list[int | None]], dict[int, tuple[Case, int]]]


def char_test(alts: list[list[str]]) -> CharTest:
    """Each spelling's characters as bits (None: one of them is in no case's text), and the cases'
    bits by id: a spelling is in a case only if its bits are all among the case's."""
    bits, masks = _MASKS
    return [[_bits_of(t, bits) for t in options] for options in alts], masks


def _bits_of(term: str, bits: dict[str, int]) -> int | None:
    m = 0
    for ch in term:
        b = bits.get(ch)
        if b is None:
            return None
        m |= b
    return m


def folded(case: Case) -> list[tuple[str, bool]]:
    """Each passage's folded text and whether it is regular: what search caches, so that no
    later run folds the text again."""
    out = []
    for _section, _title, text in _parts(case):
        flat = flatten(text)  # teaches _FOLD every character of the text first
        out.append((flat, not any(ch in text for ch in _FOLD.irregular)))
    return out


# search's own cache entry, beside the loader's: the folded passages of every case, by (batch, id)
_ENTRY = PerCase("search")


def _parts(case: Case) -> list[tuple[str, str | None, str]]:
    parts: list[tuple[str, str | None, str]] = [
        ("title", None, "\n".join([case.title, case.short_title, *case.tags, *case.models, case.place])),
        ("background", None, case.background),
        ("mechanism", None, case.mechanism),
    ]
    for key, items in (("practices", case.practices), ("outcomes", case.outcomes)):
        for it in items:
            parts.append((key, it.title, it.title + ITEM_JOIN + it.body))
    return parts
