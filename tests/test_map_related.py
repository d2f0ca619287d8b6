"""gxeco map (where the cases are) and gxeco related (cases like this one)."""

from __future__ import annotations

import io
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gxeco import citymap, reports, similar
from gxeco.layout import width_of as cell_width
from gxeco.loader import bundled_path, load
from gxeco.render import Format, render

ROOT = Path(__file__).resolve().parent.parent
BATCH9 = str(ROOT / "tests" / "data" / "batch9.toml")
SVG = "{http://www.w3.org/2000/svg}"

# --- map ----------------------------------------------------------------------------


def test_map_counts_equal_stats_by_city(run) -> None:
    stats = run.json("stats", "--by", "city")["by_city"]
    m = run.json("map")
    assert m["by_city"] == stats
    assert {t["city"]: t["count"] for t in m["tiles"]} == {k: v for k, v in stats.items() if k != "全区"}
    assert len(m["region_wide"]) == stats["全区"] == 1
    assert m["total"] == sum(stats.values()) == 15


@pytest.mark.parametrize(
    ("option", "value", "key"),
    [("--category", "产业化经营", "category"), ("--mode", "补偿", "modes"), ("--resource", "海域", "resources")],
)
def test_map_filters_resolve_as_list_does(run, option: str, value: str, key: str) -> None:
    listed = run.json("list", option, value)
    m = run.json("map", option, value)
    want: dict[str, int] = {}
    for d in listed:
        want[d["city"] or d["scope"]] = want.get(d["city"] or d["scope"], 0) + 1
    assert {k: v for k, v in m["by_city"].items() if v} == want
    assert m["total"] == len(listed)
    resolved = listed[0][key]
    assert m["filters"][option[2:]] == [
        v for v in (resolved if isinstance(resolved, list) else [resolved]) if v in m["filters"][option[2:]]
    ]
    assert len(m["filters"][option[2:]]) == 1


def test_map_tag_filter_and_no_match(run) -> None:
    m = run.json("map", "--tag", "红树林")
    assert {t["city"] for t in m["tiles"] if t["count"]} == {"北海市", "防城港市"}
    assert [c["id"] for c in m["region_wide"]] == [1]
    r = run("map", "--category", "资产管理", "--mode", "补偿", "-f", "plain", code=1)
    assert "no case matches" in r.stderr
    assert "0个案例" in r.stdout


def test_map_grid_positions_are_distinct_and_geographic() -> None:
    cells = list(citymap.GRID.values())
    assert len(set(cells)) == len(cells) == 14
    row, col = citymap.GRID.__getitem__, lambda c: citymap.GRID[c][1]
    # north-east, north-west, coast, south-west: the reading of the map
    assert row("桂林市")[0] == 0 and col("桂林市") > col("南宁市")
    assert col("百色市") < col("南宁市") and col("崇左市") < col("南宁市")
    assert {row(c)[0] for c in ("北海市", "钦州市", "防城港市")} == {citymap.ROWS - 1}
    assert col("梧州市") == col("贺州市") == citymap.COLS - 1


@pytest.mark.parametrize("width", [60, 61, 80, 120])
def test_every_tile_fits_at_60_columns_and_up(ds, width: int) -> None:
    report = reports.city_map(citymap.city_map(ds.cases), ds.metas, {})
    buf = io.StringIO()
    render(report, Format.table, buf, width=width, color=False)
    lines = buf.getvalue().splitlines()
    assert max(cell_width(ln) for ln in lines) <= width
    grid = "\n".join(lines)
    for t in citymap.city_map(ds.cases).tiles:
        assert f"│{t.short.center(8 - (cell_width(t.short) - len(t.short)))}│" in grid
    assert "示意图" in grid and "全区 1个案例" in grid


def test_narrow_terminal_lists_the_tiles(ds) -> None:
    buf = io.StringIO()
    render(reports.city_map(citymap.city_map(ds.cases), ds.metas, {}), Format.table, buf, width=40, color=False)
    out = buf.getvalue()
    assert max(cell_width(ln) for ln in out.splitlines()) <= 40
    assert "桂林   2" in out.splitlines() and "防城港 2" in out.splitlines()


def test_map_reads_without_colour_and_in_gbk(run) -> None:
    out = run("map", "-f", "table", env={"NO_COLOR": "1", "COLUMNS": "60"}).stdout
    assert "\x1b[" not in out
    out.encode("gbk")  # every character exists in GBK
    plain = run("map").stdout  # piped: ASCII frames
    assert "+--------+" in plain and "|  桂林  |" in plain and "|   2    |" in plain
    plain.encode("gbk")


def test_map_svg_is_xml_with_every_city_and_count(run, ds) -> None:
    text = run("map", "--format", "svg").stdout
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert "<script" not in text and "href" not in text and "url(" not in text and "@font-face" not in text
    groups = root.findall(f"{SVG}g")
    seen = {}
    for g in groups:
        texts = [t.text for t in g.findall(f"{SVG}text")]
        seen[texts[0]] = int(texts[1])
    want = {t.short: t.count for t in citymap.city_map(ds.cases).tiles}
    assert seen == want and len(seen) == 14
    body = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "示意图" in body and "全区" in body
    # as cite.publication writes it (GB/T 7714, one builder)
    assert (
        "广西壮族自治区自然资源生态产品价值实现典型案例（第三批）[M]. [出版地不详]: 广西壮族自治区自然资源厅, 2024."
        in body
    )


def test_map_svg_escapes_names_from_data(tmp_path) -> None:
    text = (ROOT / "tests" / "data" / "batch9.toml").read_text(encoding="utf-8")
    bad = tmp_path / "b.toml"
    bad.write_text(text.replace('title = "测试用案例集（第九批）"', 'title = "A & <B>"'), encoding="utf-8")
    ds = load([str(bad)])
    from gxeco.render.svg import svg_text

    text = svg_text(reports.city_map(citymap.city_map(ds.cases), ds.metas, {}).data)
    assert "A & <B>" not in text and "A &amp; &lt;B&gt;" in text  # escaped in the markup
    body = " ".join(t.text or "" for t in ET.fromstring(text).iter(f"{SVG}text"))
    assert "A & <B>" in body  # and read back as it was written


def test_map_output_file_and_formats(run, tmp_path) -> None:
    svg = tmp_path / "map.svg"
    r = run("map", "-o", str(svg))
    assert "wrote the map of 15 cases" in r.stderr
    assert svg.read_text(encoding="utf-8") == run("map", "-f", "svg").stdout  # the file is what -f svg prints
    tiles = {g.findall(f"{SVG}text")[0].text: g.findall(f"{SVG}text")[1].text for g in ET.parse(svg).iter(f"{SVG}g")}
    assert tiles["桂林"] == "2" and len(tiles) == 14
    r = run("map", "-o", str(svg), code=2)
    assert "--force" in r.stderr
    run("map", "-o", str(svg), "--force", "--category", "修复")
    assert "生态保护修复及价值提升" in svg.read_text(encoding="utf-8")
    md = tmp_path / "map.md"
    run("map", "-o", str(md))
    assert "| 防城港 | 2 | 4, 1 | 7、9 |" in md.read_text(encoding="utf-8")
    csv = run("map", "-f", "csv").stdout.splitlines()
    assert csv[0] == ",".join(reports.MAP_CSV) and len(csv) == 1 + 14 + 1


def test_map_ids_are_batch_qualified_with_two_batches(run) -> None:
    m = run.json("--data", BATCH9, "--with-bundled", "map")
    liuzhou = next(t for t in m["tiles"] if t["city"] == "柳州市")
    assert liuzhou["count"] == 1 and liuzhou["cases"][0]["batch"] == 9
    assert "9:1" in run("--data", BATCH9, "--with-bundled", "map", "-f", "md").stdout


# --- related ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def both() -> tuple:
    """The bundled batch and the invented batch 9, loaded together."""
    return load([bundled_path(), BATCH9]).cases


def test_related_score_is_symmetric_to_the_bit(both) -> None:
    for a, b in itertools.combinations(both, 2):
        assert similar.score(both, a, b) == similar.score(both, b, a)
        assert 0.0 <= similar.score(both, a, b) <= 1.0


def test_every_pair_with_a_score_is_explained(both) -> None:
    idx = similar.index(both)
    for i, j in itertools.permutations(range(len(both)), 2):
        s = sum(similar._parts(idx, i, j).values())
        shared = similar.explain(idx, i, j)
        if s > 0:
            assert shared, (both[i].ref, both[j].ref)
        for f, items in shared.items():  # each named item is in both cases
            for x in items:
                if f == "practices":  # whole words: tests/test_similar_words.py
                    assert x in similar._wording(both[i]) and x in similar._wording(both[j])
                else:
                    assert x in idx.counts[i][f] and x in idx.counts[j][f]


def test_related_is_three_to_five_and_deterministic(ds) -> None:
    for c in ds.cases:
        found = similar.related(ds.cases, c)
        assert 3 <= len(found) <= 5
        assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)
        assert c not in [r.case for r in found]
        assert [(r.case.id, r.score, r.shared) for r in found] == [
            (r.case.id, r.score, r.shared) for r in similar.related(list(ds.cases), c)
        ]


# Read by a person first, then checked against the scores; every case's top three are judged in
# tests/test_similar_words.py. Why each pair here is right:
# 7 and 8 are the two 全域土地综合整治 cases (耕地碎片化, 村庄规划, 耕地提质改造): each other's first.
# 10 (龙胜 rice terraces) and 14 (龙圩 rice-and-fish paddies): farming paddy fields, 土地 and 水,
#   the land contracted and paid for (承包经营); 10's first two are 14 and 2 (桂林's land for tourism
#   names 龙脊梯田 itself), 14's first is 10.
# 4 (北海 marine assets) and 9 (防城港 海边山): the coast, 海域海岛, 红树林, 海域立体分层设权;
#   9's first is 4, and 4 has 9 in its first two (1, the region's 海洋碳汇 and 红树林, is the other).
# 11 (隆安 fruit), 12 (来宾 sugar cane) and 15 (浦北 陈皮): farm products grown on consolidated
#   land, processed and branded; 11's first two are 12 and 15.
# 3 (贺州 calcium-carbonate mining) and 6 (南宁 garden on an old quarry): 矿产, 矿山; 3's first is 6.
# 13 (东兰 red tourism) and 2 (桂林 land for tourism): 旅游项目用地, 乡村旅游; 13's first is 2.
# 7 (那良) and 13 (东兰): 红色旅游, 乡村旅游 and 全域土地综合整治 in both: each in the other's top three.
READER = [
    (7, [8], 1),
    (8, [7], 1),
    (10, [14, 2], 2),
    (14, [10], 1),
    (9, [4], 1),
    (4, [9], 2),
    (11, [12, 15], 2),
    (3, [6], 1),
    (13, [2], 1),
    (7, [13], 3),
    (13, [7], 3),
]


@pytest.mark.parametrize(("case", "want", "within"), READER)
def test_top_answers_agree_with_a_reader(ds, case: int, want: list[int], within: int) -> None:
    c = next(x for x in ds.cases if x.id == case)
    top = [r.case.id for r in similar.related(ds.cases, c)][:within]
    assert set(want) <= set(top), (case, top)


def test_related_cli_sentences_and_json(run) -> None:
    out = run("related", "10").stdout
    first = out.splitlines()[3]
    assert first.startswith(
        "- 2 桂林旅游产业用地供给 — 共同：生态产业化经营；土地；标签 龙脊梯田、生态旅游；做法「龙脊梯田」"
    )
    assert first.endswith("）") and "（0." in first
    d = run.json("related", "龙胜")
    assert d["id"] == 10 and set(d["weights"]) == set(similar.FIELDS)
    r = d["related"][0]
    assert set(r) == {"id", "batch", "slug", "short_title", "score", "parts", "shared", "reason"}
    assert r["id"] == 2 and r["shared"]["resources"] == ["土地"] and r["shared"]["tags"] == ["龙脊梯田", "生态旅游"]
    assert abs(sum(r["parts"].values()) - r["score"]) < 1e-3
    assert run("related", "10", "-f", "csv").stdout.splitlines()[0] == ",".join(reports.RELATED_CSV)


def test_related_with_two_batches_is_qualified(run) -> None:
    d = run.json("--data", BATCH9, "--with-bundled", "related", "9:1")
    assert {(r["batch"], r["id"]) for r in d["related"]} >= {(3, 1)}  # 碳汇 and 贷款, both
    out = run("--data", BATCH9, "--with-bundled", "related", "9:1", "-f", "plain").stdout
    assert "- 3:1 广西自然资源资产权能创新 — 共同：生态资源指标及产权交易；森林；标签 碳汇" in out


def test_show_has_a_related_line(run) -> None:
    out = run("show", "10", "--section", "概况").stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("相似"))
    assert line.split(None, 1)[1].startswith("2 桂林旅游产业用地供给、14 龙圩「稻渔」模式、")
    d = run.json("show", "10")
    assert [r["id"] for r in d["related"][:2]] == [2, 14]
    assert "related" not in run.json("show", "10", "--section", "做法")


def test_sentence_names_each_kind_once() -> None:
    s = reports.shared_sentence(
        {
            "category": ("生态产业化经营",),
            "modes": ("生态产业化经营",),
            "resources": ("土地", "水"),
            "tags": ("稻田", "生态农业"),
            "models": ("小块并大块",),
            "practices": ("承包经营",),
        }
    )
    assert s == "生态产业化经营；土地、水；标签 稻田、生态农业；模型「小块并大块」；做法「承包经营」"


# --- browse: g (the map of the list) and r (cases like this one) ----------------------------


def test_browse_map_of_the_list_and_related_cases(ds, tmp_path) -> None:
    import asyncio

    from gxeco.browse.app import BrowseApp
    from gxeco.browse.screens import MapScreen, MapView, RelatedScreen

    app = BrowseApp(ds, ds.cases[9])  # 10 龙胜梯田

    async def main() -> None:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, MapScreen)
            view = app.screen.query_one(MapView)
            text = "\n".join(c.plain for c in view._lines(view.size.width))
            assert "15个案例" in text and "│  桂林  │" in text and "全区 1个案例" in text
            app.save_screenshot(filename="map.svg", path=str(tmp_path))
            await pilot.press("escape", "slash")
            app.query_one("#filter").value = "红树林"
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.query_one("#cases").focus()  # leave the box (Esc would clear it): the map of what is listed
            await pilot.press("g")
            await pilot.pause()
            data = app.screen.query_one(MapView).report.data
            assert data["total"] == len(app.found) == 3
            assert {t["city"] for t in data["tiles"] if t["count"]} == {"北海市", "防城港市"}
            await pilot.press("escape")
            app.case = ds.cases[9]
            app._show_case()
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, RelatedScreen)
            assert app.screen.found[0][0].id == 2
            assert app.screen.found[0][2].startswith("共同：生态产业化经营；土地；标签 龙脊梯田、生态旅游；")
            app.save_screenshot(filename="related.svg", path=str(tmp_path))
            await pilot.press("enter")
            await pilot.pause()
            assert app.case is ds.cases[1] and not isinstance(app.screen, RelatedScreen)

    asyncio.run(main())


# --- whatever cases are loaded ----------------------------------------------------------------

_ALL = load([bundled_path(), BATCH9]).cases


@settings(max_examples=20)  # each example builds an index; the pairs of the full set are checked above
@given(st.lists(st.sampled_from(range(len(_ALL))), min_size=2, max_size=len(_ALL), unique=True))
def test_any_loaded_subset_is_symmetric_explained_and_mapped(picked: list[int]) -> None:
    """idf changes with what is loaded; symmetry, explanations and the map's sums must not."""
    cases = [_ALL[i] for i in sorted(picked)]
    idx = similar.index(cases)
    for i, j in itertools.combinations(range(len(cases)), 2):
        assert similar._parts(idx, i, j) == similar._parts(idx, j, i)
    found = similar.related(cases, cases[0])
    assert len(found) <= min(5, len(cases) - 1)
    assert all(r.shared for r in found)
    m = citymap.city_map(cases)
    assert sum(t.count for t in m.tiles) + len(m.region_wide) == m.total == len(cases)
