"""Turn an operation call's bound arguments into :class:`Operation` fields, per kind."""

from __future__ import annotations

from typing import Any, Protocol

import libcst as cst

from .cst_values import (
    ParsedFunction,
    bool_literal,
    callee_name,
    column_def,
    resolve,
    string_literal,
    type_ref,
)
from .signatures import BATCH_SIGNATURES, OP_SIGNATURES, UNPACKED


class OperationScope(Protocol):
    """What field extraction needs from the walker's scope."""

    parsed: ParsedFunction
    strings: dict[str, str]
    tables: dict[str, str]


_TABLE_PARAMS = ("table_name", "source_table", "old_table_name")
_NAME_PARAMS = ("index_name", "constraint_name")
_COLUMN_LIST_PARAMS = ("columns", "local_cols")


def operation_fields(
    kind: str,
    args: dict[str, Any],
    scope: OperationScope,
    batch: tuple[str | None, str | None] | None,
) -> dict[str, Any]:
    """The fields of an :class:`Operation` of ``kind`` from its bound arguments."""
    fields: dict[str, Any] = {}
    dynamic: list[str] = []
    signature_params = {p.lstrip("*") for p in (BATCH_SIGNATURES if batch else OP_SIGNATURES)[kind]}

    unpacked = UNPACKED in args

    def literal(param: str, field: str, *, required: bool = False) -> None:
        if param not in args and unpacked and (required or param in signature_params):
            dynamic.append(field)  # possibly passed in *args/**kwargs: unknown, not None
            return
        value, is_dynamic = resolve(args.get(param), scope.strings)
        if is_dynamic and (param in args or required):
            dynamic.append(field)
        elif value is not None:
            fields[field] = value

    if batch is not None:
        table, schema = batch
        if table is None:
            dynamic.append("table")
        fields.update(table=table, schema=schema)
    else:
        param = next((p for p in _TABLE_PARAMS if p in args), None)
        if param is not None:
            literal(param, "table", required=True)
        literal("schema", "schema")
    literal("column_name", "column")
    for param in _NAME_PARAMS:
        if param in args or (unpacked and param in signature_params):
            literal(param, "name")
    literal("new_column_name", "new_name")
    literal("new_table_name", "new_name")
    literal("referent_table", "referent_table")
    for param in _COLUMN_LIST_PARAMS:
        if param in args:
            columns = _string_list(args[param], scope)
            if columns is None:
                dynamic.append("columns")
            else:
                fields["columns"] = columns

    if "column" in args:
        definition, name_dynamic = column_def(args["column"], scope.parsed, scope.strings)
        if definition is None or name_dynamic:
            dynamic.append("column")
        if definition is not None:
            fields["column_def"] = definition
            if definition.name is not None:
                fields["column"] = definition.name
    if kind == "create_table":
        definitions = [
            column_def(node, scope.parsed, scope.strings) for node in args.get("columns", [])
        ]
        fields["table_columns"] = tuple(d for d, _ in definitions if d is not None)
        if any(d is not None and dyn for d, dyn in definitions):
            dynamic.append("column")
    if kind == "drop_constraint":
        literal("type_", "constraint_type")
    else:
        for param, field in (("type_", "type"), ("existing_type", "existing_type")):
            if args.get(param) is not None:
                fields[field] = type_ref(args[param])
    if "nullable" in args:
        fields["nullable"] = bool_literal(args["nullable"])
    if "server_default" in args:
        fields["server_default"] = scope.parsed.code(args["server_default"])
    if kind == "execute":
        _sql_fields(args.get("sqltext"), scope, fields)
    if kind == "bulk_insert":
        fields.update(_table_object(args.get("table"), scope, dynamic))
    fields["dynamic"] = tuple(dynamic)
    return fields


def _string_list(node: Any, scope: OperationScope) -> tuple[str, ...] | None:
    if isinstance(node, (cst.List, cst.Tuple)):
        values = [resolve(element.value, scope.strings) for element in node.elements]
        if all(value is not None and not dynamic for value, dynamic in values):
            return tuple(value for value, _ in values if value is not None)
        return None
    value, dynamic = resolve(node, scope.strings)
    return (value,) if value is not None and not dynamic else None


def _sql_fields(node: Any, scope: OperationScope, fields: dict[str, Any]) -> None:
    """Literal SQL (a string or ``sa.text("...")``), or the table of ``t.update()...``."""
    if node is None:
        return
    text = string_literal(node)
    if (
        text is None
        and isinstance(node, cst.Call)
        and callee_name(node.func) == "text"
        and node.args
    ):
        text = string_literal(node.args[0].value)
    if text is None and isinstance(node, cst.Name) and node.value in scope.strings:
        text = scope.strings[node.value]
    if text is not None:
        fields["sql"] = text
        return
    root = node
    while isinstance(root, (cst.Call, cst.Attribute)):
        root = root.func if isinstance(root, cst.Call) else root.value
    if isinstance(root, cst.Name) and root.value in scope.tables:
        fields["table"] = scope.tables[root.value]


def _table_object(node: Any, scope: OperationScope, dynamic: list[str]) -> dict[str, Any]:
    if isinstance(node, cst.Name) and node.value in scope.tables:
        return {"table": scope.tables[node.value]}
    if isinstance(node, cst.Call) and callee_name(node.func) in ("table", "Table") and node.args:
        name = string_literal(node.args[0].value)
        if name is not None:
            return {"table": name}
    dynamic.append("table")
    return {}
