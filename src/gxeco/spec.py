"""A table's keys against its spec: ``Key`` (kind, required, vocabulary, check), the full check
that words each problem (``table_problems``), and the same check compiled into a short cut that
can only say "nothing wrong" (``Plan``), which a valid file takes for nearly every table. The
specs themselves, and what is built from the tables, are in schema.py."""

from __future__ import annotations

from .i18n import N_, _
from .text import quoted

TYPE_CHECKING = False  # typing costs ~10 ms to import; annotations only need it under mypy
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    Check = Callable[[Any], str | None]  # a problem, or None

TEXT, INT, NUMBER, TEXTS, TABLES, PINYIN, BOOL = (
    "text",
    "whole number",
    "number",
    "list of text",
    "tables",
    "pinyin",
    "true/false",
)


class Key:
    """One key of a table: its kind, whether it is required, and what it may hold."""

    __slots__ = ("check", "kind", "nonempty", "required", "vocab")

    def __init__(
        self,
        kind: str,
        required: bool = False,
        *,
        vocab: Iterable[str] | None = None,
        check: Check | None = None,
        nonempty: bool | None = None,
    ) -> None:
        # required text and lists must hold something unless said otherwise
        self.kind, self.required, self.check = kind, required, check
        self.nonempty = required if nonempty is None else nonempty
        self.vocab = tuple(vocab) if vocab is not None else None


class Plan:
    """A spec compiled for the table that has no problem, which is nearly every table a loader
    reads: one pass over the keys the table holds, each checked by its kind inline. ``passes``
    answers True only where ``table_problems`` would find nothing; anything else (a problem, or
    a value of a type it does not decide) is left to ``table_problems``, which names it."""

    __slots__ = ("blank", "keys", "required", "spec")

    def __init__(self, spec: dict[str, Key]) -> None:
        self.spec = spec
        self.blank: dict[str, Any] = dict.fromkeys(spec)
        self.required = frozenset(k for k, key in spec.items() if key.required)
        # key -> (kind, must hold something, allowed values, check)
        self.keys = {
            k: (key.kind, key.nonempty, frozenset(key.vocab) if key.vocab is not None else None, key.check)
            for k, key in spec.items()
        }

    def passes(self, d: dict[str, Any]) -> bool:
        if not d.keys() >= self.required:
            return False
        keys = self.keys
        for k, v in d.items():
            got = keys.get(k)
            if got is None:
                return False
            kind, nonempty, allowed, check = got
            t = type(v)
            if kind is TEXT:
                # not v.strip(), without copying a long text
                if t is not str or (nonempty and (not v or v.isspace())) or (allowed is not None and v not in allowed):
                    return False
            elif kind is INT:
                if t is not int:
                    return False
            elif kind is NUMBER:
                if t is not float and t is not int:
                    return False
            elif kind is BOOL:
                if t is not bool:
                    return False
            elif kind is TEXTS:
                if t is not list or (nonempty and not v):
                    return False
                for x in v:
                    if type(x) is not str:
                        return False
                if allowed is not None and not allowed.issuperset(v):
                    return False
            elif kind is TABLES:
                if t is not list or (nonempty and not v):
                    return False
                for x in v:
                    if type(x) is not dict:
                        return False
            elif kind is PINYIN:
                if t is not dict:
                    return False
                for x in v.values():
                    if type(x) is not list or len(x) != 2 or type(x[0]) is not str or type(x[1]) is not str:
                        return False
            else:
                return False
            if check is not None and check(v) is not None:
                return False
        return True


_plans: dict[int, Plan] = {}  # by the spec's id; the plan holds its spec, so an id is never reused


def plan_for(spec: dict[str, Key]) -> Plan:
    plan = _plans.get(id(spec))
    if plan is None or plan.spec is not spec:
        plan = _plans[id(spec)] = Plan(spec)
    return plan


def table_problems(d: dict[str, Any], spec: dict[str, Key]) -> Iterable[tuple[str, str | None]]:
    """(key, problem) for each key of d that the spec lacks, then (key, problem or None) for each key of the spec."""
    for k in d:
        if k not in spec:
            near = [s for s in spec if s[:3] == k[:3]]
            hint = _("; did you mean {name}?").format(name=quoted(near[0])) if near else ""
            yield k, _("unknown field") + hint
    for k, key in spec.items():
        if k not in d:
            yield k, _("missing required field") if key.required else None
            continue
        v = d[k]
        problem = _check_kind(v, key)
        if problem is None and key.check is not None:
            problem = key.check(v)
        yield k, problem


_KIND_NAMES = {
    str: N_("text"),
    bool: N_("true/false"),
    int: N_("a whole number"),
    float: N_("a number"),
    list: N_("a list"),
}


def kind_name(v: Any) -> str:
    return _("a table") if isinstance(v, dict) else _(_KIND_NAMES.get(type(v), type(v).__name__))


def _check_kind(v: Any, key: Key) -> str | None:
    k = key.kind
    if k == TEXT:
        if type(v) is not str:  # TOML gives str itself, never a subclass
            return _("must be text, not {kind}").format(kind=kind_name(v))
        if key.nonempty and not v.strip():
            return _("must not be empty")
        if key.vocab is not None and v not in key.vocab:
            allowed = _(", ").join(key.vocab)
            return _("unknown value {value}; allowed: {allowed}").format(value=quoted(v), allowed=allowed)
        return None
    elif k == BOOL:
        return None if isinstance(v, bool) else _("must be true or false, not {kind}").format(kind=kind_name(v))
    elif k == INT:
        return (
            None
            if isinstance(v, int) and not isinstance(v, bool)
            else _("must be a whole number, not {kind}").format(kind=kind_name(v))
        )
    elif k == NUMBER:
        ok = isinstance(v, (int, float)) and not isinstance(v, bool)
        return None if ok else _("must be a number, not {kind}").format(kind=kind_name(v))
    elif k == TEXTS:
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            return _("must be a list of text")
        if key.nonempty and not v:
            return _("must not be empty")
        values = v
    elif k == TABLES:
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            return _("must be an array of tables")
        return _("must not be empty") if key.nonempty and not v else None
    else:  # PINYIN
        if not isinstance(v, dict) or not all(
            isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x) for x in v.values()
        ):
            return _("must be a table of name = [full, initials]")
        return None
    if key.vocab is not None:
        for x in values:
            if x not in key.vocab:
                return _("unknown value {value}; allowed: {allowed}").format(
                    value=quoted(x), allowed=_(", ").join(key.vocab)
                )
    return None
