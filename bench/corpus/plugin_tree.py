"""The plugin tree: which plugins exist, who depends on whom, and where their files go."""

from __future__ import annotations

from dataclasses import dataclass, field

# (name, parent, CamelCase prefix of its tables); the first K are used.
PLUGIN_TREE: tuple[tuple[str, str | None, str], ...] = (
    ("uber", None, ""),
    ("panels", "uber", "Panel"),
    ("guests", "panels", "Guest"),
    ("tabletop", "panels", "Tabletop"),
    ("magprime", "uber", "Magprime"),
    ("mivs", "uber", "Indie"),
    ("hotel", "uber", "Hotel"),
    ("bands", "guests", "Band"),
    ("art_show", "uber", "ArtShow"),
    ("mits", "mivs", "Mits"),
    ("marketplace", "art_show", "Marketplace"),
    ("tournaments", "tabletop", "Tournament"),
    ("shuttles", "hotel", "Shuttle"),
    ("covid", "uber", "Covid"),
    ("attractions", "uber", "Attraction"),
    ("barcode_scans", "magprime", "Scan"),
)


@dataclass
class Plugin:
    """One plugin of the tree and where its files go."""

    name: str
    parent: str | None
    prefix: str
    versions: str
    models: str
    revisions: list[str] = field(default_factory=list)
    mixin_target: str | None = None


def make_plugin(name: str, parent: str | None, prefix: str) -> Plugin:
    """The root lives at the project root, like ``uber``; the others under ``plugins/``."""
    if parent is None:
        return Plugin(name, None, prefix, "alembic/versions", f"{name}/models.py")
    base = f"plugins/{name}"
    return Plugin(name, parent, prefix, f"{base}/alembic/versions", f"{base}/{name}/models.py")


def make_plugins(count: int) -> dict[str, Plugin]:
    """The first ``count`` plugins of :data:`PLUGIN_TREE`, root first."""
    return {name: make_plugin(name, parent, prefix)
            for name, parent, prefix in PLUGIN_TREE[:count]}  # fmt: skip


def lineage(plugins: dict[str, Plugin], name: str) -> set[str]:
    """``name`` and all its ancestors."""
    seen = set()
    current: str | None = name
    while current is not None:
        seen.add(current)
        current = plugins[current].parent
    return seen


def unrelated_pair(plugins: dict[str, Plugin]) -> tuple[str, str] | None:
    """Two plugins neither of which is an ancestor of the other (the root is excluded)."""
    names = list(plugins)[1:]
    for a in names:
        for b in names:
            if a != b and b not in lineage(plugins, a) and a not in lineage(plugins, b):
                return a, b
    return None
