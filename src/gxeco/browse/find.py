"""The case list's rows: a name cut or padded to its column, a city shortened. No Textual here:
the benchmark and the tests import this module alone (Textual costs ~200 ms to import). What a
query finds comes from the library (``gxeco.api.matches``)."""

from __future__ import annotations

from .. import vocab
from ..layout import width_of
from ..model import Case

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ..api import Matches

# Cases filtered on the UI thread, before and after the warm-up (api.warm) has built the search's
# caches; more go to a worker thread, which a newer keystroke cancels. Once warm, a keystroke over
# 1 500 cases takes a frame or two there: less than the thread adds (the hand-off, and the list
# drawn a frame after the box), and the list changes in the frame the box does.
SYNC_LIMIT = 200
WARM_SYNC_LIMIT = 2000


LIST_LIMIT = 100  # rows drawn in the list (the count shows how many matched; typing narrows it)


def short_city(c: Case) -> str:
    name = c.city or c.scope or vocab.REGION_WIDE
    return name[:-1] if name.endswith("市") and len(name) > 2 else name


def topic_name(topic: str) -> str:
    return vocab.TOPIC.names[topic][0] if topic in vocab.TOPIC.names else topic


def fit(text: str, width: int) -> str:
    """Pad or cut a name to ``width`` columns (a list row, not prose: cutting shows with …)."""
    w = width_of(text)
    if w <= width:
        return text + " " * (width - w)
    out, used = "", 0
    for ch in text:
        cw = width_of(ch)
        if used + cw > width - 1:
            break
        out += ch
        used += cw
    return out + "…" + " " * (width - 1 - used)


class Answers(dict[tuple[str, bool], "Matches"]):
    """The list's answers along the query typed, by (query, near): again at once for a query
    typed before on the way to this one (a backspace), else from the library, which reads
    only what the previous answer found when this query narrows it."""

    def __init__(self) -> None:
        super().__init__()
        self.last: Matches | None = None  # the latest answer: the next query may only narrow it

    def known(self, text: str, pool: Sequence[Case], *, near: bool = False) -> Matches | None:
        """The answer kept for this query over these cases, if any."""
        known = self.get((text, near))
        return known if known is not None and known.pool == tuple(map(id, pool)) else None

    def find(
        self, text: str, pool: Sequence[Case], cancelled: Callable[[], bool] | None = None, *, near: bool = True
    ) -> Matches:
        """The answer for the list: LIST_LIMIT rows, so only those get a snippet."""
        from .. import api

        known = self.known(text, pool, near=near)
        if known is not None:
            self.last = known
            return known
        found = api.matches(text, case=pool, near=near, top=LIST_LIMIT, cancelled=cancelled, after=self.last)
        if cancelled is None or not cancelled():
            # the answers of the beginnings of this query, the way a backspace goes back
            for key in [k for k in self if not text.startswith(k[0])]:
                del self[key]
            self[text, near] = self.last = found
        return found
