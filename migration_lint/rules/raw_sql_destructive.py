"""ML501 raw-sql-destructive, and what literal SQL does (shared with ML401).

The SQL of ``op.execute("...")`` / ``op.execute(sa.text("..."))`` is parsed with sqlglot,
never matched with regular expressions: each statement is tried with the PostgreSQL, MySQL
and SQLite dialects, and a statement that none of them parses (sqlglot falls back to an
opaque ``Command``, or raises) is not guessed at.  sqlglot is imported only when a revision
has literal SQL, so the linter's start-up does not pay for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import DOWNGRADE, UPGRADE, Operation, RevisionScript
from .base import Example, Rule

DIALECTS = ("postgres", "mysql", "sqlite")

# Statements whose first keyword says they may change the schema: one of these that no
# dialect parses makes the analysis of its string incomplete (see SqlAnalysis.opaque).
_SCHEMA_KEYWORDS = frozenset(
    {"ALTER", "DROP", "RENAME", "CREATE", "DO", "CALL", "EXEC", "EXECUTE", "BEGIN", "DECLARE"}
)
# DROP <kind> that loses data (or, for an index, what queries rely on); other kinds
# (constraint, function, trigger, type ...) are reported only with CASCADE.
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
_STATEMENT_WIDTH = 60


@dataclass(frozen=True, slots=True)
class SqlEffect:
    """What one SQL statement does, as far as the rules care.

    ``action`` is one of ``drop`` (``target`` says what: ``TABLE``, ``COLUMN``, ``INDEX``,
    ``CONSTRAINT`` ...), ``truncate``, ``delete``, ``update`` (``columns``: the columns
    SET), ``retype`` (a column's type is changed or, with MySQL's MODIFY/CHANGE,
    restated), ``renull`` (its NULL/NOT NULL changes), ``rename_column``, ``rename_table``,
    ``create`` (``target`` ``TABLE``/``INDEX``/``VIEW``), ``add_column`` and
    ``add_constraint`` (and, inside :func:`analyze_sql` only, ``opaque``: a statement that
    parses but whose meaning is ambiguous).  Names are as written, without quotes;
    ``name`` is the column, index or constraint (or the dropped table), ``new_name`` a
    rename's new name.
    """

    action: str
    statement: str
    target: str = ""
    table: str | None = None
    name: str | None = None
    new_name: str | None = None
    columns: tuple[str, ...] = ()
    filtered: bool = False
    cascade: bool = False
    how: str = ""


@dataclass(frozen=True, slots=True)
class SqlAnalysis:
    """The effects of every statement of one SQL string that a dialect parses.

    ``opaque`` is true when a statement that may change the schema (it starts with ALTER,
    DROP, RENAME, DO ...), or the whole string, could not be parsed: what it does is not
    known.
    """

    effects: tuple[SqlEffect, ...] = ()
    opaque: bool = False


def same_name(first: str | None, second: str | None) -> bool:
    """Names compare without case, as unquoted SQL identifiers do."""
    return first is not None and second is not None and first.lower() == second.lower()


@lru_cache(maxsize=512)
def analyze_sql(sql: str) -> SqlAnalysis:
    """Parse ``sql`` (one or more statements) and describe what each statement does."""
    import sqlglot  # lazy: only revisions with literal SQL pay for it

    sqlglot_logger = logging.getLogger("sqlglot")
    level = sqlglot_logger.level
    sqlglot_logger.setLevel(logging.CRITICAL)  # "falling back to parsing as a Command"
    try:
        statements = _split(sql, sqlglot)
        if statements is None:
            return SqlAnalysis(opaque=True)
        effects: list[SqlEffect] = []
        opaque = False
        for text, first_keyword in statements:
            tree = _parse_statement(text, sqlglot)
            if tree is None:
                opaque = opaque or first_keyword in _SCHEMA_KEYWORDS
                continue
            try:
                found = list(_effects(tree, _shorten(text)))
            except Exception:  # a tree of a shape this sqlglot version builds differently
                found = [SqlEffect("opaque", text)] if first_keyword in _SCHEMA_KEYWORDS else []
            for effect in found:
                if effect.action == "opaque":
                    opaque = True
                else:
                    effects.append(effect)
        return SqlAnalysis(tuple(effects), opaque)
    finally:
        sqlglot_logger.setLevel(level)


def _split(sql: str, sqlglot: Any) -> list[tuple[str, str]] | None:
    """The statements of ``sql`` and their first keyword, split on the tokens' semicolons.

    Tokenised with the first dialect that can (dollar-quoted bodies, backticks and
    comments differ); None when none of them can tokenise it.
    """
    from sqlglot.tokens import TokenType

    for name in DIALECTS:
        try:
            tokens = sqlglot.Dialect.get_or_raise(name).tokenize(sql)
        except Exception:  # TokenError, or anything else: a migration's text never crashes
            continue
        statements: list[tuple[str, str]] = []
        chunk: list[Any] = []
        for token in [*tokens, None]:
            if token is None or token.token_type == TokenType.SEMICOLON:
                if chunk:
                    text = sql[chunk[0].start : chunk[-1].end + 1]
                    statements.append((text, chunk[0].text.upper()))
                chunk = []
            else:
                chunk.append(token)
        return statements
    return None


def _parse_statement(text: str, sqlglot: Any) -> Any:
    """The first dialect's complete parse of one statement, or None."""
    from sqlglot import exp

    for name in DIALECTS:
        try:
            trees = sqlglot.parse(text, read=name)
        except Exception:  # ParseError, or anything else: not parsed in this dialect
            continue
        trees = [tree for tree in trees if tree is not None]
        if len(trees) == 1 and trees[0].find(exp.Command) is None:
            return trees[0]
    return None


def _nodes(*names: str) -> tuple[type, ...]:
    """sqlglot's expression classes of these names that this version has (they were renamed
    across versions: ``AlterTable`` -> ``Alter``, ``RenameTable`` -> ``AlterRename``)."""
    from sqlglot import exp

    return tuple(getattr(exp, name) for name in names if hasattr(exp, name))


def _shorten(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _STATEMENT_WIDTH else line[: _STATEMENT_WIDTH - 3] + "..."


def _name(node: Any) -> str | None:
    """The (last) name of a table, column or identifier node."""
    from sqlglot import exp

    if not isinstance(node, exp.Expression):
        return None
    name = node.name
    if not name and node.args.get("db") is not None:  # DROP SCHEMA s -> Table(db=s)
        name = node.args["db"].name
    return name or None


def _dropped(drop: Any) -> list[Any]:
    """The objects a DROP names (``tables`` since sqlglot 26, ``this`` before)."""
    tables = drop.args.get("tables")
    if tables:
        return list(tables)
    return [drop.this] if drop.this is not None else []


def _filtered(statement: Any) -> bool:
    """A WHERE clause, or a join condition that limits the rows (MySQL's multi-table form)."""
    if statement.args.get("where") is not None:
        return True
    from sqlglot import exp

    table = statement.this
    joins = table.args.get("joins") if isinstance(table, exp.Expression) else None
    return any(join.args.get("on") is not None or join.args.get("using") for join in joins or ())


def _effects(tree: Any, text: str) -> Iterator[SqlEffect]:
    from sqlglot import exp

    if isinstance(tree, exp.Drop):
        kind = (tree.args.get("kind") or "").upper()
        if kind == "VIEW" and tree.args.get("materialized"):
            kind = "MATERIALIZED VIEW"
        cluster = tree.args.get("cluster")
        on_table = _name(cluster.this) if isinstance(cluster, exp.OnProperty) else None
        for node in _dropped(tree):
            name = _name(node)
            table = name if kind in ("TABLE", "VIEW", "MATERIALIZED VIEW") else on_table
            yield SqlEffect(
                "drop",
                text,
                target=kind,
                table=table,
                name=name,
                cascade=bool(tree.args.get("cascade")),
            )
    elif (
        isinstance(tree, _nodes("Alter", "AlterTable"))
        and (tree.args.get("kind") or "TABLE").upper() == "TABLE"
    ):
        yield from _alter_effects(tree, text)
    elif isinstance(tree, _nodes("TruncateTable")):
        cascade = str(tree.args.get("option") or "").upper() == "CASCADE"
        for node in tree.expressions:
            yield SqlEffect("truncate", text, target="TABLE", table=_name(node), cascade=cascade)
    elif isinstance(tree, exp.Delete):
        yield SqlEffect(
            "delete", text, target="TABLE", table=_name(tree.this), filtered=_filtered(tree)
        )
    elif isinstance(tree, exp.Update):
        columns = tuple(
            name
            for assignment in tree.expressions
            if isinstance(assignment, exp.EQ) and (name := _name(assignment.this))
        )
        yield SqlEffect(
            "update",
            text,
            target="TABLE",
            table=_name(tree.this),
            columns=columns,
            filtered=_filtered(tree),
        )
    elif isinstance(tree, exp.Create):
        kind = (tree.args.get("kind") or "").upper()
        target = tree.this
        if isinstance(target, exp.Schema):
            target = target.this
        if isinstance(target, exp.Index):
            yield SqlEffect(
                "create",
                text,
                target=kind,
                table=_name(target.args.get("table")),
                name=_name(target),
            )
        else:
            yield SqlEffect("create", text, target=kind, table=_name(target), name=_name(target))


def _alter_effects(tree: Any, text: str) -> Iterator[SqlEffect]:
    from sqlglot import exp

    table = _name(tree.this)
    for action in tree.args.get("actions") or ():
        if isinstance(action, exp.Drop):
            kind = (action.args.get("kind") or "").upper()
            for node in _dropped(action):
                yield SqlEffect(
                    "drop",
                    text,
                    target=kind,
                    table=table,
                    name=_name(node),
                    cascade=bool(action.args.get("cascade") or tree.args.get("cascade")),
                )
        elif isinstance(action, _nodes("DropPrimaryKey")):
            yield SqlEffect("drop", text, target="PRIMARY KEY", table=table)
        elif isinstance(action, _nodes("AlterColumn")):
            column = _name(action.this)
            if action.args.get("dtype") is not None:
                yield SqlEffect("retype", text, table=table, name=column, how="TYPE")
            if action.args.get("allow_null") is not None:
                yield SqlEffect("renull", text, table=table, name=column)
        elif isinstance(action, _nodes("ModifyColumn")):
            definition = action.this
            column = _name(definition)
            old = _name(action.args.get("rename_from")) or column
            how = "CHANGE" if action.args.get("rename_from") is not None else "MODIFY"
            yield SqlEffect("retype", text, table=table, name=old, how=how)
            yield SqlEffect("renull", text, table=table, name=old)
            if not same_name(old, column):
                yield SqlEffect("rename_column", text, table=table, name=old, new_name=column)
        elif isinstance(action, _nodes("RenameColumn")):
            yield SqlEffect(
                "rename_column",
                text,
                table=table,
                name=_name(action.this),
                new_name=_name(action.args.get("to")),
            )
        elif isinstance(action, _nodes("AlterRename", "RenameTable")):
            if tree.args.get("options"):  # PostgreSQL's RENAME a TO b, read as a table rename
                yield SqlEffect("opaque", text, table=table)
            else:
                yield SqlEffect("rename_table", text, table=table, new_name=_name(action.this))
        elif isinstance(action, exp.ColumnDef):
            yield SqlEffect("add_column", text, table=table, name=_name(action))
        elif isinstance(action, exp.AddConstraint):
            for constraint in action.expressions:
                yield SqlEffect("add_constraint", text, table=table, name=_name(constraint))


# ----------------------------------------------------------------------------- the rule


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
