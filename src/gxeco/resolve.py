"""Find a case, or a vocabulary value, the way a person names it.

Tiers decide first, explicitly: exact > prefix > substring > fuzzy. Only
equally good matches in the best tier make a reference ambiguous; the caller
never gets a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import numerals
from .errors import GxecoError, NotFound
from .i18n import _
from .memo import PerList
from .model import Case, Dataset
from .text import norm, printable, quoted, simplified

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record

    from .vocab import Vocab
else:
    from .record import record

EXACT, PREFIX, SUBSTRING, FUZZY = 4, 3, 2, 1
FUZZY_CUTOFF = 60.0
PICK_CUTOFF = 70.0
MAX_REF = 200  # longer references cannot name a case; refuse them quickly
MAX_CANDIDATES = 5  # an error names at most this many

_PLACE_SUFFIXES = ("各族自治县", "瑶族自治县", "自治县", "市", "县", "区", "镇", "村")


@record(frozen=True)
class Match:
    case: Case
    tier: int
    score: float
    via: str  # which name matched


NAME, PINYIN_FULL, INITIALS = "name", "pinyin", "initials"


def _names(c: Case) -> list[tuple[str, float, str]]:
    """Names of a case with a weight (titles count more than tags) and a kind."""
    out: list[tuple[str, float, str]] = [(c.short_title, 1.0, NAME), (c.title, 0.9, NAME), (c.slug, 0.9, NAME)]
    if c.toc_title:
        out.append((c.toc_title, 0.9, NAME))
    for p in (c.city, c.county, c.town, c.village):
        if p:
            out.append((p, 0.95, NAME))
            for suf in _PLACE_SUFFIXES:
                if p.endswith(suf) and len(p) - len(suf) >= 2:
                    out.append((p[: -len(suf)], 0.95, NAME))
                    break
    out += [(m, 0.85, NAME) for m in c.models] + [(t, 0.8, NAME) for t in c.tags]
    out += [(p, 0.7, PINYIN_FULL) for p in c.pinyin.full] + [(p, 0.7, INITIALS) for p in c.pinyin.initials]
    return out


def _score(q: str, name: str, kind: str = NAME) -> tuple[int, float]:
    """Tier and score of one name. Initials match exactly or as a prefix only: as a
    substring, three letters are inside dozens of names by accident (xyz, lsh)."""
    n = norm(name)
    if not n:
        return 0, 0.0
    if q == n:
        return EXACT, 100.0
    if n.startswith(q):
        return PREFIX, 100.0 * len(q) / len(n)
    if q in n and kind != INITIALS:
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


# Each case's names, normalised, once per case object (a browse keystroke ranks every case).
_NAMES: dict[int, tuple[Case, list[tuple[str, str, float, str]]]] = {}


def _normed(c: Case) -> list[tuple[str, str, float, str]]:
    """(normalised name, name, weight, kind) of a case."""
    hit = _NAMES.get(id(c))
    if hit is None or hit[0] is not c:
        hit = _NAMES[id(c)] = (c, [(norm(n), n, w, k) for n, w, k in _names(c) if norm(n)])
    return hit[1]


class _Index:
    """The distinct normalised names of a list of cases, joined in one string, each with its
    owners (case position, name, weight, kind). A query is looked for with str.find over the
    whole string (C) instead of a Python test per name per case: at 1 500 cases that is the
    difference between a keystroke of `gxeco browse` answering or lagging. Names repeat
    across cases (cities, tags, models): there are far fewer distinct names than names."""

    __slots__ = ("ascii", "cases", "joined", "names", "owners", "starts")

    def __init__(self, cases: Sequence[Case]) -> None:
        self.cases = list(cases)
        # owners: (case position, name position within the case, name, weight, kind)
        by_name: dict[str, list[tuple[int, int, str, float, str]]] = {}
        get = by_name.get
        for i, c in enumerate(self.cases):
            for pos, (n, name, weight, kind) in enumerate(_normed(c)):
                owners = get(n)
                if owners is None:
                    owners = by_name[n] = []
                owners.append((i, pos, name, weight, kind))
        self.owners = list(by_name.values())
        self.names = list(by_name)
        self.ascii = [n.isascii() for n in self.names]
        self.starts: list[int] = []
        pos = 1
        for n in self.names:
            self.starts.append(pos)
            pos += len(n) + 1
        self.joined = "\0" + "\0".join(self.names) + "\0"

    def containing(self, q: str) -> dict[int, int]:
        """Names holding q: name number -> offset of q's first occurrence in it."""
        out: dict[int, int] = {}
        starts, names, find = self.starts, self.names, self.joined.find
        at = find(q)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            out[k] = at - starts[k]
            # on to the next name: one hit per name is all the tiers need
            at = find(q, starts[k] + len(names[k]) + 1)
        return out


_index = PerList(_Index)  # the index of a list of cases, built once while that list is asked about


def rank(cases: Sequence[Case], ref: str) -> list[Match]:
    """Every case that the reference could mean, best first."""
    q = norm(ref)
    if not q or "\0" in q:
        return []
    idx = _index(cases)
    # per case: the best name, and among equals the one the case lists first
    best: dict[int, tuple[int, float, int, str]] = {}
    for k, at in idx.containing(q).items():
        n = idx.names[k]
        if at == 0:
            tier, base = (EXACT, 100.0) if len(q) == len(n) else (PREFIX, 100.0 * len(q) / len(n))
        else:
            tier, base = SUBSTRING, 100.0 * len(q) / len(n)
        for i, pos, name, weight, kind in idx.owners[k]:
            if tier == SUBSTRING and kind == INITIALS:
                continue
            cand = (tier, base * weight, -pos, name)
            cur = best.get(i)
            if cur is None or cand[:3] > cur[:3]:
                best[i] = cand
    if not best and len(q) >= 2:
        return _fuzzy_rank(idx, q)
    return _ordered([Match(idx.cases[i], tier, score, name) for i, (tier, score, _, name) in best.items()])


def _ordered(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.tier, -m.score, m.case.batch, m.case.id))


def _fuzzy_rank(idx: _Index, q: str) -> list[Match]:
    """The fuzzy tier, scored by rapidfuzz over every distinct name at once (its C loop): a
    whole-name ratio, or a typo inside a longer name when most characters agree (partial
    ratio >= 75). Initials and names of the other script (pinyin for Chinese) take no part."""
    from rapidfuzz import fuzz, process

    wanted = q.isascii()
    keys = [k for k, a in enumerate(idx.ascii) if a == wanted]
    names = [idx.names[k] for k in keys]
    scores = {
        j: float(s) for _, s, j in process.extract(q, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None)
    }
    if len(q) >= 3:
        partial = process.extract(q, names, scorer=fuzz.partial_ratio, score_cutoff=75, limit=None)
        for _name, s, j in partial:
            if len(names[j]) > len(q):
                scores[j] = max(scores.get(j, 0.0), s * 0.9)
    best: dict[int, tuple[float, int, str]] = {}
    for j, s in scores.items():
        if s < FUZZY_CUTOFF:
            continue
        for i, pos, name, weight, kind in idx.owners[keys[j]]:
            if kind == INITIALS:
                continue
            cand = (s * (0.9 + 0.1 * weight), -pos, name)
            cur = best.get(i)
            if cur is None or cand[:2] > cur[:2]:
                best[i] = cand
    return _ordered([Match(idx.cases[i], FUZZY, score, name) for i, (score, _, name) in best.items()])


def suggestions(cases: Sequence[Case], ref: str, n: int = MAX_CANDIDATES) -> list[Case]:
    """The closest cases, whatever the cutoff, for a 'did you mean' (never an answer)."""
    q = norm(ref)
    scored = []
    for c in cases:
        s = 0.0
        for name, _weight, kind in _names(c):
            # initials that only contain the query are a hint here, never a match
            hint = (60.0 if len(q) >= 2 and q in name else 0.0) if kind == INITIALS else _fuzzy(q, name)
            s = max(s, hint)
        if s >= 40:
            scored.append((s, c))
    scored.sort(key=lambda x: (-x[0], x[1].batch, x[1].id))
    return [c for _, c in scored[:n]]


def label(c: Case, qualified: bool = False) -> str:
    return f"{c.ref if qualified or c.batch != 3 else c.id} {c.short_title}"


def _read_as(ref: str) -> str:
    """' (read as 龙胜)' when traditional characters were folded, so the user sees what was matched."""
    s = simplified(ref.strip())
    return _(" (read as {text})").format(text=printable(s)) if s != ref.strip() else ""


def _check_ref(ref: str) -> str:
    q = norm(ref)
    if not q:
        raise GxecoError(_("empty case reference; give an id (1-15), a name, a place, a tag or pinyin"))
    if len(q) > MAX_REF:
        raise NotFound(_("no case matches a reference of {n} characters").format(n=len(q)))
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
            have = _(", ").join(str(b) for b in sorted({c.batch for c in ds.cases}))
            raise NotFound(_("no batch {batch} is loaded (loaded: {have})").format(batch=batch, have=have))
        q = m.group(2)
    num: int | None = None
    if re.fullmatch(r"[+-]?\d+", q):
        num = int(q)
    elif (cn := numerals.reference(q)) is not None:
        num = cn
    if num is not None:
        hits = [c for c in cases if c.id == num]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise _ambiguous(ref, hits, _("several batches have this id; qualify it as BATCH:ID"))
        ids = sorted(c.id for c in cases)
        raise NotFound(
            _("no case {ref}; ids run {first}-{last}").format(ref=printable(ref.strip()), first=ids[0], last=ids[-1])
        )
    for c in cases:
        if q == c.slug:
            return c
    matches = rank(cases, q)
    if not matches:
        sugg = suggestions(cases, q)
        hint = (
            _("did you mean: {names}?").format(names=_("; ").join(label(c) for c in sugg))
            if sugg
            else _("try `gxeco list`")
        )
        raise NotFound(_("no case matches {ref}{read_as}").format(ref=quoted(ref), read_as=_read_as(ref)), hint=hint)
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
    raise _ambiguous(ref, [m.case for m in tied], _("be more specific, or use the id"))


def _ambiguous(ref: str, cases: Sequence[Case], hint: str) -> NotFound:
    qualified = len({c.batch for c in cases}) > 1
    named = _("; ").join(label(c, qualified) for c in cases[:MAX_CANDIDATES])
    more = _("; … {n} more").format(n=len(cases) - MAX_CANDIDATES) if len(cases) > MAX_CANDIDATES else ""
    message = _("{ref} matches {n} cases: {names}{more}")
    return NotFound(message.format(ref=quoted(ref), n=len(cases), names=named, more=more), hint=hint)


def resolve_many(ds: Dataset, refs: Sequence[str]) -> list[Case]:
    return [resolve(ds, r) for r in refs]


# --- vocabulary values (filters, --topic, --by …) --------------------------------


def _forms(v: Vocab, key: str) -> list[tuple[str, str]]:
    """Everything a value may be called: key, names, and the pinyin of its Chinese names."""
    from ._tables import PINYIN

    out = [(key, NAME)] + [(n, NAME) for n in v.names[key]]
    for name, _kind in list(out):
        py = v.pinyin.get(name) or PINYIN.get(name)
        if py:
            out += [(py[0], PINYIN_FULL), (py[1], INITIALS)] if len(py[1]) >= 2 else [(py[0], PINYIN_FULL)]
    return out


def pick(value: str, v: Vocab) -> str:
    """One key of a vocabulary for what the user typed: exact > prefix > substring > fuzzy,
    the same for every option. Ties in the best tier are an error naming the candidates."""
    q = norm(value)
    if not q:
        raise GxecoError(_("empty {what}").format(what=_(v.what)), hint=_choices(v))
    best: dict[str, tuple[int, float]] = {}
    for key in v.names:
        for name, kind in _forms(v, key):
            tier, score = _score(q, name, kind)
            if tier and (tier, score) > best.get(key, (0, 0.0)):
                best[key] = (tier, score)
    if not best:
        for key in v.names:
            for name, kind in _forms(v, key):
                if kind == INITIALS or q.isascii() != norm(name).isascii():
                    continue
                s = _fuzzy(q, name)
                if s >= PICK_CUTOFF and (FUZZY, s) > best.get(key, (0, 0.0)):
                    best[key] = (FUZZY, s)
    if not best:
        message = _("unknown {what} {value}{read_as}")
        raise GxecoError(message.format(what=_(v.what), value=quoted(value), read_as=_read_as(value)), hint=_near(q, v))
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))
    top_tier, top_score = ranked[0][1]
    tied = [k for k, (t, s) in ranked if t == top_tier and (t != FUZZY or top_score - s < 3)]
    if len(tied) > 1 and not (top_tier >= PREFIX and top_score >= 2 * best[tied[1]][1]):
        named = _(", ").join(v.label(k) for k in tied[:MAX_CANDIDATES])
        message = _("{what} {value} is ambiguous").format(what=_(v.what), value=quoted(value))
        raise GxecoError(message, hint=_("did you mean: {names}?").format(names=named))
    return ranked[0][0]


def _choices(v: Vocab) -> str:
    if len(v.names) <= 16:
        return _("choose from: {names}").format(names=_(", ").join(v.label(k) for k in v.names))
    if v.listing:
        return _("`{command}` lists them all").format(command=v.listing)
    return _("{n} values; see --help").format(n=len(v.names))


def _near(q: str, v: Vocab) -> str:
    """A hint: the closest values (never an answer), else what there is to choose from."""
    scored = []
    for key in v.names:
        s = max((_fuzzy(q, n) for n, kind in _forms(v, key) if kind != INITIALS), default=0.0)
        if s >= 50:
            scored.append((-s, key))
    if not scored:
        return _choices(v)
    return _("did you mean: {names}?").format(
        names=_(", ").join(v.label(k) for _s, k in sorted(scored)[:MAX_CANDIDATES])
    )
