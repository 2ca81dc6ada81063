"""Generate a realistic core-plus-plugins project of Alembic revision scripts.

The project looks like ubersystem: ``uber`` at the root of a plugin tree, one
``models.py`` and one ``versions/`` branch per plugin, revision scripts that carry the
real-world boilerplate (``is_sqlite``, the utcnow block, the reflect listener, the
HOWTO comment) and a schema that evolves consistently: columns are dropped only when
they exist, tables are created before use, downgrades undo upgrades, and the models
describe the schema after the last revision.  A few hazards are planted on purpose
(deterministically for a seed) and listed in ``DIR/planted.json``:

* ML101: a column dropped and added back with another type (~1% of revisions);
* ML103: a rename written as drop+add, re-added in the downgrade as ``sa.VARCHAR()``;
* ML202: one revision in a plugin that adds a column to another, unrelated plugin's table.

Each planted hazard yields two findings, one per direction.

    python bench/generate.py DIR --revisions N [--plugins K] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

MARKER = "planted.json"  # written last; a directory holding it may be regenerated in place

# Tuned so that the median revision is ~63 lines long, as ubersystem's are.
OPS_TARGET = ((2, 82), (3, 5), (4, 3), (5, 3), (6, 2), (8, 2), (10, 1), (14, 1), (20, 1))
AUTOGEN_COMMENTS = 0.15  # share of functions wrapped in "# ### commands auto generated ..."

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

NOUNS = (
    "Badge", "Shift", "Job", "Room", "Request", "Payment", "Receipt", "Item", "Note",
    "Review", "Slot", "Track", "Category", "Vendor", "Sale", "Promo", "Report", "Watch",
    "Entry", "Token", "Ledger", "Ticket", "Lottery", "Waitlist", "Survey", "Answer",
    "Question", "Prize", "Raffle", "Stage", "Booth", "Checklist", "Task", "Message",
    "Schedule", "Setting", "Feed", "Volunteer", "Meal", "Reservation",
)  # fmt: skip

QUALS = (
    "admin", "internal", "public", "legal", "shipping", "billing", "emergency", "preferred",
    "display", "contact", "travel", "dietary", "tech", "press", "staff", "extra", "original",
    "secondary", "manual", "reminder", "signup", "arrival", "departure", "checkin", "pickup",
    "refund", "merch", "social", "medical", "approval",
)  # fmt: skip

ATTRS: dict[str, str] = {
    "notes": "unicode", "status": "integer", "name": "unicode", "code": "unicode",
    "count": "integer", "total": "integer", "flag": "boolean", "amount": "integer",
    "date": "datetime", "url": "unicode", "email": "unicode", "phone": "unicode",
    "label": "unicode", "reason": "unicode", "level": "integer", "approved": "boolean",
    "requested": "boolean", "deadline": "datetime", "sent": "datetime", "enabled": "boolean",
    "text": "unicode", "info": "unicode", "hours": "integer", "desc": "unicode",
}  # fmt: skip


@dataclass(frozen=True)
class Kind:
    """How one column type is written in models, in revisions and as reflected."""

    model: str
    sa: str
    reflected: str
    default: str | None  # the server default a NOT NULL column gets
    reflected_default: str | None


_EMPTY = "sa.text(\"''::character varying\")"
KINDS: dict[str, Kind] = {
    "unicode": Kind("Unicode", "sa.Unicode()", "sa.VARCHAR()", "", _EMPTY),
    "string": Kind("String", "sa.String()", "sa.VARCHAR()", "", _EMPTY),
    "integer": Kind("Integer", "sa.Integer()", "sa.INTEGER()", "0", "sa.text('0')"),
    "boolean": Kind("Boolean", "sa.Boolean()", "sa.BOOLEAN()", "False", "sa.text('false')"),
    "datetime": Kind(
        "DateTime(timezone=True)",
        "sa.DateTime(timezone=True)",
        "postgresql.TIMESTAMP(timezone=True)",
        None,
        None,
    ),
    "uuid": Kind("String(36)", "sa.String(length=36)", "sa.VARCHAR(length=36)", None, None),
}  # fmt: skip

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """``PanelApplication`` -> ``panel_application`` (what ``tablename = "snake_case"`` does)."""
    return _WORD_BOUNDARY.sub("_", name).lower()


# --------------------------------------------------------------------------- schema state


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


@dataclass
class Change:
    """One logical change of a revision: its upgrade and downgrade lines and op counts."""

    up: list[str]
    down: list[str]
    n_up: int
    n_down: int
    message: str


@dataclass
class Planted:
    """A hazard planted on purpose."""

    code: str
    plugin: str
    revision: str
    path: str
    table: str
    column: str
    findings: int = 2


@dataclass
class Corpus:
    """What :func:`generate` wrote."""

    root: Path
    revision_files: list[Path]
    plugins: list[str]
    line_counts: list[int]
    planted: list[Planted]
    seconds: float

    @property
    def median_lines(self) -> float:
        return statistics.median(self.line_counts)


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


# --------------------------------------------------------------------------- rendering


def col_def(col: Col, *, reflected: bool = False, kind: str | None = None) -> str:
    """``sa.Column(...)`` as autogenerate writes it (``reflected``: as read from the DB)."""
    spec = KINDS[kind or col.kind]
    parts = [repr(col.name), spec.reflected if reflected else spec.sa]
    if col.default is not None:
        text = spec.reflected_default if reflected else repr(col.default)
        parts.append(f"server_default={text}")
    if reflected:
        parts.append("autoincrement=False")
    parts.append(f"nullable={col.nullable}")
    return f"sa.Column({', '.join(parts)})"


def column_ops(table: str, items: list[tuple[str, str]], style: str, reflect: bool) -> list[str]:
    """Column operations on one table: ``plain``, ``batch`` or ``sqlite`` (both arms)."""
    plain = [f"    op.{verb}({table!r}, {args})" for verb, args in items]
    if style == "plain":
        return plain
    kwargs = ", reflect_kwargs=sqlite_reflect_kwargs" if reflect else ""
    batch = [f"    with op.batch_alter_table({table!r}{kwargs}) as batch_op:"]
    batch += [f"        batch_op.{verb}({args})" for verb, args in items]
    if style == "batch":
        return batch
    return [
        "    if is_sqlite:",
        *("    " + x for x in batch),
        "    else:",
        *("    " + x for x in plain),
    ]


def index_name(table: str, column: str) -> str:
    return f"op.f('ix_{table}_{column}')"


def create_index(table: str, column: str, unique: bool = False) -> str:
    name = index_name(table, column)
    return f"    op.create_index({name}, {table!r}, [{column!r}], unique={unique})"


def drop_index(table: str, column: str) -> str:
    return f"    op.drop_index({index_name(table, column)}, table_name={table!r})"


def create_table_lines(table: Table, *, reflected: bool, uuid: str) -> list[str]:
    """``op.create_table(...)`` for ``table`` as it is now, then its indexes."""
    auto = "autoincrement=False, " if reflected else ""
    now = (
        "sa.text(\"timezone('utc'::text, CURRENT_TIMESTAMP)\")"
        if reflected
        else "sa.text(utcnow_server_default)"
    )
    lines = [
        f"    op.create_table({table.name!r},",
        f"    sa.Column('id', {'sa.VARCHAR(length=36)' if reflected else uuid}, "
        f"{auto}nullable=False),",
        f"    sa.Column('created', sa.DateTime(timezone=True), server_default={now}, "
        f"{auto}nullable=False),",
    ]  # fmt: skip
    lines += [f"    {col_def(c, reflected=reflected)}," for c in table.cols.values()]
    for c in table.cols.values():
        if c.fk:
            fk = f"fk_{table.name}_{c.name}_{c.fk}"
            lines.append(
                f"    sa.ForeignKeyConstraint([{c.name!r}], ['{c.fk}.id'], name=op.f({fk!r}), "
                "ondelete='SET NULL'),"
            )
    for c in table.cols.values():
        if c.unique:
            uq = f"uq_{table.name}_{c.name}"
            lines.append(f"    sa.UniqueConstraint({c.name!r}, name=op.f({uq!r})),")
    lines += [f"    sa.PrimaryKeyConstraint('id', name=op.f('pk_{table.name}'))", "    )"]
    lines += [create_index(table.name, c.name) for c in table.cols.values() if c.index]
    return lines


HOWTO = [
    "# ===========================================================================",
    "# HOWTO: Handle alter statements in SQLite",
    "#",
    "# def upgrade():",
    "#     if is_sqlite:",
    "#         with op.batch_alter_table('table_name', reflect_kwargs=sqlite_reflect_kwargs)"
    " as batch_op:",
    "#             batch_op.alter_column('column_name', type_=sa.Boolean(),"
    " server_default='False')",
    "#     else:",
    "#         op.alter_column('table_name', 'column_name', type_=sa.Boolean(),"
    " server_default='False')",
    "#",
    "# ===========================================================================",
]

AUTOGEN_START = "    # ### commands auto generated by Alembic - please adjust! ###"
AUTOGEN_END = "    # ### end Alembic commands ###"


@dataclass
class RevisionText:
    """Everything needed to write one revision script."""

    revision: str
    down_revision: str | None
    branch_label: str | None
    depends_on: str | None
    date: datetime
    message: str
    upgrade: list[str]
    downgrade: list[str]
    imports: set[str]
    module_tables: list[str]
    pragma: bool
    autogen: bool


def render_revision(rev: RevisionText) -> str:
    """The whole revision script, boilerplate included."""
    lines = [
        f'"""{rev.message}',
        "",
        f"Revision ID: {rev.revision}",
        f"Revises: {rev.down_revision or ''}",
        f"Create Date: {rev.date:%Y-%m-%d %H:%M:%S.%f}",
        "",
        '"""',
        "",
        "",
        "# revision identifiers, used by Alembic.",
        f"revision = {rev.revision!r}",
        f"down_revision = {rev.down_revision!r}",
        f"branch_labels = {(rev.branch_label,)!r}" if rev.branch_label else "branch_labels = None",
        f"depends_on = {rev.depends_on!r}",
        "",
        "from alembic import op",
        "import sqlalchemy as sa",
        *sorted(rev.imports),
        "",
        "",
        "try:",
        "    is_sqlite = op.get_context().dialect.name == 'sqlite'",
        "except Exception:",
        "    is_sqlite = False",
        "",
        "if is_sqlite:",
        *(["    op.get_context().connection.execute('PRAGMA foreign_keys=ON;')"] * rev.pragma),
        "    utcnow_server_default = \"(datetime('now', 'utc'))\"",
        "else:",
        "    utcnow_server_default = \"timezone('utc', current_timestamp)\"",
        "",
        "",
        "def sqlite_column_reflect_listener(inspector, table, column_info):",
        '    """Adds parenthesis around SQLite datetime defaults for utcnow."""',
        "    if column_info['default'] == \"datetime('now', 'utc')\":",
        "        column_info['default'] = utcnow_server_default",
        "",
        "",
        "sqlite_reflect_kwargs = {",
        "    'listeners': [('column_reflect', sqlite_column_reflect_listener)]",
        "}",
        "",
        *HOWTO,
        "",
        "",
    ]
    for module_table in rev.module_tables:
        lines += [module_table, "", ""]
    lines += [*_function("upgrade", rev.upgrade, rev.autogen), "", ""]
    lines += _function("downgrade", rev.downgrade, rev.autogen)
    return "\n".join(lines) + "\n"


def _function(name: str, body: list[str], autogen: bool) -> list[str]:
    body = body or ["    pass"]
    if autogen:
        body = [AUTOGEN_START, *body, AUTOGEN_END]
    return [f"def {name}():", *body]


def slugify(message: str, limit: int = 40) -> str:
    """Alembic's file-name slug: lower-case words joined by ``_``, cut at a word boundary."""
    slug = ""
    for word in re.findall(r"\w+", message.lower()):
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}_{word}" if slug else word
    return slug[:limit]


# --------------------------------------------------------------------------- generation


class Generator:
    """Builds the revisions of every plugin on one timeline over one schema."""

    def __init__(self, revisions: int, n_plugins: int, seed: int) -> None:
        if not 1 <= n_plugins <= len(PLUGIN_TREE):
            raise ValueError(f"--plugins must be between 1 and {len(PLUGIN_TREE)}")
        if revisions < 2 * n_plugins:
            raise ValueError(f"--revisions must be at least {2 * n_plugins} for {n_plugins} "
                             "plugins")
        self.rng = random.Random(seed)
        self.n = revisions
        self.plugins = {name: self._plugin(name, parent, prefix)
                        for name, parent, prefix in PLUGIN_TREE[:n_plugins]}  # fmt: skip
        self.schema = Schema()
        self.ids: set[str] = set()
        self.date = datetime(2016, 1, 4, 9, 30, 0, 123456)
        self.planted: list[Planted] = []
        self.files: dict[str, str] = {}  # relative path -> text
        self._imports: set[str] = set()
        self._module_tables: list[str] = []
        self._uuid = "sa.String(length=36)"
        self._want = 1  # operations still wanted by the revision being composed

    @staticmethod
    def _plugin(name: str, parent: str | None, prefix: str) -> Plugin:
        if parent is None:
            return Plugin(name, None, prefix, "alembic/versions", f"{name}/models.py")
        base = f"plugins/{name}"
        return Plugin(name, parent, prefix, f"{base}/alembic/versions", f"{base}/{name}/models.py")

    # ------------------------------------------------------------------ timeline

    def schedule(self) -> list[str]:
        """Which plugin writes each revision; each plugin starts after its parent."""
        names = list(self.plugins)
        start = {names[0]: 0}
        taken = {0}
        window = max(2, self.n // 15)
        for name in names[1:]:
            first = start[self.plugins[name].parent or names[0]] + 1 + self.rng.randrange(window)
            while first in taken:
                first += 1
            start[name] = first
            taken.add(first)
        starts = {index: name for name, index in start.items()}
        weights = {name: (len(names) if name == names[0] else 0.6 + self.rng.random())
                   for name in names}  # fmt: skip
        order: list[str] = []
        active: list[str] = []
        for index in range(self.n):
            if index in starts:
                active.append(starts[index])
                order.append(starts[index])
            else:
                order.append(self.rng.choices(active, [weights[a] for a in active])[0])
        return order

    def hazards(self, order: list[str]) -> dict[int, tuple[str, str | None]]:
        """Revision index -> (rule code, plugin it must be in, or None for any)."""
        later = self._later_fast(order)
        self.rng.shuffle(later)
        plan: dict[int, tuple[str, str | None]] = {}
        pair = self._unrelated_pair()
        if pair is not None:
            last_start = max(order.index(p) for p in self.plugins)
            host = [i for i in later if order[i] == pair[0] and i > last_start]
            if host:
                plan[host[0]] = ("ML202", pair[1])
        for code, count in (("ML101", max(1, round(self.n / 100))),
                            ("ML103", max(1, round(self.n / 400)))):  # fmt: skip
            for i in [i for i in later if i not in plan][:count]:
                plan[i] = (code, None)
        return plan

    @staticmethod
    def _later_fast(order: list[str]) -> list[int]:
        seen: set[str] = set()
        later = []
        for i, name in enumerate(order):
            if name in seen:
                later.append(i)
            seen.add(name)
        return later

    def _unrelated_pair(self) -> tuple[str, str] | None:
        """Two plugins neither of which is an ancestor of the other (the root is excluded)."""
        names = list(self.plugins)[1:]
        for a in names:
            for b in names:
                if a != b and b not in self._lineage(a) and a not in self._lineage(b):
                    return a, b
        return None

    def _lineage(self, name: str) -> set[str]:
        seen = set()
        current: str | None = name
        while current is not None:
            seen.add(current)
            current = self.plugins[current].parent
        return seen

    def run(self) -> None:
        order = self.schedule()
        plan = self.hazards(order)
        for index, name in enumerate(order):
            self.revision(self.plugins[name], plan.get(index))

    # ------------------------------------------------------------------ one revision

    def new_id(self) -> str:
        while True:
            rev = f"{self.rng.getrandbits(48):012x}"
            if rev not in self.ids:
                self.ids.add(rev)
                return rev

    def revision(self, plugin: Plugin, hazard: tuple[str, str | None] | None) -> None:
        """Compose, render and store the next revision of ``plugin``."""
        rng = self.rng
        self._imports = set()
        self._module_tables = []
        residue = rng.random() < 0.25
        self._uuid = "residue.UUID()" if residue else "sa.String(length=36)"
        if residue:
            self._imports.add("import residue")
        rev_id = self.new_id()
        first = not plugin.revisions
        planted: Planted | None = None
        if first:
            changes = self.initial_changes(plugin)
        else:
            changes, planted = self.compose(plugin, hazard)
        up = [line for c in changes for line in c.up]
        down = [line for c in reversed(changes) for line in c.down]
        parent = self.plugins[plugin.parent] if plugin.parent else None
        self.date += timedelta(
            minutes=rng.randrange(30, 60 * 24 * 3), microseconds=rng.randrange(10**6)
        )
        text = RevisionText(
            revision=rev_id,
            down_revision=plugin.revisions[-1] if plugin.revisions else None,
            branch_label=plugin.name if first else None,
            depends_on=parent.revisions[-1] if first and parent else None,
            date=self.date,
            message=changes[0].message if changes else "Empty migration",
            upgrade=up,
            downgrade=down,
            imports=self._imports,
            module_tables=self._module_tables,
            pragma=rng.random() < 0.1,
            autogen=rng.random() < AUTOGEN_COMMENTS,
        )
        path = f"{plugin.versions}/{rev_id}_{slugify(text.message)}.py"
        self.files[path] = render_revision(text)
        plugin.revisions.append(rev_id)
        if planted is not None:
            planted.revision, planted.path = rev_id, path
            self.planted.append(planted)

    def compose(
        self, plugin: Plugin, hazard: tuple[str, str | None] | None
    ) -> tuple[list[Change], Planted | None]:
        """The changes of an ordinary revision (plus the planted hazard, if any)."""
        touched: set[str] = set()
        changes: list[Change] = []
        planted = None
        if hazard is not None:
            result = self.plant(plugin, hazard, touched)
            if result is not None:
                changes.append(result[0])
                planted = result[1]
        target = self.rng.choices([n for n, _ in OPS_TARGET], [w for _, w in OPS_TARGET])[0]
        attempts = 0
        while attempts < 12 and (
            sum(c.n_up for c in changes) < target or sum(c.n_down for c in changes) < 2
        ):
            attempts += 1
            self._want = target - sum(c.n_up for c in changes)
            change = self.random_change(plugin, touched)
            if change is not None:
                changes.append(change)
        return changes, planted

    def random_change(self, plugin: Plugin, touched: set[str]) -> Change | None:
        makers = (
            (self.add_columns, 34),
            (self.alter_columns, 15),
            (self.drop_columns, 11),
            (self.create_table, 6),
            (self.add_foreign_key, 7),
            (self.backfill, 4),
            (self.drop_table, 4),
            (self.mixin_column, 4 if plugin.parent else 0),
        )
        maker = self.rng.choices([m for m, _ in makers], [w for _, w in makers])[0]
        return maker(plugin, touched)

    # ------------------------------------------------------------------ choosing things

    def pick_table(
        self, plugin: Plugin, touched: set[str], ok: Callable[[Table], bool] | None = None
    ) -> Table | None:
        """A random table of ``plugin`` not yet changed by this revision (and ``ok``)."""
        tables = self.schema.owned(plugin.name)
        for table in self.rng.sample(tables, len(tables)):
            if table.name not in touched and (ok is None or ok(table)):
                touched.add(table.name)
                return table
        return None

    def new_column(self, table: Table, plugin: Plugin) -> Col:
        name = self._column_name(table)
        kind = ATTRS[name.split("_")[1]]
        if self.rng.random() < 0.55 or KINDS[kind].default is None:
            col = Col(name, kind, True, None, plugin.name)
        else:
            col = Col(name, kind, False, KINDS[kind].default, plugin.name)
        col.index = kind in ("unicode", "integer") and self.rng.random() < 0.08
        return col

    def _column_name(self, table: Table) -> str:
        for _ in range(30):
            name = f"{self.rng.choice(QUALS)}_{self.rng.choice(list(ATTRS))}"
            if name not in table.used:
                return name
        for q1 in QUALS:
            for attr in ATTRS:
                for q2 in QUALS:
                    name = f"{q1}_{attr}_{q2}"
                    if name not in table.used:
                        return name
        raise RuntimeError(f"no column name left for {table.name}")

    def new_table(self, plugin: Plugin, core: bool) -> Table:
        for size in (1, 2, 3):
            for _ in range(40):
                words = self.rng.sample(NOUNS, size if plugin.prefix else size + 1)
                cls = plugin.prefix + "".join(words)
                name = snake_case(cls)
                if name not in self.schema.used_tables:
                    return Table(name, cls, plugin.name, core)
        raise RuntimeError(f"no table name left for {plugin.name}")

    def droppable(self, plugin: Plugin, table: Table) -> list[Col]:
        cols = [c for c in table.cols.values()
                if c.declared_by == plugin.name and not c.fk and not c.protected]  # fmt: skip
        return cols if len(table.cols) > 1 else []

    def link_targets(self, plugin: Plugin, table: Table) -> list[Table]:
        linked = {c.fk for c in table.cols.values()}
        root = next(iter(self.plugins))
        candidates = self.schema.owned(plugin.name)
        if plugin.name != root:
            candidates += [t for t in self.schema.owned(root) if t.core]
        return [t for t in candidates if t.name != table.name and t.name not in linked]

    def _count(self, cap: int) -> int:
        """How many columns a change touches: mostly what the revision still wants."""
        most = max(1, min(self._want, cap))
        return most if self.rng.random() < 0.75 else self.rng.randint(1, most)

    def _style(self, weights: tuple[int, int, int] = (75, 17, 8)) -> str:
        return self.rng.choices(("plain", "batch", "sqlite"), weights)[0]

    def _reflect(self) -> bool:
        return self.rng.random() < 0.7

    # ------------------------------------------------------------------ changes

    def initial_changes(self, plugin: Plugin) -> list[Change]:
        """A plugin's first revision: its core tables (and its mixin column)."""
        if plugin.parent is None:
            changes = [self.core_table(plugin, cls, cols) for cls, cols in UBER_CORE]
            changes[0].message = "Initial migration"
            return changes
        touched: set[str] = set()
        changes = [self.create_table(plugin, touched, core=True)
                   for _ in range(self.rng.randint(1, 3))]  # fmt: skip
        plugin.mixin_target = self.rng.choice([t.name for t in self.schema.owned("uber") if t.core])
        mixin = self.mixin_column(plugin, touched)
        if mixin is not None:
            changes.append(mixin)
        changes[0].message = f"Initial {plugin.name} migration"
        return changes

    def core_table(self, plugin: Plugin, cls: str, cols: list[tuple]) -> Change:
        table = Table(snake_case(cls), cls, plugin.name, core=True)
        for name, kind, nullable, default, fk, index in cols:
            table.add(Col(name, kind, nullable, default, plugin.name, fk=fk, index=index))
            if fk:
                self.schema.tables[fk].refs_in += 1
        self.schema.add(table)
        return self._create_change(table, 1)

    def _create_change(self, table: Table, extra_ops: int) -> Change:
        up = create_table_lines(table, reflected=False, uuid=self._uuid)
        indexed = [c.name for c in table.cols.values() if c.index]
        down = [drop_index(table.name, c) for c in indexed] + [f"    op.drop_table({table.name!r})"]
        n = len(indexed) + extra_ops
        return Change(up, down, n, n, f"Add {table.cls} table")

    def create_table(
        self, plugin: Plugin, touched: set[str], core: bool = False
    ) -> Change | None:
        table = self.new_table(plugin, core)
        touched.add(table.name)
        for _ in range(self.rng.randint(2, 7)):
            col = self.new_column(table, plugin)
            col.unique = col.name.endswith("_code") and self.rng.random() < 0.5
            table.add(col)
        targets = self.link_targets(plugin, table)
        if targets and self.rng.random() < 0.5:
            ref = self.rng.choice(targets)
            table.add(
                Col(f"{ref.name}_id", "uuid", True, None, plugin.name, fk=ref.name, index=True)
            )
            ref.refs_in += 1
        self.schema.add(table)
        change = self._create_change(table, 1)
        if self.rng.random() < 0.15:
            change.up += self._bulk_insert(table)
            change.n_up += 1
        return change

    def _bulk_insert(self, table: Table) -> list[str]:
        name = next(iter(table.cols.values()))
        var = f"{table.name}_table"
        self._imports.add("from sqlalchemy.sql import table")
        self._module_tables.append(
            f"{var} = table(\n    {table.name!r},\n    sa.Column('id', sa.String(length=36)),\n"
            f"    {col_def(Col(name.name, name.kind, True, None, ''))},\n)"
        )
        value = {"unicode": "'Default'", "integer": "1", "boolean": "True"}.get(name.kind, "None")
        rows = ", ".join(
            f"{{'id': '{self.rng.getrandbits(128):032x}', {name.name!r}: {value}}}"
            for _ in range(2)
        )
        return [f"    op.bulk_insert({var}, [{rows}])"]

    def drop_table(self, plugin: Plugin, touched: set[str]) -> Change | None:
        table = self.pick_table(plugin, touched, lambda t: not t.core and t.refs_in == 0)
        if table is None:
            return None
        self.schema.remove(table)
        for c in table.cols.values():
            if c.fk and c.fk in self.schema.tables:
                self.schema.tables[c.fk].refs_in -= 1
        indexed = [c.name for c in table.cols.values() if c.index]
        self._imports.add("from sqlalchemy.dialects import postgresql")
        up = [drop_index(table.name, c) for c in indexed] + [f"    op.drop_table({table.name!r})"]
        down = create_table_lines(table, reflected=True, uuid=self._uuid)
        n = len(indexed) + 1
        return Change(up, down, n, n, f"Drop {table.name} table")

    def add_columns(self, plugin: Plugin, touched: set[str]) -> Change | None:
        table = self.pick_table(plugin, touched)
        if table is None:
            return None
        cols = [self.new_column(table, plugin) for _ in range(self._count(3))]
        for col in cols:
            table.add(col)
        return self._add_change(table, cols)

    def _add_change(self, table: Table, cols: list[Col]) -> Change:
        reflect = self._reflect()
        up = column_ops(table.name, [("add_column", col_def(c)) for c in cols],
                        self._style((80, 20, 0)), reflect)  # fmt: skip
        up += [create_index(table.name, c.name) for c in cols if c.index]
        down = [drop_index(table.name, c.name) for c in cols if c.index]
        down += column_ops(table.name, [("drop_column", repr(c.name)) for c in reversed(cols)],
                           self._style((80, 14, 6)), reflect)  # fmt: skip
        n = len(cols) + sum(c.index for c in cols)
        what = cols[0].name if len(cols) == 1 else f"{len(cols)} columns"
        return Change(up, down, n, n, f"Add {what} to {table.name}")

    def mixin_column(self, plugin: Plugin, touched: set[str]) -> Change | None:
        target = self.schema.tables.get(plugin.mixin_target or "")
        if target is None or target.name in touched:
            return None
        touched.add(target.name)
        col = self.new_column(target, plugin)
        col.protected = True
        target.add(col)
        return self._add_change(target, [col])

    def drop_columns(self, plugin: Plugin, touched: set[str]) -> Change | None:
        table = self.pick_table(plugin, touched, lambda t: bool(self.droppable(plugin, t)))
        if table is None:
            return None
        candidates = self.droppable(plugin, table)
        cols = self.rng.sample(candidates, min(len(candidates), self._count(2)))
        for col in cols:
            del table.cols[col.name]
        if any(c.kind == "datetime" for c in cols):
            self._imports.add("from sqlalchemy.dialects import postgresql")
        reflect = self._reflect()
        up = [drop_index(table.name, c.name) for c in cols if c.index]
        up += column_ops(table.name, [("drop_column", repr(c.name)) for c in cols],
                         self._style((80, 14, 6)), reflect)  # fmt: skip
        down = column_ops(table.name,
                          [("add_column", col_def(c, reflected=True)) for c in reversed(cols)],
                          "plain", reflect)  # fmt: skip
        down += [create_index(table.name, c.name) for c in cols if c.index]
        n = len(cols) + sum(c.index for c in cols)
        what = cols[0].name if len(cols) == 1 else f"{len(cols)} columns"
        return Change(up, down, n, n, f"Remove {what} from {table.name}")

    def alter_columns(self, plugin: Plugin, touched: set[str]) -> Change | None:
        def alterable(t: Table) -> list[Col]:
            return [c for c in t.cols.values()
                    if c.declared_by == plugin.name and not c.fk and not c.protected
                    and c.kind != "datetime"]  # fmt: skip

        table = self.pick_table(plugin, touched, lambda t: bool(alterable(t)))
        if table is None:
            return None
        candidates = alterable(table)
        cols = self.rng.sample(candidates, min(len(candidates), self._count(2)))
        ups, downs, messages = [], [], []
        for col in cols:
            up, down, message = self._alteration(col)
            ups.append(("alter_column", f"{col.name!r}, {up}"))
            downs.append(("alter_column", f"{col.name!r}, {down}"))
            messages.append(message)
        reflect = self._reflect()
        style = self._style((75, 10, 15))
        return Change(
            column_ops(table.name, ups, style, reflect),
            column_ops(table.name, list(reversed(downs)), style, reflect),
            len(cols),
            len(cols),
            messages[0].format(table=table.name),
        )

    def _alteration(self, col: Col) -> tuple[str, str, str]:
        """Upgrade and downgrade keyword arguments of one ``alter_column``; updates ``col``."""
        spec = KINDS[col.kind]
        options = ["nullable"]
        if col.kind in ("unicode", "string"):
            options.append("type")
        if col.kind == "integer" and col.default is not None:
            options.append("default")
        choice = self.rng.choice(options)
        existing = f"existing_type={spec.sa}"
        if choice == "type":
            new = "string" if col.kind == "unicode" else "unicode"
            keep = f"existing_nullable={col.nullable}"
            col.kind = new
            up = f"type_={KINDS[new].sa}, {existing}, {keep}"
            down = f"type_={spec.sa}, existing_type={KINDS[new].sa}, {keep}"
            return up, down, f"Change {{table}}.{col.name} to {KINDS[new].model}"
        if choice == "default":
            old, new = col.default, str(self.rng.randint(1, 100))
            col.default = new
            keep = f"existing_nullable={col.nullable}"
            return (
                f"{existing}, server_default={new!r}, {keep}",
                f"{existing}, server_default={old!r}, {keep}",
                f"Change the default of {{table}}.{col.name}",
            )
        if col.nullable:
            old_default = col.default
            col.nullable, col.default = False, col.default or spec.default
            up = f"{existing}, nullable=False, server_default={col.default!r}"
            down = f"{existing}, nullable=True, server_default={old_default!r}"
            return up, down, f"Make {{table}}.{col.name} required"
        col.nullable = True
        keep = f"existing_server_default={col.default!r}"
        return (
            f"{existing}, nullable=True, {keep}",
            f"{existing}, nullable=False, {keep}",
            f"Make {{table}}.{col.name} optional",
        )

    def add_foreign_key(self, plugin: Plugin, touched: set[str]) -> Change | None:
        table = self.pick_table(plugin, touched, lambda t: bool(self.link_targets(plugin, t)))
        if table is None:
            return None
        ref = self.rng.choice(self.link_targets(plugin, table))
        col = Col(f"{ref.name}_id", "uuid", True, None, plugin.name, fk=ref.name, index=True)
        table.add(col)
        ref.refs_in += 1
        fk = f"op.f('fk_{table.name}_{col.name}_{ref.name}')"
        reflect = self._reflect()
        add = column_ops(table.name, [("add_column", col_def(col))], "plain", reflect)
        up = [
            *add,
            create_index(table.name, col.name),
            f"    op.create_foreign_key({fk}, {table.name!r}, {ref.name!r}, [{col.name!r}], "
            "['id'], ondelete='SET NULL')",
        ]
        down = [
            f"    op.drop_constraint({fk}, {table.name!r}, type_='foreignkey')",
            drop_index(table.name, col.name),
            *column_ops(table.name, [("drop_column", repr(col.name))], self._style(), reflect),
        ]
        return Change(up, down, 3, 3, f"Link {table.name} to {ref.name}")

    def backfill(self, plugin: Plugin, touched: set[str]) -> Change | None:
        table = self.pick_table(plugin, touched)
        if table is None:
            return None
        col = self.new_column(table, plugin)
        while KINDS[col.kind].default is None:
            col = self.new_column(table, plugin)
        col.nullable, col.default, col.index = True, None, False
        table.add(col)
        var = f"{table.name}_table"
        self._imports.add("from sqlalchemy.sql import table")
        self._module_tables.append(
            f"{var} = table(\n    {table.name!r},\n    sa.Column('id', sa.String(length=36)),\n"
            f"    sa.Column({col.name!r}, {KINDS[col.kind].sa}),\n)"
        )
        value = repr({"unicode": "", "integer": 0, "boolean": False}[col.kind])
        source = [c for c in table.cols.values() if c.kind == col.kind and c is not col]
        if source and self.rng.random() < 0.4:
            values = f"{{{col.name!r}: {var}.c.{source[0].name}}}"
        else:
            values = f"{col.name}={value}"
        default = KINDS[col.kind].default
        up = [
            f"    op.add_column({table.name!r}, {col_def(col)})",
            f"    op.execute({var}.update().where({var}.c.{col.name} == None).values({values}))"
            "  # noqa: E711",
            f"    op.alter_column({table.name!r}, {col.name!r}, "
            f"existing_type={KINDS[col.kind].sa}, "
            f"nullable=False, server_default={default!r})",
        ]
        col.nullable, col.default = False, default
        down = column_ops(table.name, [("drop_column", repr(col.name))], self._style(), True)
        return Change(up, down, 3, 1, f"Backfill {table.name}.{col.name}")

    # ------------------------------------------------------------------ hazards

    def plant(
        self, plugin: Plugin, hazard: tuple[str, str | None], touched: set[str]
    ) -> tuple[Change, Planted] | None:
        code, other = hazard
        if code == "ML202" and other is not None:
            return self.plant_wrong_plugin(plugin, self.plugins[other], touched)
        pick = self.pick_table(plugin, touched, lambda t: bool(self._renameable(plugin, t)))
        if pick is None:
            return None
        col = self.rng.choice(self._renameable(plugin, pick))
        if code == "ML101":
            return self.plant_readd(plugin, pick, col)
        return self.plant_rename(plugin, pick, col)

    def _renameable(self, plugin: Plugin, table: Table) -> list[Col]:
        return [c for c in self.droppable(plugin, table) if c.kind == "unicode" and not c.index]

    def plant_readd(self, plugin: Plugin, table: Table, col: Col) -> tuple[Change, Planted]:
        """ML101: drop a Unicode column and add it back as an Integer (and back again)."""
        old = Col(col.name, col.kind, col.nullable, col.default, plugin.name)
        col.kind, col.nullable, col.default = "integer", True, None
        batch = column_ops(table.name, [("drop_column", repr(col.name))], "batch", False)
        up = [*batch, f"    op.add_column({table.name!r}, {col_def(col)})"]
        down = [*batch, f"    op.add_column({table.name!r}, {col_def(old)})"]
        change = Change(up, down, 2, 2, f"Change {col.name} to an integer")
        return change, Planted("ML101", plugin.name, "", "", table.name, col.name)

    def plant_rename(self, plugin: Plugin, table: Table, col: Col) -> tuple[Change, Planted]:
        """ML103: a rename written as add+drop, the old column re-added as ``sa.VARCHAR()``."""
        new_name = col.name + ("_text" if col.name.endswith("s") else "s")
        if new_name in table.used:
            new_name = col.name + "_value"
        new = Col(new_name, "unicode", True, None, plugin.name)
        del table.cols[col.name]
        table.add(new)
        up = [
            f"    op.add_column({table.name!r}, {col_def(new)})",
            f"    op.drop_column({table.name!r}, {col.name!r})",
        ]
        down = [
            f"    op.add_column({table.name!r}, {col_def(col, reflected=True)})",
            f"    op.drop_column({table.name!r}, {new.name!r})",
        ]
        change = Change(up, down, 2, 2, f"Rename {table.name}.{col.name} to {new.name}")
        return change, Planted("ML103", plugin.name, "", "", table.name, col.name)

    def plant_wrong_plugin(
        self, plugin: Plugin, owner: Plugin, touched: set[str]
    ) -> tuple[Change, Planted] | None:
        """ML202: add a column (declared in ``owner``'s models) to one of ``owner``'s tables."""
        tables = [t for t in self.schema.owned(owner.name) if t.core and t.name not in touched]
        if not tables:
            return None
        table = self.rng.choice(tables)
        touched.add(table.name)
        col = self.new_column(table, owner)
        col.protected, col.index = True, False
        table.add(col)
        up = [f"    op.add_column({table.name!r}, {col_def(col)})"]
        down = column_ops(table.name, [("drop_column", repr(col.name))], "batch", True)
        change = Change(up, down, 1, 1, f"Add {col.name} to {table.name}")
        return change, Planted("ML202", plugin.name, "", "", table.name, col.name)

    # ------------------------------------------------------------------ project files

    def project_files(self) -> dict[str, str]:
        """pyproject.toml, models and package files for the final schema."""
        files = {"pyproject.toml": self.pyproject()}
        for plugin in self.plugins.values():
            files[plugin.models] = self.models(plugin)
            files[str(Path(plugin.models).parent / "__init__.py")] = ""
        return files

    def pyproject(self) -> str:
        root = next(iter(self.plugins))
        lines = [
            "[project]",
            'name = "bench-uber"',
            'version = "0.0.0"',
            "",
            "[tool.migration_lint]",
            f'default_plugin = "{root}"',
            'script_location = "alembic"',
            'tablename = "snake_case"',
        ]
        for plugin in self.plugins.values():
            lines += ["", f"[tool.migration_lint.plugins.{plugin.name}]",
                      f'versions = "{plugin.versions}"',
                      f'models = ["{plugin.models}"]']  # fmt: skip
            if plugin.parent:
                lines.append(f'depends_on = "{plugin.parent}"')
        return "\n".join(lines) + "\n"

    def models(self, plugin: Plugin) -> str:
        lines = [UBER_MODELS_HEADER] if plugin.parent is None else [
            f'"""Models of the {plugin.name} plugin."""',
            "",
            "from sqlalchemy import (",
            "    Boolean, Column, DateTime, ForeignKey, Integer, String, Unicode,",
            ")",
            "from sqlalchemy.orm import backref, relationship",
            "",
            "from uber.models import MagModel, Session",
        ]  # fmt: skip
        mixins: dict[str, list[Col]] = {}
        for table in self.schema.tables.values():
            if table.owner == plugin.name:
                continue
            cols = [c for c in table.cols.values() if c.declared_by == plugin.name]
            if cols:
                mixins[table.cls] = cols
        for cls, cols in mixins.items():
            lines += ["", "", "@Session.model_mixin", f"class {cls}:"]
            lines += [self.model_column(c) for c in cols]
        for table in self.schema.owned(plugin.name):
            lines += ["", "", f"class {table.cls}(MagModel):"]
            for col in table.cols.values():
                if col.declared_by != plugin.name:
                    continue
                lines.append(self.model_column(col))
                if col.fk:
                    lines.append(self.model_relationship(table, col))
        return "\n".join(lines) + "\n"

    @staticmethod
    def model_column(col: Col) -> str:
        spec = KINDS[col.kind]
        args = [spec.model]
        if col.fk:
            args.append(f"ForeignKey('{col.fk}.id', ondelete='SET NULL')")
        args.append(f"nullable={col.nullable}")
        if col.default is not None:
            python = {"unicode": "''", "string": "''", "boolean": "False"}.get(
                col.kind, col.default
            )
            args += [f"default={python}", f"server_default={col.default!r}"]
        if col.index:
            args.append("index=True")
        if col.unique:
            args.append("unique=True")
        return f"    {col.name} = Column({', '.join(args)})"

    def model_relationship(self, table: Table, col: Col) -> str:
        assert col.fk is not None
        ref = self.schema.tables[col.fk]
        name = f"{table.name}s"
        backref = repr(name) if len(name) % 2 else f"backref({name!r}, lazy='dynamic')"
        return (
            f"    {col.fk} = relationship({ref.cls!r}, backref={backref}, "
            f"foreign_keys={col.name})"
        )


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

UBER_MODELS_HEADER = '''"""Core models, in the style of ubersystem's ``uber/models``.

Table names are derived from class names (``EventLocation`` -> ``event_location``).
"""

import re
from datetime import UTC, datetime
from uuid import uuid4

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Unicode,
    func,
)
from sqlalchemy.orm import DeclarativeBase, MapperProperty, backref, declared_attr, relationship


def camel_to_snake(name):
    return re.sub(r'(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])', '_', name).lower()


def utcnow():
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData()


class MagModel(Base):
    __abstract__ = True

    @declared_attr.directive
    def __tablename__(cls) -> str:
        return camel_to_snake(cls.__name__)

    id = Column(String(36), primary_key=True, default=lambda: str(uuid4()))
    created = Column(DateTime(timezone=True), nullable=False, default=utcnow,
                     server_default=func.now())


def model_mixin(model):
    """Copy the columns and relationships of ``model`` onto the mapped class of that name."""
    target = next(m.class_ for m in Base.registry.mappers if m.class_.__name__ == model.__name__)
    for name, value in list(vars(model).items()):
        if isinstance(value, (Column, MapperProperty)):
            setattr(target, name, value)
    return target


class Session:
    model_mixin = staticmethod(model_mixin)'''


# --------------------------------------------------------------------------- writing


def default_plugins(revisions: int) -> int:
    """6 plugins (the seed's tree) for small corpora, 12 for large ones."""
    return 6 if revisions <= 1000 else 12


def prepare_dir(root: Path) -> None:
    """Create ``root``; refuse a non-empty directory that is not an earlier corpus."""
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).is_file():
            raise SystemExit(f"error: {root} is not empty and holds no {MARKER}; refusing")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)


def write_files(root: Path, files: dict[str, str]) -> list[Path]:
    made: set[Path] = set()
    written = []
    for rel, text in files.items():
        path = root / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def generate(root: Path, revisions: int, plugins: int | None = None, seed: int = 0) -> Corpus:
    """Write a project of ``revisions`` revision scripts into ``root``."""
    started = time.perf_counter()
    generator = Generator(revisions, plugins or default_plugins(revisions), seed)
    generator.run()
    prepare_dir(root)
    revision_files = write_files(root, generator.files)
    write_files(root, generator.project_files())
    planted = generator.planted
    (root / MARKER).write_text(
        json.dumps([vars(p) for p in planted], indent=2) + "\n", encoding="utf-8"
    )
    lines = [text.count("\n") for text in generator.files.values()]
    return Corpus(
        root, revision_files, list(generator.plugins), lines, planted,
        time.perf_counter() - started,
    )  # fmt: skip


SHOWN = 10  # planted hazards listed on the terminal


def summarize(corpus: Corpus) -> Iterable[str]:
    yield (
        f"wrote {len(corpus.revision_files)} revision files for {len(corpus.plugins)} plugins "
        f"({', '.join(corpus.plugins)}) into {corpus.root} in {corpus.seconds:.2f} s"
    )
    yield f"median lines per revision file: {corpus.median_lines:g}"
    yield f"planted hazards ({sum(p.findings for p in corpus.planted)} expected findings):"
    for p in corpus.planted[:SHOWN]:
        yield f"  {p.code} {p.plugin:<12} {p.table}.{p.column}  {p.path}"
    if len(corpus.planted) > SHOWN:
        yield f"  ... and {len(corpus.planted) - SHOWN} more in {corpus.root / MARKER}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="where to write the project")
    parser.add_argument("--revisions", type=int, required=True, help="number of revision files")
    parser.add_argument("--plugins", type=int, default=None,
                        help="number of plugins (default: 6 up to 1000 revisions, else 12)")
    parser.add_argument("--seed", type=int, default=0)  # fmt: skip
    args = parser.parse_args(argv)
    try:
        corpus = generate(args.dir, args.revisions, args.plugins, args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    for line in summarize(corpus):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
