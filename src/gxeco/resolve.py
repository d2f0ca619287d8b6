"""Find a case, or a vocabulary value, the way a person names it.

Tiers decide first, explicitly: exact > prefix > substring > fuzzy. Only
equally good matches in the best tier make a reference ambiguous; the caller
never gets a guess.
"""

from __future__ import annotations

import re

from .errors import GxecoError, NotFound
from .model import Case, Dataset
from .text import norm, printable, quoted

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from dataclasses import dataclass as record
else:
    from .record import record

EXACT, PREFIX, SUBSTRING, FUZZY = 4, 3, 2, 1
FUZZY_CUTOFF = 60.0
PICK_CUTOFF = 70.0
MAX_REF = 200  # longer references cannot name a case; refuse them quickly

_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_PLACE_SUFFIXES = ("各族自治县", "瑶族自治县", "自治县", "市", "县", "区", "镇", "村")


def chinese_number(s: str) -> int | None:
    """一 … 九十九 (with optional 第 and 案例/个 around it) → int."""
    s = re.sub(r"^第|(个)?案例$|个$", "", s)
    if not s or any(ch not in _NUMERALS and ch != "十" for ch in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        # lengths first: 一二十 has no single tens digit to look up
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        t = _NUMERALS[tens] if tens else 1
        o = _NUMERALS[ones] if ones else 0
        return t * 10 + o
    return _NUMERALS[s] if len(s) == 1 else None


@record(frozen=True)
class Match:
    case: Case
    tier: int
    score: float
    via: str  # which name matched


def _names(c: Case) -> list[tuple[str, float]]:
    """Names of a case with a weight: titles count more than tags."""
    out: list[tuple[str, float]] = [(c.short_title, 1.0), (c.title, 0.9), (c.slug, 0.9)]
    if c.toc_title:
        out.append((c.toc_title, 0.9))
    for p in (c.city, c.county, c.town, c.village):
        if p:
            out.append((p, 0.95))
            for suf in _PLACE_SUFFIXES:
                if p.endswith(suf) and len(p) - len(suf) >= 2:
                    out.append((p[: -len(suf)], 0.95))
                    break
    out += [(m, 0.85) for m in c.models] + [(t, 0.8) for t in c.tags]
    out += [(p, 0.7) for p in c.pinyin.full] + [(p, 0.7) for p in c.pinyin.initials]
    return out


def _score(q: str, name: str) -> tuple[int, float]:
    n = norm(name)
    if not n:
        return 0, 0.0
    if q == n:
        return EXACT, 100.0
    if n.startswith(q):
        return PREFIX, 100.0 * len(q) / len(n)
    if q in n:
        return SUBSTRING, 100.0 * len(q) / len(n)
    return 0, 0.0


def _fuzzy(q: str, name: str) -> float:
    from rapidfuzz import fuzz

    n = norm(name)
    if len(q) < 2 or not n:
        return 0.0
    # Character-level scorers: Chinese has no spaces, so token scorers are useless.
    s = fuzz.ratio(q, n)
    if len(n) > len(q) >= 3:
        # A typo inside a longer name: count it only when most characters agree.
        p = fuzz.partial_ratio(q, n)
        if p >= 75:
            s = max(s, p * 0.9)
    return float(s)


def rank(cases: Sequence[Case], ref: str) -> list[Match]:
    """Every case that the reference could mean, best first."""
    q = norm(ref)
    best: dict[int, Match] = {}
    for i, c in enumerate(cases):
        for name, weight in _names(c):
            tier, score = _score(q, name)
            if tier:
                m = Match(c, tier, score * weight, name)
                cur = best.get(i)
                if cur is None or (m.tier, m.score) > (cur.tier, cur.score):
                    best[i] = m
    if not best:
        for i, c in enumerate(cases):
            for name, weight in _names(c):
                if q.isascii() != norm(name).isascii():
                    continue
                s = _fuzzy(q, name)
                if s >= FUZZY_CUTOFF:
                    m = Match(c, FUZZY, s * (0.9 + 0.1 * weight), name)
                    cur = best.get(i)
                    if cur is None or m.score > cur.score:
                        best[i] = m
    return sorted(best.values(), key=lambda m: (-m.tier, -m.score, m.case.batch, m.case.id))


def suggestions(cases: Sequence[Case], ref: str, n: int = 3) -> list[Case]:
    """The closest cases, whatever the cutoff, for a 'did you mean'."""
    q = norm(ref)
    scored = []
    for c in cases:
        s = max((_fuzzy(q, name) for name, _ in _names(c)), default=0.0)
        if s > 30:
            scored.append((s, c))
    scored.sort(key=lambda x: (-x[0], x[1].batch, x[1].id))
    return [c for _, c in scored[:n]]


def label(c: Case) -> str:
    return f"{c.ref if c.batch != 3 else c.id}  {c.short_title}  ({c.place})"


def _check_ref(ref: str) -> str:
    q = norm(ref)
    if not q:
        raise GxecoError("empty case reference; give an id (1-15), a name, a place, a tag or pinyin")
    if len(q) > MAX_REF:
        raise NotFound(f"no case matches a reference of {len(q)} characters")
    return q


def resolve(ds: Dataset, ref: str) -> Case:
    """One case for a reference, or NotFound listing candidates / suggestions."""
    q = _check_ref(ref)
    cases: Sequence[Case] = ds.cases
    m = re.fullmatch(r"(\d+)[:：](.+)", q)
    if m:
        batch = int(m.group(1))
        cases = [c for c in ds.cases if c.batch == batch]
        if not cases:
            have = ", ".join(str(b) for b in sorted({c.batch for c in ds.cases}))
            raise NotFound(f"no batch {batch} is loaded (loaded: {have})")
        q = m.group(2)
    num: int | None = None
    if re.fullmatch(r"[+-]?\d+", q):
        num = int(q)
    elif (cn := chinese_number(q)) is not None:
        num = cn
    if num is not None:
        hits = [c for c in cases if c.id == num]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise _ambiguous(ref, hits, "several batches have this id; qualify it as BATCH:ID")
        ids = sorted(c.id for c in cases)
        raise NotFound(f"no case {printable(ref.strip())}; ids run {ids[0]}-{ids[-1]}")
    for c in cases:
        if q == c.slug:
            return c
    matches = rank(cases, q)
    if not matches:
        sugg = suggestions(cases, q)
        hint = "did you mean: " + "; ".join(label(c) for c in sugg) if sugg else "try `gxeco list`"
        raise NotFound(f"no case matches {quoted(ref)}", hint=hint)
    top = matches[0]
    tied = [m for m in matches if m.tier == top.tier and (top.tier != FUZZY or top.score - m.score < 2)]
    if top.tier == FUZZY and len(tied) == 1:
        return top.case
    if len(tied) == 1:
        return top.case
    # Among equally good name matches, a clearly better one (a name that is
    # nearly the whole query) still wins; otherwise list the candidates.
    tied.sort(key=lambda m: -m.score)
    if tied[0].score >= 2 * tied[1].score and tied[0].tier >= PREFIX:
        return tied[0].case
    raise _ambiguous(ref, [m.case for m in tied], "be more specific, or use the id")


def _ambiguous(ref: str, cases: Iterable[Case], hint: str) -> NotFound:
    lines = "\n".join("  " + label(c) for c in cases)
    return NotFound(f"{quoted(ref)} matches several cases:\n{lines}", hint=hint)


def resolve_many(ds: Dataset, refs: Sequence[str]) -> list[Case]:
    return [resolve(ds, r) for r in refs]


# --- vocabulary values (filters, --topic, --by …) --------------------------------


def pick(value: str, choices: Mapping[str, Sequence[str]], what: str) -> str:
    """Resolve a user's value to one choice key; aliases are other names of it."""
    q = norm(value)
    if not q:
        raise GxecoError(f"empty {what}")
    best: dict[str, tuple[int, float]] = {}
    for key, aliases in choices.items():
        for name in (key, *aliases):
            tier, score = _score(q, name)
            if tier and (tier, score) > best.get(key, (0, 0.0)):
                best[key] = (tier, score)
    if not best:
        for key, aliases in choices.items():
            for name in (key, *aliases):
                if q.isascii() != norm(name).isascii():
                    continue
                s = _fuzzy(q, name)
                if s >= PICK_CUTOFF and (FUZZY, s) > best.get(key, (0, 0.0)):
                    best[key] = (FUZZY, s)
    allowed = ", ".join(choices)
    if not best:
        raise GxecoError(f"unknown {what} {quoted(value)}; choose from: {allowed}")
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))
    top_tier = ranked[0][1][0]
    tied = [k for k, (t, s) in ranked if t == top_tier and (t != FUZZY or ranked[0][1][1] - s < 3)]
    if len(tied) > 1:
        raise GxecoError(f"{what} {quoted(value)} is ambiguous: {', '.join(tied)}")
    return ranked[0][0]
