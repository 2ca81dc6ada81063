"""ML401 downgrade-not-inverse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import UPGRADE, Operation, RevisionScript
from ..sql_analysis import SqlEffect, analyze_sql
from .base import Example, Rule

_CONSTRAINT_TYPES = {
    "create_unique_constraint": ("unique", "unique"),
    "create_primary_key": ("primary key", "primary"),
    "create_foreign_key": ("foreign key", "foreignkey"),
    "create_check_constraint": ("check", "check"),
    "create_exclude_constraint": ("exclude", None),
}
_SQL_CONSTRAINT_DROPS = frozenset({"CONSTRAINT", "FOREIGN KEY", "CHECK", "INDEX", "KEY"})


@dataclass(frozen=True, slots=True)
class _Undo:
    """One thing a later operation or SQL statement undoes; ``*_any``: the name is dynamic."""

    what: str  # drop_table, drop_column, drop_index, drop_constraint, rename_table,
    # rename_column, retype, renull
    table: str | None = None
    name: str | None = None
    new_name: str | None = None
    table_any: bool = False
    name_any: bool = False
    new_any: bool = False


def _undos_of_operation(op: Operation) -> list[_Undo]:
    dyn = op.dynamic
    table = {"table": op.table, "table_any": "table" in dyn}
    if op.kind == "drop_table":
        return [_Undo("drop_table", **table)]
    if op.kind == "drop_column":
        return [_Undo("drop_column", name=op.column, name_any="column" in dyn, **table)]
    if op.kind in ("drop_index", "drop_constraint"):
        return [_Undo(op.kind, name=op.name, name_any="name" in dyn, **table)]
    if op.kind == "rename_table":
        return [_Undo("rename_table", new_name=op.new_name, new_any="new_name" in dyn, **table)]
    if op.kind != "alter_column":
        return []
    column = {"name": op.column, "name_any": "column" in dyn, **table}
    undos = []
    if op.new_name is not None or "new_name" in dyn:
        undos.append(
            _Undo("rename_column", new_name=op.new_name, new_any="new_name" in dyn, **column)
        )
    if op.type is not None:
        undos.append(_Undo("retype", **column))
    if op.nullable is not None:
        undos.append(_Undo("renull", **column))
    return undos


def _undos_of_sql(effect: SqlEffect) -> list[_Undo]:
    if effect.action == "drop":
        if effect.name is None and effect.target != "PRIMARY KEY":
            return []
        if effect.target in ("TABLE", "VIEW", "MATERIALIZED VIEW"):
            return [_Undo("drop_table", table=effect.name)]
        if effect.target == "COLUMN":
            return [_Undo("drop_column", table=effect.table, name=effect.name)]
        if effect.target == "PRIMARY KEY":
            return [_Undo("drop_constraint", table=effect.table, name_any=True)]
        if effect.target in _SQL_CONSTRAINT_DROPS:
            # MySQL drops unique constraints as indexes, and indexes by ALTER TABLE
            return [
                _Undo("drop_index", table=effect.table, name=effect.name),
                _Undo("drop_constraint", table=effect.table, name=effect.name),
            ]
        return []
    if effect.action in ("retype", "renull"):
        return [_Undo(effect.action, table=effect.table, name=effect.name)]
    if effect.action == "rename_column":
        return [
            _Undo("rename_column", table=effect.table, name=effect.name, new_name=effect.new_name)
        ]
    if effect.action == "rename_table":
        return [_Undo("rename_table", table=effect.table, new_name=effect.new_name)]
    return []


def _undos(operations: Iterable[Operation]) -> list[_Undo] | None:
    """What ``operations`` undo; None when one of them may undo anything (opaque SQL)."""
    undos: list[_Undo] = []
    for op in operations:
        if op.kind == "execute":
            if op.sql is None:
                if op.table is None:  # op.execute(<something computed>): not known
                    return None
                continue  # a data change through a table object: undoes no schema
            analysis = analyze_sql(op.sql)
            if analysis.opaque:
                return None
            undos.extend(u for effect in analysis.effects for u in _undos_of_sql(effect))
        else:
            undos.extend(_undos_of_operation(op))
    return undos


class _Names:
    """Tables and columns that ``upgrade()`` renames answer to either name."""

    def __init__(self, upgrade: Sequence[Operation]):
        self.tables: dict[str, set[str]] = {}
        self.columns: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for op in upgrade:
            if op.kind == "rename_table" and op.table and op.new_name:
                self._join(self.tables, op.table.lower(), op.new_name.lower())
        for op in upgrade:
            if op.kind == "alter_column" and op.table and op.column and op.new_name:
                for table in self.table(op.table):
                    self._join(
                        self.columns, (table, op.column.lower()), (table, op.new_name.lower())
                    )

    @staticmethod
    def _join(groups: dict, first: object, second: object) -> None:
        group = groups.get(first, {first}) | groups.get(second, {second})
        for member in group:
            groups[member] = group

    def table(self, name: str) -> set[str]:
        return self.tables.get(name.lower(), {name.lower()})

    def column(self, table: str, name: str) -> set[str]:
        found = {name.lower()}
        for alias in self.table(table):
            found |= {column for _, column in self.columns.get((alias, name.lower()), ())}
        return found


@dataclass(slots=True)
class _Matcher:
    names: _Names
    # id(undos) -> (undos, (undos by kind, by (kind, lowercase name or None))): each op used to
    # scan every undo, which made a 10,000-operation revision quadratic (minutes)
    _indexes: dict[int, tuple[list[_Undo], tuple[dict, dict]]] = field(default_factory=dict)

    def hit(
        self,
        undos: Iterable[_Undo],
        what: str,
        table: str | None,
        name: str | None = None,
        new_name: str | None = None,
        *,
        column: bool = False,
    ) -> bool:
        """Whether one of ``undos`` is ``what`` on ``table`` (and ``name``/``new_name``).

        Tables answer to the names ``upgrade()`` renames them to and from, and so do
        columns (``column=True``) that are not themselves being renamed back.
        """
        renaming = new_name is not None
        wanted = None if name is None else self._names(table, name, column=column, exact=renaming)
        undos = self._candidates(undos, what, wanted)
        for undo in undos:
            if undo.what != what:
                continue
            if not (undo.table_any or undo.table is None or table is None) and (
                undo.table.lower() not in self._tables(table, exact=renaming and not column)
            ):
                continue
            if name is not None and not undo.name_any:
                names = self._names(table, name, column=column, exact=renaming)
                if undo.name is None or undo.name.lower() not in names:
                    continue
            if renaming and not undo.new_any:
                names = self._names(table, new_name, column=column, exact=True)
                if undo.new_name is None or undo.new_name.lower() not in names:
                    continue
            return True
        return False

    def _candidates(
        self, undos: Iterable[_Undo], what: str, names: set[str] | None
    ) -> list[_Undo]:
        """The undos of kind ``what`` (named one of ``names``, or with no literal name)."""
        undos = undos if isinstance(undos, list) else list(undos)
        entry = self._indexes.get(id(undos))
        if entry is None or entry[0] is not undos:
            if len(self._indexes) > 8:
                self._indexes.clear()
            by_what: dict[str, list[_Undo]] = {}
            by_name: dict[tuple[str, str | None], list[_Undo]] = {}
            for undo in undos:
                key = None if undo.name_any or undo.name is None else undo.name.lower()
                by_name.setdefault((undo.what, key), []).append(undo)
                by_what.setdefault(undo.what, []).append(undo)
            entry = self._indexes[id(undos)] = (undos, (by_what, by_name))
        by_what, by_name = entry[1]
        if names is None:
            return by_what.get(what, [])
        found = [u for n in names for u in by_name.get((what, n), ())]
        return found + by_name.get((what, None), [])

    def _tables(self, table: str, *, exact: bool) -> set[str]:
        return {table.lower()} if exact else self.names.table(table)

    def _names(self, table: str | None, name: str, *, column: bool, exact: bool) -> set[str]:
        if exact or not column or table is None:
            return {name.lower()}
        return self.names.column(table, name)

    def columns_dropped(
        self, undos: list[_Undo], table: str | None, columns: Sequence[str]
    ) -> bool:
        return bool(columns) and all(
            self.hit(undos, "drop_column", table, column, column=True) for column in columns
        )


class DowngradeNotInverse(Rule):
    """A ``downgrade()`` that does not undo something ``upgrade()`` does.

    **What it flags:** an operation of ``upgrade()`` that ``downgrade()`` does not
    reverse: a column added and not dropped, a table created and not dropped, an index or
    a constraint created and not dropped, a column or table renamed and not renamed back,
    a column's type or nullability altered and not altered back.  Reported on the
    upgrade's operation.  Operations match by table, column and name, whether written on
    ``op`` or on ``batch_op`` (either side), anywhere in ``downgrade()``: with ``if
    is_sqlite:``/``else:`` the inverse may sit on either arm.  Dropping a table undoes
    everything on it; dropping every column of an index or constraint undoes it; anything
    on a table or column the same upgrade created is undone with it; literal SQL in
    ``op.execute(...)`` counts (``DROP TABLE``, ``ALTER TABLE ... DROP COLUMN``, ``RENAME``,
    ``ALTER COLUMN ... TYPE`` ...).  Skipped: an empty or raising downgrade (ML402's
    case), and operations whose names are dynamic; a downgrade with SQL the linter cannot
    read, or whose work happens in code the linter cannot follow, is not judged.  When
    ``upgrade()`` changes both type and nullability, only the type must be reversed: the
    nullability may be restated (MySQL's ``MODIFY`` needs it), which the facts cannot
    tell from a change.

    **Why:** ``alembic downgrade`` reports success and stamps the older revision, but the
    schema keeps part of the upgrade: the next ``upgrade`` fails (the column or index
    already exists), and a schema that no revision describes drifts from the models.
    ``sep alembic verify``'s round trip finds it too, but only on a database.

    **Instead:** give every operation of ``upgrade()`` its inverse in ``downgrade()``, in
    reverse order (``add_column`` -> ``drop_column``, ``create_index`` -> ``drop_index``,
    ``alter_column(new_column_name=...)`` -> the rename back, ``alter_column(type_=NEW,
    existing_type=OLD)`` -> ``alter_column(type_=OLD, existing_type=NEW)``); autogenerate
    writes them, so keep them when you edit the upgrade.  If a change cannot be undone,
    raise in ``downgrade()`` with the reason instead of half-undoing it.
    """

    code = "ML401"
    name = "downgrade-not-inverse"
    severity = Severity.WARNING
    summary = "downgrade() does not undo an operation of upgrade()"
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
            "    op.create_index(op.f('ix_attendee_email'), 'attendee', ['email'], unique=False)\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_index(op.f('ix_attendee_email'), table_name='attendee')\n"
            "    with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:\n"
            "        batch_op.drop_column('email')\n"
        ),
        Example(
            # ubersystem's SQLite pattern in both directions
            "def upgrade():\n"
            "    if is_sqlite:\n"
            "        with op.batch_alter_table('department', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:\n"
            "            batch_op.alter_column('description', type_=sa.Unicode(), existing_type=sa.String())\n"
            "    else:\n"
            "        op.alter_column('department', 'description', type_=sa.Unicode(), existing_type=sa.String())\n"
            "    op.alter_column('event_location', 'room_name', new_column_name='room')\n"
            "\n"
            "def downgrade():\n"
            "    op.alter_column('event_location', 'room', new_column_name='room_name')\n"
            "    op.alter_column('department', 'description', type_=sa.String(), existing_type=sa.Unicode())\n"
        ),
        Example(
            "def upgrade():\n"
            "    op.create_table('dept_membership',\n"
            "    sa.Column('attendee_id', sa.String(length=36), nullable=False),\n"
            "    sa.Column('department_id', sa.String(length=36), nullable=False),\n"
            "    sa.PrimaryKeyConstraint('attendee_id', 'department_id', name=op.f('pk_dept_membership'))\n"
            "    )\n"
            "    op.create_index(op.f('ix_dept_membership_department_id'), 'dept_membership', ['department_id'])\n"
            "    op.create_foreign_key(op.f('fk_dept_membership_attendee_id_attendee'), 'dept_membership',\n"
            "                          'attendee', ['attendee_id'], ['id'])\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_table('dept_membership')\n"
        ),
        Example(
            # backfill: the alteration goes with the column the downgrade drops
            "def upgrade():\n"
            "    op.add_column('group', sa.Column('cost', sa.Integer(), nullable=True))\n"
            '    op.execute("UPDATE \\"group\\" SET cost = 0 WHERE cost IS NULL")\n'
            "    op.alter_column('group', 'cost', existing_type=sa.Integer(), nullable=False)\n"
            "\n"
            "def downgrade():\n"
            "    op.execute('ALTER TABLE \"group\" DROP COLUMN cost')\n"
        ),
        Example(
            # a scratch table the upgrade drops again
            "def upgrade():\n"
            "    op.create_table('tmp_badges', sa.Column('id', sa.String(36)), sa.Column('badge_num', sa.Integer()))\n"
            "    op.execute('INSERT INTO tmp_badges SELECT id, badge_num FROM attendee')\n"
            "    op.drop_table('tmp_badges')\n"
            "\n"
            "def downgrade():\n"
            "    op.execute('DELETE FROM attendee WHERE badge_num IS NULL')\n"
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    pass\n"
        ),
        Example(
            "def upgrade():\n"
            "    for column in ('email', 'phone'):\n"
            "        op.add_column('attendee', sa.Column(column, sa.Unicode(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    for column in ('email', 'phone'):\n"
            "        op.drop_column('attendee', column)\n"
        ),
    )
    INVALID = (
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
            "    op.add_column('attendee', sa.Column('phone', sa.Unicode(), nullable=True))\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_column('attendee', 'email')\n",
            line=3,
        ),
        Example(
            "def upgrade():\n"
            "    op.create_index(op.f('ix_panel_application_event_id'), 'panel_application', ['event_id'])\n"
            "    op.alter_column('event_location', 'room_name', new_column_name='room')\n"
            "\n"
            "def downgrade():\n"
            "    op.alter_column('event_location', 'room', new_column_name='room_name')\n",
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    if is_sqlite:\n"
            "        with op.batch_alter_table('attendee') as batch_op:\n"
            "            batch_op.alter_column('badge_num', type_=sa.Integer(), existing_type=sa.Unicode())\n"
            "    else:\n"
            "        op.alter_column('attendee', 'badge_num', type_=sa.Integer(), existing_type=sa.Unicode(),\n"
            "                        postgresql_using='badge_num::integer')\n"
            "\n"
            "def downgrade():\n"
            "    op.alter_column('attendee', 'badge_num', nullable=True)\n",
            line=4,
        ),
        Example(
            "def upgrade():\n"
            "    op.rename_table('panel_applicant', 'panel_person')\n"
            "    op.create_unique_constraint(op.f('uq_group_name'), 'group', ['name'])\n"
            "\n"
            "def downgrade():\n"
            "    op.drop_constraint(op.f('uq_group_name'), 'group', type_='unique')\n",
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    op.alter_column('attendee', 'last_name', existing_type=sa.Unicode(), nullable=False)\n"
            "\n"
            "def downgrade():\n"
            "    op.execute('ALTER TABLE attendee ALTER COLUMN last_name TYPE TEXT')\n",
            line=2,
        ),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        downgrade, upgrade = script.downgrade, script.operations(UPGRADE)
        if downgrade is None or downgrade.is_empty or downgrade.only_raises or not upgrade:
            return
        if not downgrade.operations:
            return  # it does its work in code the linter cannot follow
        undone = _undos(downgrade.operations)
        if undone is None:
            return
        matcher = _Matcher(_Names(upgrade))
        created: dict[tuple[str, ...], int] = {}  # (table,) or (table, column) -> first index
        for index, op in enumerate(upgrade):
            if op.kind == "create_table" and op.table and "table" not in op.dynamic:
                for table in matcher.names.table(op.table):
                    created.setdefault((table,), index)
            elif op.kind == "add_column" and op.table and op.column_name and not op.target_unknown:
                for table in matcher.names.table(op.table):
                    for column in matcher.names.column(op.table, op.column_name):
                        created.setdefault((table, column), index)
        reported: set[str] = set()
        # only these later operations can undo anything (looking at every later operation
        # for each finding made a long upgrade() quadratic)
        undoers = [(i, o) for i, o in enumerate(upgrade) if o.kind == "execute" or _undos([o])]
        for index, op in enumerate(upgrade):
            table = op.table.lower() if op.table else ""
            if created.get((table,), index) < index:
                continue  # undone with its table, which create_table's check asks for
            column = op.column.lower() if op.column and op.kind == "alter_column" else None
            if column and created.get((table, column), index) < index:
                continue  # undone with its column, which add_column's check asks for
            missing = self._missing(op, undone, matcher)
            if not missing:
                continue
            later = [o for i, o in undoers if i > index and not o.exclusive_with(op)]
            undone_later = _undos(o for o in later if o.kind != "execute" or o.sql is not None)
            if undone_later and not self._missing(op, undone_later, matcher):
                continue  # the upgrade itself drops it again (a scratch table)
            message = "; ".join(missing)
            if message not in reported:  # the same change on both arms of an if/else
                reported.add(message)
                yield self.finding(script, op.span, message)

    @staticmethod
    def _missing(op: Operation, undos: list[_Undo], m: _Matcher) -> list[str]:
        """What of ``op`` the ``undos`` leave in place, as messages (empty: all undone)."""
        dyn = op.dynamic
        table = op.table
        if table is None or "table" in dyn:
            return []
        dropped_table = m.hit(undos, "drop_table", table)
        if op.kind == "create_table":
            if dropped_table:
                return []
            return [
                f"upgrade() creates table '{table}' but downgrade() does not drop it: after a "
                "downgrade the table stays and the next upgrade fails creating it again; add "
                f"op.drop_table('{table}') to downgrade()"
            ]
        if dropped_table:
            return []
        if op.kind == "add_column":
            column = op.column_name
            if column is None or op.target_unknown:
                return []
            if m.hit(undos, "drop_column", table, column, column=True):
                return []
            return [
                f"upgrade() adds column '{table}.{column}' but downgrade() does not drop it: "
                "after a downgrade the column stays and the next upgrade fails adding it "
                f"again; add op.drop_column('{table}', '{column}') to downgrade()"
            ]
        if op.kind == "create_index" or op.kind in _CONSTRAINT_TYPES:
            if op.name is None or "name" in dyn:
                return []
            if (
                m.hit(undos, "drop_index", table, op.name)
                or m.hit(undos, "drop_constraint", table, op.name)
                or ("columns" not in dyn and m.columns_dropped(undos, table, op.columns))
            ):
                return []
            if op.kind == "create_index":
                return [
                    f"upgrade() creates index '{op.name}' on '{table}' but downgrade() does "
                    "not drop it: after a downgrade the index stays and the next upgrade "
                    f"fails creating it again; add op.drop_index('{op.name}', "
                    f"table_name='{table}') to downgrade()"
                ]
            label, type_ = _CONSTRAINT_TYPES[op.kind]
            type_arg = f", type_='{type_}'" if type_ else ""
            return [
                f"upgrade() creates {label} constraint '{op.name}' on '{table}' but "
                "downgrade() does not drop it: after a downgrade it still constrains the "
                "data and the next upgrade fails creating it again; add "
                f"op.drop_constraint('{op.name}', '{table}'{type_arg}) to downgrade()"
            ]
        if op.kind == "rename_table":
            new = op.new_name
            if new is None or "new_name" in dyn:
                return []
            if m.hit(undos, "rename_table", new, new_name=table):
                return []
            return [
                f"upgrade() renames table '{table}' to '{new}' but downgrade() does not "
                "rename it back: the code of the older revision then looks for a table that "
                f"is not there; add op.rename_table('{new}', '{table}') to downgrade()"
            ]
        if op.kind == "alter_column":
            return DowngradeNotInverse._missing_alter(op, undos, m)
        return []

    @staticmethod
    def _missing_alter(op: Operation, undos: list[_Undo], m: _Matcher) -> list[str]:
        table, column, new = op.table, op.column, op.new_name
        if table is None or column is None or "column" in op.dynamic:
            return []
        missing = []
        if new is not None and not m.hit(
            undos, "rename_column", table, new, new_name=column, column=True
        ):
            missing.append(
                f"upgrade() renames column '{table}.{column}' to '{new}' but downgrade() does "
                "not rename it back: the older revision's code then looks for a column that "
                f"is not there; add op.alter_column('{table}', '{new}', "
                f"new_column_name='{column}') to downgrade()"
            )
        if op.type is not None and not m.hit(undos, "retype", table, column, column=True):
            old = op.existing_type.text if op.existing_type is not None else "OLD_TYPE"
            missing.append(
                f"upgrade() changes the type of column '{table}.{column}' to {op.type.text} "
                "but downgrade() does not change it back: after a downgrade the column keeps "
                f"the new type; add op.alter_column('{table}', '{new or column}', "
                f"type_={old}, existing_type={op.type.text}) to downgrade()"
            )
        if (
            op.type is None
            and op.nullable is not None
            and not m.hit(undos, "renull", table, column, column=True)
        ):
            state = "NOT NULL" if op.nullable is False else "nullable"
            missing.append(
                f"upgrade() makes column '{table}.{column}' {state} but downgrade() does not "
                "change it back: after a downgrade the older code meets a constraint it does "
                f"not expect; add op.alter_column('{table}', '{new or column}', "
                f"nullable={not op.nullable}) to downgrade()"
            )
        return missing
