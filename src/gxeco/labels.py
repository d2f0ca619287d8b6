"""The one table of what a field or a section is called: its key (the JSON key, the CSV header)
and its names in both languages. Reports, the workbook's headers, compare's rows, search's
sections and browse's tabs read their labels here, so one field never reads two ways.
Where a label must be short (a value of ``--section``, ``related``'s explanation of what two
cases share), SHORT names it; a key SHORT lacks goes by its name in FIELDS."""

from __future__ import annotations

# key -> (Chinese, English)
FIELDS: dict[str, tuple[str, str]] = {
    "id": ("编号", "id"),
    "batch": ("批次", "batch"),
    "number": ("序号", "number"),
    "title": ("标题", "title"),
    "short_title": ("简称", "short title"),
    "place": ("地点", "place"),
    "city": ("地市", "city"),
    "region": ("地区", "region"),
    "county": ("县区", "county"),
    "category": ("类别", "category"),
    "modes": ("模式", "modes"),
    "resources": ("资源", "resources"),
    "tags": ("标签", "tags"),
    "models": ("模型", "models"),
    "page": ("页码", "page"),
    # the sections of a case, in reading order
    "background": ("案例背景", "background"),
    "mechanism": ("核心机制", "mechanism"),
    "practices": ("具体做法", "practices"),
    "outcomes": ("主要成效", "outcomes"),
    "metrics": ("数据", "figures"),
    "policies": ("引用文件", "policies"),
    "notes": ("注", "notes"),
    # a figure's columns; position: its place in its case, what 「第21项的一部分」 refers to
    "position": ("序号", "position"),
    "label": ("指标", "label"),
    "display": ("数值", "value"),
    "converted": ("折算", "converted"),
    "year": ("年份", "year"),
    "topic": ("主题", "topic"),
    "quote": ("原文", "quote"),
    # the rest of a figure's fields, as the workbook's 数据 sheet heads them (JSON's keys)
    "case_id": ("案例id", "case id"),
    "value": ("数值", "value"),
    "value_max": ("上限", "upper value"),
    "unit": ("单位", "unit"),
    "qualifier": ("限定词", "qualifier"),
    "qualifier_after": ("第二限定词", "second qualifier"),
    "normalized": ("折算值", "converted value"),
    "normalized_unit": ("折算单位", "converted unit"),
    "section": ("章节", "section"),
    "restates": ("复述序号", "restates"),
    "as_published": ("原文数值", "as published"),
    "part_of": ("属于第几项", "part of"),
    "variant_of": ("另一说法之第几项", "variant of"),
    "bound": ("分级界限", "grade bound"),
    "target": ("目标", "target"),
    "stock": ("存量", "stock"),
    "stock_of": ("另一时点之第几项", "stock of"),
    "change_of": ("变化之第几项", "change of"),
    "additive": ("可加总", "additive"),
}


def zh(key: str) -> str:
    """The Chinese name of a field (the key itself when it has none)."""
    return FIELDS[key][0] if key in FIELDS else key


def en(key: str) -> str:
    """The English name of a field (the key itself when it has none)."""
    return FIELDS[key][1] if key in FIELDS else key


# --- short names: search's and show's --section values (背景 beside 案例背景) and the fields
# related's explanation names (标签 龙脊梯田；做法「…」)
SHORT: dict[str, tuple[str, str]] = {
    "header": ("概况", "header"),
    "background": ("背景", "background"),
    "mechanism": ("机制", "mechanism"),
    "practices": ("做法", "practices"),
    "outcomes": ("成效", "outcomes"),
    "policies": ("政策", "policies"),
}


def short(key: str) -> str:
    """The short Chinese name of a field or section (its name in FIELDS when it has none)."""
    return SHORT[key][0] if key in SHORT else zh(key)


def short_en(key: str) -> str:
    """The short English name of a field or section (its name in FIELDS when it has none)."""
    return SHORT[key][1] if key in SHORT else en(key)


def names(key: str, *more: str) -> tuple[str, ...]:
    """What a section is called as an option's value: its short name, the other names given,
    and its name in FIELDS (背景, 案例背景), each once."""
    out = [short(key), *more]
    if key in FIELDS:
        out.append(zh(key))
    return tuple(dict.fromkeys(out))
