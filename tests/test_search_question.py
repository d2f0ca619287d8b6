"""A question typed as one long run of Chinese is searched by the known words it holds, and says so."""

from __future__ import annotations

import json

import pytest

from gxeco import search

QUESTION = "我想了解碳汇交易和水权质押贷款"


def test_question_words_are_known_words_in_the_question_s_order(ds) -> None:
    assert search.question_words(ds.cases, [QUESTION]) == ["碳汇", "交易", "水权", "质押贷款"]


@pytest.mark.parametrize(
    "terms",
    [
        ["碳汇质押"],  # short: a typo is likelier than a question (correction's turn)
        ["我想知道今天天气怎么样"],  # long, but no word of the data in it
        ["请问有没有关于碳汇的"],  # one word alone: a guess, left to the near pass
    ],
)
def test_not_taken_apart(ds, terms: list[str]) -> None:
    assert search.question_words(ds.cases, terms) == []


def test_search_takes_a_question_apart_and_records_it(ds) -> None:
    results = search.search(ds.cases, [QUESTION])
    assert results, "nothing found for the question's words"
    for r in results:
        assert r.words == "碳汇 交易 水权 质押贷款"
        assert r.match == "words"
        text = "".join(p.text for p in search.passages(r.case))
        assert all(w in text for w in r.words.split())
    assert results[0].case.id == 1
    # never with --exact: exactly what was typed
    assert search.search(ds.cases, [QUESTION], near=False) == []


def test_the_command_says_which_words_on_stderr(run) -> None:
    r = run("search", QUESTION, "--format", "json")
    assert r.stderr == "gxeco: searched by words: 碳汇 交易 水权 质押贷款\n"
    data = json.loads(r.stdout)
    assert {d["words"] for d in data} == {"碳汇 交易 水权 质押贷款"} and data[0]["id"] == 1
