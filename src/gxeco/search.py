"""Full-text search over the cases: AND of terms, ranked, with snippets.

Matching works on the folded passages of ``passages.py`` (NFKC, case-folded, no white space)
with their map back to the published text, so snippets quote the text as published while
matching ignores width, case and spacing. A hit is a place in that text (passage, start, end,
marks), from which the CLI's snippets and browse's highlights are both read.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from itertools import islice

from . import match, question, vocab
from .errors import GxecoError
from .i18n import _
from .memo import PerList
from .model import Case
from .passages import CharTest, Passage, char_test, entry, masks_for, passages
from .text import norm

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from dataclasses import dataclass as record
    from dataclasses import field
    from typing import Any
else:
    from .record import field, record

# Section weights: a case naming the term in its title or tags outranks one
# that mentions it only in passing.
SECTION_WEIGHT = {"title": 5, "mechanism": 4, "practices": 3, "outcomes": 2, "background": 1}
SECTIONS = tuple(SECTION_WEIGHT)
MAX_QUERY = 500


@record
class Hit:
    """One place a query matched, in the published text of its passage: the snippet is
    ``passage.text[start:end]``, the matches are ``marks`` (ranges of ``passage.text``).
    The CLI's snippet and its highlights (``snippet``, ``spans``) and browse's highlights in
    a case's paragraphs are both read from these, so they cannot disagree."""

    passage: Passage
    start: int
    end: int
    marks: list[tuple[int, int]]  # matched ranges of passage.text, within start..end
    weight: int = 0
    terms: int = 0  # how many of the query's terms the snippet's sentence holds
    cut_before: bool = False  # the snippet starts inside a sentence: shown with a leading …
    cut_after: bool = False

    @property
    def section(self) -> str:
        return self.passage.section

    @property
    def title(self) -> str | None:
        return self.passage.title

    @property
    def snippet(self) -> str:
        """The snippet as shown: on one line, … where a sentence was cut."""
        text = self.passage.text[self.start : self.end].replace("\n", " ")
        return ("…" if self.cut_before else "") + text + ("…" if self.cut_after else "")

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The marks as ranges of ``snippet``."""
        shift = self.start - (1 if self.cut_before else 0)
        return [(a - shift, b - shift) for a, b in self.marks]

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "title": self.title,
            "snippet": self.snippet,
            "highlights": [list(s) for s in self.spans],
        }


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
    words: str | None = None  # the known words a question was taken apart into, when it found nothing as typed
    # where the terms stand, for the results given snippets (search._where): (passage number
    # among those searched, term number, spelling); snippets are cut from these passages only
    found: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def match(self) -> str:
        return "near" if self.near else "corrected" if self.corrected else "words" if self.words else "exact"

    def as_dict(self) -> dict[str, Any]:
        """The plain form: what `gxeco search --format json` prints for one case."""
        c = self.case
        return {
            "id": c.id,
            "batch": c.batch,
            "slug": c.slug,
            "short_title": c.short_title,
            "place": c.place,
            "score": self.score,
            "match": self.match,
            "corrected": self.corrected,
            "set_aside": self.set_aside,
            "words": self.words,
            "hits": [h.as_dict() for h in self.hits],
        }


def warm(cases: Sequence[Case]) -> None:
    """Build what the first search over these cases would: passages and their maps back to
    the published text, the characters each holds, the pinyin table, the joined text typo
    correction reads. `gxeco browse` calls this after its first paint: no keystroke pays for it."""
    for c in cases:
        for p in passages(c):
            p.index  # noqa: B018 (a cached property: reading it builds it)
    _spelled(cases)
    _joined(cases)
    masks_for(list(cases))  # last: a keystroke meanwhile reads the text, as it would without


def parse_query(words: Sequence[str]) -> list[str]:
    """Terms to AND together: words split on white space, quoted phrases kept whole."""
    raw = " ".join(words)
    if len(raw) > MAX_QUERY:
        raise GxecoError(_("query too long ({n} characters; at most {most})").format(n=len(raw), most=MAX_QUERY))
    terms: list[str] = []
    for t in question.words(raw):
        t = norm(t)
        if t and t not in terms:
            terms.append(t)
    if not terms:
        raise GxecoError(_("empty search query; give one or more terms, e.g. gxeco search 碳汇 质押"))
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


def _find_all(hay: str, needle: str, start: int = 0, end: int | None = None) -> list[int]:
    """Every place needle stands in hay[start:end], overlapping ones too."""
    out, i = [], hay.find(needle, start, end)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1, end)
    return out


_SENT_END = "。！？；\n"


@lru_cache(maxsize=64)
def _sentence_marks(text: str) -> list[int]:
    """Where the text's 。！？； and newlines stand, found once per text: a search of a term
    in every sentence of a long field then finds each bound by bisection, where a find or
    rfind for a mark the text lacks would read the whole text again for every hit."""
    marks = []
    for mark in _SENT_END:  # str.find, not a pattern of Chinese characters compiled every run
        at = text.find(mark)
        while at >= 0:
            marks.append(at)
            at = text.find(mark, at + 1)
    return sorted(marks)


def _sentence_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """The sentence holding text[a:b]: from after the previous 。！？；/newline to its own
    end mark (kept) or newline (not kept)."""
    marks = _sentence_marks(text)
    k = bisect_left(marks, a)
    start = marks[k - 1] + 1 if k else 0
    if b > 0 and text[b - 1] in _SENT_END:
        return start, b
    k = bisect_left(marks, b)
    if k == len(marks):
        return start, len(text)
    end = marks[k]
    return start, end if text[end] == "\n" else end + 1


def _snippet(p: Passage, spans_flat: list[tuple[int, int]], context: int) -> Hit:
    """The sentence around the first span, clipped to context characters each side."""
    a0, b0 = spans_flat[0]
    ta, tb = p.index[a0], p.index[b0 - 1] + 1
    sa, sb = _sentence_bounds(p.text, ta, tb)
    sa = max(sa, ta - context)
    sb = min(sb, tb + context)
    marks = []
    for a, b in spans_flat:
        xa, xb = p.index[a], p.index[b - 1] + 1
        if xa >= sa and xb <= sb:
            marks.append((xa, xb))
    cut_before = sa > 0 and p.text[sa - 1] not in _SENT_END
    # a line's end (a title, a paragraph) ends a sentence as its mark does: nothing was cut
    cut_after = sb < len(p.text) and p.text[sb - 1] not in _SENT_END and p.text[sb] != "\n"
    return Hit(p, sa, sb, marks, cut_before=cut_before, cut_after=cut_after)


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
    """Cases holding every term, best first; near matches if none hold them exactly.

    Two passes: counting every case's matches (str.count, in C) ranks them all; only the
    first ``top`` results (all when None) then get snippets, the costly part. `gxeco search
    --limit 10` and a `gxeco browse` keystroke over 1 500 cases cut sentences for the rows
    they show, not for every case that mentions a one-character query.
    ``cancelled`` is asked every 64 cases (`gxeco browse`: a newer keystroke makes this
    search moot, and a thread that ran on would only slow the next one down).

    When nothing holds the query as typed, and ``near`` is on: the query without emoji, symbols
    and punctuation (``set_aside``, said in each result); then a question taken apart into the
    known words it holds (``question_words``; ``words``, said in each result); then a plausible
    correction of each missing term (``correct``); then sentences that nearly hold every term."""
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
    if not results and near:  # a question: searched by its known words, each result saying which
        words = question_words(cases, terms)
        results = question.by_words(
            words, lambda w: _exact(cases, w, allowed, titles_only, context, snippets, top, cancelled)
        )
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


def question_words(cases: Sequence[Case], terms: Sequence[str]) -> list[str]:
    """The known words a question holds (question.py), over these cases' text and names."""
    return question.take_apart(terms, _known_words(cases))


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
    overlapping = {t for options in alts for t in options if _self_overlapping(t)}
    known = char_test(alts)
    results = []
    for n, c in enumerate(cases):
        if cancelled is not None and n % 64 == 0 and cancelled():
            return []
        scored = _count(c, alts, allowed, overlapping, titles_only, known)
        if scored is not None:
            named, mentions, weighted = scored
            score = round(named * 1000 + mentions * 10 + weighted / 10, 1)
            results.append(Result(c, score, named, mentions))
    results.sort(key=lambda r: (-r.named, -r.mentions, -r.score, r.case.batch, r.case.id))
    for r in results[:top]:
        r.found = _where(r.case, alts, allowed, titles_only)
        r.hits = _hits(r, len(alts), allowed, context, snippets, titles_only)
    return results


def _searched(p: Passage, titles_only: bool) -> str:
    return p.titles if titles_only and p.section == "title" else p.flat


def _count(
    c: Case, alts: list[list[str]], allowed: set[str], overlapping: set[str], titles_only: bool, known: CharTest
) -> tuple[int, int, float] | None:
    """(named, mentions, weighted) when the case holds every term (or one of its alternatives):
    title passages holding a term, its occurrences elsewhere, and these weighted by section.
    Counted in the case's joined flat text once per run of a section (passages.entry), not once
    per passage: a term holds no newline (norm drops white space), so no count runs across two."""
    every, runs = entry(c)[2:]
    named = mentions = 0
    weighted = 0.0
    have = m[1] if (m := known[1].get(id(c))) is not None and m[0] is c else None  # its characters as bits
    for k, options in enumerate(alts):
        # most cases hold no term at all: said by their characters, else by one test per case
        if have is not None and not any(w is not None and w & have == w for w in known[0][k]):
            return None
        if (options[0] not in every) if len(options) == 1 else not any(t in every for t in options):
            return None
        term_found = False
        for t in options:
            one_by_one = t in overlapping
            for section, a, b, first in runs:
                if section not in allowed:
                    continue
                if titles_only and section == "title":
                    b = a + len(first.titles)
                n = len(_find_all(every, t, a, b)) if one_by_one else every.count(t, a, b)
                if not n:
                    continue
                term_found = True
                if section == "title":
                    named += 1
                else:
                    mentions += n
                weighted += SECTION_WEIGHT[section] * n
        if not term_found:
            return None
    return named, mentions, weighted


def _where(c: Case, alts: list[list[str]], allowed: set[str], titles_only: bool) -> list[tuple[int, int, str]]:
    """Which passage holds which term (passage number among those searched, term number,
    spelling): snippets are cut from those passages, for the results shown only."""
    ps = [p for p in passages(c) if p.section in allowed]
    spelled = [(term, t) for term, options in enumerate(alts) for t in options]
    return [(k, term, t) for term, t in spelled for k, p in enumerate(ps) if t in _searched(p, titles_only)]


def _self_overlapping(t: str) -> bool:
    """Whether t can overlap itself (哈哈 stands twice in 哈哈哈): str.count counts such a term
    once, and search has always counted every occurrence, so these are counted one by one."""
    return any(t[:k] == t[-k:] for k in range(1, len(t)))


def _hits(
    r: Result, n_terms: int, allowed: set[str], context: int, snippets: int, titles_only: bool = False
) -> list[Hit]:
    """The case's best snippets: one per sentence holding a term, most terms first.

    A hit counts the terms its sentence holds (a term by any of its spellings: longsheng
    or 龙胜). Passages go by section weight, so once ``snippets`` hits hold every term no
    later sentence can rank above them and none is cut out (a one-character query in
    `gxeco browse` hits most sentences of a 1 500-case file). Only the passages found
    holding a term are read (``Result.found``); a snippet that reads
    exactly as an earlier one of its passage (``--context 0``) is not shown twice. The title
    passage gives snippets only when asked for by --section (its title lines, then)."""
    ps = [p for p in passages(r.case) if p.section in allowed]
    wanted: dict[int, list[tuple[int, str]]] = {}  # passage -> (term, spelling) it holds
    for k, term, t in r.found:
        if ps[k].section != "title" or titles_only:
            wanted.setdefault(k, []).append((term, t))
    hits: list[Hit] = []
    complete = 0  # hits holding every term
    for k, terms in sorted(wanted.items(), key=lambda kv: -SECTION_WEIGHT[ps[kv[0]].section]):
        p = ps[k]
        # a passage's spans are found when it is read: one snippet is often had from the first
        flat = _searched(p, titles_only)
        spans = sorted((i, i + len(t), term) for term, t in terms for i in _find_all(flat, t))
        # one snippet per sentence: group spans by their sentence
        used: set[tuple[int, int]] = set()
        shown: set[str] = set()
        for j, (a, b, _term) in enumerate(spans):
            ta = p.index[a]
            sa, sb = _sentence_bounds(p.text, ta, p.index[b - 1] + 1)
            if (sa, sb) in used:
                continue
            used.add((sa, sb))
            # the spans of this sentence: this one (its sentence's first) and those after it until the
            # sentence ends, not every span of the passage again for every sentence
            same = []
            for x, y, term in islice(spans, j, None):
                if p.index[x] >= sb:
                    break
                if p.index[y - 1] < sb:
                    same.append((x, y, term))
            h = _snippet(p, [(a, b)] + [(x, y) for x, y, _ in same if (x, y) != (a, b)], context)
            if h.snippet in shown:
                continue
            shown.add(h.snippet)
            h.weight = SECTION_WEIGHT[p.section]
            h.terms = len({t for _, _, t in same})
            hits.append(h)
            complete += h.terms == n_terms
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
    text = "\n".join(entry(c)[2] for c in cases)
    words = {norm(w) for c in cases for w in (c.short_title, *c.tags, *c.models, c.place)}
    return text, words


_joined = PerList(_joined_text)
_known_words = PerList(lambda cases: question.known_words(*_joined(cases)))

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
    where: list[tuple[Case, Passage, int, int]] = []
    flats: list[str] = []
    for c in cases:
        for p in passages(c):
            if p.section in allowed and p.section != "title":
                for flat, start, end in p.sentences:
                    where.append((c, p, start, end))
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
        c, p, start, end = where[i]
        cut = end - start > 2 * context + 20
        if cut:
            end = start + 2 * context + 20
        best.setdefault(id(c), []).append((s, Hit(p, start, end, [], SECTION_WEIGHT[p.section], cut_after=cut)))
        order[id(c)] = c
    results = []
    for key, hits in best.items():
        hits.sort(key=lambda x: (-x[0], -x[1].weight))
        c = order[key]
        results.append(Result(c, round(hits[0][0], 1), 0, 0, [h for _, h in hits[:snippets]], near=True))
    results.sort(key=lambda r: (-r.score, r.case.batch, r.case.id))
    return results
