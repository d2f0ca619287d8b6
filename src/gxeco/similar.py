"""Cases like this one: a similarity score over whatever cases are loaded, and what it rests on.

How the score is made (the README and `gxeco related --help` say the same): each case is
described by six fields — 类别, 模式, 资源, 标签, 模型 (sets of values), and the words of its
具体做法 (headlines and text), cut as jieba cuts them (梯田流转入股 gives 梯田, 流转, 入股; the
table of words and their costs is made offline, scripts/regen_words.py, so no segmenter loads
at run time). A feature weighs ln((N+1)/df), N being the cases loaded and df how many of them
have it, so what nearly every case has (土地, 生态) counts little and what two cases alone share
counts most; a word's weight is also multiplied by 1 + ln(times it occurs). Two cases are
compared field by field by the cosine of their weighted features (0 … 1). The 做法 cosine of
two different texts seldom passes 0.3, so it is multiplied by 3 (at most 1) to count like the
other fields. The score is the sum of the six, weighted 类别 0.05, 模式 0.10, 资源 0.10,
标签 0.30, 模型 0.10, 做法 0.35: between 0 and 1; three shared tags outweigh a shared category.
Every step is symmetric and sums exactly (math.fsum), so score(a, b) == score(b, a) to the last
bit; ties are broken by batch and id. A pair scores above zero only if it shares a feature, and
the shared features are what explains it: every shared 类别, 模式 and 资源, the most telling
shared 标签 and 模型, and the 做法 words that weigh most in both, each grown into the longest
run of whole words both texts contain (土地 + 综合 + 整治: 土地综合整治), never a piece of a word.

Nothing of this is done while a data file is loaded: the words of each case are cut on first use
(~2 ms a case) and kept in an entry of similar's own beside the loader's cache entry, valid under
the loader's key, so later runs read them; the ranking of one case is computed when asked for,
in time linear in the cases loaded.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from operator import itemgetter, mul

from .loader import PerCase
from .memo import PerList

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record

    from .model import Case
else:
    from .record import record

FIELDS = ("category", "modes", "resources", "tags", "models", "practices")
WEIGHTS: dict[str, float] = {
    "category": 0.05,
    "modes": 0.10,
    "resources": 0.10,
    "tags": 0.30,
    "models": 0.10,
    "practices": 0.35,
}
# A field of many values (15 tags a case, 做法's hundreds of words) has small cosines even between
# close cases: its cosine is multiplied by this (at most 1) to count like the one-value fields.
SCALE = {"tags": 4.0, "models": 4.0, "practices": 3.0}
MOST, LEAST = 5, 3  # the top five, fewer when the rest score under half the best, never under three
SHOWN = {"tags": 4, "models": 2, "practices": 3}  # most shared items named per field (all of the others)
PHRASE_MAX = 10  # a shared wording grown from a word stops at this many characters

# runs of Han text, compiled by re's own cache when words() first runs, on a cache miss only (a class spanning
# the CJK blocks costs sre milliseconds to compile, and a warm show reads its rankings from the cache)
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]+"


# --- words ------------------------------------------------------------------------------------

_COSTS: dict[str, int] = {}
_LENGTHS: dict[str, tuple[int, ...]] = {}  # first character -> the lengths of the words it begins, longest first
_UNKNOWN: list[int] = []


def _table() -> None:
    from ._words import UNKNOWN, WORDS

    lengths: dict[str, set[int]] = {}
    for entry in WORDS:
        cost, *words = entry.split(" ")
        c = int(cost)
        for w in words:
            _COSTS[w] = c
            lengths.setdefault(w[0], set()).add(len(w))
    _LENGTHS.update((ch, tuple(sorted(ls, reverse=True))) for ch, ls in lengths.items())
    _UNKNOWN.append(UNKNOWN)


def cut(run: str) -> list[str]:
    """A run of Han characters cut into words as jieba cuts it (precise mode, no HMM): the
    cheapest path through the words the table knows, each word costing -ln of its frequency.
    A character the table lacks is a word of one character."""
    if not _UNKNOWN:
        _table()
    costs, lengths, unknown = _COSTS, _LENGTHS, _UNKNOWN[0]
    n = len(run)
    best = [0] * (n + 1)
    end = list(range(1, n + 2))
    for i in range(n - 1, -1, -1):
        ch = run[i]
        b, e = costs.get(ch, unknown) + best[i + 1], i + 1
        for k in lengths.get(ch, ()):
            if k > 1 and i + k <= n:
                c = costs.get(run[i : i + k])
                if c is not None and c + best[i + k] <= b:  # a tie goes to the longer word, as in jieba
                    b, e = c + best[i + k], i + k
        best[i], end[i] = b, e
    out, i = [], 0
    while i < n:
        out.append(run[i : end[i]])
        i = end[i]
    return out


def _wording(c: Case) -> str:
    """The 具体做法: headlines and texts, one per line."""
    return "\n".join(f"{i.title}\n{i.body}" for i in c.practices)


_CUT: dict[str, list[list[str]]] = {}  # wording -> its runs of Han text as words (cases sharing a text)


def words(c: Case) -> list[list[str]]:
    """The 具体做法 of a case as words, one list per run of Han text (words never cross punctuation)."""
    text = _wording(c)
    got = _CUT.get(text)
    if got is None:
        got = _CUT[text] = [cut(run) for run in re.findall(_HAN, text)]
    return got


def word_counts(c: Case) -> dict[str, int]:
    """The words of two or more characters in a case's 具体做法 and how often each occurs."""
    out: Counter[str] = Counter()
    for run in words(c):
        out.update(w for w in run if len(w) > 1)
    return dict(out)


# similar's own cache entry, beside the loader's: every case's word counts, by (batch, id)
_ENTRY = PerCase("similar")


def practice_words(c: Case) -> dict[str, int]:
    """word_counts(c), read from similar's cache entry when it holds them."""
    got: dict[str, int] | None = _ENTRY.get(c)
    if got is None:
        got = word_counts(c)
        _ENTRY.put(c, got)
    return got


@record(frozen=True)
class Index:
    """Every loaded case's features per field with their counts, each feature's idf, and the
    length of each case's weighted vector per field."""

    cases: tuple[Case, ...]
    counts: tuple[dict[str, dict[str, int]], ...]  # per case: field -> feature -> times it occurs
    idf: dict[str, dict[str, float]]  # field -> feature -> ln((N+1)/df)
    norms: tuple[dict[str, float], ...]  # per case: field -> length of its weighted vector


def _tf(k: int) -> float:
    return 1.0 if k == 1 else 1.0 + math.log(k)


def _build(cases: Sequence[Case]) -> Index:
    # The loops run in C (Counter.update, map over dict methods): linear in the features loaded.
    raw: list[dict[str, dict[str, int]]] = []
    for c in cases:
        raw.append(
            {
                "category": {c.category: 1},
                "modes": dict.fromkeys(c.modes, 1),
                "resources": dict.fromkeys(c.resources, 1),
                "tags": dict.fromkeys(c.tags, 1),
                "models": dict.fromkeys(c.models, 1),
                "practices": practice_words(c),
            }
        )
    n = len(cases)
    by_df = [0.0] + [math.log((n + 1) / k) for k in range(1, n + 1)]
    idf: dict[str, dict[str, float]] = {}
    for f in FIELDS:
        df: Counter[str] = Counter()
        for r in raw:
            df.update(r[f].keys())
        idf[f] = dict(zip(df.keys(), map(by_df.__getitem__, df.values()), strict=True))
    norms = []
    for r in raw:
        lengths = {}
        for f in FIELDS:
            ws = list(map(idf[f].__getitem__, r[f].keys()))
            sq = math.fsum(map(mul, ws, ws))
            for x, k in sorted(r[f].items(), key=itemgetter(1), reverse=True):  # the repeated ones, sorted in C
                if k == 1:
                    break
                sq += (_tf(k) ** 2 - 1) * idf[f][x] ** 2
            lengths[f] = math.sqrt(sq)
        norms.append(lengths)
    return Index(tuple(cases), tuple(raw), idf, tuple(norms))


index = PerList(_build)


@record(frozen=True)
class Related:
    case: Case
    score: float
    parts: dict[str, float]  # field -> its weight times its similarity
    shared: dict[str, tuple[str, ...]]  # field -> the shared items named (most telling first)


def _position(idx: Index, c: Case) -> int:
    for i, x in enumerate(idx.cases):
        if x is c or (x.batch, x.id) == (c.batch, c.id):
            return i
    raise ValueError(f"case {c.ref} is not among the loaded cases")


def _parts(idx: Index, i: int, j: int) -> dict[str, float]:
    out = {}
    for f in FIELDS:
        a, b, w = idx.counts[i][f], idx.counts[j][f], idx.idf[f]
        length = idx.norms[i][f] * idx.norms[j][f]
        cos = math.fsum(_tf(a[x]) * _tf(b[x]) * w[x] ** 2 for x in a.keys() & b.keys()) / length if length else 0.0
        out[f] = WEIGHTS[f] * (min(1.0, cos * SCALE[f]) if f in SCALE else cos)
    return out


def score(cases: Sequence[Case], a: Case, b: Case) -> float:
    """The similarity of two of the loaded cases (0 … 1; symmetric)."""
    idx = index(cases)
    return math.fsum(_parts(idx, _position(idx, a), _position(idx, b)).values())


# words that begin or end no phrase worth naming (grammatical words and measure words): trimmed from
# a grown phrase's ends, so 「的经营」 reads 「经营」 and 「通过土地整治」 「土地整治」; a character that
# ends a term (碎片化, 积极性) stays
_LOOSE = frozenset(
    (
        "通过",
        "进行",
        "以及",
        "并且",
        "其中",
        "同时",
        "为了",
        "对于",
        "以来",
        "目前",
        "全面",
        *"的了已个等及和与或并在是将为对于其之所以由从把被这那各每也都还又",
    )
)


def _joined(runs: list[list[str]]) -> str:
    """Runs of words with every word between bars: a run of whole words is found as |w|w|."""
    return "".join(f"|{'|'.join(run)}|\n" for run in runs)


def _grow(word: str, a: list[list[str]], b: str) -> str:
    """The longest run of whole words (up to PHRASE_MAX characters) around ``word`` that both
    texts hold, with loose words trimmed from its ends."""
    best = word
    tries = 0
    for run in a:
        for p, w in enumerate(run):
            if w != word:
                continue
            s, e = p, p + 1
            size = len(word)
            while e < len(run) and size + len(run[e]) <= PHRASE_MAX and f"|{'|'.join(run[s : e + 1])}|" in b:
                size += len(run[e])
                e += 1
            while s > 0 and size + len(run[s - 1]) <= PHRASE_MAX and f"|{'|'.join(run[s - 1 : e])}|" in b:
                size += len(run[s - 1])
                s -= 1
            while s < p and run[s] in _LOOSE:
                s += 1
            while e > p + 1 and run[e - 1] in _LOOSE:
                e -= 1
            phrase = "".join(run[s:e])
            if len(phrase) > len(best):
                best = phrase
            tries += 1
            if tries == 20:
                return best
    return best


def _phrases(idx: Index, i: int, j: int, n: int) -> tuple[str, ...]:
    """Shared wording of the 做法: the words that weigh most in both (the product of their
    weights), each grown into the longest run of whole words both texts hold, ranked by that
    product times the phrase's length, none inside another. Grown in the text of the case that
    comes first, so (a, b) names the same phrases as (b, a)."""
    if (idx.cases[i].batch, idx.cases[i].id) > (idx.cases[j].batch, idx.cases[j].id):
        i, j = j, i
    ca, cb, w = idx.counts[i]["practices"], idx.counts[j]["practices"], idx.idf["practices"]
    weight = {g: _tf(ca[g]) * _tf(cb[g]) * w[g] ** 2 for g in ca.keys() & cb.keys() if g not in _LOOSE}
    a, b = words(idx.cases[i]), _joined(words(idx.cases[j]))  # cut for the few pairs explained only
    text = _wording(idx.cases[i])
    shared = sorted(weight, key=lambda g: (-weight[g], text.find(g)))
    grown: dict[str, float] = {}
    for g in shared[: n * 4]:  # the weightiest words, grown; a longer phrase says more
        p = _grow(g, a, b)
        grown[p] = max(grown.get(p, 0.0), weight[g] * len(p))
    ranked = sorted(grown, key=lambda p: (-grown[p], text.find(p)))
    out: list[str] = []
    for p in ranked:
        if not any(p in q for q in out):
            out.append(p)
        if len(out) == n:
            break
    return tuple(out)


def explain(idx: Index, i: int, j: int) -> dict[str, tuple[str, ...]]:
    """What two cases share, field by field (fields sharing nothing left out): the closed
    vocabularies in full, in the first case's order; tags and models the rarest first."""
    first = idx.cases[i]
    out: dict[str, tuple[str, ...]] = {}
    order = {
        "category": (first.category,),
        "modes": first.modes,
        "resources": first.resources,
        "tags": first.tags,
        "models": first.models,
    }
    for f, values in order.items():
        b, w = idx.counts[j][f], idx.idf[f]
        both = [x for x in values if x in b]
        if f in SHOWN:
            both = sorted(both, key=lambda x: -w[x])[: SHOWN[f]]  # stable: the case's order among equals
        if both:
            out[f] = tuple(both)
    phrases = _phrases(idx, i, j, SHOWN["practices"])
    if phrases:
        out["practices"] = phrases
    return out


def related(cases: Sequence[Case], case: Case, most: int = MOST, *, explained: bool = True) -> list[Related]:
    """The loaded cases most like ``case``: the top ``most`` (five), cut where a case scores under
    half the best, but never fewer than three (LEAST) while any shares something with it.
    Without ``explained`` the shared items are left empty (show's 相似 line names the cases only)."""
    idx = index(cases)
    i = _position(idx, case)
    scored = []
    for j in range(len(idx.cases)):
        if j == i:
            continue
        parts = _parts(idx, i, j)
        s = math.fsum(parts.values())
        if s > 0:
            scored.append((s, j, parts))
    scored.sort(key=lambda t: (-t[0], idx.cases[t[1]].batch, idx.cases[t[1]].id))
    top = scored[:most]
    if top:
        best = top[0][0]
        top = [t for k, t in enumerate(top) if k < LEAST or t[0] >= best / 2]
    return [Related(idx.cases[j], s, parts, explain(idx, i, j) if explained else {}) for s, j, parts in top]


# show's 相似 line, per data file: each case's ranking among exactly that file's cases, in an entry of
# its own ("-related") under the loader's key, added to as cases are shown: a show reads a few
# numbers instead of every case's words (building the index was most of a 15-case show's time).
_RANKED: dict[str, dict[tuple[int, int], list[tuple[int, int, float]]]] = {}


def _one_file(cases: Sequence[Case]) -> tuple[str, tuple[object, ...]] | None:
    """The related entry and key when ``cases`` are exactly the cases of one cached data file."""
    from .loader import origin

    got = origin(cases[0]) if cases else None
    if got is None or got[2] != len(cases):
        return None
    cfile = got[0]
    for c in cases:
        o = origin(c)
        if o is None or o[0] != cfile:
            return None
    return cfile.removesuffix(".marshal") + "-related.marshal", got[1]


def _ranked(path: str, key: tuple[object, ...]) -> dict[tuple[int, int], list[tuple[int, int, float]]]:
    if path not in _RANKED:
        from . import cache

        got = cache.read(path, key)
        _RANKED[path] = got if isinstance(got, dict) else {}
    return _RANKED[path]


def neighbours(cases: Sequence[Case], case: Case) -> list[Related]:
    """show's 相似 line: ``related(cases, case, explained=False)``, read from the related entry
    when the loaded cases are exactly one cached file's, else ranked now (and then kept)."""
    where = _one_file(cases)
    if where is None:
        return related(cases, case, explained=False)
    path, key = where
    table = _ranked(path, key)
    got = table.get((case.batch, case.id))
    if got is not None:
        by_ref = {(c.batch, c.id): c for c in cases}
        return [Related(by_ref[(b, i)], s, {}, {}) for b, i, s in got]
    found = related(cases, case, explained=False)
    table[(case.batch, case.id)] = [(r.case.batch, r.case.id, r.score) for r in found]
    from . import cache

    cache.write(path, key, table)
    return found
