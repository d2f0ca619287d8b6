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


@record
class Fields:
    """Key–value lines, e.g. a case header."""

    rows: list[tuple[str, str]]


@record
class Items:
    """A numbered list of headline + text (practices, outcomes)."""

    rows: list[tuple[str, str]]


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
    columns: list[str]
    rows: list[list[Styled | str]]
    title: str | None = None
    # columns that may be folded hard on a terminal (long prose)
    wide: set[int] = field(default_factory=set)
    # columns kept whole on a terminal (names): never folded while the table fits
    keep: set[int] = field(default_factory=set)


Block = Heading | Para | Fields | Items | Bullets | Bars | Table


@record
class Report:
    """Blocks for people, data for JSON, rows for CSV."""

    blocks: list[Block]
    data: Any
    csv_columns: list[str]
    csv_rows: list[list[Any]]
    message: str | None = None  # a note to stderr (e.g. "near matches only")
