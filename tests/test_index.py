"""The fast paths of find-as-you-type against plain reference implementations.

``resolve.rank`` finds names through one joined index of distinct names, and
``search.search`` ranks by counting before it cuts snippets for the first ``top``
results only. Each is held here to the straightforward loop it replaced, over
queries drawn from the data's own names and text (where the matches are).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gxeco import memo, resolve, search
from gxeco.text import norm

FAST = settings()


def reference_rank(cases: list[Any], ref: str) -> list[tuple[int, int, float, str]]:
    """rank as one test per name per case (the code before the index)."""
    q = norm(ref)
    best: dict[int, tuple[int, float, str]] = {}
    for i, c in enumerate(cases):
        for n, name, weight, kind in resolve._normed(c):
            if q == n:
                tier, score = resolve.EXACT, 100.0
            elif n.startswith(q):
                tier, score = resolve.PREFIX, 100.0 * len(q) / len(n)
            elif kind != resolve.INITIALS and q in n:
                tier, score = resolve.SUBSTRING, 100.0 * len(q) / len(n)
            else:
                continue
            cur = best.get(i)
            if cur is None or (tier, score * weight) > cur[:2]:
                best[i] = (tier, score * weight, name)
    out = [(cases[i].id, t, round(s, 9), name) for i, (t, s, name) in best.items()]
    return sorted(out, key=lambda m: (-m[1], -m[2], m[0]))


def names_and_text(ds: Any) -> st.SearchStrategy[str]:
    names = sorted({n for c in ds.cases for n, *_ in resolve._normed(c)})
    text = "".join(c.background + c.mechanism for c in ds.cases)
    pieces = st.builds(lambda i, k: text[i : i + k], st.integers(0, len(text) - 8), st.integers(1, 6))
    fragments = st.builds(lambda n, a, k: n[a : a + k], st.sampled_from(names), st.integers(0, 6), st.integers(1, 8))
    return st.one_of(st.sampled_from(names), fragments, pieces).filter(lambda s: norm(s) != "")


def assert_rank_as_loop(cases: list[Any], q: str) -> None:
    ref = reference_rank(cases, q)
    got = [(m.case.id, m.tier, round(m.score, 9), m.via) for m in resolve.rank(cases, q)]
    if ref:  # else the fuzzy tier answers, as it did
        assert got == ref, q


def test_rank_equals_the_loop_it_replaced_on_known_queries(ds: Any) -> None:
    for q in ["l", "lsh", "龙", "龍勝", "梧州", "lzcp", "hs", "村", "海", "guilin"]:
        assert_rank_as_loop(list(ds.cases), q)


@FAST
@given(st.data())
def test_rank_equals_the_loop_it_replaced(ds: Any, data: Any) -> None:
    assert_rank_as_loop(list(ds.cases), data.draw(names_and_text(ds)))


def reference_search(cases: list[Any], q: str) -> list[tuple[int, int, int, float]]:
    """(id, named, mentions, score) of every case holding the term, counted with _find_all
    (overlapping occurrences, as search has always counted them)."""
    terms = search.parse_query([q])
    alts = [[t, *search._pinyin_terms(t, cases)] for t in terms]
    out = []
    for c in cases:
        named = mentions = 0
        weighted = 0.0
        ok = True
        for options in alts:
            found = False
            for t in options:
                for p in search.passages(c):
                    k = len(search._find_all(p.flat, t))
                    if k:
                        found = True
                        named += p.section == "title"
                        mentions += 0 if p.section == "title" else k
                        weighted += search.SECTION_WEIGHT[p.section] * k
            ok = ok and found
        if ok:
            out.append((c.id, named, mentions, round(named * 1000 + mentions * 10 + weighted / 10, 1)))
    return sorted(out, key=lambda r: (-r[1], -r[2], -r[3], r[0]))


@FAST
@given(st.data())
def test_counting_pass_and_top_snippets(ds: Any, data: Any) -> None:
    cases = list(ds.cases)
    q = data.draw(names_and_text(ds))
    top = data.draw(st.integers(1, 5))
    full = search.search(cases, [q], near=False, snippets=2)
    cut = search.search(cases, [q], near=False, snippets=2, top=top)
    assert [(r.case.id, r.named, r.mentions, r.score) for r in full] == reference_search(cases, q)
    assert [(r.case.id, r.score) for r in cut] == [(r.case.id, r.score) for r in full]
    # the first `top` get the same snippets as a full search; the rest none at all
    assert [r.hits for r in cut[:top]] == [r.hits for r in full[:top]]
    assert all(r.hits == [] for r in cut[top:])


def test_overlapping_occurrences_count_as_before(ds: Any) -> None:
    # 哈哈 stands twice in 哈哈哈: str.count says once; search has always said twice
    assert search._self_overlapping("哈哈") and search._self_overlapping("aba")
    assert not search._self_overlapping("碳汇") and not search._self_overlapping("a")
    text = "哈哈哈，哈哈"
    assert len(search._find_all(text, "哈哈")) == 3 != text.count("哈哈")


def test_per_list_cache_keeps_the_pool_while_single_cases_come_and_go(ds: Any) -> None:
    built: list[int] = []

    def build(cases: Any) -> int:
        built.append(len(cases))
        return len(built)

    cache = memo.PerList(build, size=2)
    pool = list(ds.cases)
    first = cache(pool)
    for c in ds.cases:  # browse: the highlights of each case shown
        cache([c])
    assert cache(pool) == first  # not rebuilt
    cache(pool[:5])
    cache(pool[5:])  # two other lists: the pool, least recently used, goes
    assert cache(pool) != first
    assert built.count(len(pool)) == 2 and built.count(1) == len(ds.cases)


def test_folded_passages_from_the_cache_equal_a_fresh_fold(tmp_path: Any, monkeypatch: Any) -> None:
    """search keeps the folded passages in its own cache entry, beside the loader's and under its
    key; read back in a later run, they must be what folding gives."""
    from gxeco import cache, loader, passages

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(passages, "_ENTRY", loader.PerCase("search"))
    path = loader.bundled_path()
    _, cases = loader.load_file(path)  # writes the loader's entry
    for c in cases:
        search.passages(c)  # folds each case; the last one writes search's entry
    memo = f"{cache.MEMO}.marshal"  # the loader's memo of the file's status, when it is old enough to keep
    entries = sorted(p.name for p in (tmp_path / "gxeco").iterdir() if not p.name.endswith(memo))
    loader_entry = next(e for e in entries if not e.endswith("-search.marshal"))
    assert entries == sorted([loader_entry, loader_entry.removesuffix(".marshal") + "-search.marshal"])
    monkeypatch.setattr(passages, "_ENTRY", loader.PerCase("search"))  # a later run: nothing read yet
    _, cases = loader.load_file(path)  # new case objects, from the loader's entry
    for c in cases:
        cached = passages._ENTRY.get(c)
        assert cached is not None
        ps = search.passages(c)
        assert [(p.flat, p.regular) for p in ps] == [tuple(x) for x in cached]
        for p in ps:
            assert p.flat == passages.flatten(p.text)
            # the flag says what the fold says: one character for one, white space to none
            fold_lengths = {len(passages._FOLD[ord(ch)]) for ch in p.text if not ch.isspace()}
            assert p.regular == (fold_lengths <= {1})
    # a changed data file has another key: search's entry for it is not used
    monkeypatch.setattr(passages, "_ENTRY", loader.PerCase("search"))
    monkeypatch.setattr(cache, "CACHE_FORMAT", cache.CACHE_FORMAT + 100)
    _, cases = loader.load_file(path)
    assert passages._ENTRY.get(cases[0]) is None
    assert not hasattr(cases[0], "_flats") and "_flats" not in cases[0].__dict__
