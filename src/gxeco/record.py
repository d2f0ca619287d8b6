"""``@record``: the part of ``@dataclass`` gxeco uses, without its start-up cost.

Importing dataclasses pulls in inspect, ast and dis, and each decorated class
execs five or six generated functions: together ~20 ms of a ~80 ms run. Under
mypy ``record`` *is* ``dataclasses.dataclass`` (see the TYPE_CHECKING import in
each module), so constructors and field types are checked as before; at run time
this module gives the same behaviour for what gxeco uses — positional or keyword
construction, defaults and default factories, ``==``, ``repr``, ``frozen`` with
hashing, ``__post_init__`` — and ``asdict``. tests/test_record.py holds it to dataclasses.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, TypeVar

    T = TypeVar("T")

_MISSING: Any = object()


class _Field:
    __slots__ = ("default_factory",)

    def __init__(self, default_factory: Callable[[], Any]) -> None:
        self.default_factory = default_factory


def field(*, default_factory: Callable[[], Any]) -> Any:
    return _Field(default_factory)


class FrozenInstanceError(AttributeError):
    pass


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return all(getattr(self, n) == getattr(other, n) for n in self.__record_fields__)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, n) for n in self.__record_fields__))


def _repr(self: Any) -> str:
    inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__record_fields__)
    return f"{type(self).__qualname__}({inner})"


def _own_annotations(klass: type) -> dict[str, Any]:
    # not inspect.get_annotations: importing inspect is the cost this module avoids
    anns = klass.__dict__.get("__annotations__")  # noqa: RUF063
    if anns is None and "__annotate__" in klass.__dict__:  # Python 3.14 builds them on first access
        anns = klass.__annotations__
    return dict(anns or {})


def restore(cls: type[T], values: Iterable[Any]) -> T:
    """An instance from all its field values in field order, as a store of them (the loader's cache)
    holds them: no defaults to fill, no __init__ run, so not for a class with a __post_init__."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__qualname__} has a __post_init__ that restore would skip")
    obj = object.__new__(cls)
    obj.__dict__.update(zip(cls.__record_fields__, values, strict=True))  # type: ignore[attr-defined]
    return obj


def _build(cls: type[T], frozen: bool) -> type[T]:
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        for n, ann in _own_annotations(klass).items():
            if not str(ann).startswith(("ClassVar", "typing.ClassVar")) and n not in names:
                names.append(n)
    ns: dict[str, Any] = {"_MISSING": _MISSING}
    params, body = [], []
    for n in names:
        default = getattr(cls, n, _MISSING)
        if isinstance(default, _Field):
            ns[f"_f_{n}"] = default.default_factory
            params.append(f"{n}=_MISSING")
            value = f"_f_{n}() if {n} is _MISSING else {n}"
        elif default is not _MISSING:
            ns[f"_d_{n}"] = default
            params.append(f"{n}=_d_{n}")
            value = n
        else:
            if params and "=" in params[-1]:
                raise TypeError(f"{cls.__name__}: field {n!r} without a default follows one with a default")
            params.append(n)
            value = n
        body.append(f"    _d[{n!r}] = {value}")
    # writing the instance __dict__ directly is what frozen needs, and ~3x faster than setattr
    if hasattr(cls, "__post_init__"):
        # as dataclasses do: mypy believes this class is one, so it must behave as one
        body.append("    self.__post_init__()")
    src = f"def __init__(self, {', '.join(params)}):\n    _d = self.__dict__\n" + "\n".join(body) + "\n"

    # Compiled on the first instance, not at import: compiling costs ~0.2 ms a class, and a
    # run makes instances of only some of the classes it imports.
    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        if cls.__dict__.get("__init__") is init:
            exec(src, ns)
            real = ns["__init__"]
            real.__qualname__ = f"{cls.__qualname__}.__init__"
            cls.__init__ = real  # type: ignore[method-assign]
        return ns["__init__"](self, *args, **kwargs)  # type: ignore[no-any-return]

    init.__qualname__ = f"{cls.__qualname__}.__init__"
    for n in names:  # class attributes holding field(...) markers are not defaults
        if isinstance(cls.__dict__.get(n), _Field):
            delattr(cls, n)
    cls.__record_fields__ = tuple(names)  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[method-assign]
    cls.__eq__ = _eq  # type: ignore[method-assign]
    cls.__repr__ = _repr  # type: ignore[method-assign]
    if frozen:
        cls.__hash__ = _hash  # type: ignore[method-assign]
        cls.__setattr__ = _frozen_setattr  # type: ignore[method-assign]
        cls.__delattr__ = _frozen_delattr  # type: ignore[method-assign]
    else:
        cls.__hash__ = None  # type: ignore[assignment]
    return cls


def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    if cls is None:
        return lambda c: _build(c, frozen)
    return _build(cls, frozen)


def asdict(obj: Any) -> Any:
    """Records to dicts, recursively; tuples and lists to lists (as JSON wants)."""
    if hasattr(type(obj), "__record_fields__"):
        return {n: asdict(getattr(obj, n)) for n in obj.__record_fields__}
    if isinstance(obj, (list, tuple)):
        return [asdict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: asdict(v) for k, v in obj.items()}
    return obj
