"""Positional parameters of Alembic's operations, so arguments can be bound by name.

Mirrors ``alembic.operations.Operations`` (``op.X``) and ``BatchOperations``
(``batch_op.X``, where the table comes from ``batch_alter_table``).  A leading ``*``
marks a parameter that takes the remaining positional arguments.
"""

from __future__ import annotations

from typing import Any

OP_SIGNATURES: dict[str, tuple[str, ...]] = {
    "add_column": ("table_name", "column"),
    "drop_column": ("table_name", "column_name"),
    "alter_column": ("table_name", "column_name"),
    "create_table": ("table_name", "*columns"),
    "drop_table": ("table_name",),
    "rename_table": ("old_table_name", "new_table_name"),
    "create_index": ("index_name", "table_name", "columns"),
    "drop_index": ("index_name", "table_name"),
    "create_unique_constraint": ("constraint_name", "table_name", "columns"),
    "create_primary_key": ("constraint_name", "table_name", "columns"),
    "create_foreign_key": (
        "constraint_name",
        "source_table",
        "referent_table",
        "local_cols",
        "remote_cols",
    ),
    "create_check_constraint": ("constraint_name", "table_name", "condition"),
    "create_exclude_constraint": ("constraint_name", "table_name", "*elements"),
    "drop_constraint": ("constraint_name", "table_name", "type_"),
    "create_table_comment": ("table_name", "comment"),
    "drop_table_comment": ("table_name",),
    "execute": ("sqltext",),
    "bulk_insert": ("table", "rows"),
}

BATCH_SIGNATURES: dict[str, tuple[str, ...]] = {
    "add_column": ("column",),
    "drop_column": ("column_name",),
    "alter_column": ("column_name",),
    "create_index": ("index_name", "columns"),
    "drop_index": ("index_name",),
    "create_unique_constraint": ("constraint_name", "columns"),
    "create_primary_key": ("constraint_name", "columns"),
    "create_foreign_key": ("constraint_name", "referent_table", "local_cols", "remote_cols"),
    "create_check_constraint": ("constraint_name", "condition"),
    "create_exclude_constraint": ("constraint_name", "*elements"),
    "drop_constraint": ("constraint_name", "type_"),
    "create_table_comment": ("comment",),
    "drop_table_comment": (),
}

UNPACKED = "*unpacked"

# Operations that change the schema of the table they name (as opposed to data or SQL).
SCHEMA_KINDS = frozenset(OP_SIGNATURES) - {"execute", "bulk_insert"}


def bind_arguments(signature: tuple[str, ...], call: Any) -> dict[str, Any]:
    """Map a libcst ``Call``'s arguments to parameter names (values are expression nodes).

    A ``*param`` collects the remaining positional arguments as a list.  ``*args``/
    ``**kwargs`` unpacking in the call is ignored: what it binds is not known statically.
    """
    bound: dict[str, Any] = {}
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    for index, param in enumerate(signature):
        if param.startswith("*"):
            bound[param[1:]] = positional[index:]
            break
        if index < len(positional):
            bound[param] = positional[index]
    for arg in call.args:
        if arg.keyword is not None:
            bound[arg.keyword.value] = arg.value
    if any(arg.star for arg in call.args):
        bound[UNPACKED] = True  # parameters not bound here may be in the unpacked arguments
    return bound
