"""The keys of `gxeco browse`: what each does in the app (Textual bindings, with the labels its
help shows) and the few the key bar at the foot names."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from .casetext import TABS

APP_KEYS: list[BindingType] = [
    Binding("slash", "find", "查找"),
    Binding("f", "facets", "筛选"),
    Binding("m", "mark", "标记"),
    Binding("equals_sign", "compare", "对比"),
    Binding("c", "cite", "引用"),
    Binding("g", "map", "地图"),
    Binding("r", "related", "相似"),
    Binding("e", "export", "导出"),
    Binding("n", "hit(1)", "下一处", show=False),
    Binding("N,shift+n", "hit(-1)", "上一处", show=False),
    Binding("s", "sort", "排序", show=False),
    Binding("left_square_bracket", "tab(-1)", "上一页", show=False),
    Binding("right_square_bracket", "tab(1)", "下一页", show=False),
    *(Binding(str(i + 1), f"goto_tab({i})", label, show=False) for i, (_, label) in enumerate(TABS)),
    Binding("escape", "leave", "返回", show=False),
    Binding("down", "move(1)", "下一个案例", show=False),  # from the filter box; lists and text scroll themselves
    Binding("up", "move(-1)", "上一个案例", show=False),
    Binding("question_mark", "help", "按键"),
    Binding("q", "quit", "退出"),
    Binding("ctrl+c", "quit", "退出", show=False, priority=True),
]

# the main keys, on the key bar at the foot of the screen
FOOTER_KEYS = (
    ("/", "查找"),
    ("f", "筛选"),
    ("m", "标记"),
    ("=", "对比"),
    ("c", "引用"),
    ("e", "导出"),
    ("?", "按键"),
    ("q", "退出"),
)
