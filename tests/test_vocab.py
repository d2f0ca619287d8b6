"""Every option value resolves through one vocabulary, the same way everywhere:
English key, Chinese name, pinyin, initials (exact or prefix only), traditional
characters; exact > prefix > substring; ties and typos are refused (exit 1) naming the
candidates in one line and one hint (match.py's rule: an option's value is never guessed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gxeco import vocab
from gxeco._tables import PINYIN
from gxeco.errors import GxecoError
from gxeco.resolve import pick
from gxeco.text import T2S

VOCABS = {name: v for name, v in vars(vocab).items() if isinstance(v, vocab.Vocab)}

# What a person types, and what it must mean (hand-written: the words and more).
TABLE = [
    ("TOPIC", "收入", "income"),
    ("TOPIC", "投资", "investment"),
    ("TOPIC", "土地", "land"),
    ("TOPIC", "旅游", "tourism"),
    ("TOPIC", "产值", "output"),
    ("TOPIC", "投資", "investment"),  # traditional
    ("TOPIC", "旅遊", "tourism"),
    ("TOPIC", "shouru", "income"),  # pinyin
    ("TOPIC", "sr", "income"),  # initials
    ("TOPIC", "Income", "income"),
    ("PART", "背景", "background"),
    ("PART", "机制", "mechanism"),
    ("PART", "做法", "practices"),
    ("PART", "成效", "outcomes"),
    ("PART", "数据", "metrics"),
    ("PART", "政策", "policies"),
    ("PART", "注", "notes"),
    ("PART", "機制", "mechanism"),
    ("PART", "zuofa", "practices"),
    ("SEARCH_SECTION", "標題", "title"),
    ("DIMENSION", "地市", "city"),
    ("DIMENSION", "类别", "category"),
    ("DIMENSION", "模式", "mode"),
    ("DIMENSION", "资源", "resource"),
    ("DIMENSION", "标签", "tag"),
    ("DIMENSION", "模型", "model"),
    ("DIMENSION", "標籤", "tag"),
    ("DIMENSION", "moxing", "model"),
    ("CITY", "桂林", "桂林市"),
    ("CITY", "guilin", "桂林市"),
    ("CITY", "gl", "桂林市"),
    ("CITY", "欽州", "钦州市"),
    ("CITY", "广西", "全区"),
    ("CATEGORY", "修复", "生态保护修复及价值提升"),
    ("CATEGORY", "資產管理", "自然资源资产管理"),
    ("MODE", "补偿", "生态补偿"),
    ("MODE", "trading", "生态资源指标及产权交易"),
    ("RESOURCE", "海域", "海域海岛"),
    ("RESOURCE", "森林", "森林"),
    ("RESOURCE", "濕地", "湿地"),
    ("RESOURCE", "wetland", "湿地"),
    ("LIST_SORT", "页码", "page"),
    ("LIST_SORT", "頁碼", "page"),
    ("FIGURE_SORT", "数值", "value"),
    ("FIGURE_SORT", "數值", "value"),
    ("STYLE", "国标", "gbt7714"),
    ("STYLE", "國標", "gbt7714"),
    ("STYLE", "bib", "bibtex"),
    ("UNIT_KIND", "面积", "area"),
    ("UNIT_KIND", "面積", "area"),
]


@pytest.mark.parametrize(("name", "typed", "key"), TABLE, ids=[f"{n}-{t}" for n, t, _ in TABLE])
def test_what_people_type(name: str, typed: str, key: str) -> None:
    assert pick(typed, VOCABS[name]) == key


# (vocabulary, typed, exit code): refused naming candidates, exit 1 as for a case reference;
# a value close to nothing is a usage error (2)
MUST_NOT = [
    ("TOPIC", "xyz", 2),  # no name, no pinyin, no initials
    ("TOPIC", "ouru", 1),  # inside shouru, but pinyin is matched whole or from its start only by initials
    ("CITY", "l", 1),  # prefix of 柳州 (lz) and 来宾 (lb): ambiguous, never a guess
    ("CITY", "贵林", 1),  # sounds like 桂林: a suggestion, not an answer
    ("TOPIC", "infrastucture", 1),  # typos: refused naming the value meant
    ("CITY", "guiling", 1),
    ("CATEGORY", "生态产业话经营", 1),
    ("CITY", "=桂林", 1),  # click's reading of -c=桂林: refused naming 桂林, never taken silently
]


@pytest.mark.parametrize(("name", "typed", "code"), MUST_NOT)
def test_what_must_not_resolve(name: str, typed: str, code: int) -> None:
    with pytest.raises(GxecoError) as e:
        pick(typed, VOCABS[name])
    assert e.value.code == code
    assert "\n" not in e.value.message and e.value.hint and "\n" not in e.value.hint


def test_initials_match_exactly_or_as_a_prefix_never_inside(ds) -> None:
    tags = vocab.tag_vocab(ds.cases)
    # 蓝色海湾整治 has initials lshwzz: "lshw" is its prefix, "hwzz" only inside it
    assert pick("lshw", tags) == "蓝色海湾整治"
    with pytest.raises(GxecoError):
        pick("hwzz", tags)


def test_every_name_of_every_vocabulary_resolves_to_its_key() -> None:
    """Each key and each Chinese short name matches exactly; so do their traditional spellings."""
    trad = {v: k for k, v in zip(*_t2s_pairs(), strict=True)}
    for v in VOCABS.values():
        for key, names in v.names.items():
            assert pick(key, v) == key, (v.what, key)
            if names:
                assert pick(names[0], v) == key, (v.what, names[0])
                spelled = "".join(trad.get(ch, ch) for ch in names[0])
                assert pick(spelled, v) == key, (v.what, spelled)
                full = PINYIN.get(names[0])
                if full and sum(PINYIN.get(n[0] if n else k, ("",))[0] == full[0] for k, n in v.names.items()) == 1:
                    assert pick(full[0], v) == key, (v.what, full[0])


def _t2s_pairs() -> tuple[str, str]:
    from gxeco._tables import T2S_FROM, T2S_TO

    return T2S_FROM, T2S_TO


def test_short_names_are_unique_and_listed_in_help() -> None:
    from gxeco._grammar import HELP

    for v in VOCABS.values():
        firsts = [n[0] for n in v.names.values() if n]
        assert len(firsts) == len(set(firsts)), v.what
    for name in ("收入", "投资", "土地", "旅游", "产值"):
        assert name in HELP["figures"]
    for name in ("背景", "机制", "做法", "成效", "数据", "政策", "注"):
        assert name in HELP["show"]
    for name in ("地市", "类别", "模式", "资源", "标签", "模型"):
        assert name in HELP["stats"]


def test_traditional_table_covers_the_data(ds) -> None:
    """Every simplified character of the data that has a traditional form folds back from it."""
    assert "龍勝梯田".translate(T2S) == "龙胜梯田" and "紅樹林".translate(T2S) == "红树林"
    data = json.dumps([c.full() for c in ds.cases], ensure_ascii=False)
    assert not set(_t2s_pairs()[0]) & set(data)  # never folds a character the data uses


# --- the CLI, as a person types ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["figures", "--case", "14", "--topic", "收入"], {14}),
        (["figures", "--case", "7", "--topic", "土地"], {7}),
        (["list", "--tag", "紅樹林"], {1, 4, 9}),
        (["list", "--tag", "红树林"], {1, 4, 9}),
        (["search", "龍勝梯田"], {10}),
        (["search", "紅樹林", "藍碳"], {1}),  # 蓝碳 with a traditional 藍 too
        (["list", "--city", "guilin"], {2, 10}),
    ],
)
def test_options_take_the_words_help_offers(run, args: list[str], ids: set[int]) -> None:
    assert {d["id"] for d in run.json(*args)} == ids


def test_search_highlights_the_simplified_text_it_matched(run) -> None:
    res = run.json("search", "龍勝", "--case", "10")
    hit = res[0]["hits"][0]
    a, b = hit["highlights"][0]
    assert hit["snippet"][a:b] == "龙胜"


def test_stats_by_is_repeatable_and_knows_models(run) -> None:
    d = run.json("stats", "--by", "地市", "--by", "模型")
    assert list(d) == ["total", "by_city", "by_model"]
    assert d["by_model"]["一田生五金"] == 1
    assert "by_mode" not in run.json("stats", "--by", "model")


ERRORS = [
    ["show", "龙"],
    ["show", "xyz"],
    ["show", "火星殖民"],
    ["list", "--tag", "火星殖民"],
    ["list", "--tag", "zzzz"],
    ["list", "--city", "贵林"],
    ["figures", "--topic", "收"],
    ["stats", "--by", "nonsense"],
    ["show", "10", "--section", "结尾"],
    ["cite", "10", "--style", "apa"],
    ["list", "--bogus"],
    ["list", "--city"],
    ["lsit"],
    ["search", "--exact", "火星殖民"],
]


@pytest.mark.parametrize("args", ERRORS, ids=[" ".join(a) for a in ERRORS])
def test_every_error_is_one_line_and_at_most_one_hint(args: list[str]) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    r = subprocess.run([sys.executable, "-m", "gxeco", *args], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode in (1, 2), r
    lines = r.stderr.splitlines()
    assert lines and lines[0].startswith("gxeco: "), r.stderr
    assert len(lines) <= 2, r.stderr
    if len(lines) == 2:
        assert lines[1].startswith("  ")
        if "did you mean" in lines[1]:
            assert lines[1].count(";") + lines[1].count(",") <= 4  # at most five candidates
    assert all(len(ln) <= 200 for ln in lines), r.stderr
