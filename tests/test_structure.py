"""The house: no import circle among gxeco's modules, no hand-written module over 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

SRC = ROOT / "src" / "gxeco"
GENERATED = {"_grammar.py", "_tables.py", "_words.py"}  # written by scripts/regen_*.py, never by hand
MAX_LINES = 600


def _name(path: Path, src: Path) -> str:
    parts = list(path.relative_to(src.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Module -> the gxeco modules it imports.

    Counted: every import statement that can run, at module level or inside a function (a lazy
    import is an import all the same: the circle is there on the first call). Not counted:
    imports under ``if TYPE_CHECKING:`` (they never run; annotations only), and the parent
    package Python imports before any submodule (``from . import numerals`` depends on
    ``gxeco.numerals``, not on what ``gxeco/__init__.py`` holds; ``from . import __version__``
    would depend on the package file itself)."""
    paths = {_name(p, src): p for p in src.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for mod, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = {id(n) for block in ast.walk(tree) if _type_checking_only(block) for n in ast.walk(block)}
        package = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
        deps: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
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
    assert graph["gxeco.sub.c"] == {"gxeco.a"}  # the TYPE_CHECKING import is not counted
    assert cycles(graph) == [["gxeco.a", "gxeco.b", "gxeco.sub.c"]]


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
