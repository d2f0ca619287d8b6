"""Find a case, or a vocabulary value, the way a person names it.

What is taken and what is refused is match.py's rule, the same for case references, option
values, search and browse: exact forms silently (exact > prefix > substring), anything fuzzier
with a notice when one candidate is clearly closest, else a refusal naming the candidates.
This module gathers the names each candidate goes by and asks that rule.
"""

from __future__ import annotations

from bisect import bisect_right

from . import match, numerals
from .errors import GxecoError, NotFound
from .i18n import _
from .match import EXACT, FUZZY, INITIALS, NAME, PINYIN_FULL, PREFIX, SUBSTRING, Candidate
from .memo import PerList
from .model import Case, Dataset, ident
from .resolved import Resolved
from .text import norm, quoted, simplified

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record

    from .vocab import Vocab
else:
    from .record import record

__all__ = ["EXACT", "FUZZY", "INITIALS", "NAME", "PINYIN_FULL", "PREFIX", "SUBSTRING", "Resolved"]

MAX_REF = 200  # longer references cannot name a case; refuse them quickly
MAX_CANDIDATES = match.MAX_CANDIDATES

_PLACE_SUFFIXES = ("各族自治县", "瑶族自治县", "自治县", "市", "县", "区", "镇", "村")


@record(frozen=True)
class Match:
    case: Case
    tier: int
    score: float
    via: str  # which name matched


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

    __slots__ = ("_sounds", "cases", "groups", "joined", "names", "owners", "starts")

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
        # the owners of each name gathered by (kind, weight, position, name): what a query's
        # tier and score depend on, worked out once for all the cases that share them
        self.groups: list[list[tuple[str, float, int, str, list[int]]]] = []
        for owners in self.owners:
            shared: dict[tuple[str, float, int, str], list[int]] = {}
            for i, pos, name, weight, kind in owners:
                shared.setdefault((kind, weight, pos, name), []).append(i)
            self.groups.append([(*key, at) for key, at in shared.items()])
        self._sounds: list[str] | None = None
        self.starts: list[int] = []
        pos = 1
        for n in self.names:
            self.starts.append(pos)
            pos += len(n) + 1
        self.joined = "\0" + "\0".join(self.names) + "\0"

    @property
    def sounds(self) -> list[str]:
        """The names folded by sound, built on the first fuzzy question."""
        if self._sounds is None:
            self._sounds = [match.sound(n) for n in self.names]
        return self._sounds

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
    """Every case that the reference could mean, best first: exact forms (match.tier_at) when
    any name holds the query, else the fuzzy tier (match.scores, nothing below match.NEAR)."""
    q = norm(ref)
    if not q or "\0" in q:
        return []
    idx = _index(cases)
    # per case: the best name by (tier, score, its place among the case's names: never a tie)
    held: list[tuple[tuple[int, float, int], str, list[int]]] = []
    for k, at in idx.containing(q).items():
        n = idx.names[k]
        # the tier depends on the name and its kind, not on which case owns it: a name of a
        # 1 500-case file has hundreds of owners, and a one-character query holds many names
        tiers = {kind: match.tier_at(len(q), len(n), at, kind) for kind in (NAME, PINYIN_FULL, INITIALS)}
        for kind, weight, pos, name, owners in idx.groups[k]:
            tier, base = tiers[kind]
            if tier:
                held.append(((tier, base * weight, -pos), name, owners))
    # worst first, each written over every case that shares it (dict.update, in C): a case's
    # better names are written later and stay
    held.sort(key=_first)
    best: dict[int, tuple[tuple[int, float, int], str]] = {}
    for cand, name, owners in held:
        best.update(dict.fromkeys(owners, (cand, name)))
    if not best and len(q) >= 2:
        return _fuzzy_rank(idx, q)
    return _ordered([Match(idx.cases[i], tier, score, name) for i, ((tier, score, _), name) in best.items()])


def _first(entry: tuple[tuple[int, float, int], str, list[int]]) -> tuple[int, float, int]:
    return entry[0]


def warm(cases: Sequence[Case]) -> None:
    """Build what the first fuzzy question over these cases needs: the name index, the names'
    sounds, the scorer (`gxeco browse` calls this after its first paint)."""
    match.warm()
    _index(cases).sounds  # noqa: B018 (a property: reading it builds it)


def _ordered(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.tier, -m.score, m.case.batch, m.case.id))


def _fuzzy_rank(idx: _Index, q: str) -> list[Match]:
    """The fuzzy tier over every distinct name at once; initials take no part (three letters
    are close to dozens of initials by accident)."""
    best: dict[int, tuple[float, int, str]] = {}
    for k, s in match.scores(q, idx.names, idx.sounds if not q.isascii() else None).items():
        for i, pos, name, weight, kind in idx.owners[k]:
            if kind == INITIALS:
                continue
            cand = (s * (0.9 + 0.1 * weight), -pos, name)
            cur = best.get(i)
            if cur is None or cand[:2] > cur[:2]:
                best[i] = cand
    return _ordered([Match(idx.cases[i], FUZZY, score, name) for i, (score, _, name) in best.items()])


def label(c: Case, multi: bool) -> str:
    """A case in a message: its id as every command writes it (model.ident) and its short title."""
    return f"{ident(c, multi)} {c.short_title}"


def _read_as(ref: str) -> str:
    """' (read as 龙胜)' when traditional characters were folded, so the user sees what was matched."""
    s = simplified(ref.strip())
    return _(" (read as {text})").format(text=quoted(s, "")) if s != ref.strip() else ""


def id_range(cases: Sequence[Case]) -> str:
    """The ids loaded, as a hint names them: 1-15, or per batch (3:1-15, 9:1-2)."""
    batches = sorted({c.batch for c in cases})
    spans = []
    for b in batches:
        ids = sorted(c.id for c in cases if c.batch == b)
        span = f"{ids[0]}-{ids[-1]}" if ids[0] != ids[-1] else str(ids[0])
        spans.append(span if len(batches) == 1 else f"{b}:{span}")
    return _(", ").join(spans)


def _check_ref(ref: str, cases: Sequence[Case]) -> str:
    q = norm(ref)
    if not q:
        raise GxecoError(
            _("empty case reference; give an id ({ids}), a name, a place, a tag or pinyin").format(ids=id_range(cases))
        )
    if len(q) > MAX_REF:
        raise NotFound(_("no case matches {ref}").format(ref=quoted(ref)))
    return q


def _batch_qualified(q: str) -> tuple[int, str] | None:
    """``3:10`` or ``3：十``: (batch, the rest), as ``(\\d+)[:：](.+)`` reads it, by str methods
    (compiling the pattern costs more than a lookup does)."""
    i = 0
    while i < len(q) and q[i].isdecimal():
        i += 1
    rest = q[i + 1 :]
    if i == 0 or q[i : i + 1] not in (":", "：") or not rest or "\n" in rest:
        return None
    return int(q[:i]), rest


def lookup(ds: Dataset, ref: str, *, take_fuzzy: bool = True) -> Resolved:
    """One case for a reference, by match.py's rule: an exact form silently (``via`` None), a
    clearly closest fuzzy match with ``via`` set (the caller shows ``notice``), or NotFound
    naming the candidates. With ``take_fuzzy`` False (an option's value) a fuzzy match is
    refused, naming it."""
    q = _check_ref(ref, ds.cases)
    cases: Sequence[Case] = ds.cases
    if (qualified := _batch_qualified(q)) is not None:
        batch = qualified[0]
        cases = [c for c in ds.cases if c.batch == batch]
        if not cases:
            have = _(", ").join(str(b) for b in sorted({c.batch for c in ds.cases}))
            raise NotFound(_("no batch {batch} is loaded (loaded: {have})").format(batch=batch, have=have))
        q = qualified[1]
    num: int | None = None
    if (q[1:] if q[:1] in ("+", "-") else q).isdecimal():  # [+-]?\d+
        num = int(q)
    elif (cn := numerals.reference(q)) is not None:
        num = cn
    if num is not None:
        hits = [c for c in cases if c.id == num]
        if len(hits) == 1:
            return Resolved(hits[0], ref, multi=ds.multi)
        if len(hits) > 1:
            raise _ambiguous(ref, hits, True, _("several batches have this id; qualify it as BATCH:ID"))
        ids = sorted(c.id for c in cases)
        raise NotFound(
            _("no case {ref}; ids run {first}-{last}").format(ref=quoted(ref, ""), first=ids[0], last=ids[-1])
        )
    for c in cases:
        if q == c.slug:
            return Resolved(c, ref, multi=ds.multi)
    matches = rank(cases, q)
    by_case = {id(m.case): m for m in matches}
    d = match.decide([Candidate(id(m.case), m.tier, m.score) for m in matches], take_fuzzy=take_fuzzy)
    if d.taken is not None:
        m_ = by_case[d.taken]  # type: ignore[index]
        return Resolved(m_.case, ref, m_.via if d.noticed else None, ds.multi)
    named = [by_case[k].case for k in d.candidates]  # type: ignore[index]
    if take_fuzzy and len(named) == 1 and matches and matches[0].tier == FUZZY:
        only = by_case[d.candidates[0]]  # type: ignore[index]
        if match.one_off(q, norm(only.via)):  # one character off, and nothing else near: taken, with the notice
            return Resolved(only.case, ref, only.via, ds.multi)
    if matches and matches[0].tier > FUZZY:
        raise _ambiguous(ref, named, ds.multi, _("be more specific, or use the id"))
    hint = (
        _("did you mean: {names}?").format(names=_("; ").join(label(c, ds.multi) for c in named))
        if named
        else _("try `gxeco list`")
    )
    raise NotFound(_("no case matches {ref}{read_as}").format(ref=quoted(ref), read_as=_read_as(ref)), hint=hint)


def resolve(ds: Dataset, ref: str) -> Case:
    """One case for a reference, exact forms only: a fuzzy match is refused naming it. (The
    commands that take a fuzzy match with a notice call ``lookup``.)"""
    return lookup(ds, ref, take_fuzzy=False).case


def _ambiguous(ref: str, cases: Sequence[Case], multi: bool, hint: str) -> NotFound:
    named = _("; ").join(label(c, multi) for c in cases[:MAX_CANDIDATES])
    more = _("; … {n} more").format(n=len(cases) - MAX_CANDIDATES) if len(cases) > MAX_CANDIDATES else ""
    message = _("{ref} matches {n} cases: {names}{more}")
    return NotFound(message.format(ref=quoted(ref), n=len(cases), names=named, more=more), hint=hint)


def resolve_many(ds: Dataset, refs: Sequence[str]) -> list[Case]:
    return [resolve(ds, r) for r in refs]


def lookup_many(ds: Dataset, refs: Sequence[str]) -> list[Resolved]:
    return [lookup(ds, r) for r in refs]


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


def pick(value: str, v: Vocab, notices: list[str] | None = None) -> str:
    """One key of a vocabulary for what the user typed, by match.py's rule, the same for
    every option: an exact form is taken silently; anything fuzzier is refused (exit 1, as a
    case reference is) naming the closest values, since an option's value filters what a
    script reads and no JSON result could say that a guess was made. Ties in the best tier
    are refused too (exit 1). A value close to nothing is a usage error (exit 2, as click's
    own bad values are), its hint what there is to choose from. With ``notices`` (the CLI's),
    a refusal that would offer a single value one character off what was typed (梧洲: 梧州)
    takes it instead, and the notice saying so is added there."""
    q = norm(value)
    if not q:
        raise GxecoError(_("empty {what}").format(what=_(v.what)), hint=_choices(v))
    if len(q) > MAX_REF:
        raise GxecoError(_("unknown {what} {value}").format(what=_(v.what), value=quoted(value)), hint=_choices(v))
    if q[0] in "=＝" and len(q) > 1:
        _stray_equals(value, q[1:], v)
    best: dict[str, tuple[int, float]] = {}
    for key in v.names:
        for name, kind in _forms(v, key):
            t = match.tier(q, norm(name), kind)
            if t[0] and t > best.get(key, (0, 0.0)):
                best[key] = t
    if not best:
        forms = [(key, norm(name)) for key in v.names for name, kind in _forms(v, key) if kind != INITIALS]
        for k, s in match.scores(q, [n for _, n in forms]).items():
            key = forms[k][0]
            if (FUZZY, s) > best.get(key, (0, 0.0)):
                best[key] = (FUZZY, s)
    cands = match.ordered([Candidate(key, t, s) for key, (t, s) in best.items()])
    d = match.decide(cands, take_fuzzy=False)
    if d.taken is not None:
        return str(d.taken)
    if notices is not None and len(d.candidates) == 1 and cands and cands[0].tier == FUZZY:
        key = str(d.candidates[0])
        if any(match.one_off(q, norm(n)) for n, kind in _forms(v, key) if kind != INITIALS):
            notices.append(_("{typed} → {name} (closest name)").format(typed=quoted(value, ""), name=v.label(key)))
            return key
    named = _(", ").join(v.label(str(k)) for k in d.candidates[:MAX_CANDIDATES])
    if cands and cands[0].tier > FUZZY:
        # ambiguous is exit 1 everywhere, as for a case reference (README: exit codes)
        message = _("{what} {value} is ambiguous").format(what=_(v.what), value=quoted(value))
        raise NotFound(message, hint=_("did you mean: {names}?").format(names=named))
    message = _("unknown {what} {value}{read_as}").format(what=_(v.what), value=quoted(value), read_as=_read_as(value))
    if named:
        raise NotFound(message, hint=_("did you mean: {names}?").format(names=named))
    raise GxecoError(message, hint=_choices(v))


def _stray_equals(value: str, rest: str, v: Vocab) -> None:
    """``-c=桂林``: click gives a short option's value as ``=桂林``. The ``=`` is not part of any
    name, and an option's value is never guessed, so this is refused (exit 1), naming the value
    the rest stands for exactly and how to write it; checked before the fuzzy scorer, so the
    mistake costs no rapidfuzz import. A rest that is no exact form falls through to the rule."""
    try:
        key = pick(rest, v)
    except GxecoError:
        return
    message = _("unknown {what} {value}: a short option takes its value after a space").format(
        what=_(v.what), value=quoted(value)
    )
    raise NotFound(message, hint=_("did you mean: {names}?").format(names=v.label(key)))


def _choices(v: Vocab) -> str:
    if len(v.names) <= 16:
        return _("choose from: {names}").format(names=_(", ").join(v.label(k) for k in v.names))
    if v.listing:
        return _("`{command}` lists them all").format(command=v.listing)
    return _("{n} values; see --help").format(n=len(v.names))
