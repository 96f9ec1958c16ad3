"""The package's layers, bottom to top, as the import-direction test and ``scripts/import_graph.py`` read them.

A module may import from its own layer or any layer below it, never from one above; no module imports another
module's private (underscore) name. The stages are one layer each, in pipeline order, so a stage never
imports a later stage. The modules of a subpackage are named with a dot (``review.apply``).
"""

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("text", ("_version", "errors", "spans", "context", "rules_schema", "pattern_cache", "rules", "fileio", "dates")),
    ("model", ("schema",)),
    ("load", ("load",)),
    ("normalize", ("normalize",)),
    ("header", ("header",)),
    ("sections", ("sections",)),
    ("agencies", ("agencies",)),
    ("citations", ("citations",)),
    ("deadlines", ("deadlines",)),
    ("tasks", ("tasks",)),
    ("graph", ("graph",)),
    ("pipeline", ("pipeline",)),
    ("tools", ("evaluate", "snippets", "review", "review.format", "review.apply", "review.carry", "review.gold",
               "export", "view", "batch", "spacy_component", "server", "cli", "layers", "__init__", "__main__")),
]


def layer_of(module: str) -> int:
    """The index in ``LAYERS`` of ``module`` (a name inside the package, e.g. ``"tasks"``). Raises ``KeyError``
    for a module no layer lists."""
    for i, (_name, mods) in enumerate(LAYERS):
        if module in mods:
            return i
    raise KeyError(module)
