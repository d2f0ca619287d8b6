"""Find as you type (gxeco.matches): typing on reads only what the previous answer found, with
the answer it would give reading everything."""

from __future__ import annotations

from typing import Any

import pytest

import gxeco
from gxeco import search, typeahead


def _shown(found: list[Any]) -> list[tuple[Any, ...]]:
    return [(f.case.id, f.snippet, f.spans, f.near, f.corrected) for f in found]


@pytest.mark.parametrize(
    ("before", "text", "narrows"),
    [
        ("红", "红树", True),
        ("树", "红树林", True),
        ("龍", "龍勝", True),  # folded alike: 龙 / 龙胜
        ("红树", "红", False),  # a backspace widens
        ("long", "longs", False),  # an ASCII term also stands for the names it spells
        ("红", "红 树", False),  # two terms
        ("红", "", False),
    ],
)
def test_what_narrows(before: str, text: str, narrows: bool) -> None:
    assert typeahead.narrows(before, text) is narrows


def test_typing_on_reads_only_what_the_previous_answer_found(ds: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    real = search.search

    def counted(cases: Any, *a: Any, **k: Any) -> Any:
        read.append(len(cases))
        return real(cases, *a, **k)

    monkeypatch.setattr(search, "search", counted)
    first = gxeco.matches("红", near=False, data=ds)
    assert first.held is not None and len(first.held) == 12
    read.clear()
    on = gxeco.matches("红树", near=False, after=first, data=ds)
    assert read == [12]
    assert _shown(on) == _shown(gxeco.matches("红树", near=False, data=ds))
    assert [c.id for c in on.held or ()] == [1, 4, 9]
    # not a narrowing, or other cases: everything is read again
    read.clear()
    gxeco.matches("生态", near=False, after=on, data=ds)
    gxeco.matches("红树林", near=False, after=on, case=ds.cases[:5], data=ds)
    assert read == [len(ds.cases), 5]


def test_an_answer_from_the_near_fallback_narrows_nothing(ds: Any) -> None:
    taken = gxeco.matches("我想了解碳汇交易", data=ds)  # a question: its known words searched instead
    assert [f.corrected for f in taken][:1] == ["碳汇 交易"] and taken.held is None
    assert gxeco.matches("", data=ds).held is None
    assert gxeco.matches("哈哈哈", near=False, data=ds).held == []  # held by no case: nor is anything longer


def test_only_the_rows_shown_get_a_snippet(ds: Any) -> None:
    found = gxeco.matches("广西", top=2, data=ds)
    assert len(found) > 2 and all(f.snippet for f in found[:2]) and not any(f.snippet for f in found[2:])
    assert _shown(gxeco.matches("广西", data=ds))[:2] == _shown(found)[:2]
