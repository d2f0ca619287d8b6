"""The fast paths of find-as-you-type against plain reference implementations.

``resolve.rank`` finds names through one joined index of distinct names (each name's owners
gathered by what their tier and score depend on), ``search.search`` ranks by counting a term
once per run of a section in a case's joined text before it cuts snippets for the first
``top`` results only, and ``typeahead.answer`` settles each case's place before it makes
its row. Each is held here to the straightforward loop it replaced, over queries drawn
from the data's own names and text (where the matches are).
"""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxeco import match, memo, resolve, search, typeahead
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


def reference_search(cases: list[Any], q: str, sections: list[str] | None = None) -> list[tuple[int, int, int, float]]:
    """(id, named, mentions, score) of every case holding the term, counted passage by passage
    with _find_all (overlapping occurrences, as search has always counted them)."""
    terms = search.parse_query([q])
    alts = [[t, *search._pinyin_terms(t, cases)] for t in terms]
    allowed = set(sections or search.SECTIONS)
    titles_only = sections is not None and "title" in allowed
    out = []
    for c in cases:
        named = mentions = 0
        weighted = 0.0
        ok = True
        for options in alts:
            found = False
            for t in options:
                for p in search.passages(c):
                    if p.section not in allowed:
                        continue
                    flat = p.titles if titles_only and p.section == "title" else p.flat
                    k = len(search._find_all(flat, t))
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


SECTION_CHOICES = [["title"], ["practices", "outcomes"], ["background"], ["title", "mechanism", "outcomes"]]


@FAST
@given(st.data())
def test_counting_by_section_runs_equals_counting_by_passage(ds: Any, data: Any) -> None:
    cases = list(ds.cases)
    q = data.draw(names_and_text(ds))
    sections = data.draw(st.sampled_from(SECTION_CHOICES))
    got = search.search(cases, [q], near=False, snippets=1, sections=sections)
    assert [(r.case.id, r.named, r.mentions, r.score) for r in got] == reference_search(cases, q, sections)


@FAST
@given(st.data())
def test_counting_with_the_cases_characters_known_equals_counting_by_passage(ds: Any, data: Any) -> None:
    # browse's warm-up notes which characters each case holds: a case lacking one of a term's
    # characters is passed over unread; the counts stay those of the plain loop
    from gxeco import passages

    cases = list(ds.cases)
    passages.masks_for(cases)
    wanted, masks = passages.char_test([["红树", "𠀀"]])
    assert all(masks[id(c)][0] is c for c in cases) and wanted[0][0] is not None and wanted[0][1] is None
    q = data.draw(st.one_of(names_and_text(ds), st.sampled_from(["xyz", "红𠀀", "co2", "生态 𠀀", "longsheng"])))
    got = search.search(cases, [q], near=False, snippets=1)
    assert [(r.case.id, r.named, r.mentions, r.score) for r in got] == reference_search(cases, q)


def test_a_term_is_never_counted_across_two_passages(ds: Any) -> None:
    # the joined text puts a newline between passages: a term that would read across the seam
    # (the end of one practice and the start of the next) is not there
    c = ds.cases[0]
    _, ps, every, runs = search.entry(c)
    k = next(i for i in range(len(ps) - 1) if ps[i].section == ps[i + 1].section == "practices")
    seam = ps[k].flat[-1] + ps[k + 1].flat[0]
    assert every.count(seam) == sum(p.flat.count(seam) for p in ps)
    assert sum(1 for r in runs if r[0] == "practices") == 1  # the practices stand as one run
    assert reference_search([c], seam) == [
        (r.case.id, r.named, r.mentions, r.score) for r in search.search([c], [seam], near=False)
    ]


def reference_answer(cases: list[Any], q: str, top: int | None, near: bool) -> list[tuple[Any, ...]]:
    """typeahead.answer as a plain loop: the names, then the text search; each case placed once,
    at its best (group, rank), and its row made from the match or result that placed it."""
    ranked = resolve.rank(cases, q)
    taken = None
    if ranked and ranked[0].tier == resolve.FUZZY:
        closest: dict[str, float] = {}
        for m in ranked:
            closest[m.via] = max(closest.get(m.via, 0.0), m.score)
        d = match.decide(match.ordered([match.Candidate(n, resolve.FUZZY, s) for n, s in closest.items()]))
        taken = None if d.taken is None else str(d.taken)
        ranked = [m for m in ranked if m.via in ({taken} if taken is not None else set(d.candidates))]
    results = search.search(
        cases, [q], context=typeahead.SNIPPET_CONTEXT, snippets=1, near=near and not ranked, top=top
    )
    places: dict[int, list[tuple[int, int, Any]]] = {}
    for i, m in enumerate(ranked):
        places.setdefault(m.case.id, []).append((0 if m.tier > resolve.FUZZY else 2, i, m))
    for i, r in enumerate(results):
        places.setdefault(r.case.id, []).append((3 if r.near else 1, i, r))
    order = sorted((min(p, key=lambda x: x[:2]) for p in places.values()), key=lambda x: x[:2])
    text = {r.case.id: r for r in results}
    rows = []
    for n, (group, _, item) in enumerate(order):
        if group in (1, 3):
            h = item.hits[0] if item.hits else None
            rows.append(
                (item.case.id, h.snippet if h else "", h.spans if h else [], item.near, item.corrected or item.words)
            )
            continue
        r = text.get(item.case.id)
        if r is not None and r.hits:
            snippet, spans, is_near = r.hits[0].snippet, r.hits[0].spans, r.near
        elif top is None or n < top:
            snippet, spans, is_near = *typeahead._via(item.case, item.via), False
        else:
            snippet, spans, is_near = "", [], False
        fuzzy = item.tier == resolve.FUZZY
        corrected = typeahead._via(item.case, item.via)[0] if fuzzy and item.via == taken else None
        rows.append((item.case.id, snippet, list(spans), is_near or fuzzy, corrected))
    return rows


@FAST
@given(st.data())
# A text match placed before a near name of the same case: its row is the text's. At 1 500 cases
# the answer once gave some such rows the name instead (it kept names by id() of rows it had
# dropped, and a later row could get the same id).
@example(data=None)
def test_answer_places_each_case_as_the_plain_loop_does(ds: Any, data: Any) -> None:
    cases = list(ds.cases)
    if data is None:
        q, top, near = "整治海岸线", 3, False
    else:
        q, top, near = (
            data.draw(names_and_text(ds)),
            data.draw(st.sampled_from([None, 1, 3, 100])),
            data.draw(st.booleans()),
        )
    found, _ = typeahead.answer(cases, q, near=near, top=top)
    got = [(f.case.id, f.snippet, list(f.spans), f.near, f.corrected) for f in found]
    assert got == reference_answer(cases, q, top, near), q


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
