"""Building the text of safe fixes from facts (rules describe fixes; the fixer applies them)."""

from __future__ import annotations

from ..diagnostics import Edit, Fix
from ..facts import Operation


def fixable(*operations: Operation) -> bool:
    """Written directly in upgrade()/downgrade(): not through a helper, in a loop, or dynamic."""
    return all(not op.via and not op.in_loop and not op.dynamic for op in operations)


def alter_column(like: Operation, column: str, **keywords: str) -> str:
    """An ``alter_column`` call written the way ``like`` is (``op.`` or ``batch_op.``)."""
    arguments = [repr(column)] if like.batch else [repr(like.table), repr(column)]
    if like.schema and not like.batch:
        keywords = {**keywords, "schema": repr(like.schema)}
    arguments += [f"{name}={value}" for name, value in keywords.items()]
    return f"{like.receiver}.alter_column({', '.join(arguments)})"


def replace_pair(description: str, replaced: Operation, removed: Operation, call: str) -> Fix:
    """Replace one operation by ``call`` and remove the other one's statement."""
    return Fix(description, (Edit(replaced.span, call), Edit(removed.span, None)))
