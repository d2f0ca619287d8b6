"""validate refuses what the data must not hold, in one line: file and line of the field, case,
field, problem."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ROOT

GOOD = (ROOT / "data" / "cases.toml").read_text(encoding="utf-8")


def _validate(run, tmp_path: Path, old: str, new: str, field: str) -> str:
    """validate's one line for the broken file: file and line (of the field), case, field, problem."""
    assert old in GOOD
    p = tmp_path / "cases.toml"
    text = GOOD.replace(old, new, 1)
    p.write_text(text, encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "guangxi-epvr-batch3.md").write_bytes(
        (ROOT / "data" / "source" / "guangxi-epvr-batch3.md").read_bytes()
    )
    out = run("validate", str(p), code=2).stdout
    assert len(out.splitlines()) == 1, out
    m = re.match(rf"{re.escape(str(p))}:(\d+): ", out)
    assert m, out
    assert text.splitlines()[int(m.group(1)) - 1].startswith(f"{field} = "), out
    return out[m.end() :]


def test_validate_refuses_a_page_below_one(run, tmp_path: Path) -> None:
    out = _validate(run, tmp_path, "page = 58\n", "page = -5\n", "page")
    assert out == "case 10: page: must be 1 or more\n"


def test_validate_refuses_a_duplicate_tag(run, tmp_path: Path) -> None:
    out = _validate(run, tmp_path, '  "梯田",\n  "龙脊梯田",\n', '  "梯田",\n  "梯田",\n', "tags")
    assert out == "case 10: tags: lists '梯田' twice\n"


def test_validate_refuses_a_number_that_is_not_a_chinese_numeral(run, tmp_path: Path) -> None:
    out = _validate(run, tmp_path, 'number = "十"\n', 'number = "10"\n', "number")
    assert out == "case 10: number: must be a Chinese numeral such as 十五, not '10'\n"
