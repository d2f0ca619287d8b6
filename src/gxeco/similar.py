"""Cases like this one: a similarity score over whatever cases are loaded, and what it rests on.

How the score is made (the README and `gxeco related --help` say the same): each case is
described by six fields — 类别, 模式, 资源, 标签, 模型 (sets of values), and the wording of
its 具体做法 (headlines and text) as Han character bigrams: Chinese is compared without
word breaking, 梯田流转 gives 梯田, 田流, 流转, and bigrams never cross punctuation. A
feature weighs ln((N+1)/df), N being the cases loaded and df how many of them have it, so
what nearly every case has (土地, 生态) counts little and what two cases alone share
counts most; a bigram's weight is also multiplied by 1 + ln(times it occurs). Two cases are
compared field by field by the cosine of their weighted features (0 … 1). The 做法 cosine
of two different texts seldom passes 0.2, so it is multiplied by 5 (at most 1) to count
like the other fields. The score is the sum of the six, weighted 类别 0.10, 模式 0.10,
资源 0.15, 标签 0.20, 模型 0.05, 做法 0.40: between 0 and 1. Every step is symmetric and
sums exactly (math.fsum), so score(a, b) == score(b, a) to the last bit; ties are broken by
batch and id. A pair scores above zero only if it shares a feature, and the shared features
are what explains it: every shared 类别, 模式 and 资源, the most telling shared 标签 and
模型, and the 做法 bigrams that weigh most in both, each grown into the longest phrase both
texts contain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from operator import add, itemgetter, mul

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
    "category": 0.10,
    "modes": 0.10,
    "resources": 0.15,
    "tags": 0.20,
    "models": 0.05,
    "practices": 0.40,
}
TEXT_SCALE = 5.0  # the 做法 cosine times this, at most 1: texts' cosines are small next to the fields'
FIELD_NAMES = {
    "category": "类别",
    "modes": "模式",
    "resources": "资源",
    "tags": "标签",
    "models": "模型",
    "practices": "做法",
}
MOST, LEAST = 5, 3  # the top five, fewer when the rest score under half the best, never under three
SHOWN = {"tags": 4, "models": 2, "practices": 3}  # most shared items named per field (all of the others)
PHRASE_MAX = 10  # a shared wording grown from a bigram stops at this many characters

# characters that begin or end no phrase worth naming (grammatical words and measure words):
# trimmed from a shared phrase's ends, so 「的经营」 reads 「经营」 and 「全县已」 「全县」
_LOOSE = frozenset("的了已个等及和与或并在是将为对于其之所以由从把被这那各每也都还又")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def _wording(c: Case) -> str:
    """The 具体做法 as runs of Han characters, one per line: bigrams never cross punctuation."""
    return "\n".join(_HAN.findall("\n".join(f"{i.title}\n{i.body}" for i in c.practices)))


def _bigrams(text: str) -> dict[str, int]:
    grams = Counter(map(add, text, text[1:]))  # counted in C; still most of building the index
    for g in [g for g in grams if "\n" in g]:
        del grams[g]
    return dict(grams)


def bigrams(c: Case) -> dict[str, int]:
    """The 做法 bigrams of a case and how often each occurs. Counted on use (~1 ms a case),
    not kept in the data cache: ~800 a case made a third of every load at 1 500 cases, for
    `related` alone; show's 相似 line reads its ranking from the cache instead."""
    return _bigrams(_wording(c))


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
    # The loops run in C (Counter.update, map over dict methods): a Python loop over the ~800
    # bigrams of each case was most of `gxeco show`'s time.
    raw: list[dict[str, dict[str, int]]] = []
    for c in cases:
        raw.append(
            {
                "category": {c.category: 1},
                "modes": dict.fromkeys(c.modes, 1),
                "resources": dict.fromkeys(c.resources, 1),
                "tags": dict.fromkeys(c.tags, 1),
                "models": dict.fromkeys(c.models, 1),
                "practices": bigrams(c),
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
        out[f] = WEIGHTS[f] * (min(1.0, cos * TEXT_SCALE) if f == "practices" else cos)
    return out


def score(cases: Sequence[Case], a: Case, b: Case) -> float:
    """The similarity of two of the loaded cases (0 … 1; symmetric)."""
    idx = index(cases)
    return math.fsum(_parts(idx, _position(idx, a), _position(idx, b)).values())


def _grow(gram: str, a: str, b: str) -> str:
    """The longest phrase (up to PHRASE_MAX characters) around ``gram`` that both texts contain."""
    best = gram
    start = a.find(gram)
    tries = 0
    while start >= 0 and tries < 20:
        s, e = start, start + 2
        while e < len(a) and e - s < PHRASE_MAX and a[e] != "\n" and a[s : e + 1] in b:
            e += 1
        while s > 0 and e - s < PHRASE_MAX and a[s - 1] != "\n" and a[s - 1 : e] in b:
            s -= 1
        if e - s > len(best):
            best = a[s:e]
        start = a.find(gram, start + 1)
        tries += 1
    return best


def _phrases(idx: Index, i: int, j: int, n: int) -> tuple[str, ...]:
    """Shared wording of the 做法: the bigrams that weigh most in both (the product of their
    weights), each grown into the longest phrase both texts hold, ranked by that product times
    the phrase's length, none inside another. Grown in the text of the case that comes first,
    so (a, b) names the same phrases as (b, a)."""
    if (idx.cases[i].batch, idx.cases[i].id) > (idx.cases[j].batch, idx.cases[j].id):
        i, j = j, i
    ca, cb, w = idx.counts[i]["practices"], idx.counts[j]["practices"], idx.idf["practices"]
    weight = {g: _tf(ca[g]) * _tf(cb[g]) * w[g] ** 2 for g in ca.keys() & cb.keys()}
    a, b = _wording(idx.cases[i]), _wording(idx.cases[j])  # for the few pairs explained only
    shared = sorted(weight, key=lambda g: (-weight[g], a.find(g)))
    grown: dict[str, float] = {}
    for g in shared[: n * 4]:  # the weightiest bigrams, grown; a longer phrase says more
        p = _grow(g, a, b)
        while p and p[0] in _LOOSE:
            p = p[1:]
        while p and p[-1] in _LOOSE:
            p = p[:-1]
        if len(p) >= 2:
            grown[p] = max(grown.get(p, 0.0), weight[g] * len(p))
    ranked = sorted(grown, key=lambda p: (-grown[p], a.find(p)))
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


RANKED_IN_CACHE = 200  # files up to this many cases carry each case's ranking in the data cache


def rankings(cases: Sequence[Case]) -> list[tuple[int, int, list[tuple[int, int, float]]]]:
    """Every case's ranking among ``cases`` (related without the explanations), for the data
    cache: (number of cases, batch, [(batch, id, score)]) per case. Building the index was
    a quarter of `gxeco show` (~11 ms at 15 cases); the loader stores this once per file. A
    file over RANKED_IN_CACHE cases is left to be ranked on use (n² pairs on a cold load)."""
    if len(cases) > RANKED_IN_CACHE:
        return []
    return [
        (len(cases), c.batch, [(r.case.batch, r.case.id, r.score) for r in related(cases, c, explained=False)])
        for c in cases
    ]


def neighbours(cases: Sequence[Case], case: Case) -> list[Related]:
    """show's 相似 line: ``related(cases, case, explained=False)``, read from the data cache when
    the loaded cases are exactly the file that ranked them (same count, one batch)."""
    cached = case.__dict__.get("_ranking")
    if cached is not None:
        n, batch, ranking = cached
        if len(cases) == n and all(c.batch == batch for c in cases):
            by_ref = {(c.batch, c.id): c for c in cases}
            return [Related(by_ref[(b, i)], s, {}, {}) for b, i, s in ranking]
    return related(cases, case, explained=False)
