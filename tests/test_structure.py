"""The house: no import circle among gxeco's modules (type-only imports included), core, data and logic
importing only what is below them, no hand-written module over 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src" / "gxeco"
GENERATED = {"_grammar.py", "_help.py", "_tables.py", "_words.py"}  # written by scripts/regen_*.py, never by hand
MAX_LINES = 600


def _name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Module -> the gxeco modules it imports.

    Counted: every import statement, at module level, inside a function (a lazy import is an
    import all the same: the circle is there on the first call) or under ``if TYPE_CHECKING:``
    (an annotation that names a module above is a dependency on it all the same). Not counted:
    the parent package Python imports before any submodule (``from . import numerals`` depends on
    ``gxeco.numerals``, not on what ``gxeco/__init__.py`` holds; ``from . import __version__``
    would depend on the package file itself)."""
    paths = {_name(p, src): p for p in src.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for mod, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
        deps: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                deps |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
                target = ".".join(p for p in (base, node.module) if p)
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    deps.add(sub if sub in paths else target)
        graph[mod] = {d for d in deps if d in paths and d != mod}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_lazy_circle(tmp_path: Path) -> None:
    pkg = tmp_path / "gxeco"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from . import b\n")
    (pkg / "b.py").write_text("def f():\n    from .sub import c\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text(
        "from ..a import x\nTYPE_CHECKING = False\nif TYPE_CHECKING:\n    from .. import d\n"
    )
    (pkg / "d.py").write_text("from .sub import c\n")
    graph = import_graph(pkg)
    assert graph["gxeco.sub.c"] == {"gxeco.a", "gxeco.d"}  # the TYPE_CHECKING import counts too
    assert cycles(graph) == [["gxeco.a", "gxeco.b", "gxeco.d", "gxeco.sub.c"]]


def test_gxeco_has_no_import_circle() -> None:
    graph = import_graph()
    assert {"gxeco.loader", "gxeco.schema", "gxeco.api", "gxeco.browse.app"} <= set(graph)
    assert "gxeco.tomlio" in graph["gxeco.schema"] and "gxeco.schema" in graph["gxeco.loader"]
    assert cycles(graph) == []


def test_no_hand_written_module_is_over_600_lines() -> None:
    sizes = {
        str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines())
        for p in SRC.rglob("*.py")
        if p.name not in GENERATED
    }
    assert len(sizes) > 30
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


# Who may import whom (docs/architecture.md): each layer imports its own and the layers below.
# The layers above logic (reports, output, api, the faces) are held by their own tests.
LAYERS: dict[str, tuple[str, ...]] = {
    "base": ("i18n", "_messages_zh", "errors", "record", "_version"),
    "core": ("model", "units", "vocab", "labels", "numerals", "text", "safe", "memo", "_tables", "_sounds", "_words"),
    "data": ("tomlio", "spec", "schema", "figure_rules", "characters", "provenance", "cache", "loader"),
    "logic": (
        "resolve",
        "resolved",
        "match",
        "query",
        "search",
        "question",
        "passages",
        "similar",
        "citymap",
        "cite",
        "totals",
        "typeahead",
    ),
}
BELOW = {"base": {"base"}, "core": {"base", "core"}, "data": {"base", "core", "data"}}
BELOW["logic"] = BELOW["data"] | {"logic"}
# imports across the table that the code still makes, each with its reason
KNOWN: set[tuple[str, str]] = set()


def upward(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The imports of core, data and logic modules that reach a layer not below theirs."""
    layer_of = {f"gxeco.{m}": layer for layer, mods in LAYERS.items() for m in mods}
    return {
        (mod, dep)
        for mod, layer in layer_of.items()
        if mod in graph
        for dep in graph[mod]
        if layer_of.get(dep, "above") not in BELOW[layer]
    }


def test_core_data_and_logic_import_only_what_is_below_them() -> None:
    graph = import_graph()
    assert {f"gxeco.{m}" for mods in LAYERS.values() for m in mods} <= set(graph)  # renamed here too
    assert upward(graph) == KNOWN  # an exception that is gone leaves the list


def test_the_layer_test_sees_an_upward_import_for_types_only(tmp_path: Path) -> None:
    pkg = tmp_path / "gxeco"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "vocab.py").write_text("TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from .model import Case\n")
    (pkg / "model.py").write_text("def f():\n    from .query import rows\n")
    (pkg / "query.py").write_text("from .model import Case\n")
    assert upward(import_graph(pkg)) == {("gxeco.model", "gxeco.query")}


def test_browse_find_and_case_text_need_no_screen() -> None:
    """browse/find.py and browse/casetext.py are imported alone by the benchmark and the tests:
    no Textual, no Textual style variables, no files written."""
    for name in ("find.py", "casetext.py"):
        source = (SRC / "browse" / name).read_text(encoding="utf-8")
        tree = ast.parse(source)
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {m for m in imported if m.split(".")[0] == "textual"}, name
        strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        assert not [s for s in strings if "$text" in s or "$panel" in s], name
        calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
        assert not calls & {"open", "write", "write_text", "write_bytes"}, name
    assert (SRC / "browse" / "app.tcss").is_file()


def test_search_writes_nothing_into_the_records_it_reads() -> None:
    """Derived data lives with its owner: search reads Passage's cached properties, never
    storing its own values in a passage's (or a case's) __dict__ or through setattr."""
    tree = ast.parse((SRC / "search.py").read_text(encoding="utf-8"))
    dict_uses = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "__dict__"]
    setattrs = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setattr"]
    assert dict_uses == [] and setattrs == []
