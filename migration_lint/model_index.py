"""Resolve a project's models into tables: inheritance, mixins, backrefs and ownership.

Works only on :mod:`migration_lint.facts` produced by the models reader, so the app is
never imported.  Resolution rules:

* A class gets the columns of its bases (found anywhere in the project, by the last
  component of the base name), transitively; cycles stop.  Columns of a base that is
  itself mapped with a literal ``__tablename__`` (or SQLModel ``table=True``) stay in that
  base's table (joined-table inheritance); an unmapped subclass of such a class adds its
  columns to the base's table (single-table inheritance).  Relationships are inherited
  from every base.
* A class is mapped when it has a literal ``__tablename__``, is a SQLModel table
  (``classname`` lowercased), or, under the ``"snake_case"`` rule, is not abstract, not a
  mixin, not a base of another class, and has at least one column.
* A mixin (``mixin_target`` set) adds its columns and relationships to the class it
  targets, owned by the mixin's plugin.  Other columns belong to the plugin of the
  mapped class, inherited ones included.
* ``backref="x"`` on a relationship to class B adds relationship ``x`` to B's table.
* When several declarations map one table, the first (in ``files`` order) owns it;
  columns merge, and the first declaration of a column keeps its owner and type.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from migration_lint.facts import (
    ModelClass,
    ModelRelationship,
    ModelsFile,
    ModelTable,
    TableModel,
)

SNAKE_CASE = "snake_case"
TABLENAME_RULES: tuple[str, ...] = (SNAKE_CASE,)

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """``PanelApplication`` -> ``panel_application``; ``MITSTeam`` -> ``mits_team``."""
    return _WORD_BOUNDARY.sub("_", name).lower()


def build_model_index(
    files: dict[str, list[ModelsFile]], tablename_rule: str | None = None
) -> dict[str, TableModel]:
    """Map table name -> :class:`TableModel` for every table the models describe."""
    if tablename_rule is not None and tablename_rule not in TABLENAME_RULES:
        raise ValueError(f"unknown tablename rule {tablename_rule!r}; known: {TABLENAME_RULES}")
    project = _Project(files)
    index = _Index()
    for plugin, models_files in files.items():
        for models_file in models_files:
            for cls in models_file.classes:
                entry = _Entry(plugin, cls)
                name = None if cls.mixin_target else _own_table_name(project, entry, tablename_rule)
                if name is not None:
                    index.add_class(project, entry, name)
            for table in models_file.tables:
                index.add_table(table, plugin)
    for entry in project.classes:
        parent = _single_table_parent(project, entry, tablename_rule)
        if parent is not None:
            index.add_class(project, entry, parent)
    index.apply_backrefs()
    return index.tables


@dataclass(frozen=True, slots=True)
class _Entry:
    """A class and the plugin that declares it."""

    plugin: str
    cls: ModelClass


def _base_key(base: str) -> str:
    """``db.Model`` -> ``Model``; ``Generic[T]`` -> ``Generic``."""
    return base.split("[", 1)[0].rsplit(".", 1)[-1].strip()


def _explicit_table(cls: ModelClass) -> str | None:
    """Table name written in the class itself (literal or SQLModel ``table=True``)."""
    if cls.abstract:
        return None
    if cls.tablename is not None:
        return cls.tablename
    return cls.name.lower() if cls.sqlmodel_table else None


class _Project:
    """Every class of the project, indexed for base and mixin look-ups."""

    def __init__(self, files: dict[str, list[ModelsFile]]) -> None:
        self.classes: list[_Entry] = []
        self.by_name: dict[str, list[_Entry]] = {}
        self.mixins: dict[str, list[_Entry]] = {}
        self.used_as_base: set[str] = set()
        for plugin, models_files in files.items():
            for models_file in models_files:
                for cls in models_file.classes:
                    self._add(_Entry(plugin, cls))

    def _add(self, entry: _Entry) -> None:
        cls = entry.cls
        self.used_as_base.update(_base_key(b) for b in cls.bases if _base_key(b) != cls.name)
        if cls.mixin_target is not None:
            self.mixins.setdefault(cls.mixin_target, []).append(entry)
            return
        self.classes.append(entry)
        self.by_name.setdefault(cls.name, []).append(entry)

    def base_of(self, entry: _Entry, base: str) -> _Entry | None:
        """The class ``base`` names: same plugin first, else the first declared."""
        candidates = [c for c in self.by_name.get(_base_key(base), ()) if c.cls is not entry.cls]
        same_plugin = [c for c in candidates if c.plugin == entry.plugin]
        return (same_plugin or candidates or [None])[0]

    def bases(self, entry: _Entry) -> Iterator[_Entry]:
        for base in entry.cls.bases:
            found = self.base_of(entry, base)
            if found is not None:
                yield found

    def lineage(self, entry: _Entry, through_tables: bool) -> list[tuple[_Entry, str | None]]:
        """The class, its mixins and its bases (depth first), each with a mixin owner.

        The owner is the plugin of the mixin a class was reached through, or None when
        the attribute belongs to the mapped class's plugin.  Without ``through_tables``
        the walk stops at bases that have a table of their own.
        """
        found: list[tuple[_Entry, str | None]] = []
        seen: set[int] = set()
        pending: list[tuple[_Entry, str | None]] = [(entry, None)]
        while pending:
            current, owner = pending.pop()
            if id(current.cls) in seen:
                continue
            seen.add(id(current.cls))
            found.append((current, owner))
            following = [(m, m.plugin) for m in self.mixins.get(current.cls.name, ())]
            following += [
                (base, owner)
                for base in self.bases(current)
                if through_tables or _explicit_table(base.cls) is None
            ]
            pending.extend(reversed(following))
        return found


def _own_table_name(project: _Project, entry: _Entry, rule: str | None) -> str | None:
    """The table this class maps by itself, if any."""
    cls = entry.cls
    if cls.abstract or _explicit_table(cls) is not None:
        return _explicit_table(cls)
    if rule != SNAKE_CASE or cls.name in project.used_as_base:
        return None
    if _mapped_ancestor(project, entry) is not None:
        return None
    lineage = project.lineage(entry, through_tables=False)
    return snake_case(cls.name) if any(e.cls.columns for e, _ in lineage) else None


def _mapped_ancestor(project: _Project, entry: _Entry) -> str | None:
    """Table of the nearest base with an explicit table (single-table inheritance)."""
    for ancestor, _ in project.lineage(entry, through_tables=True)[1:]:
        if ancestor.cls.mixin_target is None and _explicit_table(ancestor.cls) is not None:
            return _explicit_table(ancestor.cls)
    return None


def _single_table_parent(project: _Project, entry: _Entry, rule: str | None) -> str | None:
    """The table an unmapped subclass of a mapped class adds its columns to."""
    if entry.cls.abstract or _own_table_name(project, entry, rule) is not None:
        return None
    return _mapped_ancestor(project, entry)


class _Index:
    """Tables under construction, plus what backrefs need afterwards."""

    def __init__(self) -> None:
        self.tables: dict[str, TableModel] = {}
        self.class_tables: dict[str, list[str]] = {}
        self.backrefs: list[tuple[ModelRelationship, str]] = []

    def table(self, name: str, plugin: str, class_name: str | None) -> TableModel:
        model = self.tables.get(name)
        if model is None:
            model = self.tables[name] = TableModel(name, plugin, class_name)
        elif model.class_name is None:
            model.class_name = class_name
        return model

    def add_table(self, table: ModelTable, plugin: str) -> None:
        """A ``Table(...)`` declaration: every column belongs to the declaring plugin."""
        model = self.table(table.name, plugin, None)
        for column in table.columns:
            model.columns.setdefault(column.name, plugin)
            model.column_types.setdefault(column.name, column.type)

    def add_class(self, project: _Project, entry: _Entry, table_name: str) -> None:
        """Add a class's own, mixed-in and inherited attributes to ``table_name``."""
        model = self.table(table_name, entry.plugin, entry.cls.name)
        names = self.class_tables.setdefault(entry.cls.name, [])
        if table_name not in names:
            names.append(table_name)
        for source, owner in project.lineage(entry, through_tables=False):
            plugin = owner or entry.plugin
            for column in source.cls.columns:
                model.columns.setdefault(column.name, plugin)
                model.column_types.setdefault(column.name, column.type)
            self.backrefs.extend((rel, plugin) for rel in source.cls.relationships if rel.backref)
        for source, owner in project.lineage(entry, through_tables=True):
            for relationship in source.cls.relationships:
                model.relationships.setdefault(relationship.attribute, owner or entry.plugin)

    def apply_backrefs(self) -> None:
        """``backref="x"`` creates attribute ``x`` on the target class's table."""
        for relationship, plugin in self.backrefs:
            if relationship.target is None or relationship.backref is None:
                continue
            for table_name in self.class_tables.get(relationship.target, ()):
                self.tables[table_name].relationships.setdefault(relationship.backref, plugin)
