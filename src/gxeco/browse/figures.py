"""The 数据 tab's table: one figure a row, as published, the selected row's label whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from .. import labels, layout
from ..figure_reports import link_note  # light: no rich, no textual
from ..units import published
from .find import topic_name

if TYPE_CHECKING:
    from ..api import FigureRow
    from ..model import Metric

# (sort key, heading); 序号: the figure's place in its case, what 「第21项的一部分」 and 「复述第24项」
# refer to; the value column shows the figure as published (labels' "display")
FIG_COLUMNS = tuple(
    (key, labels.zh("display" if key == "value" else key)) for key in ("position", "label", "value", "year", "topic")
)


class FiguresTable(DataTable[str]):
    """Figures of one case in the order the app asks for (``gxeco.api.figures``); labels are cut
    with … at a clreq-legal point (``layout.clip``) and shown whole on the selected row."""

    def __init__(self, **kw: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)  # type: ignore[arg-type]
        self.figure_rows: list[FigureRow] = []
        self.label_width = 40
        self._opened_row: int | None = None

    def fill(self, rows: list[FigureRow], sort: tuple[str, bool] | None, avail: int) -> None:
        """Lay the rows out for ``avail`` columns; the sorted column's heading shows its direction."""
        keep = self.cursor_row
        self.clear(columns=True)
        wide = avail >= 70
        widths = {"position": 4, "value": 16 if wide else 12, "year": 4, "topic": 14 if wide else 6}
        for key, label in FIG_COLUMNS:
            if sort and sort[0] == key:
                label += " ▼" if sort[1] else " ▲"
            w = widths.get(key) or max(10, min(40, avail - sum(widths.values()) - 8 - 1))
            self.add_column(label, key=key, width=w)
            if key == "label":
                self.label_width = w
        self.figure_rows = rows
        self._opened_row = None
        for i, r in enumerate(rows):
            m = r.metric
            self.add_row(
                str(r.position),
                self.label_cell(m, whole=False),
                published(m),
                str(m.year or ""),
                topic_name(m.topic),
                key=str(i),
                height=None,  # one line, or the lines of the whole label on the selected row
            )
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1) if keep >= 0 else 0)

    def selected(self) -> FigureRow | None:
        rows = self.figure_rows
        return rows[max(0, min(self.cursor_row, len(rows) - 1))] if rows else None

    def label_cell(self, m: Metric, *, whole: bool) -> str:
        """A figure's label and its link note (部分/比率 …, reports.link_note) in its column:
        cut with … at a clreq-legal point (layout.clip), or whole, broken into lines by
        layout.wrap, on the selected row."""
        label = m.label + link_note(m)
        if whole:
            return "\n".join(layout.wrap(label, self.label_width))
        return layout.clip(label, self.label_width)

    def open_selected_label(self) -> None:
        """The selected row shows its whole label; the row left shows its cut one again."""
        rows = self.figure_rows
        if not rows:
            return
        i = max(0, min(self.cursor_row, len(rows) - 1))
        if i == self._opened_row:
            return
        changed = [(i, True)]
        if self._opened_row is not None and self._opened_row < len(rows):
            changed.append((self._opened_row, False))
        for k, whole in changed:
            self.update_cell(str(k), "label", self.label_cell(rows[k].metric, whole=whole))
            # Textual measures an auto-height row when it is added, not when a cell changes:
            # the row is handed back to that measurement (DataTable has no public call for it)
            self.rows[RowKey(str(k))].height = 0
            self._new_rows.add(RowKey(str(k)))
        self._require_update_dimensions = True
        self._opened_row = i
