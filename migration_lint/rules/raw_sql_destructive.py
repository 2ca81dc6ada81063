"""ML501 raw-sql-destructive, and what literal SQL does (shared with ML401).

The SQL of ``op.execute("...")`` / ``op.execute(sa.text("..."))`` is parsed with sqlglot,
never matched with regular expressions: each statement is tried with the PostgreSQL, MySQL
and SQLite dialects, and a statement that none of them parses (sqlglot falls back to an
opaque ``Command``, or raises) is not guessed at.  sqlglot is imported only when a revision
has literal SQL, so the linter's start-up does not pay for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import DOWNGRADE, UPGRADE, Operation, RevisionScript
from ..sql_analysis import SqlEffect, analyze_sql, same_name
from .base import Example, Rule

_DESTRUCTIVE_DROPS = frozenset(
    {"TABLE", "COLUMN", "INDEX", "VIEW", "MATERIALIZED VIEW", "SCHEMA", "DATABASE", "SEQUENCE"}
)

_DROP_LOSS = {
    "TABLE": "every row in it is lost and downgrade cannot bring it back",
    "COLUMN": "every value in it is lost and downgrade cannot bring it back",
    "INDEX": "queries that rely on it slow down, and a unique index stops guarding the data",
    "VIEW": "whatever reads it breaks",
    "MATERIALIZED VIEW": "its stored rows are gone and whatever reads it breaks",
    "SCHEMA": "every table in it is lost",
    "DATABASE": "everything in it is lost",
    "SEQUENCE": "its current value is lost, so ids may be handed out again",
}


@dataclass(frozen=True, slots=True)
class _Created:
    """Something created by an operation or a SQL statement: a table, column or index."""

    target: str  # TABLE, COLUMN or INDEX
    table: str | None
    name: str | None


def created_by(op: Operation) -> list[_Created]:
    """What ``op`` creates (by an operation or by its literal SQL)."""
    if op.kind == "create_table" and op.table is not None and "table" not in op.dynamic:
        return [_Created("TABLE", op.table, op.table)]
    if op.kind == "add_column" and not op.target_unknown and op.column_name is not None:
        return [_Created("COLUMN", op.table, op.column_name)]
    if op.kind == "create_index" and op.name is not None:
        return [_Created("INDEX", op.table, op.name)]
    if op.kind == "execute" and op.sql is not None:
        return [c for effect in analyze_sql(op.sql).effects if (c := _created_by_sql(effect))]
    return []


def _created_by_sql(effect: SqlEffect) -> _Created | None:
    if effect.action == "create" and effect.target in ("TABLE", "INDEX", "VIEW"):
        return _Created("INDEX" if effect.target == "INDEX" else "TABLE", effect.table, effect.name)
    if effect.action == "add_column":
        return _Created("COLUMN", effect.table, effect.name)
    return None


def _retyped_by(op: Operation) -> list[tuple[str | None, str | None]]:
    """The (table, column) pairs whose type ``op`` changes."""
    if op.kind == "alter_column" and op.type is not None and not op.target_unknown:
        return [(op.table, op.column)]
    if op.kind == "execute" and op.sql is not None:
        return [
            (effect.table, effect.name)
            for effect in analyze_sql(op.sql).effects
            if effect.action == "retype"
        ]
    return []


class RawSqlDestructive(Rule):
    """Literal SQL in ``op.execute(...)`` that destroys or rewrites data.

    **What it flags:** a statement in the literal SQL of ``op.execute("...")`` or
    ``op.execute(sa.text("..."))`` (each statement of a multi-statement string) that
    drops a table, column, index, view, sequence, schema or database (any ``DROP ...
    CASCADE`` too), ``TRUNCATE``\\s a table, ``DELETE``\\s or ``UPDATE``\\s without a
    ``WHERE``, or changes a column's type (``ALTER COLUMN ... TYPE``, MySQL's ``MODIFY`` /
    ``CHANGE``).  The SQL is parsed with sqlglot in the PostgreSQL, MySQL and SQLite
    dialects; SQL that none of them parses is not guessed at.  Not flagged: dropping,
    emptying or rewriting what the same function created earlier on the same execution
    path (a scratch table, a column being backfilled: no data existed before the
    migration), and in ``downgrade()`` undoing what ``upgrade()`` created or retyped.

    **Why:** raw SQL is invisible to autogenerate, to ``pg_dump`` schema diffs and to the
    other rules: a ``DELETE`` without ``WHERE`` or a narrowing type change loses data in
    a statement nobody reviews as a schema change, and nothing brings the data back on
    downgrade.

    **Instead:** use the operation (``op.drop_column``, ``op.alter_column(...,
    type_=..., postgresql_using=...)``) so the other rules and reviewers see it; give
    ``DELETE``/``UPDATE`` the ``WHERE`` that limits it to the rows meant; copy data that
    must survive into another table first; when the statement is intended, make sure the
    downgrade restores what it can.
    """

    code = "ML501"
    name = "raw-sql-destructive"
    severity = Severity.WARNING
    summary = "op.execute() runs literal SQL that drops, truncates, deletes or retypes data"
    VALID = (
        Example(
            "def upgrade():\n"
            "    op.execute(\"UPDATE attendee SET badge_num = NULL WHERE badge_num = '0'\")\n"
        ),
        Example(
            # a data migration through a table object: no literal SQL
            "attendee_table = table('attendee', sa.Column('email', sa.Unicode()))\n"
            "\n"
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
            "    op.execute(attendee_table.update().where(attendee_table.c.email == None)"
            ".values(email=''))\n"
        ),
        Example(
            # backfilling a column added by the same upgrade overwrites nothing
            "def upgrade():\n"
            "    op.add_column('event', sa.Column('tracks', sa.Unicode(), nullable=True))\n"
            "    op.execute('UPDATE event SET tracks = track')\n"
        ),
        Example(
            # a scratch table created earlier in the same upgrade
            "def upgrade():\n"
            "    op.execute('CREATE TABLE tmp_badges AS SELECT id, badge_num FROM attendee')\n"
            "    op.execute('UPDATE attendee SET badge_num = NULL WHERE badge_num IS NOT NULL')\n"
            "    op.execute('DROP TABLE IF EXISTS tmp_badges')\n"
        ),
        Example(
            "def upgrade():\n"
            "    op.execute('CREATE INDEX ix_attendee_email ON attendee (email)')\n"
            "\n"
            "def downgrade():\n"
            "    op.execute('DROP INDEX ix_attendee_email')\n"
        ),
        Example("def upgrade():\n    op.execute('Run uber/scripts/fix_badges.py by hand')\n"),
    )
    INVALID = (
        Example("def upgrade():\n    op.execute(sa.text('DELETE FROM attendee'))\n", line=2),
        Example(
            "def upgrade():\n"
            "    op.execute('ALTER TABLE attendee ALTER COLUMN badge_num TYPE INTEGER "
            "USING badge_num::integer')\n",
            line=2,
        ),
        Example(
            "def upgrade():\n"
            "    op.add_column('attendee', sa.Column('badge', sa.Integer(), nullable=True))\n"
            "    op.execute('UPDATE attendee SET badge = CAST(badge_num AS INTEGER); '\n"
            "               'ALTER TABLE attendee DROP COLUMN badge_num')\n",
            line=3,
        ),
        Example(
            "def upgrade():\n"
            "    if is_sqlite:\n"
            "        op.execute('DELETE FROM magprime_sale')\n"
            "    else:\n"
            "        op.execute('TRUNCATE TABLE magprime_sale RESTART IDENTITY')\n",
            line=3,
        ),
        Example(
            "def upgrade():\n    op.execute('ALTER TABLE `group` MODIFY cost DECIMAL(10, 2)')\n"
        ),
        Example("def upgrade():\n    op.execute('UPDATE attendee SET badge_num = NULL')\n"),
    )

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        if not any(op.kind == "execute" and op.sql for op in self._all_operations(script)):
            return
        upgrade = script.operations(UPGRADE)
        from_upgrade = [c for op in upgrade for c in created_by(op)]
        retyped_by_upgrade = [pair for op in upgrade for pair in _retyped_by(op)]
        for direction in (UPGRADE, DOWNGRADE):
            operations = script.operations(direction)
            for index, op in enumerate(operations):
                if op.kind != "execute" or not op.sql:
                    continue
                earlier = [
                    c
                    for previous in operations[:index]
                    if not previous.exclusive_with(op)
                    for c in created_by(previous)
                ]
                if direction == DOWNGRADE:
                    earlier += from_upgrade
                for effect in analyze_sql(op.sql).effects:
                    message = self._message(effect, direction)
                    if message is not None and not self._undoes_own_work(
                        effect, earlier, retyped_by_upgrade if direction == DOWNGRADE else []
                    ):
                        yield self.finding(script, op.span, message)
                    created = _created_by_sql(effect)  # for the string's later statements
                    if created is not None:
                        earlier.append(created)

    @staticmethod
    def _all_operations(script: RevisionScript) -> tuple[Operation, ...]:
        return (*script.operations(UPGRADE), *script.operations(DOWNGRADE))

    @staticmethod
    def _undoes_own_work(
        effect: SqlEffect,
        created: list[_Created],
        retyped: list[tuple[str | None, str | None]],
    ) -> bool:
        """Whether ``effect`` only touches what this migration itself created (or retyped)."""

        def made(target: str, table: str | None, name: str | None) -> bool:
            return any(
                c.target == target
                and same_name(c.name, name)
                and (table is None or c.table is None or same_name(c.table, table))
                for c in created
            )

        table_made = effect.table is not None and made("TABLE", effect.table, effect.table)
        if effect.action == "drop":
            if effect.target in ("TABLE", "VIEW", "MATERIALIZED VIEW"):
                return made("TABLE", None, effect.name)
            if effect.target == "COLUMN":
                return table_made or made("COLUMN", effect.table, effect.name)
            if effect.target == "INDEX":
                return table_made or made("INDEX", effect.table, effect.name)
            return table_made
        if effect.action in ("truncate", "delete"):
            return table_made
        if effect.action == "update":
            return table_made or bool(
                effect.columns
                and all(made("COLUMN", effect.table, column) for column in effect.columns)
            )
        if effect.action == "retype":
            return (
                table_made
                or made("COLUMN", effect.table, effect.name)
                or any(
                    same_name(table, effect.table) and same_name(column, effect.name)
                    for table, column in retyped
                )
            )
        return False

    @staticmethod
    def _message(effect: SqlEffect, direction: str) -> str | None:
        where = f"{direction}() runs `{effect.statement}`, which"
        if effect.action == "drop":
            if effect.target not in _DESTRUCTIVE_DROPS and not effect.cascade:
                return None
            what = effect.target.lower() or "object"
            if effect.target == "COLUMN" and effect.table:
                thing = f"column '{effect.table}.{effect.name}'"
            else:
                thing = f"{what} '{effect.name}'" if effect.name else what
            loss = _DROP_LOSS.get(effect.target, "what depended on it breaks")
            if effect.cascade:
                thing += " with CASCADE"
                loss += ", and CASCADE silently drops every object that depends on it"
            return (
                f"{where} drops {thing}: {loss}; use the op.drop_* operation so it is "
                "reviewed as a schema change, and copy data that must survive first"
            )
        if effect.action == "truncate":
            cascade = (
                ", and CASCADE empties every table that refers to it too" if effect.cascade else ""
            )
            return (
                f"{where} empties table '{effect.table}' (TRUNCATE): every row is deleted "
                f"and downgrade cannot bring them back{cascade}"
            )
        if effect.action == "delete" and not effect.filtered:
            return (
                f"{where} deletes every row of '{effect.table}' (DELETE without WHERE): "
                "data-changing and lost for good; add the WHERE that limits it to the rows "
                "meant"
            )
        if effect.action == "update" and not effect.filtered:
            columns = ", ".join(effect.columns) or "its columns"
            return (
                f"{where} overwrites {columns} in every row of '{effect.table}' (UPDATE "
                "without WHERE): data-changing, and the old values are lost; add a WHERE "
                "or copy them first"
            )
        if effect.action == "retype":
            how = {"TYPE": "ALTER COLUMN ... TYPE", "MODIFY": "MODIFY", "CHANGE": "CHANGE"}
            return (
                f"{where} changes the type of column '{effect.table}.{effect.name}' "
                f"({how.get(effect.how, effect.how)}): a value that does not convert makes "
                "it fail, a narrower type truncates; make sure every value converts and "
                "that downgrade() restores the old type"
            )
        return None
