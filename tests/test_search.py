"""Search's snippets: what --context cuts around each hit."""

from __future__ import annotations


def test_search_context_zero_gives_distinct_snippets(run) -> None:
    for ctx in ("0", "1"):
        results = run.json("search", "碳汇", "--context", ctx)
        for r in results:
            shown = [(h["section"], h["title"], h["snippet"]) for h in r["hits"]]
            assert len(shown) == len(set(shown)), shown
            for h in r["hits"]:
                a, b = h["highlights"][0]
                assert h["snippet"][a:b] == "碳汇"
