"""Full-text search over the cases: AND of terms, ranked, with snippets.

Matching works on a normalised copy of each passage (NFKC, case-folded, no
white space) with a map back to the published text, so snippets quote the
text as published while matching ignores width, case and spacing.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cached_property

from . import match, vocab
from .errors import GxecoError
from .memo import PerList
from .model import Case
from .text import T2S, norm

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from dataclasses import dataclass as record
    from dataclasses import field
else:
    from .record import field, record

# Section weights: a case naming the term in its title or tags outranks one
# that mentions it only in passing.
SECTION_WEIGHT = {"title": 5, "mechanism": 4, "practices": 3, "outcomes": 2, "background": 1}
SECTIONS = tuple(SECTION_WEIGHT)
MAX_QUERY = 500


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
            return _SkipSpaces([m.start() for m in _SPACE.finditer(self.text)])
        idx: list[int] = []
        for i, ch in enumerate(self.text):
            n = len(_FOLD[ord(ch)])
            if n == 1:
                idx.append(i)
            elif n:
                idx.extend([i] * n)
        return tuple(idx)


@record
class Hit:
    section: str
    title: str | None
    snippet: str
    spans: list[tuple[int, int]]  # highlighted ranges within snippet
    weight: int = 0
    terms: int = 0


@record
class Result:
    case: Case
    score: float
    named: int
    mentions: int
    hits: list[Hit] = field(default_factory=list)
    near: bool = False
    corrected: str | None = None  # the query searched instead, when the typed one found nothing
    set_aside: str | None = None  # emoji, symbols, punctuation left out of the query (nothing found with them)


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
_SPACE = re.compile(r"\s")


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


def _flatten(text: str) -> str:
    return text.translate(_FOLD)


# Passages of each case, built once per case object: flattening every text again on every
# search was most of a search's time (and of each keystroke in `gxeco browse`). Keyed by id,
# holding the case, so an id is never reused while its entry lives.
_PASSAGES: dict[int, tuple[Case, list[Passage], str]] = {}  # case, passages, their flat texts joined


def passages(case: Case) -> list[Passage]:
    """The passages search reads, folded: from the data cache when the loader brought them
    (``_flats``), else folded now, ~130 ns a character (0.6 s for 1 500 cases)."""
    return _entry(case)[1]


def _entry(case: Case) -> tuple[Case, list[Passage], str]:
    hit = _PASSAGES.get(id(case))
    if hit is not None and hit[0] is case:
        return hit
    parts = _parts(case)
    cached = case.__dict__.get("_flats")
    if cached is not None and len(cached) == len(parts):
        out = [
            Passage(case, s, t, text, flat, bool(reg)) for (s, t, text), (flat, reg) in zip(parts, cached, strict=True)
        ]
    else:
        out = [Passage(case, section, title, text, _flatten(text)) for section, title, text in parts]
    hit = _PASSAGES[id(case)] = (case, out, "\n".join(p.flat for p in out))
    return hit


def folded(case: Case) -> list[tuple[str, bool]]:
    """Each passage's folded text and whether it is regular: what the loader caches, so
    that no later run folds the text again."""
    out = []
    for _, _, text in _parts(case):
        flat = _flatten(text)  # teaches _FOLD every character of the text first
        out.append((flat, not any(ch in text for ch in _FOLD.irregular)))
    return out


def _parts(case: Case) -> list[tuple[str, str | None, str]]:
    parts: list[tuple[str, str | None, str]] = [
        ("title", None, "\n".join([case.title, case.short_title, *case.tags, *case.models, case.place])),
        ("background", None, case.background),
        ("mechanism", None, case.mechanism),
    ]
    for key, items in (("practices", case.practices), ("outcomes", case.outcomes)):
        for it in items:
            parts.append((key, it.title, it.title + "。" + it.text))
    return parts


def warm(cases: Sequence[Case]) -> None:
    """Build what the first search over these cases would: passages and their maps back to
    the published text, the pinyin table, the joined text typo correction reads. `gxeco
    browse` calls this after its first paint, so that no keystroke pays for it."""
    for c in cases:
        for p in passages(c):
            p.index  # noqa: B018 (a cached property: reading it builds it)
    _spelled(cases)
    _joined(cases)


def parse_query(words: Sequence[str]) -> list[str]:
    """Terms to AND together: words split on white space, quoted phrases kept whole."""
    raw = " ".join(words)
    if len(raw) > MAX_QUERY:
        raise GxecoError(f"query too long ({len(raw)} characters; at most {MAX_QUERY})")
    terms: list[str] = []
    for m in re.finditer(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)', raw):
        t = next(g for g in m.groups() if g is not None)
        t = norm(t)
        if t and t not in terms:
            terms.append(t)
    if not terms:
        raise GxecoError("empty search query; give one or more terms, e.g. gxeco search 碳汇 质押")
    return terms


def set_aside(words: Sequence[str]) -> tuple[list[str], str]:
    """The words without what is not text (emoji, symbols, punctuation: 红树林🌳, ㎡), each such
    character turned into a break between terms, and those characters (in order, once each).
    Judged on the characters as typed: NFKC would turn ㎡ into m2, a word it never was."""
    dropped: list[str] = []
    out = []
    for w in words:
        kept = []
        for ch in w:
            # quotes around a phrase are the query's syntax, not its text
            if ch.isspace() or ch in _QUOTES or unicodedata.category(ch)[0] in "LMN":
                kept.append(ch)
            else:
                kept.append(" ")
                if ch not in dropped:
                    dropped.append(ch)
        out.append("".join(kept))
    return out, "".join(dropped)


_QUOTES = '"“”「」'


def _pinyin_terms(term: str, cases: Sequence[Case]) -> list[str]:
    """Chinese names whose pinyin (full or initials) the ASCII term spells."""
    if not term.isascii() or not term.isalpha() or len(term) < 2:
        return []
    found = list(_spelled(cases).get(term, ()))
    from ._tables import PINYIN

    for city in vocab.CITIES:
        if PINYIN.get(city[:-1], ("",))[0] == term:
            found.append(norm(city[:-1]))
    return found


def _spelling_table(cases: Sequence[Case]) -> dict[str, list[str]]:
    """Pinyin (full, or initials of three letters or more) -> the normalised Chinese names it
    spells, in the cases' order: built once per list of cases, not a loop over them per query."""
    table: dict[str, list[str]] = {}
    for c in cases:
        for name, full, initials in c.pinyin.names:
            n = norm(name)
            for spelling in (full, initials) if len(initials) >= 3 else (full,):
                names = table.setdefault(spelling, [])
                if n not in names:
                    names.append(n)
    return table


_spelled = PerList(_spelling_table)


def _find_all(hay: str, needle: str) -> list[int]:
    out, i = [], hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


_SENT_END = "。！？；\n"


def _sentence_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """The sentence holding text[a:b]: from after the previous 。！？；/newline to its own
    end mark (kept) or newline (not kept). str.find/rfind keep this linear at any size."""
    start = max(text.rfind(c, 0, a) for c in _SENT_END) + 1
    if b > 0 and text[b - 1] in _SENT_END:
        return start, b
    ends = [i + 1 for i in (text.find(c, b) for c in "。！？；") if i >= 0]
    nl = text.find("\n", b)
    if nl >= 0:
        ends.append(nl)
    return start, min(ends, default=len(text))


def _snippet(p: Passage, spans_flat: list[tuple[int, int]], context: int) -> Hit:
    """The sentence around the first span, clipped to context characters each side."""
    a0, b0 = spans_flat[0]
    ta, tb = p.index[a0], p.index[b0 - 1] + 1
    sa, sb = _sentence_bounds(p.text, ta, tb)
    sa = max(sa, ta - context)
    sb = min(sb, tb + context)
    snippet = p.text[sa:sb]
    lead = "…" if sa > 0 and p.text[sa - 1] not in _SENT_END else ""
    # a line's end (a title, a paragraph) ends a sentence as its mark does: nothing was cut
    tail = "…" if sb < len(p.text) and p.text[sb - 1] not in _SENT_END and p.text[sb] != "\n" else ""
    spans = []
    for a, b in spans_flat:
        xa, xb = p.index[a], p.index[b - 1] + 1
        if xa >= sa and xb <= sb:
            spans.append((xa - sa + len(lead), xb - sa + len(lead)))
    return Hit(p.section, p.title, lead + snippet.replace("\n", " ") + tail, spans)


def search(
    cases: Sequence[Case],
    words: Sequence[str],
    *,
    sections: Sequence[str] | None = None,
    context: int = 60,
    snippets: int = 3,
    near: bool = True,
    top: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Result]:
    """Cases holding every term, best first; if none, what match.py's rule allows instead.

    Two passes: counting every case's matches (str.count, in C) ranks them all; only the
    first ``top`` results (all when None) then get snippets, the costly part. `gxeco search
    --limit 10` and a `gxeco browse` keystroke over 1 500 cases cut sentences for the rows
    they show, not for every case that mentions a one-character query.
    ``cancelled`` is asked every 64 cases (`gxeco browse`: a newer keystroke makes this
    search moot, and a thread that ran on would only slow the next one down).

    When nothing holds the query as typed, and ``near`` is on: the query without emoji, symbols
    and punctuation (``set_aside``, said in each result); then a plausible correction of each
    missing term (``correct``); then sentences that nearly hold every term."""
    terms = parse_query(words)
    allowed = set(sections) if sections else set(SECTIONS)
    titles_only = sections is not None and "title" in allowed
    results = _exact(cases, terms, allowed, titles_only, context, snippets, top, cancelled)
    if results:
        return results
    # --exact (near off) searches for exactly what was typed, punctuation and all
    cleaned, dropped = set_aside(words) if near else (list(words), "")
    if dropped:
        try:
            terms = parse_query(cleaned)
        except GxecoError:  # nothing but emoji, symbols, punctuation: nothing to search for
            return []
        results = _exact(cases, terms, allowed, titles_only, context, snippets, top, cancelled)
    if not results and near:
        fixed = correct(cases, terms, cancelled)
        if cancelled is not None and cancelled():
            return []
        if fixed is not None:
            results = _exact(cases, fixed, allowed, titles_only, context, snippets, top, cancelled)
            for r in results:
                r.corrected = " ".join(fixed)
        if not results:
            results = _near(cases, terms, allowed, context, snippets, cancelled)
    for r in results if dropped else ():
        r.set_aside = dropped
    return results


def _exact(
    cases: Sequence[Case],
    terms: list[str],
    allowed: set[str],
    titles_only: bool,
    context: int,
    snippets: int,
    top: int | None,
    cancelled: Callable[[], bool] | None,
) -> list[Result]:
    """The cases holding every term (or a pinyin spelling of it), ranked, the first ``top`` with snippets."""
    alts = [[t, *_pinyin_terms(t, cases)] for t in terms]
    results = []
    for n, c in enumerate(cases):
        if cancelled is not None and n % 64 == 0 and cancelled():
            return []
        scored = _count(c, alts, allowed, titles_only)
        if scored is not None:
            named, mentions, weighted = scored
            results.append(Result(c, round(named * 1000 + mentions * 10 + weighted / 10, 1), named, mentions))
    results.sort(key=lambda r: (-r.named, -r.mentions, -r.score, r.case.batch, r.case.id))
    for r in results[:top]:
        r.hits = _hits(r.case, alts, allowed, context, snippets, titles_only)
    return results


def _flat_all(case: Case) -> str:
    """Every passage's flat text in one string: most cases hold no term at all, and one
    ``in`` over this tells so without a loop over the passages."""
    return _entry(case)[2]


def _titles(p: Passage) -> str:
    """The flat text of the title passage's first two lines, the title and the short title:
    what `search --section 标题` looks in (the rest of the passage, tags, models and the place,
    ranks a case that names a term, but is no title)."""
    cached = p.__dict__.get("_titles")
    if cached is None:
        cached = p.__dict__["_titles"] = p.flat[: len(_flatten(p.case.title + p.case.short_title))]
    return str(cached)


def _searched(p: Passage, titles_only: bool) -> str:
    return _titles(p) if titles_only and p.section == "title" else p.flat


def _count(
    c: Case, alts: list[list[str]], allowed: set[str], titles_only: bool = False
) -> tuple[int, int, float] | None:
    """(named, mentions, weighted) when the case holds every term (or one of its alternatives)."""
    every = _flat_all(c)
    named = mentions = 0
    weighted = 0.0
    ps: list[Passage] | None = None
    for options in alts:
        if not any(t in every for t in options):
            return None
        if ps is None:
            ps = [p for p in passages(c) if p.section in allowed]
        term_found = False
        for t in options:
            overlapping = _self_overlapping(t)
            for p in ps:
                flat = _searched(p, titles_only)
                k = len(_find_all(flat, t)) if overlapping else flat.count(t)
                if not k:
                    continue
                term_found = True
                if p.section == "title":
                    named += 1
                else:
                    mentions += k
                weighted += SECTION_WEIGHT[p.section] * k
        if not term_found:
            return None
    return named, mentions, weighted


def _self_overlapping(t: str) -> bool:
    """Whether t can overlap itself (哈哈 stands twice in 哈哈哈): str.count counts such a term
    once, and search has always counted every occurrence, so these are counted one by one."""
    return any(t[:k] == t[-k:] for k in range(1, len(t)))


def _hits(
    c: Case, alts: list[list[str]], allowed: set[str], context: int, snippets: int, titles_only: bool = False
) -> list[Hit]:
    """The case's best snippets: one per sentence holding a term, most terms first.

    A hit counts the terms its sentence holds (a term by any of its spellings: longsheng
    or 龙胜). Passages go by section weight, so once ``snippets`` hits hold every term no
    later sentence can rank above them and none is cut out (a one-character query in
    `gxeco browse` hits most sentences of a 1 500-case file). The title passage gives
    snippets only when asked for by --section (its title lines, then)."""
    ps = [p for p in passages(c) if p.section in allowed]
    per_passage: dict[int, list[tuple[int, int, int]]] = {}
    for term, options in enumerate(alts):
        for t in options:
            for k, p in enumerate(ps):
                if p.section == "title" and not titles_only:
                    continue
                flat = _searched(p, titles_only)
                if t in flat:
                    per_passage.setdefault(k, []).extend((i, i + len(t), term) for i in _find_all(flat, t))
    hits: list[Hit] = []
    complete = 0  # hits holding every term
    for k, spans in sorted(per_passage.items(), key=lambda kv: -SECTION_WEIGHT[ps[kv[0]].section]):
        p = ps[k]
        spans.sort()
        # one snippet per sentence: group spans by their sentence
        used: set[tuple[int, int]] = set()
        for a, b, _ in spans:
            ta = p.index[a]
            sa, sb = _sentence_bounds(p.text, ta, p.index[b - 1] + 1)
            if (sa, sb) in used:
                continue
            used.add((sa, sb))
            same = [(x, y, t) for x, y, t in spans if sa <= p.index[x] and p.index[y - 1] < sb]
            h = _snippet(p, [(a, b)] + [(x, y) for x, y, _ in same if (x, y) != (a, b)], context)
            h.weight = SECTION_WEIGHT[p.section]
            h.terms = len({t for _, _, t in same})
            hits.append(h)
            complete += h.terms == len(alts)
            if complete >= snippets:
                return sorted(hits, key=lambda h: (-h.terms, -h.weight))[:snippets]
    hits.sort(key=lambda h: (-h.terms, -h.weight))
    return hits[:snippets]


def correct(cases: Sequence[Case], terms: list[str], cancelled: Callable[[], bool] | None = None) -> list[str] | None:
    """The query with each term no passage holds replaced by its plausible correction
    (园搏园 -> 园博园, 稻鱼 -> 稻渔), by match.py's rule; None when a missing term has none."""
    fixes = _fixes(cases, terms, cancelled)
    if fixes is None or all(d is None for d in fixes):
        return None
    out = []
    for t, d in zip(terms, fixes, strict=True):
        if d is not None and d.taken is None:
            return None
        out.append(t if d is None else str(d.taken))
    return out


def near_words(cases: Sequence[Case], words: Sequence[str]) -> list[str]:
    """Words of the data near the missing terms of a query that found nothing: for a "no
    results" hint (never an answer), at most match.MAX_CANDIDATES, none below match.NEAR."""
    try:
        terms = parse_query(set_aside(words)[0])
    except GxecoError:
        return []
    out: list[str] = []
    for d in _fixes(cases, terms) or ():
        for w in d.candidates if d is not None else ():
            if str(w) not in out:
                out.append(str(w))
    return out[: match.MAX_CANDIDATES]


def _fixes(
    cases: Sequence[Case], terms: list[str], cancelled: Callable[[], bool] | None = None
) -> list[match.Decision | None] | None:
    """Per term, None when the text holds it (or it is one character), else the rule's decision
    over its candidates: runs of the text one character away, the changed character of the same
    script (a Chinese character for a Chinese character: never a quotation mark, a digit for a
    letter), scored by match.similarity (characters and sounds), a word people name (a title,
    tag, model or place) ahead of a mere run of the text by match.MARGIN. None when cancelled."""
    joined, words = _joined(cases)
    out: list[match.Decision | None] = []
    for t in terms:
        if cancelled is not None and cancelled():
            return None
        if len(t) < 2 or t in joined:
            out.append(None)
            continue
        grams = _neighbours(t, joined)
        scored = []
        for g, count in grams.items():
            s = match.similarity(t, g)
            if s:
                named = any(g in w for w in words)
                scored.append((s + (match.MARGIN if named else 0.0), count, g))
        scored.sort(key=lambda x: (-x[0], -x[1], x[2]))  # among equals, the more frequent first
        out.append(match.decide([match.Candidate(g, match.FUZZY, s) for s, _, g in scored]))
    return out


def _joined_text(cases: Sequence[Case]) -> tuple[str, set[str]]:
    """All flat texts of the cases in one string, and the normalised words people name
    (titles, tags, models, places)."""
    text = "\n".join(_flat_all(c) for c in cases)
    words = {norm(w) for c in cases for w in (c.short_title, *c.tags, *c.models, c.place)}
    return text, words


_joined = PerList(_joined_text)

# The characters a correction may put in place of one typed: the same script only.
_SCRIPTS = (("\u3400", "\u9fff", "[\u3400-\u9fff]"), ("a", "z", "[a-z]"), ("0", "9", "[0-9]"))


def _script(ch: str) -> str | None:
    return next((cls for lo, hi, cls in _SCRIPTS if lo <= ch <= hi), None)


def _neighbours(t: str, joined: str) -> dict[str, int]:
    """Runs of the text one substitution of the same script away from t, with how often each
    stands there: one regular expression (t with each character in turn left open to its
    script) scans the text in C."""
    pattern = "|".join(
        re.escape(t[:i]) + cls + re.escape(t[i + 1 :]) for i, ch in enumerate(t) if (cls := _script(ch)) is not None
    )
    counts: dict[str, int] = {}
    if not pattern:
        return counts
    for m in re.finditer(pattern, joined):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    return counts


_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def _sentences(p: Passage) -> list[tuple[str, str]]:
    """(flat, as published) for each sentence of a passage, once per passage."""
    cached = p.__dict__.get("_sentences")
    if cached is None:
        cached = [(f, m.group()) for m in _SENTENCE.finditer(p.text) if (f := _flatten(m.group()))]
        p.__dict__["_sentences"] = cached
    return cached


def _near(
    cases: Sequence[Case],
    terms: list[str],
    allowed: set[str],
    context: int,
    snippets: int,
    cancelled: Callable[[], bool] | None = None,
) -> list[Result]:
    """Fuzzy fallback: sentences that nearly contain every term (character-level, match.inside:
    all sentences in one call per term, rapidfuzz's C loop, not one Python call each)."""
    where: list[tuple[Case, Passage, str]] = []
    flats: list[str] = []
    for c in cases:
        for p in passages(c):
            if p.section in allowed and p.section != "title":
                for flat, sent in _sentences(p):
                    where.append((c, p, sent))
                    flats.append(flat)
    score: dict[int, float] | None = None
    for t in terms:
        if cancelled is not None and cancelled():
            return []
        got = match.inside(t, flats)
        score = got if score is None else {i: min(s, got[i]) for i, s in score.items() if i in got}
        if not score:
            return []
    best: dict[int, list[tuple[float, Hit]]] = {}
    order: dict[int, Case] = {}
    for i, s in (score or {}).items():
        c, p, sent = where[i]
        sent = sent.strip()
        if len(sent) > 2 * context + 20:
            sent = sent[: 2 * context + 20] + "…"
        best.setdefault(id(c), []).append((s, Hit(p.section, p.title, sent, [], SECTION_WEIGHT[p.section])))
        order[id(c)] = c
    results = []
    for key, hits in best.items():
        hits.sort(key=lambda x: (-x[0], -x[1].weight))
        c = order[key]
        results.append(Result(c, round(hits[0][0], 1), 0, 0, [h for _, h in hits[:snippets]], near=True))
    results.sort(key=lambda r: (-r.score, r.case.batch, r.case.id))
    return results
