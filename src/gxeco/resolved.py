"""What a case reference resolved to, and the one form that needs no matcher: a plain id.

``show 10`` and ``compare 7 8`` are most of what is typed; an id in ASCII digits naming one
case is answered here, without importing resolve.py's matcher and its tables, which such a
run has no other use for. Everything else, and an id that names no
case or several, goes to resolve.lookup, which words the refusal.
"""

from __future__ import annotations

from .i18n import _
from .model import Case, Dataset, ident

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from dataclasses import dataclass as record
else:
    from .record import record


@record(frozen=True)
class Resolved:
    """A case for what was typed; ``via`` is the name a fuzzy match took (None: an exact form,
    taken silently). A fuzzy match is never taken without saying so: ``notice``."""

    case: Case
    typed: str
    via: str | None = None
    multi: bool = False  # several batches loaded: the notice writes the id as BATCH:ID (model.ident)

    @property
    def notice(self) -> str | None:
        """One line for stderr: 园博圆 → 6 南宁园博园生态修复 (closest name: 园博园)."""
        if self.via is None:
            return None
        from .text import quoted

        fill = {"typed": quoted(self.typed, ""), "id": ident(self.case, self.multi), "title": self.case.short_title}
        if self.via == self.case.short_title:
            return _("{typed} → {id} {title} (closest name)").format(**fill)
        return _("{typed} → {id} {title} (closest name: {name})").format(name=self.via, **fill)

    def matched_as(self) -> dict[str, str] | None:
        """The JSON form of the notice: what was typed and the name taken for it."""
        return None if self.via is None else {"typed": self.typed.strip(), "name": self.via, "match": "closest name"}


def by_id(ds: Dataset, ref: str) -> Resolved | None:
    """The one case a plain id (ASCII digits, as resolve.lookup reads them: its normal form is
    itself) names, as lookup would resolve it; None for anything else, for lookup to answer."""
    if not (0 < len(ref) <= 9 and ref.isascii() and ref.isdecimal()):
        return None
    num = int(ref)
    hits = [c for c in ds.cases if c.id == num]
    return Resolved(hits[0], ref, multi=ds.multi) if len(hits) == 1 else None
