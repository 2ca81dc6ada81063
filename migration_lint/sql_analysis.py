"""Reading literal SQL with sqlglot: which statements drop, truncate, delete or retype.

Used by ML501 (raw-sql-destructive) and ML401 (downgrade-not-inverse).  The SQL is parsed
with a real SQL parser for the PostgreSQL, MySQL and SQLite dialects, never with regular
expressions; a statement no dialect parses is not guessed at.  sqlglot is imported only when
there is SQL to read, so the linter's start-up does not pay for it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

DIALECTS = ("postgres", "mysql", "sqlite")

# Statements whose first keyword says they may change the schema: one of these that no
# dialect parses makes the analysis of its string incomplete (see SqlAnalysis.opaque).
_SCHEMA_KEYWORDS = frozenset(
    {"ALTER", "DROP", "RENAME", "CREATE", "DO", "CALL", "EXEC", "EXECUTE", "BEGIN", "DECLARE"}
)
# DROP <kind> that loses data (or, for an index, what queries rely on); other kinds
# (constraint, function, trigger, type ...) are reported only with CASCADE.
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
