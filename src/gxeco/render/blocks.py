"""What a command shows, independent of how: a report of simple blocks.

Commands build a Report; one renderer per format turns it into output. A new
format is one new renderer; a new command is one new report builder.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from dataclasses import dataclass as record
    from dataclasses import field
    from typing import Any
else:
    from ..record import field, record

# A run of text with an optional style name: "hit" (search match), "strong", "dim".
Segment = tuple[str, str | None]
Styled = list[Segment]


def plain(s: str, style: str | None = None) -> Styled:
    return [(s, style)]


def flat(t: Styled | str) -> str:
    return t if isinstance(t, str) else "".join(s for s, _ in t)


@record
class Heading:
    text: str
    level: int = 1


@record
class Para:
    text: Styled
    label: str | None = None  # a short lead-in, e.g. a section name
    # where the text stands in search's passages: (section, item title, offset in the passage's
    # text), so that a search hit (passage, marks) can be marked in it (gxeco browse)
    at: tuple[str, str | None, int] | None = None


@record
class Fields:
    """Key–value lines, e.g. a case header."""

    rows: list[tuple[str, str]]


@record
class Items:
    """A numbered list of headline + text (practices, outcomes); under each, the source's
    run-in subheadings (bold in the source) with their text, each on a line of its own."""

    rows: list[tuple[str, str]]
    parts: list[list[tuple[str, str]]] = field(default_factory=list)  # per row, possibly none
    section: str | None = None  # each row is the passage (section, headline) of search

    def parts_of(self, i: int) -> list[tuple[str, str]]:
        return self.parts[i] if i < len(self.parts) else []


@record
class Bullets:
    rows: list[str]


@record
class Bars:
    """A count per key, drawn as horizontal bars on a terminal."""

    title: str
    counts: list[tuple[str, int]]


@record
class Table:
    """Rows of cells. On a terminal every column not in ``wide`` is short: it takes its
    natural width and never wraps; the ``wide`` columns (long prose) share the room left
    and are broken into lines by ``gxeco.layout``. When the wide columns would get less
    than a readable minimum (or, with none, the table is wider than the terminal), the
    ``drop`` columns are left out one by one, least useful first; if that is not enough,
    each row becomes a block of its own."""

    columns: list[str]
    rows: list[list[Styled | str]]
    title: str | None = None
    # long prose: shares the room left by the short columns and wraps
    wide: set[int] = field(default_factory=set)
    # names that identify a row: never dropped (short columns never wrap while the table fits)
    keep: set[int] = field(default_factory=set)
    # columns left out on a narrow terminal, least useful first (never a `keep` column)
    drop: tuple[int, ...] = ()
    # each row is one field of the records in columns 1…: piped output gives one block per
    # field, each record's value on lines of its own, instead of one long line per field
    per_field: bool = False


@record
class TileMap:
    """Named tiles on a grid, each with a count and a shade (0 … 3): a schematic map.
    A terminal draws tiles with box lines and shades them by colour, a pipe with ASCII
    (the counts read without colour), Markdown as a table of the tiles; below the
    grid's width the tiles become one line each."""

    rows: int
    cols: int
    # (row, column, name, count, shade, what the count is made of, e.g. the case ids)
    tiles: list[tuple[int, int, str, int, int, str]]


Block = Heading | Para | Fields | Items | Bullets | Bars | Table | TileMap


@record
class Report:
    """Blocks for people, data for JSON, rows for CSV."""

    blocks: list[Block]
    data: Any
    csv_columns: list[str]
    csv_rows: list[list[Any]]
    message: str | None = None  # a note to stderr (e.g. "near matches only")


def colon(label: str) -> str:
    """After a Chinese label the full-width colon (核心机制：), after a Latin one ": "."""
    return "：" if any("\u3400" <= ch <= "\u9fff" for ch in label) else ": "
