"""The case list's rows: a name cut or padded to its column, a city shortened. No Textual here:
the benchmark and the tests import this module alone (Textual costs ~200 ms to import). What a
query finds comes from the library (``gxeco.api.matches``)."""

from __future__ import annotations

from .. import vocab
from ..layout import width_of
from ..model import Case

SYNC_LIMIT = 200  # cases filtered on the UI thread; more go to a worker thread


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
