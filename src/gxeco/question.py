"""A question typed as one long run of Chinese (我想了解碳汇交易和水权质押贷款), taken apart into
the known words it holds, for search to look for when the question as typed finds nothing.

Also the terms of a query as typed (``words``). No word segmenter: the words are those people
search for and the data names, so a word found is one the text holds, and the search says which
it looked for (search.Result.words)."""

from __future__ import annotations

import itertools
import re

from . import vocab
from .text import norm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Protocol, TypeVar

    class Worded(Protocol):
        words: str | None

    Result = TypeVar("Result", bound=Worded)  # search.Result, which says the words it was searched by

# A query term at least this many Han characters long that nothing holds is read as a question.
QUESTION = 6
# Runs of Han characters. Kept as a string, compiled by re's own cache on first use (as passages
# does): a class spanning the CJK block costs sre milliseconds to compile, and a short query never
# needs it.
_HAN_RUN = r"[\u3400-\u9fff]+"


_CLOSING = {'"': '"', "“": "”", "「": "」"}  # a quote that opens a phrase: the one that closes it


def words(raw: str) -> Iterator[str]:
    """What ``"([^"]*)"|“([^”]*)”|「([^」]*)」|(\\S+)`` finds, read by hand: a quoted phrase whole
    (a quote never closed starts a word), else a run of non-space (compiling that pattern of
    Chinese quotes cost more than the search it serves; search.parse_query's terms)."""
    i, n = 0, len(raw)
    while i < n:
        if raw[i].isspace():
            i += 1
            continue
        close = _CLOSING.get(raw[i])
        if close is not None and (end := raw.find(close, i + 1)) >= 0:
            yield raw[i + 1 : end]
            i = end + 1
            continue
        end = i + 1
        while end < n and not raw[end].isspace():
            end += 1
        yield raw[i:end]
        i = end


def known_words(joined: str, named: set[str]) -> tuple[frozenset[str], int]:
    """Words a person would search for that the text holds: the names of the data (titles, tags,
    models, places), the option vocabularies' names, and either half of such a four-character word
    (水权 of 水权交易); with the longest's length."""
    words = set(named)
    for v in (vocab.CITY, vocab.CATEGORY, vocab.MODE, vocab.RESOURCE):
        words |= {norm(n) for names in v.names.values() for n in names}
    words |= {h for w in list(words) if len(w) == 4 for h in (w[:2], w[2:])}
    kept = frozenset(w for w in words if len(w) >= 2 and re.fullmatch(_HAN_RUN, w) and w in joined)
    return kept, max(map(len, kept), default=0)


def take_apart(terms: Sequence[str], known: tuple[frozenset[str], int]) -> list[str]:
    """The known words of the terms, in their order: each long run of Chinese read left to right,
    taking at each place the longest known word that starts there, skipping a character where none
    does. [] when no term is a long run of Chinese or fewer than two words are found (one word alone
    would be a guess at what was meant)."""
    if all(len(t) < QUESTION for t in terms):  # no run of QUESTION characters can be in them
        return []
    if not any(len(run) >= QUESTION for t in terms for run in re.findall(_HAN_RUN, t)):
        return []
    words, longest = known
    out: list[str] = []
    for t in terms:
        for run in re.findall(_HAN_RUN, t):
            i = 0
            while i < len(run):
                sizes = range(min(longest, len(run) - i), 1, -1)
                w = next((run[i : i + n] for n in sizes if run[i : i + n] in words), "")
                if w and w not in out:
                    out.append(w)
                i += len(w) or 1
    return out if len(out) >= 2 else []


def by_words(words: list[str], search: Callable[[list[str]], list[Result]]) -> list[Result]:
    """The results for all the words, else for the most of them one case holds together (at least
    two; the subsets keeping the earlier words first, at most 20 of each size), each result saying
    which words it was searched by."""
    for n in range(len(words), 1, -1):
        for kept in itertools.islice(itertools.combinations(words, n), 20):
            results = search(list(kept))
            for r in results:
                r.words = " ".join(kept)
            if results:
                return results
    return []
