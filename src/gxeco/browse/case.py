"""The case pane: the title line, the tab bar and the view the tabs share (text or figures)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import ContentSwitcher, Static

from ..layout import width_of
from .casetext import TABS
from .widgets import Prose


class TabBar(Static):
    """The tab labels on one line; a click picks one. (Textual's Tabs costs ~70 ms to mount: a
    tenth of the first-paint budget.)"""

    DEFAULT_CSS = "TabBar { height: 1; color: $text-muted; }"

    class Picked(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.active = TABS[0][0]
        self._spans: list[tuple[int, int, str]] = []

    def set_active(self, key: str) -> None:
        self.active = key
        self.update(self._content())

    def _content(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        self._spans = []
        x = 0
        for key, label in TABS:
            text = f" {label} "
            parts.append((text, "bold reverse $text-accent" if key == self.active else ""))
            self._spans.append((x, x + width_of(text), key))
            x += width_of(text)
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.update(self._content())

    def on_click(self, event: Any) -> None:
        x = event.x
        for a, z, key in self._spans:
            if a <= x < z:
                self.post_message(self.Picked(key))


class CaseView(Vertical):
    """The selected case: a title line, the tabs, and one text view they share.

    Only what the first screen shows is built at start (first paint within 1 s);
    the figures table is mounted the first time its tab opens."""

    def compose(self) -> ComposeResult:
        yield Static("", id="case-title", markup=False)
        yield TabBar(id="tabs")
        with ContentSwitcher(initial="scroll", id="switcher"):
            yield VerticalScroll(Prose(id="prose"), id="scroll")
            yield Vertical(id="data-pane")
