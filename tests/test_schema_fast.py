"""The cold load's short cuts agree with the full checks they stand in for: a table the compiled
spec passes is one the full check finds nothing in, a text without numeral characters states the
numbers the full reader finds, and a figure whose value is far from the float's limit is one whose
base value is finite."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxeco import figure_rules, provenance, schema, units
from gxeco.spec import Plan, table_problems
from gxeco.text import squash
from gxeco.tomlio import read_file

from .conftest import ROOT

DATA, _TEXT = read_file(ROOT / "data" / "cases.toml")
REAL_METRIC = DATA["case"][0]["metrics"][0]
REAL_CASE = DATA["case"][0]


def _full_finds_nothing(d: dict, spec: dict) -> bool:
    return all(problem is None for _, problem in table_problems(d, spec))


def test_every_table_of_the_bundled_data_takes_the_short_cut() -> None:
    """Else the short cut would save nothing: every table of the real file passes it, as it passes
    the full check."""
    tables = [(DATA["meta"], schema.META)]
    for c in DATA["case"]:
        tables.append((c, schema.CASE))
        tables += [(m, schema.METRIC) for m in c["metrics"]]
        for key in ("practices", "outcomes"):
            for it in c[key]:
                tables.append((it, schema.ITEM))
                tables += [(p, schema.PART) for p in it.get("parts", ())]
    assert len(tables) > 900
    for d, spec in tables:
        assert Plan(spec).passes(d) and _full_finds_nothing(d, spec), d


# values of every kind a TOML file can give, right and wrong for one key or another
VALUES = [
    None,
    True,
    False,
    0,
    -1,
    2023,
    10**6,
    2**60,
    1.5,
    2023.0,
    float("nan"),
    float("inf"),
    "",
    "  ",
    " \t",
    "万元",
    "万元/亩/年",
    "万元/x",
    "land",
    "investment",
    "outcomes",
    "约",
    "xx",
    "十五",
    "15",
    "a-b",
    "A B",
    "2024-09",
    "2024-13",
    [],
    ["碳汇"],
    ["碳汇", "碳汇"],
    ["land", "water"],
    ["a", "b", "c", "d", "e"],
    [1, "x"],
    [{}],
    [{"title": "t"}],
    {},
    {"龙胜": ["longsheng", "ls"]},
    {"龙胜": ["longsheng", 1]},
    {"龙胜": ["longsheng"]},
]


def _mutations(base: dict, spec: dict):
    """base with each key set to each value, each key dropped, and a key the spec lacks."""
    for k in [*spec, "valeu"]:
        for v in VALUES:
            yield {**base, k: v}
        yield {x: y for x, y in base.items() if x != k}


def test_a_table_the_short_cut_passes_has_no_problem() -> None:
    """One key wrong at a time, every key and every kind of value: where the short cut passes a
    table the full check finds nothing, and each key's refusals are met at least once."""
    for base, spec in ((REAL_METRIC, schema.METRIC), (REAL_CASE, schema.CASE), (DATA["meta"], schema.META)):
        plan = Plan(spec)
        refused = 0
        for d in _mutations(base, spec):
            if plan.passes(d):
                assert _full_finds_nothing(d, spec), d
            else:
                refused += 1
        assert refused > len(spec) * 10


# digits, the characters the numeral readers look for, units and the punctuation between them
TEXTS = st.text(alphabet="0123456789.%/一二两三五十百千万亿上近数第分之余多个年月亩元座名“”，约达", max_size=14)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(TEXTS)
@example("21.70万亩")
@example("万亩茶园")  # a bare round magnitude counts nothing
@example("数万亩")  # … but with 数 before it, it does
@example("八分之一")
@example("1/6左右")
@example("全区第一")
@example("运营一年多")
def test_numbers_in_digits_alone_read_as_the_full_reader_reads_them(text: str) -> None:
    assert provenance._numbers_in_flat(text) == provenance._numbers_in_full(text)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["元", "万元", "亿元", "亿元/平方米", "亿元/平方米/平方米/平方米", "%", "万亩/年"]),
)
@example(1.7e308, "亿元")
@example(1e296, "亿元/平方米")
def test_a_value_surely_finite_in_its_base_unit_is_finite(value: float, unit: str) -> None:
    if figure_rules._surely_finite(value, unit):
        assert math.isfinite(units.to_base(value, unit))


# numbers in ASCII digits, leading and trailing zeros too (007, 21.70)
NUMERALS = st.builds(
    lambda zeros, whole, frac: "0" * zeros + str(whole) + ("" if frac is None else "." + frac),
    st.integers(0, 2),
    st.integers(0, 9999),
    st.none() | st.text("0123456789", min_size=1, max_size=4),
)


@settings(max_examples=60, derandomize=True, deadline=None)
@given(NUMERALS, NUMERALS)
@example("21.70", "21.7")
@example("0", "0.0")
@example("100", "1")
@example("0.5", "00.50")
def test_numbers_written_alike_are_equal_exactly_when_their_values_are(a: str, b: str) -> None:
    assert (provenance._plain(a) == provenance._plain(b)) == (Decimal(a) == Decimal(b))


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.one_of(st.integers(min_value=-(2**53), max_value=2**53), st.floats(allow_nan=False)), NUMERALS)
@example(21.7, "21.70")
@example(1e16, "10000000000000000")
@example(-3, "3")
def test_a_value_written_alike_is_the_number(value: float, written: str) -> None:
    plain = provenance._plain_value(value)
    if plain is not None and plain == provenance._plain(written):
        assert provenance.number(repr(value) if isinstance(value, float) else str(value)) == Decimal(written)


def _figures() -> list[tuple[dict, str]]:
    """Every figure of the bundled data with its case's source text."""
    sources = provenance.split_cases((ROOT / "data" / DATA["meta"]["source"]).read_text(encoding="utf-8"))
    return [(m, sources[c["number"]]) for c in DATA["case"] for m in c["metrics"]]


def _variants(m: dict) -> list[dict]:
    """The figure with one thing wrong, or right in another way."""
    value, shown = m["value"], m.get("as_published", "")
    return [
        {**m, "value": value + 1},
        {**m, "value": value * 10},
        {**m, "value": float(value)},
        {**m, "value": float("inf")},
        {**m, "value": 1e305},
        {**m, "value_max": value},
        {**m, "value_max": value + 1},
        {**m, "as_published": shown + "1"},
        {**m, "as_published": shown[1:]},
        {**m, "as_published": "约…" + shown},
        {**m, "quote": m["quote"][1:]},
        {**m, "quote": m["quote"] + "1/6"},
        {**m, "quote": m["quote"] + "十八座"},
        {k: v for k, v in m.items() if k != "as_published"},
    ]


def test_a_figure_the_quote_short_cut_passes_has_no_quote_problem() -> None:
    plan = Plan(schema.METRIC)
    passed = refused = 0
    figures = _figures()
    assert all(figure_rules.quote_passes(m, source, provenance) for m, source in figures)
    for m, source in figures[::3]:  # a third of them, wronged each way, keep the suite fast
        for d in _variants(m):
            if not plan.passes(d):
                continue
            v = {**plan.blank, **d}
            problems = list(figure_rules.quote_problems(v, source, provenance))
            if figure_rules.quote_passes(d, source, provenance):
                passed += 1
                assert problems == [], d
            else:
                refused += 1
                assert problems or abs(d["value"]) > 1e290, d  # refused for a reason, bar the range's margin
    assert passed > 150 and refused > 1500


def test_every_white_space_but_the_space_is_unprintable() -> None:
    """What squash's short cut rests on: a printable text without ' ' holds no white space."""
    everything = "".join(map(chr, range(0x10000)))  # Unicode has no white space past U+3000
    assert [c for c in re.findall(r"\s", everything) if c.isprintable()] == [" "]
    assert squash("21.70万亩") == "21.70万亩" and squash("21.70 万\u3000亩") == "21.70万亩"
