"""Reading values out of libcst expressions: literals, names, types and column definitions.

Shared by the operation walker and the per-kind field extraction; nothing here walks
statements.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

from .ast_positions import SpanSource
from .facts import ColumnDef, Span, TypeRef
from .parser import TABLE_FACTORIES

_EMPTY_MODULE = cst.Module(body=[])
# calls written among a Column's positional arguments that are not its type
NOT_A_TYPE = frozenset(
    {
        "ForeignKey",
        "Sequence",
        "Computed",
        "Identity",
        "FetchedValue",
        "CheckConstraint",
        "UniqueConstraint",
        "PrimaryKeyConstraint",
    }
)


@dataclass(slots=True)
class ParsedFunction:
    """One function parsed by libcst, with the ``ast`` twin that gives its spans."""

    node: cst.FunctionDef
    twin: ast.FunctionDef | ast.AsyncFunctionDef | None
    spans: SpanSource

    def span(self, node: cst.CSTNode) -> Span:
        return self.spans.span(node)

    def code(self, node: cst.CSTNode) -> str:
        return node_code(node)


class _DropComments(cst.CSTTransformer):
    """Comments inside a wrapped expression are not part of its value."""

    def leave_Comment(self, original_node: cst.Comment, updated_node: cst.Comment) -> object:
        return cst.RemoveFromParent()


def node_code(node: cst.CSTNode) -> str:
    """The source of ``node`` on one line, without comments (how facts store expressions)."""
    text = _EMPTY_MODULE.code_for_node(node)
    if "#" in text:
        text = _EMPTY_MODULE.code_for_node(node.visit(_DropComments()))
    return " ".join(text.split())


def last_name(dotted: str) -> str:
    """``"sa.orm.relationship"`` -> ``"relationship"``."""
    return dotted.rsplit(".", 1)[-1]


def dotted_name(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for names and attribute chains, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def resolve(node: cst.BaseExpression | None, strings: Mapping[str, str]) -> tuple[str | None, bool]:
    """A string value and whether it is dynamic (``None`` literal -> ``(None, False)``)."""
    if node is None:
        return None, False
    literal = string_literal(node)
    if literal is not None:
        return literal, False
    if isinstance(node, cst.Name):
        if node.value == "None":
            return None, False
        if node.value in strings:
            return strings[node.value], False
        return None, True
    if isinstance(node, cst.Call) and op_method(node) == "f" and node.args:
        return resolve(node.args[0].value, strings)
    return None, True


def string_literal(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, cst.SimpleString):
        text = node.value
        # plain 'x' / "x": skip libcst's evaluated_value, which compiles the literal
        if len(text) >= 2 and text[0] == text[-1] in "'\"" and "\\" not in text:
            inner = text[1:-1]
            if text[0] not in inner:
                return inner
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def callee_name(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def op_method(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Attribute) and is_op(func.value):
        return func.attr.value
    return None


def is_op(node: cst.BaseExpression) -> bool:
    """``op`` or ``alembic.op``."""
    if isinstance(node, cst.Name):
        return node.value == "op"
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "op"
        and callee_name(node.value) == "alembic"
    )


def is_connection(node: cst.BaseExpression) -> bool:
    """``op.get_bind()`` or ``op.get_context().connection``."""
    if isinstance(node, cst.Call):
        return op_method(node) == "get_bind"
    if isinstance(node, cst.Attribute) and node.attr.value in ("connection", "bind"):
        return isinstance(node.value, cst.Call) and op_method(node.value) == "get_context"
    return False


def table_factory(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Call) and callee_name(node.func) in TABLE_FACTORIES and node.args:
        return string_literal(node.args[0].value)
    return None


def bound_names(target: cst.CSTNode) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    names: list[str] = []
    for child in target.children:
        if isinstance(child, (cst.Element, cst.StarredElement, cst.Tuple, cst.List, cst.Name)):
            names.extend(bound_names(child.value if isinstance(child, cst.BaseElement) else child))
    return names


def body_statements(suite: cst.BaseSuite) -> list[cst.CSTNode]:
    statements: list[cst.CSTNode] = list(suite.body)
    if statements and _is_docstring(statements[0]):
        statements = statements[1:]
    return statements


def _small_statements(node: cst.CSTNode) -> Sequence[cst.CSTNode]:
    return node.body if isinstance(node, cst.SimpleStatementLine) else [node]


def _is_docstring(node: cst.CSTNode) -> bool:
    smalls = _small_statements(node)
    return (
        len(smalls) == 1
        and isinstance(smalls[0], cst.Expr)
        and string_literal(smalls[0].value) is not None
    )


def is_noop(node: cst.CSTNode) -> bool:
    return all(
        isinstance(s, cst.Pass) or (isinstance(s, cst.Expr) and isinstance(s.value, cst.Ellipsis))
        for s in _small_statements(node)
    ) and isinstance(node, (cst.SimpleStatementLine, cst.Pass, cst.Expr))


def is_raise(node: cst.CSTNode) -> bool:
    smalls = _small_statements(node)
    return len(smalls) == 1 and isinstance(smalls[0], cst.Raise)


def type_ref(node: cst.BaseExpression) -> TypeRef:
    """A SQL type expression (``sa.String(length=20)``, ``Integer``) with its arguments as text."""
    callee = node.func if isinstance(node, cst.Call) else node
    args: tuple[str, ...] = ()
    kwargs: tuple[tuple[str, str], ...] = ()
    if isinstance(node, cst.Call):
        args = tuple(node_code(a.value) for a in node.args if a.keyword is None and not a.star)
        kwargs = tuple(
            (a.keyword.value, node_code(a.value)) for a in node.args if a.keyword is not None
        )
    return TypeRef(node_code(node), callee_name(callee) or node_code(callee), args, kwargs)


def column_def(
    node: cst.BaseExpression, parsed: ParsedFunction, strings: Mapping[str, str]
) -> tuple[ColumnDef | None, bool]:
    """A ``Column(...)`` call as a ColumnDef, and whether its name is dynamic."""
    if not isinstance(node, cst.Call) or callee_name(node.func) != "Column":
        return None, True
    positional = [a.value for a in node.args if a.keyword is None and not a.star]
    keywords = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    name, dynamic = resolve(keywords.get("name"), strings) if "name" in keywords else (None, True)
    if positional and "name" not in keywords:
        first_name, first_dynamic = resolve(positional[0], strings)
        if first_name is not None or not isinstance(positional[0], cst.Call):
            name, dynamic = first_name, first_dynamic
            positional = positional[1:]
    type_node = keywords.get("type_")
    foreign_key = None
    for value in positional:
        callee = callee_name(value.func) if isinstance(value, cst.Call) else None
        if callee == "ForeignKey" and isinstance(value, cst.Call) and value.args:
            foreign_key = string_literal(value.args[0].value)
        elif callee not in NOT_A_TYPE and type_node is None:
            type_node = value
    primary_key = bool_literal(keywords.get("primary_key")) is True
    nullable = bool_literal(keywords.get("nullable"))
    default = keywords.get("server_default")
    return (
        ColumnDef(
            name=name,
            type=type_ref(type_node) if type_node is not None else None,
            nullable=False if nullable is None and primary_key else nullable,
            server_default=parsed.code(default) if default is not None else None,
            primary_key=primary_key,
            foreign_key=foreign_key,
            span=parsed.span(node),
        ),
        dynamic,
    )


def bool_literal(node: cst.CSTNode | None) -> bool | None:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None
