"""Figures a paper can use: restatements stated once, money compared as money, every sort key in
both directions, exports that count what they wrote and keep the user's permissions."""

from __future__ import annotations

import json
import os
from pathlib import Path

from gxeco import query

from .conftest import Run


def test_restatements_hidden_unless_all(ds) -> None:
    every = [r.as_dict() for r in query.figure_rows(ds.cases, all_=True)]
    shown = [r.as_dict() for r in query.figure_rows(ds.cases)]
    marked = [d for d in every if d["restates"] or d["variant_of"]]  # restatements and variants: stated once
    assert len(marked) >= 20 and len(shown) == len(every) - len(marked)
    assert all(d["restates"] is None and d["variant_of"] is None for d in shown)
    assert len(every) == sum(len(c.metrics) for c in ds.cases)


def test_compare_shows_a_fact_once(ds) -> None:
    def displays(all_: bool) -> list[str]:
        d = query.compare(ds.cases[6:8], ["land"], all_)
        return [f["display"] for r in d["rows"] if r["field"] == "figures.land" for f in r["values"][1]]

    # 767个地块 first, then 767块 (restated with the measure word the text uses there)
    assert displays(False).count("1158亩") == 1 and displays(False).count("767个") == 1
    assert displays(True).count("1158亩") == 2 and displays(True).count("767块") == 1


def test_sort_by_value_groups_kinds_in_a_fixed_order(ds) -> None:
    rows = query.sort_figures(query.figure_rows(ds.cases), "value")
    kinds = [r.kind for r in rows]
    firsts = [k for i, k in enumerate(kinds) if k not in kinds[:i]]
    assert firsts[:6] == ["money", "area", "mass", "volume", "count", "percent"]
    money = [r.base_value for r in rows if r.kind == "money"]
    assert money == sorted(money, reverse=True)


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


def test_figures_and_export_through_the_cli(tmp_path: Path, ds) -> None:
    run = Run("main")
    rows = run.json("figures", "--topic", "investment", "--sort", "value")
    i13 = next(i for i, r in enumerate(rows) if r["id"] == 13 and r["display"] == "约13亿")
    assert rows[i13]["kind"] == "money" and rows[i13]["normalized_unit"] == "元"
    wan = [i for i, r in enumerate(rows) if r["unit"] == "万元"]
    assert wan and i13 < min(wan)
    csv = run("figures", "--all", "--case", "7", "-f", "csv").stdout.splitlines()
    head, rows = csv[0].split(","), [r.split(",") for r in csv[1:]]
    restates = head.index("restates")
    assert head[-1] == "position" and sum(r[restates] in ("7", "8") for r in rows) == 2
    assert len(run.json("compare", "7", "8", "--all")["rows"]) >= len(run.json("compare", "7", "8")["rows"])

    n_all = sum(len(c.metrics) for c in ds.cases)
    n_shown = sum(1 for c in ds.cases for m in c.metrics if not (m.restates or m.variant_of))
    old = os.umask(0o027)
    try:
        r = run("export", "-f", "csv", "--metrics", "-o", str(tmp_path / "f.csv"))
        r2 = run("export", "-o", str(tmp_path / "f.json"))
        r3 = run("export", "-f", "jsonl", "--metrics", "--all", "-o", str(tmp_path / "g.jsonl"))
    finally:
        os.umask(old)
    assert f"wrote {n_shown} figures to " in r.stderr and "wrote 15 cases to " in r2.stderr
    assert f"wrote {n_all} figures to " in r3.stderr
    assert len((tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()) == n_all
    if os.name == "posix":
        assert (tmp_path / "f.csv").stat().st_mode & 0o777 == 0o640
    cases = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert sum(len(c["metrics"]) for c in cases) == n_shown
