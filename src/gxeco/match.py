"""The one rule for what a person types to name something: a case, an option's value, a
search word. Every caller (resolve, every option, search's correction, browse) decides here.

1. Exact forms are taken silently: the whole name, its start, or a run inside it (the tiers
   EXACT > PREFIX > SUBSTRING), in any spelling the caller folds in (pinyin, initials exactly or
   as a prefix, traditional characters). They are what the person typed, spelled another way.
2. Anything fuzzier (a typo, a homophone, a partial overlap) is never taken silently: it is
   taken only when one candidate is clearly closer than the next, and then with a notice, or it
   is refused with at most MAX_CANDIDATES candidates. A candidate below NEAR is never shown.

Scores are rapidfuzz's 0-100, character by character (Chinese has no spaces: token scorers
say nothing), and also sound by sound: a homophone (沉 for 陈, what a pinyin input method gives)
counts nearly as the character itself. The cut-offs below are the only ones.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence
    from dataclasses import dataclass as record
else:
    from .record import record

EXACT, PREFIX, SUBSTRING, FUZZY = 4, 3, 2, 1
NAME, PINYIN_FULL, INITIALS = "name", "pinyin", "initials"  # kinds of name

NEAR = 60.0  # a fuzzy candidate at all: below this it is neither taken nor suggested
TAKE = 75.0  # a fuzzy candidate may be taken (with a notice) from this score on …
MARGIN = 10.0  # … and only this far ahead of the next candidate
PARTIAL = 75.0  # a typo inside a longer name counts when this much of the aligned part agrees
PARTIAL_WEIGHT = 0.9  # … and weighs less than a whole name
SOUND_WEIGHT = 0.95  # a homophone is nearly, not quite, the character typed
SENTENCE = 75.0  # search's near sentences: every term nearly inside one sentence …
SENTENCE_MIN = 4  # … when it has this many characters; a shorter term is inside whole or not at all
MAX_CANDIDATES = 5  # a refusal names at most this many


def tier_at(q_len: int, n_len: int, at: int, kind: str = NAME) -> tuple[int, float]:
    """Tier and score of a name holding the query at offset ``at`` (-1: not at all).
    Initials match exactly or as a prefix only: as a substring, three letters are inside
    dozens of names by accident (xyz, lsh)."""
    if at < 0 or not n_len:
        return 0, 0.0
    if at == 0:
        return (EXACT, 100.0) if q_len == n_len else (PREFIX, 100.0 * q_len / n_len)
    if kind == INITIALS:
        return 0, 0.0
    return SUBSTRING, 100.0 * q_len / n_len


def tier(q: str, n: str, kind: str = NAME) -> tuple[int, float]:
    """Tier and score of one normalised name for a normalised query."""
    return tier_at(len(q), len(n), n.find(q) if n else -1, kind)


# --- fuzzy scores ------------------------------------------------------------------


_SOUND: dict[int, int] | None = None


def sound(s: str) -> str:
    """Homophones folded to one character (沉皮 -> 陈皮 -> the same string): generated offline
    (scripts/regen_tables.py, pypinyin), loaded on the first fuzzy question only."""
    global _SOUND
    if _SOUND is None:
        from ._sounds import SOUND_FROM, SOUND_TO

        _SOUND = str.maketrans(SOUND_FROM, SOUND_TO)
    return s.translate(_SOUND)


def same_script(a: str, b: str) -> bool:
    """Pinyin is matched with pinyin, characters with characters."""
    return a.isascii() == b.isascii()


def scores(q: str, names: Sequence[str], sounds: Sequence[str] | None = None) -> dict[int, float]:
    """Fuzzy score (>= NEAR) of a normalised query against each normalised name of its own
    script, by position in ``names``: the whole-name ratio, a typo inside a longer name
    (partial ratio >= PARTIAL, weighted), each also over the names' sounds (``sounds``: the
    names folded by ``sound``, when the caller keeps them). rapidfuzz scores the whole list in
    its C loop, not one Python call per name."""
    from rapidfuzz import fuzz, process

    out: dict[int, float] = {}
    if len(q) < 2:
        return out
    keys = [k for k, n in enumerate(names) if n and same_script(q, n)]
    if not keys:
        return out
    han = not q.isascii()
    passes: list[tuple[str, list[str], float]] = [(q, [names[k] for k in keys], 1.0)]
    if han:
        folded = sounds if sounds is not None else [sound(n) for n in names]
        passes.append((sound(q), [folded[k] for k in keys], SOUND_WEIGHT))
    for query, choices, weight in passes:
        for _, s, j in process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=NEAR / weight, limit=None):
            out[keys[j]] = max(out.get(keys[j], 0.0), s * weight)
        if len(q) >= 3:
            partial = process.extract(query, choices, scorer=fuzz.partial_ratio, score_cutoff=PARTIAL, limit=None)
            for _, s, j in partial:
                if len(choices[j]) > len(q) and s * PARTIAL_WEIGHT * weight >= NEAR:
                    out[keys[j]] = max(out.get(keys[j], 0.0), s * PARTIAL_WEIGHT * weight)
    return out


def inside(q: str, texts: Sequence[str]) -> dict[int, float]:
    """How nearly q stands inside each text (partial ratio, >= SENTENCE), by position: search's
    near sentences. A text shorter than q cannot hold it. A term shorter than SENTENCE_MIN
    counts only whole: two of 发展哦's three characters at a sentence's start score 80, and that
    is the frequent word 发展, not a near match."""
    if len(q) < SENTENCE_MIN:
        return {i: 100.0 for i, t in enumerate(texts) if q in t}
    from rapidfuzz import fuzz, process

    found = process.extract(q, texts, scorer=fuzz.partial_ratio, score_cutoff=SENTENCE, limit=None)
    return {i: float(s) for _, s, i in found if len(q) <= len(texts[i])}


def one_off(q: str, name: str) -> bool:
    """Whether a normalised query is one character away (one changed, missing or extra) from
    the whole name or a run inside it: 龙圩稻鱼 and 龙圩「稻渔」模式. A refusal that would offer
    only such a candidate takes it with the notice instead (``decide``'s caller says so);
    from three characters on, where one character is not half of what was typed."""
    q, name = "".join(filter(str.isalnum, q)), "".join(filter(str.isalnum, name))  # 「」 and the like set aside
    if len(q) < 3 or not name:
        return False
    from rapidfuzz.distance import Levenshtein

    n = len(q)
    for size in (n - 1, n, n + 1):
        for at in range(0, max(1, len(name) - size + 1)):
            if Levenshtein.distance(q, name[at : at + size], score_cutoff=1) <= 1:
                return True
    return False


def warm() -> None:
    """Import the scorer and build the homophone table now (`gxeco browse`'s warm-up thread),
    so the first keystroke that needs them does not pay for them."""
    import rapidfuzz.process  # noqa: F401

    sound("")


def similarity(q: str, n: str) -> float:
    """The fuzzy score of one name (0 below NEAR): what ``scores`` gives it in a list."""
    return scores(q, [n]).get(0, 0.0)


# --- the decision --------------------------------------------------------------------


@record(frozen=True)
class Candidate:
    key: Hashable  # what would be taken: a case, a vocabulary key, a word
    tier: int
    score: float


@record(frozen=True)
class Decision:
    """What to do with what was typed: ``taken`` (None: refused), whether saying so is owed
    (``noticed``: a fuzzy match), and the ``candidates`` a refusal names (best first)."""

    taken: Hashable | None
    noticed: bool
    candidates: list[Hashable]


def ordered(cands: Sequence[Candidate]) -> list[Candidate]:
    """Best first; equals keep the caller's order (its tie-break)."""
    return sorted(cands, key=lambda c: (-c.tier, -c.score))


def decide(cands: Sequence[Candidate], *, take_fuzzy: bool = True) -> Decision:
    """The rule. ``cands`` best first (``ordered``), at most one per key.

    An exact form alone in its tier is taken silently; several in the best tier are one
    clearly better (a name that is nearly the whole query: twice the score of the next, from
    the prefix tier on) or a refusal naming them. A fuzzy candidate is taken, with a notice,
    only when ``take_fuzzy``, from TAKE on, and MARGIN ahead of the next; otherwise every
    candidate from NEAR on is named (never more than MAX_CANDIDATES)."""
    if not cands:
        return Decision(None, False, [])
    top = cands[0]
    if top.tier > FUZZY:
        tied = [c for c in cands if c.tier == top.tier]
        if len(tied) == 1:
            return Decision(top.key, False, [])
        by_score = sorted(tied, key=lambda c: -c.score)
        if top.tier >= PREFIX and by_score[0].score >= 2 * by_score[1].score:
            return Decision(by_score[0].key, False, [])
        return Decision(None, False, [c.key for c in tied])
    near = [c for c in cands if c.score >= NEAR]
    if take_fuzzy and near and near[0].score >= TAKE and (len(near) == 1 or near[0].score - near[1].score >= MARGIN):
        return Decision(near[0].key, True, [near[0].key])
    return Decision(None, False, [c.key for c in near[:MAX_CANDIDATES]])
