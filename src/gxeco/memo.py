"""What is built once over a whole list of cases (a name index, a joined text), kept per list.

`gxeco browse` asks about its pool of cases on every keystroke and about single
cases in between (the highlights of the case shown): a cache of the last list only
would rebuild the pool's index after every move through the list. A single case is
never remembered (building for it costs less), so it cannot push a pool out.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, Generic, TypeVar

    T = TypeVar("T")
else:  # typing costs ~10 ms to import; mypy sees the generic class, the run a plain one

    class Generic:
        def __class_getitem__(cls, item: object) -> type:
            return cls

    T = None


class PerList(Generic[T]):
    def __init__(self, build: Callable[[Sequence[Any]], T], *, size: int = 4) -> None:
        self.build = build
        self.size = size
        # (ids, the cases, value); the cases are held so that their ids stay theirs
        self.entries: list[tuple[tuple[int, ...], list[Any], T]] = []

    def __call__(self, cases: Sequence[Any]) -> T:
        if len(cases) < 2:  # a single case: built afresh, never pushes a list out
            return self.build(cases)
        key = tuple(map(id, cases))
        for i, entry in enumerate(self.entries):
            if entry[0] == key:
                if i:
                    self.entries.insert(0, self.entries.pop(i))
                return entry[2]
        value = self.build(cases)
        self.entries.insert(0, (key, list(cases), value))
        del self.entries[self.size :]
        return value
