"""The shape of the package, read from the source with ``ast`` (nothing is imported).

Three rules from DESIGN.md ("Layout and direction of data") and STYLE.md:

- a private name (``_x``) stays inside its module: no module imports another's;
- the modules import each other without circles, counting imports inside functions;
- lower layers never import higher ones.

``python tests/test_architecture.py [ROOT]`` prints the counts for a checkout at ROOT.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent

#: Where each source folder is installed: importers/ ships as graphlib_kam.importers.
SOURCES = {"graphlib_kam": "graphlib_kam", "importers": "graphlib_kam.importers"}


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Map each module name of the package to its source file.

    Parameters
    ----------
    root : Path
        The checkout holding ``graphlib_kam/`` and ``importers/``.

    Returns
    -------
    dict of str to Path
        ``{"graphlib_kam.algorithms.paths": Path(...), ...}``; a package's
        ``__init__.py`` is named after the package.
    """
    modules = {}
    for folder, package in SOURCES.items():
        for path in sorted((root / folder).rglob("*.py")):
            parts = list(path.relative_to(root / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join([package, *parts])] = path
    return modules


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name a ``from ... import`` statement reads from."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(root: Path = ROOT) -> list[tuple[str, str, str | None, int]]:
    """Every import of one package module by another, at any depth in the file.

    Parameters
    ----------
    root : Path
        The checkout to read.

    Returns
    -------
    list of (importer, imported, name, line)
        ``imported`` is the module the statement depends on: ``import a.b.c`` depends
        on ``a.b.c``; ``from pkg import name`` on ``pkg.name`` when that is a module,
        else on ``pkg``. ``name`` is the imported name (None for ``import x``).
        Imports of modules outside the package are left out.
    """
    modules = module_files(root)
    found = []
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        found.append((module, alias.name, None, node.lineno))
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(node, module, is_package)
                for alias in node.names:
                    submodule = f"{source}.{alias.name}"
                    if submodule in modules:
                        found.append((module, submodule, None, node.lineno))
                    elif source in modules:
                        found.append((module, source, alias.name, node.lineno))
    return found


def is_private(name: str) -> bool:
    """True for ``_x``; dunder names such as ``__version__`` are public."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(root: Path = ROOT) -> list[str]:
    """Each place a module imports, or reads off an imported module, another's ``_x``.

    A private *module* imported by its own package (``from graphlib_kam.importers
    import _rows``) is fine; a private name inside it (``_rows._clean``) is not.
    """
    modules = module_files(root)
    found = [
        f"{importer}:{line} imports {imported}.{name}"
        for importer, imported, name, line in imports(root)
        if name is not None and is_private(name) and importer != imported
    ]
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in modules:
                        aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname and alias.name in modules:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and aliases[node.value.id] != module
                and is_private(node.attr)
            ):
                found.append(
                    f"{module}:{node.lineno} reads {aliases[node.value.id]}.{node.attr}"
                )
    return sorted(found)


def import_graph(root: Path = ROOT) -> nx.DiGraph:
    """The module graph: an edge from each module to each module it imports."""
    graph = nx.DiGraph()
    graph.add_nodes_from(module_files(root))
    graph.add_edges_from(
        (importer, imported)
        for importer, imported, _name, _line in imports(root)
        if importer != imported
    )
    return graph


def import_cycles(root: Path = ROOT) -> list[list[str]]:
    """Every simple circle of imports among the package's modules."""
    return sorted(sorted(cycle) for cycle in nx.simple_cycles(import_graph(root)))


def front_door_imports(root: Path = ROOT) -> list[str]:
    """Each module inside the package that imports the package itself (``graphlib_kam``).

    The package's ``__init__`` re-exports the public surface for users; a module inside
    that imports it (``from graphlib_kam import __version__``) closes a circle through it.
    """
    return sorted(
        f"{importer}:{line} imports graphlib_kam" + (f".{name}" if name else "")
        for importer, imported, name, line in imports(root)
        if imported == "graphlib_kam" and importer != "graphlib_kam"
    )


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


#: For each layer, the layers it must not import.
FORBIDDEN = {
    "model": {
        "algorithms", "store", "cli", "explorer", "present", "workflows", "importers",
        "text",
    },
    "algorithms": {"store", "cli", "explorer", "present", "workflows", "importers"},
    "importers": {"store", "cli", "explorer", "present", "workflows"},
    # Writing a format is presenting: the Kumu writers live in present/, not beside the
    # reader, so an export never loads the importers.
    "present": {"cli", "explorer", "importers"},
}


def layer_violations(root: Path = ROOT) -> list[str]:
    """Each import that points up the layers of DESIGN.md."""
    found = []
    for importer, imported, _name, line in imports(root):
        if _layer(imported) in FORBIDDEN.get(_layer(importer), ()):
            found.append(f"{importer}:{line} imports {imported}")
    return sorted(found)


def streamlit_users(root: Path = ROOT) -> list[str]:
    """Each module other than the explorer script that imports streamlit."""
    found = []
    for module, path in module_files(root).items():
        if module == "graphlib_kam.explorer.app":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            if any(name.split(".")[0] == "streamlit" for name in names):
                found.append(f"{module}:{node.lineno}")
    return found


def test_the_reader_finds_the_package():
    modules = module_files()
    assert "graphlib_kam.algorithms.context" in modules
    assert "graphlib_kam.importers.kumu" in modules
    edges = import_graph().edges
    assert ("graphlib_kam.algorithms.analysis", "graphlib_kam.algorithms.context") in edges


def test_no_module_imports_another_modules_private_name():
    assert private_imports() == []


def test_no_import_cycles():
    assert import_cycles() == []


def test_no_module_imports_the_package_front_door():
    assert front_door_imports() == []


def test_lower_layers_never_import_higher_ones():
    assert layer_violations() == []


def test_only_the_explorer_script_imports_streamlit():
    assert streamlit_users() == []


if __name__ == "__main__":
    checkout = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    for title, items in [
        ("private imports", private_imports(checkout)),
        ("import cycles", import_cycles(checkout)),
        ("imports of the package itself", front_door_imports(checkout)),
        ("layer violations", layer_violations(checkout)),
        ("streamlit outside the explorer script", streamlit_users(checkout)),
    ]:
        print(f"{title}: {len(items)}")
        for item in items:
            print(f"  {item}")
