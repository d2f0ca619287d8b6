"""Golden text: the case list on a terminal at 100 and 80 columns, one line per case."""

from __future__ import annotations

import io

import pytest

from gxeco import reports
from gxeco.render import Format, render

LIST_100 = """\
编号  简称                      地市      类别                    资源                        页码
──────────────────────────────────────────────────────────────────────────────────────────────────
1     广西自然资源资产权能创新  全区      自然资源资产管理        水、土地、海域海岛、森林    3
2     桂林旅游产业用地供给      桂林市    自然资源资产管理        土地、森林                  10
3     贺州碳酸钙「点石成金」    贺州市    生态产业化经营          矿产、土地                  16
4     北海海洋资源资产管理      北海市    自然资源资产管理        海域海岛、湿地、土地、矿产  24
5     北流「农地入市」          玉林市    自然资源资产管理        土地                        30
6     南宁园博园生态修复        南宁市    生态保护修复及价值提升  矿产、土地、水              36
7     那良镇全域土地综合整治    防城港市  生态保护修复及价值提升  土地、水                    42
8     永仁村全域土地综合整治    河池市    生态保护修复及价值提升  土地                        47
9     防城港「海边山」综合开发  防城港市  生态产业化经营          海域海岛、森林、土地        52
10    龙胜梯田「一田生五金」    桂林市    生态产业化经营          土地、水                    58
11    隆安生态农业              南宁市    生态产业化经营          土地                        64
12    来宾甘蔗产业              来宾市    生态产业化经营          土地                        69
13    东兰红色文化旅游          河池市    生态产业化经营          土地、森林                  76
14    龙圩「稻渔」模式          梧州市    生态产业化经营          土地、水                    81
15    浦北陈皮产业              钦州市    生态产业化经营          土地                        86
"""

# 80 columns: 县区 and 资源 are left out (list --help says so)
LIST_80 = """\
编号  简称                      地市      类别                    页码
──────────────────────────────────────────────────────────────────────
1     广西自然资源资产权能创新  全区      自然资源资产管理        3
2     桂林旅游产业用地供给      桂林市    自然资源资产管理        10
3     贺州碳酸钙「点石成金」    贺州市    生态产业化经营          16
4     北海海洋资源资产管理      北海市    自然资源资产管理        24
5     北流「农地入市」          玉林市    自然资源资产管理        30
6     南宁园博园生态修复        南宁市    生态保护修复及价值提升  36
7     那良镇全域土地综合整治    防城港市  生态保护修复及价值提升  42
8     永仁村全域土地综合整治    河池市    生态保护修复及价值提升  47
9     防城港「海边山」综合开发  防城港市  生态产业化经营          52
10    龙胜梯田「一田生五金」    桂林市    生态产业化经营          58
11    隆安生态农业              南宁市    生态产业化经营          64
12    来宾甘蔗产业              来宾市    生态产业化经营          69
13    东兰红色文化旅游          河池市    生态产业化经营          76
14    龙圩「稻渔」模式          梧州市    生态产业化经营          81
15    浦北陈皮产业              钦州市    生态产业化经营          86
"""


@pytest.mark.parametrize(("width", "want"), [(100, LIST_100), (80, LIST_80)])
def test_list_golden(ds, width: int, want: str) -> None:
    buf = io.StringIO()
    render(reports.case_list(ds.cases), Format.table, buf, width=width, color=False)
    assert buf.getvalue() == want
    lines = want.splitlines()
    assert len(lines) == 2 + 15  # header, rule, one line per case


def test_list_at_100_columns_through_the_cli(run) -> None:
    out = run("list", "-f", "table", env={"COLUMNS": "100"}).stdout
    assert out == LIST_100


@pytest.mark.parametrize("ids", [("7", "8"), ("1", "10", "15")])
def test_piped_compare_lines_are_no_longer_than_piped_show(run, ids: tuple[str, ...]) -> None:
    """Piped, compare gives one block per field: its name, then each case's value labelled with the case."""
    from rich.cells import cell_len

    compare = run("compare", *ids).stdout
    shown = [ln for i in ids for ln in run("show", i).stdout.splitlines()]
    assert max(map(cell_len, compare.splitlines())) <= max(map(cell_len, shown))
    block = compare.split("\n\n")[[b.split("\n")[0] for b in compare.split("\n\n")].index("核心机制")]
    heads = [ln for ln in block.splitlines()[1:] if ln.endswith("：")]
    assert [h.split()[0] for h in heads] == list(ids)
