"""The one table of what a field or a section is called: its key (the JSON key, the CSV header)
and its names in both languages. Reports, the workbook's headers, compare's rows, search's
sections and browse's tabs read their labels here, so one field never reads two ways."""

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
}


def zh(key: str) -> str:
    """The Chinese name of a field (the key itself when it has none)."""
    return FIELDS[key][0] if key in FIELDS else key


def en(key: str) -> str:
    """The English name of a field (the key itself when it has none)."""
    return FIELDS[key][1] if key in FIELDS else key


# Shorter names of the sections, where room is short (browse's tabs); the others keep their name.
SHORT: dict[str, str] = {
    "background": "背景",
    "mechanism": "机制",
    "practices": "做法",
    "outcomes": "成效",
    "policies": "政策",
}


def short_zh(key: str) -> str:
    """The short Chinese name of a section (背景 for 案例背景), else its name."""
    return SHORT.get(key) or zh(key)
