"""gxeco.record behaves as dataclasses does for everything gxeco uses."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from gxeco import record as rec
from gxeco.model import Case, Item, Metric


def _pair(frozen: bool) -> tuple[type, type]:
    def body() -> dict[str, object]:
        return {"__annotations__": {"a": "int", "b": "str", "c": "list[int]"}, "b": "x"}

    real_ns = body() | {"c": dataclasses.field(default_factory=list)}
    ours_ns = body() | {"c": rec.field(default_factory=list)}
    real = dataclasses.dataclass(frozen=frozen)(type("R", (), real_ns))
    ours = rec.record(frozen=frozen)(type("R", (), ours_ns))
    return real, ours


@pytest.mark.parametrize("frozen", [True, False])
def test_construction_equality_repr_as_dataclasses(frozen: bool) -> None:
    real, ours = _pair(frozen)
    for args, kw in [((1,), {}), ((1, "y"), {}), ((), {"a": 2, "c": [3]}), ((4,), {"b": "z"})]:
        r, o = real(*args, **kw), ours(*args, **kw)
        assert (o.a, o.b, o.c) == (r.a, r.b, r.c)
        assert repr(o) == repr(r)
        assert o == ours(*args, **kw) and o != ours(99)
        assert o != r  # a different class is never equal, as with dataclasses
    assert ours(1).c is not ours(1).c  # a fresh default each time
    for bad in [((), {}), ((1, "b", [], 4), {}), ((1,), {"d": 1})]:
        with pytest.raises(TypeError):
            real(*bad[0], **bad[1])
        with pytest.raises(TypeError):
            ours(*bad[0], **bad[1])


def test_frozen_hashes_and_refuses_assignment() -> None:
    real, ours = _pair(True)
    o = ours(1, "b", [])
    with pytest.raises(AttributeError):
        o.a = 2
    with pytest.raises(AttributeError):
        del o.a
    x, y = ours(1, "b", ()), ours(1, "b", ())
    assert hash(x) == hash(y) == hash(real(1, "b", ()))
    assert len({x, y}) == 1


def test_mutable_is_unhashable_like_dataclasses() -> None:
    real, ours = _pair(False)
    o = ours(1)
    o.a = 5
    assert o.a == 5
    with pytest.raises(TypeError):
        hash(o)
    with pytest.raises(TypeError):
        hash(real(1))


def test_field_order_rule() -> None:
    with pytest.raises(TypeError):
        rec.record(type("Bad", (), {"__annotations__": {"a": "int", "b": "int"}, "a": 1}))


def test_asdict_of_the_model(ds) -> None:
    c: Case = ds.cases[9]
    d = rec.asdict(c)
    assert d["id"] == 10 and d["practices"][0] == {
        "title": c.practices[0].title,
        "text": c.practices[0].text,
        "parts": [],
    }
    assert d["metrics"][0]["quote"] == c.metrics[0].quote
    json.dumps(d, ensure_ascii=False)  # plain data only
    d0 = rec.asdict(c.practices[0])
    assert Item(d0["title"], d0["text"], tuple(d0["parts"])) == c.practices[0]
    m: Metric = c.metrics[0]
    assert Metric(**rec.asdict(m)) == m and hash(Metric(**rec.asdict(m))) == hash(m)


def test_post_init_runs_like_dataclasses() -> None:
    """mypy believes a @record is a dataclass: __post_init__ must run (it did not)."""
    seen: list[object] = []

    def make(deco: Any) -> Any:
        class P:
            __annotations__ = {"a": "int", "b": "int"}
            b = 2

            def __post_init__(self) -> None:
                seen.append((self.a, self.b))
                if self.a < 0:
                    raise ValueError("negative")

        return deco(P)

    for deco in (rec.record, dataclasses.dataclass):
        seen.clear()
        P = make(deco)
        P(1)
        P(a=3, b=4)
        assert seen == [(1, 2), (3, 4)]
        with pytest.raises(ValueError):
            P(-1)


def test_a_class_compiles_its_init_on_its_first_instance_and_once(monkeypatch) -> None:
    compiled: list[str] = []
    monkeypatch.setattr(rec, "exec", lambda src, ns: compiled.append(src) or exec(src, ns), raising=False)
    _real, ours = _pair(True)
    assert compiled == []  # not when the class is made
    made = [ours(i, "b", ()) for i in range(3)]
    assert len(compiled) == 1 and [m.a for m in made] == [0, 1, 2] and made[2] == ours(2, "b", ())


def test_restore_builds_what_init_builds(ds) -> None:
    m: Metric = ds.cases[9].metrics[0]
    values = [getattr(m, n) for n in Metric.__record_fields__]  # type: ignore[attr-defined]
    again = rec.restore(Metric, values)
    assert again == m and hash(again) == hash(m) and repr(again) == repr(m)
    with pytest.raises(ValueError):
        rec.restore(Metric, values[:-1])
