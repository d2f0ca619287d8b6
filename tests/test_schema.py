"""The schema engine's every refusal, fed the bad input, with the message it gives (file, line, case, field)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gxeco import loader
from gxeco.errors import DataError

from .conftest import ROOT

BASE = (ROOT / "tests" / "data" / "batch9.toml").read_text(encoding="utf-8")
SOURCE = "# 一、测试市林业碳汇试点案例\n\n发放贷款12.5万元。\n\n# 二、测试县湿地修复案例\n\n背景。\n"


def _error(tmp_path: Path, text: str, source: str | None = None) -> str:
    """The message for a file holding text, with the file's path written F."""
    p = tmp_path / "cases.toml"
    p.write_text(text, encoding="utf-8")
    if source is not None:
        (tmp_path / "src.md").write_text(source, encoding="utf-8")
    with pytest.raises(DataError) as e:
        loader.parse_file(p)
    assert e.value.code == 2
    return e.value.message.replace(str(p), "F")


def _edit(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def _line(text: str, start: str) -> int:
    """The line of text that starts with start (1-based): where the message must point."""
    return next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith(start))


CASE_1 = 'title = "测试市林业碳汇试点案例"\n'
METRICS = BASE[BASE.index("metrics = [\n") : BASE.index("\n]\n") + 3]

# (name, old, new, the line the message points at (its start), the message after "F:line: ")
EDITS = [
    ("must be text", CASE_1, "title = 5\n", "title = 5", "case 1: title: must be text, not a whole number"),
    (
        "empty text",
        'short_title = "测试林业碳汇"',
        'short_title = " "',
        "short_title",
        "case 1: short_title: must not be empty",
    ),
    (
        "list of text",
        'resources = ["森林"]',
        "resources = [1]",
        "resources",
        "case 1: resources: must be a list of text",
    ),
    ("empty list", 'modes = ["生态资源指标及产权交易"]', "modes = []", "modes", "case 1: modes: must not be empty"),
    ("tables", METRICS, 'metrics = "x"\n', "metrics", "case 1: metrics: must be an array of tables"),
    ("whole number", "page = 5\n", "page = 5.5\n", "page = 5.5", "case 2: page: must be a whole number, not a number"),
    ("number", "value = 12.5,", 'value = "12.5",', "  { label", "case 1: metrics[0].value: must be a number, not text"),
    ("unknown field", CASE_1, CASE_1 + 'colour = "绿"\n', "colour", "case 1: colour: unknown field"),
    ("did you mean", CASE_1, CASE_1 + 'titel = "x"\n', "titel", "case 1: titel: unknown field; did you mean 'title'?"),
    ("missing", 'slug = "test-forest-credit"\n', "", "[[case]]", "case 1: slug: missing required field"),
    (
        "vocabulary",
        'resources = ["森林"]',
        'resources = ["林子"]',
        "resources",
        "case 1: resources: unknown value '林子'; allowed: 土地, 矿产, 森林, 草原, 水, 湿地, 海域海岛",
    ),
    ("city or scope", 'city = "柳州市"\n', "", "[[case]]", "case 1: city: needs a city or a scope (e.g. 全区)"),
    (
        "adcode",
        'city = "柳州市"\n',
        'city = "柳州市"\nadcode = 450100\n',
        "adcode",
        "case 1: adcode: adcode 450100 does not belong to 柳州市 (450200)",
    ),
    (
        "slug",
        'slug = "test-forest-credit"',
        'slug = "Test_Forest"',
        "slug",
        "case 1: slug: slug 'Test_Forest' must be lower-case ASCII words joined by '-'",
    ),
    (
        "tag count",
        'tags = ["碳汇", "林业", "测试", "质押", "试点"]',
        'tags = ["碳汇", "林业"]',
        "tags",
        "case 1: tags: must hold 5-15 tags, not 2",
    ),
    (
        "published",
        'published = "2030-01"',
        'published = "2030-1"',
        "published",
        "meta.published: must be YYYY-MM, not '2030-1'",
    ),
    ("batch", "batch = 9", "batch = 0", "batch", "meta.batch: must be 1 or more"),
    (
        "duplicate slug",
        'slug = "test-wetland"',
        'slug = "test-forest-credit"',
        'slug = "test-forest-credit"',
        "case 2: slug: duplicate slug 'test-forest-credit' (first at case #1)",
    ),
    ("pages descend", "page = 1\n", "page = 7\n", "page = 5", "case 2: page: pages must ascend in publication order"),
    (
        "restates",
        'quote = "发放贷款12.5万元" }',
        'quote = "发放贷款12.5万元", restates = 0 }',
        "  { label",
        "case 1: metrics[0].restates: must be 1 or more",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "at", "message"), EDITS, ids=[e[0] for e in EDITS])
def test_each_refusal_names_file_line_case_and_field(
    tmp_path: Path, name: str, old: str, new: str, at: str, message: str
) -> None:
    text = _edit(old, new)
    got = _error(tmp_path, text)
    m = re.fullmatch(r"F:(\d+): (.*)", got)
    assert m, got
    assert m.group(2) == message
    if at != "[[case]]":  # a missing field points at its case's first line
        assert text.splitlines()[int(m.group(1)) - 1].startswith(at), (got, at)
    else:
        assert text.splitlines()[int(m.group(1)) - 1] == "[[case]]"


def test_a_meta_that_is_no_table(tmp_path: Path) -> None:
    text = "meta = 5\n" + BASE.split("batch = 9\n", 1)[1]
    assert _error(tmp_path, text) == "F:1: meta: must be a table, not a whole number"


def test_missing_meta_and_missing_cases(tmp_path: Path) -> None:
    no_meta = BASE.split("[[case]]", 1)[1]
    assert _error(tmp_path, "[[case]]" + no_meta) == "F: meta: missing [meta] table"
    head = BASE.split("[[case]]", 1)[0]
    assert _error(tmp_path, head) == "F: case: no [[case]] tables"


def test_an_unknown_table(tmp_path: Path) -> None:
    text = _edit("batch = 9\n", "batch = 9\n\n[extra]\nx = 1\n")
    assert re.fullmatch(
        r"F:\d+: extra: unknown table \(a file holds \[meta\] and \[\[case\]\] tables\)", _error(tmp_path, text)
    )


def test_a_source_that_is_not_there_and_a_number_it_does_not_hold(tmp_path: Path) -> None:
    text = _edit("batch = 9\n", 'batch = 9\nsource = "src.md"\n')
    assert _error(tmp_path, text) == "F:7: meta.source: source text 'src.md' not found"
    got = _error(tmp_path, text, SOURCE.split("# 二")[0])
    assert re.fullmatch(r"F:(\d+): case 2: number: no case with this number in the source text", got), got
    got = _error(tmp_path, text.replace('quote = "发放贷款12.5万元"', 'quote = "发放12.5万元"'), SOURCE)
    assert re.fullmatch(r"F:\d+: case 1: metrics\[0\]\.quote: quote not found in the source text of this case", got), (
        got
    )


def test_a_folder_is_no_data_file(tmp_path: Path) -> None:
    with pytest.raises(DataError) as e:
        loader.parse_file(tmp_path)
    assert e.value.message == f"{tmp_path}: is a folder, not a data file"


def test_the_base_file_is_valid(tmp_path: Path) -> None:
    p = tmp_path / "cases.toml"
    p.write_text(BASE, encoding="utf-8")
    meta, cases = loader.parse_file(p)
    assert meta.batch == 9 and [c.id for c in cases] == [1, 2]
