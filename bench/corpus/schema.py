"""The schema as it stands after the revisions written so far.

Every change maker reads and updates this state, which is what keeps the corpus
consistent: columns are dropped only when they exist and names are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Col:
    """A column as it is now."""

    name: str
    kind: str
    nullable: bool
    default: str | None
    declared_by: str  # the plugin whose models declare it
    fk: str | None = None  # referenced table
    index: bool = False
    unique: bool = False
    protected: bool = False  # never dropped or altered (mixin and planted columns)


@dataclass
class Table:
    """A live table and every column name it ever had."""

    name: str
    cls: str
    owner: str
    core: bool  # created by the plugin's first revision; never dropped
    cols: dict[str, Col] = field(default_factory=dict)
    used: set[str] = field(default_factory=lambda: {"id", "created"})
    refs_in: int = 0

    def add(self, col: Col) -> None:
        self.cols[col.name] = col
        self.used.add(col.name)


class Schema:
    """Live tables and the names ever used (names are never reused)."""

    def __init__(self) -> None:
        self.tables: dict[str, Table] = {}
        self.used_tables: set[str] = set()
        self._by_owner: dict[str, dict[str, Table]] = {}

    def add(self, table: Table) -> None:
        self.tables[table.name] = table
        self.used_tables.add(table.name)
        self._by_owner.setdefault(table.owner, {})[table.name] = table

    def remove(self, table: Table) -> None:
        del self.tables[table.name]
        del self._by_owner[table.owner][table.name]

    def owned(self, plugin: str) -> list[Table]:
        return list(self._by_owner.get(plugin, {}).values())


# The root plugin's first revision creates these, so later plugins have tables to link to.
UBER_CORE: list[tuple[str, list[tuple]]] = [
    # class, [(column, kind, nullable, server default, fk, index)]
    ("Group", [("name", "unicode", False, "", None, False),
               ("cost", "integer", False, "0", None, False)]),
    ("Department", [("name", "unicode", False, "", None, False),
                    ("description", "unicode", False, "", None, False)]),
    ("EventLocation", [("name", "unicode", False, "", None, False),
                       ("room", "unicode", False, "", None, False)]),
    ("Attendee", [("first_name", "unicode", False, "", None, False),
                  ("last_name", "unicode", False, "", None, True),
                  ("badge_num", "integer", True, None, None, False),
                  ("email", "unicode", True, None, None, False),
                  ("group_id", "uuid", True, None, "group", True)]),
    ("Event", [("name", "unicode", False, "", None, False),
               ("event_location_id", "uuid", True, None, "event_location", False),
               ("tracks", "unicode", True, None, None, False)]),
]  # fmt: skip
