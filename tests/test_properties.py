"""Arbitrary text never escapes as an exception; JSON always parses."""

from __future__ import annotations

import io
import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxeco import reports, resolve, units
from gxeco.errors import GxecoError
from gxeco.render import Format, render
from gxeco.search import search
from gxeco.text import norm

TEXT = st.text(
    alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from("龙胜梯田陈皮碳汇质押[]/ \t\u3000１０")),
    max_size=40,
)
FAST = settings()  # examples and derandomization come from the profile loaded in conftest.py


@FAST
@given(TEXT)
@example("一二十")  # a KeyError: the tens digit was looked up before its length was checked
@example("二三十")
@example("第十十")
def test_resolver_never_crashes(ds, ref: str) -> None:
    try:
        c = resolve.resolve(ds, ref)
    except GxecoError as exc:
        # an empty reference is a usage error (2); any other that names no case, or several, is 1
        assert exc.code == (2 if not norm(ref) else 1), (ref, exc.message)
        assert "\n" not in exc.message
    else:
        assert norm(ref)  # only a reference with something in it names a case
        assert resolve.resolve(ds, c.ref) is c


@FAST
@given(st.sampled_from(range(15)), st.sampled_from(["id", "slug", "title", "short_title"]))
def test_exact_names_find_their_case(ds, i: int, key: str) -> None:
    c = ds.cases[i]
    assert resolve.resolve(ds, str(getattr(c, key))) == c


@FAST
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_search_and_every_renderer(ds, words: list[str]) -> None:
    try:
        results = search(ds.cases, words)
    except GxecoError as exc:
        assert exc.code == 2
        return
    report = reports.search_results(results[:3])
    for fmt in Format:
        buf = io.StringIO()
        render(report, fmt, buf, width=60)
        if fmt is Format.json:
            assert isinstance(json.loads(buf.getvalue()), list)


@FAST
@given(TEXT)
def test_unit_parser_never_crashes(text: str) -> None:
    try:
        u = units.parse_unit(text)
    except GxecoError as exc:
        from gxeco.text import quoted

        assert exc.message == f"unknown unit {quoted(text)}"  # printable, never raw control characters
        return
    # a rate has a / (元/亩), nothing else does; every unit converts by a positive factor
    assert u.text == text and u.factor > 0 and (u.kind == "rate") == ("/" in text)
    assert u.kind == "rate" or u.kind == "count" or u.base == units.BASE_UNIT[u.kind]


def test_plain_widths_agree_with_rich_on_the_data(ds) -> None:
    """Plain output measures columns without rich; on Chinese text both must agree."""
    from rich.cells import cell_len

    from gxeco.layout import width_of as cell_width

    chars = {ch for c in ds.cases for ch in json.dumps(c.full(), ensure_ascii=False) if ch != "\n"}
    chars |= {chr(cp) for cp in [*range(0x3000, 0x302E), *range(0xFF01, 0xFF5F), *range(0x4E00, 0x4E80)]}
    assert len(chars) > 1000
    assert [ch for ch in sorted(chars) if cell_width(ch) != cell_len(ch)] == []
    assert cell_width("龙胜ab") == cell_len("龙胜ab") == 6


FOLDY = st.text(alphabet=st.sampled_from("碳汇质押 \n\t\u3000abAＡ，。；ß㎡ﬁ"), max_size=60)


@FAST
@given(FOLDY)
def test_search_position_map_matches_the_fold(ds, text: str) -> None:
    """Every flat (folded) character maps back to the text character it came from."""
    from gxeco import passages as s

    p = s.Passage(ds.cases[0], "title", None, text, s.flatten(text))
    back = [p.index[k] for k in range(len(p.flat))]
    want = [i for i, ch in enumerate(text) for _ in s._FOLD[ord(ch)]]
    assert back == want


@FAST
@given(FOLDY, st.data())
def test_snippet_sentence_bounds(text: str, data: st.DataObject) -> None:
    from gxeco.search import _SENT_END, _sentence_bounds

    if not text:
        return
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    start, end = _sentence_bounds(text, a, b)
    assert start == 0 or text[start - 1] in _SENT_END
    assert not any(ch in _SENT_END for ch in text[start:a])
    assert end >= b  # the sentence holds the whole hit
    # it ends at the text's end, after an end mark (a hit may end with one), or before a newline
    assert end == len(text) or text[end - 1] in _SENT_END or text[end] == "\n"
    inner = text[b : end - 1] if end > b else ""
    assert not any(ch in "。！？；\n" for ch in inner)
