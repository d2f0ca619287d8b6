"""Related cases in words a reader recognises: the 做法 cut into words (jieba's cut, from a table
made offline), what two cases share named in whole words, tags and models weighing enough, and
what similar derives kept in an entry of its own, never in the loader's."""

from __future__ import annotations

import importlib.util
import itertools
import marshal
import os
from pathlib import Path
from typing import Any

import pytest

from gxeco import _words, similar
from gxeco.loader import PerCase, bundled_path, load

ROOT = Path(__file__).resolve().parent.parent


def test_word_table_is_current() -> None:
    """_words.py records a digest of the texts it was made from (scripts/regen_words.py)."""
    spec = importlib.util.spec_from_file_location("regen_words", ROOT / "scripts" / "regen_words.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.digest() == _words.SOURCE, "stale: run python scripts/regen_words.py"


@pytest.mark.parametrize(
    ("run", "want"),
    [
        ("梯田流转入股", ["梯田", "流转", "入股"]),
        ("实施全域土地综合整治", ["实施", "全域", "土地", "综合", "整治"]),
        ("巩固拓展脱贫攻坚成果", ["巩固", "拓展", "脱贫", "攻坚", "成果"]),
        ("增加村集体经营收入", ["增加", "村", "集体", "经营收入"]),
        ("发展土地整治", ["发展", "土地", "整治"]),
    ],
)
def test_cut_is_jiebas(run: str, want: list[str]) -> None:
    assert similar.cut(run) == want


def _spans(c) -> set[str]:
    """Every run of whole words of a case's 做法 (up to the phrase limit)."""
    out = set()
    for run in similar.words(c):
        for k in range(len(run)):
            text = ""
            for w in run[k:]:
                text += w
                if len(text) > similar.PHRASE_MAX:
                    break
                out.add(text)
    return out


def test_every_phrase_shown_is_whole_words_of_both_texts(ds) -> None:
    idx = similar.index(ds.cases)
    spans = {c.id: _spans(c) for c in ds.cases}
    shown = set()
    for i, j in itertools.combinations(range(len(ds.cases)), 2):  # (j, i) names the same phrases
        for p in similar.explain(idx, i, j).get("practices", ()):
            a, b = ds.cases[i], ds.cases[j]
            assert p in spans[a.id] and p in spans[b.id], (a.id, b.id, p)
            shown.add(p)
    # the fragments the issue found, and any like them, are never named
    assert not shown & {"经营收", "展土地整治", "合产业"}
    assert not any(similar.cut(p)[0] in similar._LOOSE or similar.cut(p)[-1] in similar._LOOSE for p in shown)


def test_related_7_is_explained_in_words(run) -> None:
    out = run("related", "7", "-f", "plain").stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("- 13 "))
    assert "标签 红色旅游、全域土地综合整治、乡村旅游" in line
    for fragment in ("「经营收」", "「展土地整治」", "「合产业」"):
        assert fragment not in out


def test_three_shared_tags_outweigh_a_shared_category(ds) -> None:
    """7 and 13 share three tags and no category; 7 and 6 share their category: 13 ranks above 6."""
    by = {c.id: c for c in ds.cases}
    idx = similar.index(ds.cases)
    pos = {c.id: k for k, c in enumerate(ds.cases)}
    tags = similar._parts(idx, pos[7], pos[13])["tags"]
    assert tags > similar.WEIGHTS["category"]
    assert by[7].category != by[13].category and by[7].category == by[6].category
    top = [r.case.id for r in similar.related(ds.cases, by[7])]
    assert top.index(13) < top.index(6) if 6 in top else 13 in top


# Every case's top three, read against the source's summaries (/work/shared/source): what a
# reader of each would look at next. Each listed case must be within that case's first three.
READER_TOP3 = {
    1: [4, 5, 9],  # property rights over water, sea and forest: 北海's sea assets, 北流's land market, 防城港's 红树林
    2: [10, 13],  # land for tourism: 龙胜's terraces (龙脊梯田), 东兰's red tourism land
    3: [6],  # mining: 南宁's quarry garden
    4: [9, 1],  # the sea: 防城港's 海边山, the region's sea and carbon rights
    5: [1, 2],  # rights and a land market: the region's 权能, 桂林's land supply
    6: [3, 7],  # an old quarry: 贺州's mines; restoration with tourism: 那良
    7: [8, 13],  # 全域土地综合整治: 永仁村; red and rural tourism with it: 东兰
    8: [7, 11],  # 全域土地综合整治: 那良; farming on consolidated land: 隆安
    9: [4],  # the coast and 红树林: 北海
    10: [2, 14],  # terraces and tourism: 桂林; paddies: 龙圩
    11: [15, 12],  # farm products grown, processed and branded: 陈皮, sugar cane
    12: [11, 15],  # the same, from sugar cane
    13: [2, 7],  # tourism land: 桂林; red tourism and 全域土地综合整治: 那良
    14: [10],  # paddy fields: 龙胜
    15: [11, 12],  # farm products: fruit, sugar cane
}


@pytest.mark.parametrize("case", sorted(READER_TOP3))
def test_every_cases_top_three_agree_with_a_reader(ds, case: int) -> None:
    c = next(x for x in ds.cases if x.id == case)
    top = [r.case.id for r in similar.related(ds.cases, c)][:3]
    assert set(READER_TOP3[case]) <= set(top), (case, top)


def _payload(entry: Path) -> Any:
    """What a cache entry holds: (key, checksum, payload), the payload marshalled again (cache.py)."""
    _key, _checksum, payload = marshal.loads(entry.read_bytes())
    return marshal.loads(payload)


def test_words_are_kept_in_similars_own_cache_entry(tmp_path, monkeypatch) -> None:
    """The loader's entry holds no ranking (a cold load stays linear); similar cuts the words on
    first use, writes them beside the loader's entry, and the next run reads them uncut."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(similar, "_ENTRY", PerCase("similar"))
    monkeypatch.setattr(similar, "_CUT", {})
    ds = load([bundled_path()])
    folder = tmp_path / "gxeco"
    # the loader's entry (beside it, maybe its memo of the file's status)
    (entry,) = [p for p in folder.iterdir() if p.name.endswith(".marshal") and not p.name.endswith("-stat.marshal")]
    blob = _payload(entry)
    assert all(not any(k.startswith("_") for k in c) for c in blob["data"]["cases"])
    live = [(r.case.id, r.score) for r in similar.related(ds.cases, ds.cases[6], explained=False)]
    kept = entry.with_name(entry.name.removesuffix(".marshal") + "-similar.marshal")
    assert kept.exists()
    assert len(_payload(kept)) == len(ds.cases)  # each case's words

    def no_cut(run: str) -> list[str]:
        raise AssertionError("cut again")

    ds2 = load([bundled_path()])
    monkeypatch.setattr(similar, "_ENTRY", PerCase("similar"))  # a later run: nothing read yet
    monkeypatch.setattr(similar, "_CUT", {})
    monkeypatch.setattr(similar, "cut", no_cut)
    assert [(r.case.id, r.score) for r in similar.related(ds2.cases, ds2.cases[6], explained=False)] == live
    assert os.path.getsize(kept) > 0


def test_shows_ranking_is_kept_and_read_back(tmp_path, monkeypatch) -> None:
    """show's 相似 line: ranked on first use, kept in the related entry, read back equal to a
    ranking made now; with another batch loaded the kept one is not used."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(similar, "_RANKED", {})
    ds = load([bundled_path()])
    first = [similar.neighbours(ds.cases, c) for c in ds.cases]
    (kept,) = (tmp_path / "gxeco").glob("*-related.marshal")
    assert len(_payload(kept)) == len(ds.cases)  # each case's ranking
    monkeypatch.setattr(similar, "_RANKED", {})
    ds2 = load([bundled_path()])
    monkeypatch.setattr(similar, "related", lambda *a, **k: pytest.fail("ranked again"))
    again = [similar.neighbours(ds2.cases, c) for c in ds2.cases]
    assert [[(r.case.id, r.score) for r in x] for x in again] == [[(r.case.id, r.score) for r in x] for x in first]
    monkeypatch.undo()
    mixed = load([bundled_path(), str(ROOT / "tests" / "data" / "batch9.toml")]).cases
    for c in mixed:
        got = [(r.case.batch, r.case.id) for r in similar.neighbours(mixed, c)]
        assert got == [(r.case.batch, r.case.id) for r in similar.related(mixed, c, explained=False)]
