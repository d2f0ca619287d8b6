"""Every option that names a case (``figures --case``, ``figures --sum --case``, ``search --case``,
``export --case``) and the API's ``case=`` read a reference by the one rule of ``show``: exact forms
silently; a clearly closest name, or one a character off a single candidate, taken with a notice on
stderr; anything else refused (exit 1) naming the candidates. Repeating the option widens it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import gxeco
from gxeco.errors import GxecoError

from .conftest import cli_in_language, invoke_main

# each command line names its cases last, with --case VALUE appended
FACES = {
    "figures": ["figures", "-f", "json"],
    "sum": ["figures", "--sum", "--by", "case", "-f", "json"],
    "search": ["search", "的", "-f", "json"],
    "export": ["export", "-f", "json"],
}

NOTICE = {
    "zh": {
        "园博圆": "gxeco: 园博圆 → 6 南宁园博园生态修复（最接近的名称：园博园）",
        "龙圩稻鱼": "gxeco: 龙圩稻鱼 → 14 龙圩「稻渔」模式（最接近的名称）",
    },
    "en": {
        "园博圆": "gxeco: 园博圆 → 6 南宁园博园生态修复 (closest name: 园博园)",
        "龙圩稻鱼": "gxeco: 龙圩稻鱼 → 14 龙圩「稻渔」模式 (closest name)",
    },
}
REFUSAL = {
    "zh": ("gxeco: 没有案例与「北流沉皮」匹配", "  是否指：5 北流「农地入市」；15 浦北陈皮产业？"),
    "en": ("gxeco: no case matches '北流沉皮'", "  did you mean: 5 北流「农地入市」; 15 浦北陈皮产业?"),
}


@pytest.fixture(params=["zh", "en"], scope="module")
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    with cli_in_language(request.param):
        yield request.param


def _ids(face: str, stdout: str) -> set[int]:
    data = json.loads(stdout)
    if face == "sum":
        return {int(t["group"]) for t in data["totals"]}
    return {d["id"] for d in data}


def _run(face: str, *refs: str) -> tuple[int, str, list[str]]:
    args = list(FACES[face])
    for r in refs:
        args += ["--case", r]
    r = invoke_main(args)
    # figures says on stderr how many restatements it left out: not a notice about the case
    lines = [ln for ln in r.stderr.splitlines() if "--all" not in ln]
    return r.exit_code, r.stdout, lines


EXACT = ["10", "十", "longsheng-terraces", "龙胜梯田「一田生五金」", "longsheng", "lstt", "龍勝梯田", "3:10"]


# every exact form, each through one face in turn (every face reads them by the same request.cases)
@pytest.mark.parametrize(("face", "ref"), [(list(FACES)[i % len(FACES)], ref) for i, ref in enumerate(EXACT)])
def test_exact_forms_are_taken_silently(face: str, ref: str) -> None:
    code, out, err = _run(face, ref)
    assert (code, err) == (0, [])
    assert _ids(face, out) == {10}


@pytest.mark.parametrize(
    ("face", "ref", "taken"),
    [*((face, "园博圆", 6) for face in FACES), ("figures", "龙圩稻鱼", 14), ("search", "龙圩稻鱼", 14)],
)
def test_a_close_name_is_taken_with_a_notice(lang: str, face: str, ref: str, taken: int) -> None:
    code, out, err = _run(face, ref)
    assert (code, err) == (0, [NOTICE[lang][ref]])
    assert _ids(face, out) == {taken}


@pytest.mark.parametrize("face", FACES)
def test_anything_else_is_refused_with_the_candidates(lang: str, face: str) -> None:
    code, out, err = _run(face, "北流沉皮")
    assert (code, out, tuple(err)) == (1, "", REFUSAL[lang])


@pytest.mark.parametrize("face", FACES)
def test_repeating_the_option_widens_it(face: str) -> None:
    assert _ids(face, _run(face, "2", "10")[1]) == {2, 10}
    assert _ids(face, _run(face, "2,10")[1]) == {2, 10}
    assert _ids(face, _run(face, "2、十", "园博园")[1]) == {2, 6, 10}
    # the same case by two names counts once
    code, out, err = _run(face, "10", "龙胜", "园博圆", "园博圆")
    assert code == 0 and len(err) == 1 and _ids(face, out) == {6, 10}


def test_a_name_holding_a_separator_stays_whole() -> None:
    # 同权、同价、同责 is one model of case 5, not three values
    code, out, err = _run("figures", "同权、同价、同责")
    assert (code, err) == (0, []) and _ids("figures", out) == {5}


def test_search_notices_once_even_when_nothing_matches() -> None:
    r = invoke_main(["search", "碳汇", "--case", "园博圆"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == NOTICE["en"]["园博圆"]
    assert r.stderr.count("园博圆 →") == 1


# --- the API: the same rule; a guess only where the caller takes notices (as export's filters)


@pytest.mark.parametrize(
    "call",
    [
        lambda **kw: gxeco.figures(**kw),
        lambda **kw: gxeco.find("的", **kw),
        lambda **kw: gxeco.total(**kw),
        lambda **kw: gxeco.unmatched("的", **kw),
    ],
    ids=["figures", "find", "total", "unmatched"],
)
def test_the_api_reads_case_by_the_same_rule(call, ds) -> None:
    with pytest.raises(GxecoError) as e:
        call(case="园博圆", data=ds)
    assert e.value.code == 1 and e.value.hint == "did you mean: 6 南宁园博园生态修复?"
    notices: list[str] = []
    call(case=["园博圆", "园博圆", "十"], data=ds, notices=notices)
    assert notices == ["园博圆 → 6 南宁园博园生态修复 (closest name: 园博园)"]
    with pytest.raises(GxecoError) as e:
        call(case="北流沉皮", data=ds, notices=[])
    assert e.value.hint == "did you mean: 5 北流「农地入市」; 15 浦北陈皮产业?"


def test_the_api_widens_as_the_cli_does(ds) -> None:
    both = {r.case.id for r in gxeco.figures(case="2,10", data=ds)}
    assert both == {r.case.id for r in gxeco.figures(case=[2, "十"], data=ds)} == {2, 10}
    assert {r.case.id for r in gxeco.find("的", case=["2、10"], data=ds)} == {2, 10}
