"""validate reports every problem of a file in one run, sorted by line, whatever stage finds it."""

from __future__ import annotations

import re
from pathlib import Path

from gxeco import i18n
from gxeco.schema import validate

from .conftest import ROOT

BASE = (ROOT / "tests" / "data" / "batch9.toml").read_text(encoding="utf-8")


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _lines(tmp_path: Path, text: str) -> list[str]:
    p = tmp_path / "four.toml"
    p.write_text(text, encoding="utf-8")
    return [m.replace(str(p), "F") for m in validate(p)]


def test_four_mistakes_of_one_case_in_one_run(tmp_path: Path) -> None:
    """A text page, a missing short_title, an unknown unit, a quote without its figure: four lines."""
    text = _edit(BASE, "page = 1\n", 'page = "1"\n')
    text = _edit(text, 'short_title = "测试林业碳汇"\n', "")
    text = _edit(text, 'unit = "万元"', 'unit = "万银元"')
    text = _edit(text, 'quote = "发放贷款12.5万元"', 'quote = "发放贷款"')
    found = _lines(tmp_path, text)
    assert found == [
        "F:8: case 1: short_title: missing required field",
        "F:13: case 1: page: must be a whole number, not text",
        "F:22: case 1: metrics[0].unit: unknown unit '万银元'",
        "F:22: case 1: metrics[0].value: value 12.5 does not appear in its quote",
    ]


def test_problems_of_meta_cases_and_the_whole_file_sorted_by_line(tmp_path: Path) -> None:
    text = _edit(BASE, "[meta]", "[metax]\na = 1\n[meta]")
    text = _edit(text, 'published = "2030-01"', 'published = "2030"')
    text = _edit(text, 'slug = "test-wetland"', 'slug = "test-forest-credit"')
    text = _edit(text, "page = 5\n", "page = 0\n")
    found = _lines(tmp_path, text)
    # the duplicate slug is not among them: whole-file rules compare the cases that could be built
    assert found == [
        "F:2: metax: unknown table (a file holds [meta] and [[case]] tables)",
        "F:7: meta.published: must be YYYY-MM, not '2030'",
        "F:42: case 2: page: must be 1 or more",
    ]


def test_at_most_fifty_problems_then_a_count(tmp_path: Path) -> None:
    case = BASE[BASE.index("[[case]]\nid = 2") :]
    many = BASE + "".join(
        case.replace("id = 2", f"id = {n}").replace('number = "二"', 'number = "x"').replace("test-wetland", f"w{n}")
        for n in range(3, 63)
    )
    found = _lines(tmp_path, many)
    assert len(found) == 51
    assert found[-1] == "F: … and 10 more problems"


# --- docs/schema.zh-CN.md, for people who write batch files in Chinese -------------------------

SCHEMA_ZH = (ROOT / "docs" / "schema.zh-CN.md").read_text(encoding="utf-8")


def _zh_doc_keys(heading: str) -> set[str]:
    part = SCHEMA_ZH.split(heading, 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in part.splitlines():
        if line.startswith("| ") and not line.startswith("| 键") and not line.startswith("|---"):
            keys |= {w for w in re.findall(r"[a-z_]+", line.split("|")[1]) if w != "case"}
    return keys


def test_chinese_schema_doc_lists_the_spec_s_keys() -> None:
    from gxeco import schema

    assert _zh_doc_keys("## `[meta]`") == set(schema.META)
    assert _zh_doc_keys("## `[[case]]`") == set(schema.CASE)
    assert _zh_doc_keys("## 数据项") == set(schema.METRIC)


def test_chinese_schema_doc_example_validates_and_its_messages_are_validate_s(tmp_path: Path, monkeypatch) -> None:
    toml = SCHEMA_ZH.split("```toml\n", 1)[1].split("```", 1)[0]
    source = SCHEMA_ZH.split("```markdown\n", 1)[1].split("```", 1)[0]
    (tmp_path / "cases.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "source.md").write_text(source, encoding="utf-8")
    assert validate(tmp_path / "cases.toml") == []
    # the four problems the page shows are what validate says, in Chinese
    shown = SCHEMA_ZH.split("```text\n", 1)[1].split("```", 1)[0].splitlines()
    text = _edit(BASE, "page = 1\n", 'page = "1"\n')
    text = _edit(text, 'short_title = "测试林业碳汇"\n', "")
    text = _edit(text, 'unit = "万元"', 'unit = "万银元"')
    text = _edit(text, 'quote = "发放贷款12.5万元"', 'quote = "发放贷款"')
    (tmp_path / "第九批.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(i18n, "_lang", "zh")  # conftest decides the language again before each test
    assert validate(Path("第九批.toml")) == shown
