"""Readers written with str methods where a regular expression of Chinese characters cost more to
compile than the run it served: each reads what the pattern it replaced read."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxeco import numerals, question, resolve, search

ALPHABET = st.sampled_from(list('第个案例十一二九0123٣:：+-"“”「」 \n\u3000x碳汇'))
TEXTS = st.text(ALPHABET, max_size=14)


def _reference_by_pattern(s: str) -> int | None:
    """numerals.reference as it was: the affixes cut by the pattern, then only digits and 十."""
    bare = re.sub(r"^第|(个)?案例$|个$", "", s)
    if not bare or any(ch not in numerals.DIGITS and ch != "十" for ch in bare):
        return None
    return numerals.reference(bare)  # nothing left to cut: the same digits rule


@settings(derandomize=True, max_examples=150)
@given(TEXTS)
@example("第十个案例")
@example("个个案例")
@example("十个\n")
@example("第第十")
def test_a_reference_loses_its_affixes_as_the_pattern_took_them(s: str) -> None:
    assert numerals._bare(s) == re.sub(r"^第|(个)?案例$|个$", "", s) or s.endswith("\n")  # $ before a last \n
    assert numerals.reference(s) == _reference_by_pattern(s)


@settings(derandomize=True, max_examples=150)
@given(TEXTS)
@example("3:10")
@example("3：十")
@example("٣:1")
@example("3:")
@example(":1")
@example("3:1\n")
def test_a_batch_qualified_reference_reads_as_the_pattern_did(q: str) -> None:
    m = re.fullmatch(r"(\d+)[:：](.+)", q)
    assert resolve._batch_qualified(q) == ((int(m.group(1)), m.group(2)) if m else None)


@settings(derandomize=True, max_examples=150)
@given(TEXTS)
@example('碳汇 "水权 质押" 「林」')
@example('"open')
@example("“一田”生")
def test_query_words_are_split_as_the_pattern_split_them(raw: str) -> None:
    pattern = r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)'
    expected = [next(g for g in m.groups() if g is not None) for m in re.finditer(pattern, raw)]
    assert list(question.words(raw)) == expected


@settings(derandomize=True, max_examples=100)
@given(st.text(st.sampled_from(list("。！？；\nab碳")), max_size=30))
def test_sentence_marks_are_where_the_pattern_found_them(text: str) -> None:
    search._sentence_marks.cache_clear()
    assert search._sentence_marks(text) == [m.start() for m in re.finditer("[。！？；\n]", text)]
