"""The bugs an outside review reproduced (issue #21, part 4): each test failed on the code before the fix."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from gxeco import loader

from .conftest import REAL_HOME, ROOT, subprocess_run

BATCH9 = str(ROOT / "tests" / "data" / "batch9.toml")
GOOD = (ROOT / "data" / "cases.toml").read_text(encoding="utf-8")


# 1. CSL-JSON is one document


def test_cite_csl_json_of_several_cases_is_one_array(run) -> None:
    r = run("cite", "9", "10", "--style", "csl-json")
    items = json.loads(r.stdout)  # two arrays one after the other do not parse
    assert [i["id"][:12] for i in items] == ["gxeco-b3-09-", "gxeco-b3-10-"]
    assert [i["page"] for i in items] == ["52-57", "58-63"]


# 2. --asc is honoured by every sort key


def _column(run, *args: str, key: str) -> list:
    return [row[key] for row in run.json("figures", *args)]


def test_asc_is_honoured_by_every_sort_key(run) -> None:
    from gxeco import vocab

    ids_down = _column(run, "--sort", "case", key="id")
    ids_up = _column(run, "--sort", "case", "--asc", key="id")
    assert ids_up == sorted(ids_up) and ids_up[0] == 1 and ids_down == sorted(ids_down, reverse=True)
    order = list(vocab.TOPICS)
    topics_down = _column(run, "--sort", "topic", key="topic")
    topics_up = _column(run, "--sort", "topic", "--asc", key="topic")
    assert topics_up == sorted(topics_up, key=order.index) and topics_up[0] == "investment"
    assert topics_down == sorted(topics_down, key=order.index, reverse=True)


def test_year_ascending_keeps_undated_figures_last(run) -> None:
    for args in ((), ("--asc",)):
        years = _column(run, "--sort", "year", *args, key="year")
        dated = [y for y in years if y is not None]
        assert years == dated + [None] * (len(years) - len(dated))
        assert dated == sorted(dated, reverse=not args)


def test_value_sort_never_interleaves_incomparable_units(run) -> None:
    for args in ((), ("--asc",)):
        rows = run.json("figures", "--sort", "value", *args)
        groups = [(r["kind"], r["normalized_unit"]) for r in rows]
        # each group in one run: once left, never seen again
        seen: list[tuple[str, str]] = []
        for g in groups:
            if not seen or seen[-1] != g:
                assert g not in seen, g
                seen.append(g)
        assert seen[0] == ("money", "元")
        money = [r["normalized"] for r in rows if r["kind"] == "money"]
        assert money == sorted(money, reverse=not args)


# 3. --context 0


def test_search_context_zero_gives_distinct_snippets(run) -> None:
    for ctx in ("0", "1"):
        results = run.json("search", "碳汇", "--context", ctx)
        for r in results:
            shown = [(h["section"], h["title"], h["snippet"]) for h in r["hits"]]
            assert len(shown) == len(set(shown)), shown
            for h in r["hits"]:
                a, b = h["highlights"][0]
                assert h["snippet"][a:b] == "碳汇"


# 4. GXECO_DATA with an empty part


@pytest.mark.parametrize(
    "value", [f"{BATCH9}{os.pathsep}", f"{os.pathsep}{BATCH9}", f"{BATCH9}{os.pathsep}{os.pathsep}"]
)
def test_gxeco_data_skips_empty_parts(run, value: str) -> None:
    r = run("list", "--format", "json", env={"GXECO_DATA": value})
    assert [c["batch"] for c in json.loads(r.stdout)] == [9, 9]


def test_gxeco_data_in_a_real_process() -> None:
    p = subprocess_run("list", "-f", "json", env={"GXECO_DATA": BATCH9 + os.pathsep})
    assert p.returncode == 0, p.stderr.decode()
    assert len(json.loads(p.stdout)) == 2


# 5. export -o -


def test_export_to_dash_writes_standard_output(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = run("export", "-f", "csv", "-o", "-")
    assert r.stdout.startswith("id,batch,slug")
    assert len(r.stdout.splitlines()) > 15
    assert not (tmp_path / "-").exists()
    for fmt in ("xlsx", "sqlite"):
        r = run("export", "-f", fmt, "-o", "-", code=2)
        assert "writes a binary file" in r.stderr and not (tmp_path / "-").exists()


# 6. batch-qualified ids wherever two batches are loaded; plain ids with one


def test_compare_csv_headers_are_batch_qualified(run) -> None:
    r = run("--data", BATCH9, "--with-bundled", "compare", "3:1", "9:1", "-f", "csv")
    head = r.stdout.splitlines()[0]
    assert head == "field,3:1:guangxi-resource-rights,9:1:test-forest-credit"
    r = run("compare", "1", "2", "-f", "csv")
    assert r.stdout.splitlines()[0].startswith("field,1:guangxi-resource-rights,2:")


def test_cite_message_names_the_batch(run) -> None:
    r = run("--data", BATCH9, "--with-bundled", "cite", "9:2")
    assert "end page unknown for case 9:2 " in r.stderr
    r = run("--data", BATCH9, "cite", "2")
    assert "end page unknown for case 2 " in r.stderr


def test_hints_with_one_other_batch_use_its_plain_ids(run) -> None:
    r = run("--data", BATCH9, "show", "测试", code=1)
    assert "1 测试林业碳汇" in r.stderr and "2 测试湿地修复" in r.stderr and "9:" not in r.stderr
    r = run("--data", BATCH9, "--with-bundled", "show", "测试", code=1)
    assert "9:1 测试林业碳汇" in r.stderr and "9:2 测试湿地修复" in r.stderr


# 7. ambiguity is exit 1 everywhere


@pytest.mark.parametrize(
    "args", [("stats", "--by", "m"), ("show", "土地"), ("figures", "--topic", "收"), ("list", "--city", "l")]
)
def test_ambiguity_exits_1(run, args: tuple[str, ...]) -> None:
    r = run(*args, code=1)
    assert "ambiguous" in r.stderr or "matches" in r.stderr


def test_unknown_option_value_is_still_a_usage_error(run) -> None:
    assert "unknown topic" in run("figures", "--topic", "xyz", code=2).stderr


# 8. validate refuses what the data must not hold


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


# 9. the suite leaves $HOME alone


def test_the_suite_caches_outside_the_users_home(ds) -> None:
    home = os.environ["HOME"]
    assert os.path.realpath(home) != os.path.realpath(REAL_HOME)
    cache = loader._cache_file(loader.bundled_path())
    assert cache is not None and Path(cache).is_relative_to(home)
    # the session's data, loaded before any per-test fixture, was cached there too
    assert any(Path(home).rglob("*.marshal"))
