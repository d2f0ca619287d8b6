"""Several batches loaded at once, and a data path from GXECO_DATA: ids batch-qualified wherever two
batches are loaded, plain ids with one, empty parts of the path skipped."""

from __future__ import annotations

import json
import os

import pytest

from .conftest import ROOT, subprocess_run

BATCH9 = str(ROOT / "tests" / "data" / "batch9.toml")


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
