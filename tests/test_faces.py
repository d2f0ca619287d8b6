"""Every face is a view of the library: one reading of every option (request.py), the API under
every command, one writer for every output (output/). Each test here failed before that."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest

import gxeco
from gxeco import output
from gxeco.errors import GxecoError
from gxeco.render import Format

from .conftest import ROOT, invoke_main, subprocess_run

SRC = ROOT / "src" / "gxeco"
BATCH9 = str(ROOT / "tests" / "data" / "batch9.toml")
TWO = ["--data", BATCH9, "--with-bundled"]


# --- the API under every face -----------------------------------------------------------

# What the API wraps: a face (the CLI, the writer, the exporters) reaches these through
# gxeco.api only, so that nothing is orchestrated twice.
INNER = {"loader", "schema", "tomlio", "provenance", "resolve", "match", "query", "search", "passages"}
INNER |= {"similar", "citymap", "cite", "memo", "export", "exporters", "typeahead"}
FACES = ["commands.py", "cli.py", "fastpath.py", "__main__.py"]
FACES += ["output/__init__.py", "output/files.py", "output/xlsx.py", "output/sqlite.py"]
FACES += sorted(str(p.relative_to(SRC)) for p in (SRC / "browse").glob("*.py"))  # every module of browse


def _imports(path: Path) -> set[str]:
    """The gxeco modules a file imports (relative imports, at any depth, lazy ones too; not
    those under ``if TYPE_CHECKING:``, which never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
        for n in ast.walk(block)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found |= {a.name for a in node.names}
    return found


@pytest.mark.parametrize("face", FACES)
def test_faces_import_the_api_not_what_it_wraps(face: str) -> None:
    reached = _imports(SRC / face) & INNER
    assert not reached, f"{face} imports {sorted(reached)}: go through gxeco.api (or request/output)"


def test_the_commands_call_the_api() -> None:
    assert "api" in _imports(SRC / "commands.py")


def test_the_face_test_reads_every_browse_module() -> None:
    """browse's modules, relative imports at any depth (``from .. import api``, ``from ..x import y``)."""
    browse = [f for f in FACES if f.startswith("browse/")]
    assert {"browse/app.py", "browse/casetext.py", "browse/find.py", "browse/figures.py"} <= set(browse)
    assert {"api", "labels"} <= _imports(SRC / "browse" / "app.py")
    assert "api" in _imports(SRC / "browse" / "casetext.py")


def test_one_dataset_cache() -> None:
    from gxeco import api, commands

    commands.setup(data=None, with_bundled=False, no_color=False)
    assert commands.State.dataset() is api.dataset() is api.dataset(())


# --- one reading of every option ----------------------------------------------------


def test_a_repeated_filter_widens(run) -> None:  # type: ignore[no-untyped-def]
    three = run.json("list", "--city", "梧州", "--city", "玉林", "--city", "北海")
    assert sorted(d["city"] for d in three) == ["北海市", "梧州市", "玉林市"]
    assert [d["id"] for d in three] == [4, 5, 14]
    for one in (["--city", "梧州,玉林"], ["--city", "梧州、玉林"], ["-c", "梧州，玉林"]):
        assert [d["id"] for d in run.json("list", *one)] == [5, 14], one
    exported = run.json("export", "--city", "梧州", "--city", "玉林", "--city", "北海")
    assert [d["id"] for d in exported] == [4, 5, 14]
    # different filters narrow: 梧州 or 玉林, and 水
    assert [d["id"] for d in run.json("list", "-c", "梧州", "-c", "玉林", "-r", "水")] == [14]


def test_the_api_reads_filters_as_the_cli_does() -> None:
    assert [c.id for c in gxeco.cases(city=["梧州", "玉林"])] == [5, 14]
    assert [c.id for c in gxeco.cases(city="梧州、玉林")] == [5, 14]
    # a model holding the separator stays whole
    assert [c.id for c in gxeco.cases(tag="同权、同价、同责")] == [c.id for c in gxeco.cases(tag=["同权、同价、同责"])]
    assert gxeco.cases(tag="同权、同价、同责")


def test_an_empty_value_is_refused_as_a_blank_one(run) -> None:  # type: ignore[no-untyped-def]
    empty, blank = run("list", "--city", "", code=2), run("list", "--city", " ", code=2)
    assert empty.stderr == blank.stderr and "empty city" in empty.stderr and empty.stdout == ""
    with pytest.raises(GxecoError) as exc:
        gxeco.cases(city="")
    assert exc.value.message == "empty city"


def test_a_single_valued_option_given_twice_is_refused(run) -> None:  # type: ignore[no-untyped-def]
    r = run("list", "--sort", "id", "--sort", "page", code=2)
    assert "'--sort' was given more than once" in r.stderr and r.stdout == ""
    assert "was given more than once" in run("figures", "-f", "json", "--format", "csv", code=2).stderr


@pytest.mark.parametrize("limit", [0, -1])
def test_limit_is_positive_everywhere(limit: int) -> None:
    for call in (lambda: gxeco.figures(limit=limit), lambda: gxeco.find("碳汇", limit=limit)):
        with pytest.raises(GxecoError) as exc:
            call()
        assert exc.value.code == 2 and "limit must be a positive number" in exc.value.message
    assert len(gxeco.figures(limit=1)) == 1 and len(gxeco.find("生态", limit=2)) == 2


def test_one_character_off_with_a_single_candidate_is_taken_with_a_notice(run) -> None:  # type: ignore[no-untyped-def]
    r = run("show", "龙圩稻鱼", "-f", "json")
    assert json.loads(r.stdout)["id"] == 14
    assert "龙圩稻鱼 → 14 龙圩「稻渔」模式" in r.stderr
    # several candidates stay a refusal
    assert "did you mean" in run("show", "土地x", code=1).stderr


# --- one writer -------------------------------------------------------------------------


def test_the_suffix_of_o_decides(tmp_path: Path) -> None:
    book, table, figure = tmp_path / "案例.xlsx", tmp_path / "cases.csv", tmp_path / "分布图.svg"
    r = invoke_main(["export", "-o", str(book)])
    assert r.exit_code == 0 and book.read_bytes()[:2] == b"PK" and "15 cases" in r.stderr
    assert invoke_main(["export", "-o", str(table)]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(table.read_text("utf-8"))))
    assert len(rows) == 15 and rows[0]["short_title"] == "广西自然资源资产权能创新"
    assert invoke_main(["map", "-o", str(figure)]).exit_code == 0
    assert figure.read_text("utf-8").startswith("<?xml") and "<svg" in figure.read_text("utf-8")


def test_a_suffix_no_format_has_or_that_disagrees_is_refused(tmp_path: Path) -> None:
    png = tmp_path / "分布图.png"
    r = invoke_main(["map", "-o", str(png)])
    assert r.exit_code == 2 and not png.exists()
    assert "gxeco map writes no .png file" in r.stderr and "svg (.svg)" in r.stderr
    r = invoke_main(["export", "-f", "json", "-o", str(tmp_path / "x.csv")])
    assert r.exit_code == 2 and ".csv is not a suffix of --format json" in r.stderr


def test_dash_is_standard_output_for_every_writing_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = invoke_main(["map", "-o", "-", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["total"] == 15 and not (tmp_path / "-").exists()
    r = invoke_main(["export", "-o", "-", "-f", "csv", "--city", "梧州"])
    assert r.exit_code == 0 and r.stdout.splitlines()[1].startswith("14,") and not (tmp_path / "-").exists()


def test_the_format_table_is_the_cli_choices() -> None:
    from gxeco.cli import ExportFormat, MapFormat

    assert [f.value for f in Format] == list(output.formats("list"))
    assert [f.value for f in ExportFormat] == list(output.formats("export"))
    assert [f.value for f in MapFormat] == list(output.formats("map"))
    for name in output.COMMON + output.formats("export") + output.formats("map"):
        assert name in output.FORMATS


def _ascii() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")


def test_a_console_without_chinese_gets_exact_data_and_refuses_text() -> None:
    from gxeco import reports

    report = reports.case_list(list(gxeco.cases(city="桂林")))
    stream = _ascii()
    output.write(report, output.Target("list", "json", stream=stream))
    stream.flush()
    text = stream.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
    assert "\\u" in text and json.loads(text)[0]["short_title"] == "桂林旅游产业用地供给"
    with pytest.raises(GxecoError) as exc:
        output.write(report, output.Target("list", "plain", stream=_ascii()))
    assert exc.value.message.isascii() and "PYTHONIOENCODING=utf-8" in exc.value.message and exc.value.code


def test_an_ascii_console_says_so_in_one_line() -> None:
    r = subprocess_run("list", env={"PYTHONIOENCODING": "ascii", "GXECO_LANG": "zh"})
    assert r.returncode == 2 and r.stdout == b""
    assert r.stderr.isascii() and r.stderr.count(b"\n") == 1 and b"PYTHONIOENCODING=utf-8" in r.stderr


def test_two_batches_every_csv_row_names_its_batch(run) -> None:  # type: ignore[no-untyped-def]
    def rows(*argv: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(run(*TWO, *argv, "-f", "csv").stdout)))

    found = rows("search", "湿地")
    assert {(r["batch"], r["id"]) for r in found} >= {("3", "4"), ("9", "2")}
    assert [(r["batch"], r["id"]) for r in rows("cite", "3:10", "9:1")] == [("3", "10"), ("9", "1")]
    assert {r["batch"] for r in rows("show", "9:2")} == {"9"}
    lines = run(*TWO, "search", "湿地", "-f", "jsonl").stdout.splitlines()
    assert all("batch" in json.loads(x) for x in lines)


def test_hints_name_the_ids_loaded(run) -> None:  # type: ignore[no-untyped-def]
    r = run("--data", BATCH9, "show", " ", code=2)
    assert "(1-2)" in r.stderr and "1-15" not in r.stderr
    assert "3:1-15, 9:1-2" in run(*TWO, "show", "", code=2).stderr


def test_region_is_never_empty() -> None:
    pandas = pytest.importorskip("pandas")
    frame = gxeco.cases().frame()
    assert int(frame.groupby("region").size().sum()) == 15
    assert frame.set_index("id").loc[1, "region"] == "全区"
    assert isinstance(pandas.DataFrame, type)


def test_region_in_csv() -> None:
    r = invoke_main(["list", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 15 and all(row["region"] for row in rows) and rows[0]["region"] == "全区"


# --- related, the map and export in the API ------------------------------------------


def test_related_map_and_export_are_in_the_api(tmp_path: Path) -> None:
    near = gxeco.related(10)
    assert 3 <= len(near) <= 5 and all(r.case.id != 10 for r in near)
    m = gxeco.city_map(resource="海域")
    assert m.total == 3 and [c.id for c in m.region_wide] == [1]
    buf = io.StringIO()
    assert gxeco.export(buf, "jsonl", city="桂林") == "2 cases"
    assert [json.loads(x)["id"] for x in buf.getvalue().splitlines()] == [2, 10]
    book = tmp_path / "案例.xlsx"
    assert "wrote 15 cases" in gxeco.export(book) and book.read_bytes()[:2] == b"PK"


def test_one_table_of_labels() -> None:
    from gxeco import labels, reports, vocab
    from gxeco.output.xlsx import CASE_COLUMNS

    assert {k: labels.zh(k) for k in vocab.SECTIONS} == vocab.SECTION_NAMES
    assert reports.case_list([gxeco.case(10)]).blocks[0].columns[:3] == ["编号", "简称", "地市"]  # type: ignore[attr-defined]
    assert [labels.zh(k) for k in ("title", "city", "page", *vocab.SECTIONS)] == [
        CASE_COLUMNS[2],
        CASE_COLUMNS[4],
        CASE_COLUMNS[11],
        *CASE_COLUMNS[12:],
    ]
    assert reports.field_name("practices") == labels.zh("practices") == "具体做法"
    assert labels.en("metrics") == "figures" and labels.zh("unknown") == "unknown"


def test_an_option_value_one_character_off_a_single_name_is_taken_with_a_notice(run) -> None:  # type: ignore[no-untyped-def]
    r = run("list", "--category", "产业化经宫", "-f", "json")
    assert {d["category"] for d in json.loads(r.stdout)} == {"生态产业化经营"}
    assert "产业化经宫 → 产业化经营 (生态产业化经营)" in r.stderr
    # two characters: one off is half of it, refused naming the value meant; the library never guesses
    assert "did you mean: 贺州 (贺州市)?" in run("list", "-c", "贺洲", code=1).stderr
    with pytest.raises(GxecoError):
        gxeco.cases(category="产业化经宫")
