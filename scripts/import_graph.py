"""Print the package's import graph, layer by layer, from the code itself (docs/ARCHITECTURE.md shows its output).

    python scripts/import_graph.py            # Markdown list: each module and what it imports inside the package
    python scripts/import_graph.py --check    # exit 1 on an import that points up a layer or takes a private name
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "src" / "notice_parser"
sys.path.insert(0, str(PKG.parent))

from notice_parser.layers import LAYERS, layer_of  # noqa: E402


def modules() -> dict[str, Path]:
    """Every module of the package by its name inside it: ``tasks``, and ``review`` (a package's
    ``__init__.py``) and ``review.apply`` for the modules of a subpackage."""
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        parts = path.relative_to(PKG).with_suffix("").parts
        if len(parts) > 1 and parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported from the package, names taken, line) for every relative import in ``path``."""
    here = list(path.relative_to(PKG).parent.parts)  # the package the file is in, inside notice_parser
    known = modules()
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and 1 <= node.level <= len(here) + 1:
            base = here[:len(here) - node.level + 1]
            if node.module:
                out.append((_module(base + node.module.split("."), known), [a.name for a in node.names], node.lineno))
            else:
                out += [(_module(base + [a.name], known), [], node.lineno) for a in node.names]
    return out


def _module(parts: list[str], known: dict[str, Path]) -> str:
    """The longest module name ``parts`` starts with (``review.apply`` for ``review.apply.x``)."""
    for n in range(len(parts), 1, -1):
        if ".".join(parts[:n]) in known:
            return ".".join(parts[:n])
    return parts[0]


def _shown(path: Path) -> str:
    return path.relative_to(PKG).as_posix()


def problems() -> list[str]:
    found = []
    for me, path in modules().items():
        for target, names, line in imports(path):
            if target == me:
                continue
            if layer_of(target) > layer_of(me):
                found.append(f"{_shown(path)}:{line}: {me} ({LAYERS[layer_of(me)][0]}) imports {target} "
                             f"({LAYERS[layer_of(target)][0]}), a layer above it")
            for n in names:
                if n.startswith("_") and n != "__version__":
                    found.append(f"{_shown(path)}:{line}: {me} takes the private name {target}.{n}")
    return found


def graph() -> str:
    known = modules()
    lines = []
    for name, mods in LAYERS:
        lines.append(f"- **{name}**")
        for m in mods:
            path = known.get(m)
            if path is None:
                continue
            deps = sorted({t for t, _n, _l in imports(path) if t != m})
            lines.append(f"  - `{m}` → {', '.join(f'`{d}`' for d in deps) if deps else '(nothing in the package)'}")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--check" in sys.argv:
        bad = problems()
        print("\n".join(bad) or "ok: every import points down a layer; no private names cross modules")
        sys.exit(1 if bad else 0)
    print(graph())
