"""Where the cases are: Guangxi's 14 cities as tiles on a grid, and the cases counted per city.

A schematic, not a map: each city is one tile, placed at its approximate position
(columns by longitude, rows by latitude of the city seat, rounded into a 4 x 5 grid),
so it needs no boundary data and draws no administrative line. Region-wide cases
(全区) belong to no tile and are counted beside the grid.

The counting is ``query.stats``'s (one rule for which city a case belongs to), so a
map never disagrees with ``gxeco stats --by city``.
"""

from __future__ import annotations

from . import vocab

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Sequence
    from dataclasses import dataclass as record

    from .model import Case
else:
    from .record import record

# (row, column) of each city's tile; row 0 is north, column 0 west. The seats, rounded:
# columns at about 106.6-107.4, 108.1-108.6, 109.1-109.6, 110.2-110.3 and 111.3-111.6 E;
# rows at 24.3-25.3, 23.5-23.9, 22.4-23.1 and 21.5-22.0 N. 防城港 and 钦州 share a
# column by longitude; 防城港, the westernmost, takes the empty column beside it.
GRID: dict[str, tuple[int, int]] = {
    "河池市": (0, 1),
    "柳州市": (0, 2),
    "桂林市": (0, 3),
    "贺州市": (0, 4),
    "百色市": (1, 0),
    "来宾市": (1, 2),
    "梧州市": (1, 4),
    "崇左市": (2, 0),
    "南宁市": (2, 1),
    "贵港市": (2, 2),
    "玉林市": (2, 3),
    "防城港市": (3, 0),
    "钦州市": (3, 1),
    "北海市": (3, 2),
}
ROWS = 1 + max(r for r, _ in GRID.values())
COLS = 1 + max(c for _, c in GRID.values())
LEVELS = 4  # shades: 0 (no case), then three steps up to the largest count


def short_name(city: str) -> str:
    """The name on a tile: 桂林 for 桂林市 (the city vocabulary's short name)."""
    names = vocab.CITY.names.get(city)
    return names[0] if names else city


@record(frozen=True)
class Tile:
    city: str
    short: str
    row: int
    col: int
    count: int
    level: int  # 0 … LEVELS-1: how dark the tile is drawn
    cases: tuple[Case, ...]


@record(frozen=True)
class CityMap:
    tiles: tuple[Tile, ...]  # in vocab.CITIES order (administrative code)
    region_wide: tuple[Case, ...]  # 全区 (or another scope than a city): on no tile
    total: int
    top: int  # the largest count on a tile (the darkest shade)


def level(count: int, top: int) -> int:
    """The shade of a count: 0 for none; otherwise 1 … LEVELS-1 in equal steps up to top."""
    if count <= 0 or top <= 0:
        return 0
    return max(1, -(-count * (LEVELS - 1) // top))  # ceiling: the smallest non-zero count is never blank


def city_map(cases: Sequence[Case]) -> CityMap:
    """The tiles and counts of these cases (already filtered by the caller)."""
    from .query import stats

    counts = stats(cases)["by_city"]
    by_city: dict[str, list[Case]] = {c: [] for c in counts}
    for c in cases:
        by_city.setdefault(c.city or c.scope or vocab.REGION_WIDE, []).append(c)
    top = max((counts[c] for c in GRID), default=0)
    tiles = tuple(
        Tile(city, short_name(city), *GRID[city], counts[city], level(counts[city], top), tuple(by_city[city]))
        for city in vocab.CITIES
    )
    beside = tuple(c for key, group in by_city.items() if key not in GRID for c in group)
    return CityMap(tiles, beside, len(cases), top)
