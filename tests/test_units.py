"""Units: conversion and formatting checked value by value."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gxeco import units
from gxeco.errors import GxecoError


@pytest.mark.parametrize(
    ("value", "unit", "base", "kind"),
    [
        (94.60, "万元", 946000, "money"),
        (2734.49, "亿元", 273449000000, "money"),
        (11.72, "公顷", 175.8, "area"),
        (1, "平方公里", 1500, "area"),
        (3, "平方千米", 4500, "area"),
        (81.54, "万亩", 815400, "area"),
        (3, "万公顷", 450000, "area"),
        (1800, "斤/亩", 0.9, "rate"),
        (1000, "元/亩", 1000, "rate"),
        (750, "元/亩/年", 750, "rate"),
        (237.2, "万立方米/年", 2372000, "rate"),
        (44.71, "亿立方米", 4471000000, "volume"),
        (1278.78, "吨", 1278.78, "mass"),
        (6.24, "万吨", 62400, "mass"),
        (7569, "米", 7569, "length"),
        (74.4, "公里", 74400, "length"),
        (1011.13, "万人次", 10111300, "visits"),
        (13.2, "万户", 132000, "households"),
        (24.7, "%", 24.7, "percent"),
        (20, "万", 200000, "number"),
        (62, "个", 62, "count"),
        (237.2, "万m³/年", 2372000, "rate"),
        (2, "名", 2, "rank"),
    ],
)
def test_to_base(value: float, unit: str, base: float, kind: str) -> None:
    assert units.to_base(value, unit) == pytest.approx(base)
    assert units.parse_unit(unit).kind == kind


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((94.6, "万元"), "94.6万元"),
        ((30, "%", 50), "30%—50%"),
        ((1, "—"), None),
        ((1, "万亩", None, "多"), "1万多亩"),
        ((400, "户", None, "多"), "400多户"),
        ((30, "万条", None, "余"), "30余万条"),
        ((2000, "万元", None, "约"), "约2000万元"),
        ((13.2, "万户", None, "以上"), "13.2万户以上"),
        ((1, "等", 2), "1—2等"),
        ((1.92, "万元/亩", None, "可达"), "可达1.92万元/亩"),
        ((300, "元", None, "不少于"), "不少于300元"),
        ((1000, "亩", None, "上千"), "上千亩"),
        ((10000, "元/亩", None, "近万"), "近万元/亩"),
        ((1, "名"), "第1名"),
        ((237.2, "万m³/年"), "237.2万m³/年"),
    ],
)
def test_format_published(args: tuple, text: str | None) -> None:
    if text is None:
        with pytest.raises(GxecoError):
            units.parse_unit(args[1])
        return
    assert units.format_published(*args) == text


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (273449000000, "money", "2734.49亿元"),
        (815400, "area", "81.54万亩"),
        (175.8, "area", "175.8亩"),
        (946000, "money", "94.6万元"),
        (120000000, "money", "1.2亿元"),
        (35000, "area", "3.5万亩"),
    ],
)
def test_format_base(value: float, kind: str, text: str) -> None:
    assert units.format_base(value, kind) == text


def test_unknown_units_are_errors() -> None:
    for bad in ("", "银元", "元/", "/亩", "万万"):
        assert not units.known(bad)


@settings()
@given(
    st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.decimals(min_value=-(10**12), max_value=10**12, places=4).map(float),
        st.integers(-(10**15), 10**15),
    )
)
@example(-0.0)
@example(1e16)
@example(0.00015)
@example(555.19)
def test_number_text_reads_repr_as_decimal_would(value: float) -> None:
    """number_text skips importing decimal for what the data holds; it must say what the
    decimal path says (round to four places, trailing zeros dropped) for every number."""
    from decimal import Decimal

    def outcome(fn: Callable[[], str]) -> object:
        try:
            return fn()
        except ArithmeticError as exc:  # beyond decimal's 28 digits both paths fail alike
            return type(exc)

    assert outcome(lambda: units.number_text(value)) == outcome(lambda: units._num(Decimal(repr(value)), 4))


@pytest.mark.parametrize(
    ("value", "unit", "base", "family", "text"),
    [
        (33893, "元/人", "元/人", "per_person", "3.3893万元/人"),
        (1, "万元/户", "元/户", "per_household", "1万元/户"),
        (100, "万元/村", "元/村", "per_village", "100万元/村"),
        (500, "吨/日", "吨/日", "per_period", "500吨/日"),
        (9.8, "万元/月", "元/月", "per_period", "9.8万元/月"),  # never turned into a yearly amount
        (113, "万元/年", "元/年", "per_period", "113万元/年"),
        (2, "万元/人/年", "元/人/年", "per_person", "2万元/人/年"),
        (750, "元/亩/年", "元/亩/年", "per_area", "750元/亩/年"),
        (1800, "斤/亩", "吨/亩", "per_area", "0.9吨/亩"),
    ],
)
def test_rates_keep_their_denominator(value: float, unit: str, base: str, family: str, text: str) -> None:
    u = units.parse_unit(unit)
    assert (u.kind, u.base, units.rate_family(unit)) == ("rate", base, family)
    assert units.format_base(units.to_base(value, unit), "rate", base) == text


def test_base_values_are_formatted_exactly() -> None:
    assert units.format_base(units.to_base(73683.8, "万元"), "money") == "7.36838亿元"
    assert units.format_base(units.to_base(7178.44, "亿元"), "money") == "7178.44亿元"
    assert units.rate_family("万元") is None and units.rate_family("%") is None
