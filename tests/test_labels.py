"""One table of labels (src/gxeco/labels.py) behind search's sections (the values --section takes,
what a hit's section is called) and related's field names (what two cases share)."""

from __future__ import annotations

import pytest

import gxeco
from gxeco import labels, reports, vocab

from .conftest import invoke_main


def test_section_values_are_the_tables_names() -> None:
    for v in (vocab.PART, vocab.SEARCH_SECTION):
        for key, names in v.names.items():
            assert names[0] == labels.short(key), key  # what help and refusals offer first
            if key in labels.FIELDS:
                assert labels.zh(key) in names, key  # the full name is taken too
    assert vocab.SEARCH_SECTION.names["practices"] == ("做法", "具体做法")
    assert vocab.PART.names["policies"] == ("政策", "文件", "引用文件")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_hit_is_labelled_by_the_table_in_both_languages(lang: str) -> None:
    # the labels are the source's own headings, whatever the language of the messages
    for section, typed in [("mechanism", "机制"), ("practices", "具体做法"), ("title", "names")]:
        args = ["search", "梯田", "--case", "10", "--section", typed, "--snippets", "1", "-f", "plain"]
        r = invoke_main(args, {"GXECO_LANG": lang})
        assert r.exit_code == 0, r.stderr
        assert f"{labels.zh(section)}：" in r.stdout or f"{labels.zh(section)}·" in r.stdout, (section, r.stdout)


def test_related_names_shared_fields_from_the_table() -> None:
    near = gxeco.related(10)
    sentence = reports.shared_sentence(near[0].shared)
    assert f"{labels.short('tags')} 龙脊梯田" in sentence and f"{labels.short('practices')}「" in sentence
    assert labels.short("practices") == "做法" and labels.zh("practices") == "具体做法"
    assert "类别、模式、资源、标签、模型与具体做法词语" in reports.RELATED_NOTE


def test_every_short_name_has_both_languages() -> None:
    for key, (zh, en) in labels.SHORT.items():
        assert zh and en.isascii(), key
        assert labels.short_en(key) == en
    assert labels.short_en("tags") == labels.en("tags") == "tags"


def test_the_workbooks_figure_headers_are_the_label_tables_names_of_json_keys() -> None:
    from gxeco.output import xlsx

    keys = set(gxeco.figures(case=12, all=True)[0].as_dict()) | {"case_id"}
    assert set(xlsx.FIGURE_KEYS) <= keys  # each column is a field a figure has
    assert [labels.FIELDS[k][0] for k in xlsx.FIGURE_KEYS] == xlsx.FIGURE_COLUMNS  # named by the one table
    assert len(set(xlsx.FIGURE_COLUMNS)) == len(xlsx.FIGURE_COLUMNS)
