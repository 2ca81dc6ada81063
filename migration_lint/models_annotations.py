"""Reading type annotations of model attributes: ``Mapped[...]``, ``Optional``, SQLModel.

Heuristics, kept simple on purpose: ``x: Mapped[T]`` without a value is a column unless
``T`` is a collection or a quoted class name (``"B"``, ``Optional["B"]``), which need
``relationship()``.
"""

from __future__ import annotations

import re

import libcst as cst

from .cst_values import dotted_name, last_name, string_literal

Expr = cst.BaseExpression
_COLLECTIONS = frozenset({"list", "List", "set", "Set", "frozenset", "FrozenSet", "Collection"})
_SCALARS = frozenset({"Any", "Decimal", "UUID", "JSON", "Enum", "Text", "Optional", "None"})
_CLASS_PATH = re.compile(r"[A-Za-z_][\w.]*")


def unquote(node: Expr) -> Expr:
    """The expression inside a quoted annotation (``"Other | None"``), else ``node``."""
    text = string_literal(node)
    if text is None:
        return node
    try:
        return cst.parse_expression(text.strip())
    except cst.ParserSyntaxError:
        return node


def subscript(node: Expr) -> tuple[str, list[Expr]] | None:
    """(last name component, index expressions) of ``Name[...]``; None otherwise."""
    if not isinstance(node, cst.Subscript):
        return None
    items = [el.slice.value for el in node.slice if isinstance(el.slice, cst.Index)]
    return last_name(dotted_name(node.value) or ""), items


def union_members(node: Expr) -> list[Expr] | None:
    """Members of ``A | B``, ``Union[A, B]`` or ``Optional[A]``; None for other nodes."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return [
            *(union_members(node.left) or [node.left]),
            *(union_members(node.right) or [node.right]),
        ]
    parts = subscript(node)
    if parts and parts[0] == "Optional":
        return [*parts[1], cst.Name("None")]
    return parts[1] if parts and parts[0] == "Union" else None


def is_optional(node: Expr) -> bool:
    """``Optional[T]``, ``T | None``, ``Union[T, None]``, quoted or not."""
    members = union_members(unquote(node))
    return members is not None and any(dotted_name(member) == "None" for member in members)


def outer_name(annotation: Expr | None) -> str | None:
    """``Mapped`` for ``Mapped[int]`` (quoted too), ``ClassVar`` for ``ClassVar[...]``."""
    parts = subscript(unquote(annotation)) if annotation is not None else None
    return parts[0] if parts else None


def mapped_inner(annotation: Expr | None) -> Expr | None:
    """``T`` for ``Mapped[T]``, else None."""
    parts = subscript(unquote(annotation)) if annotation is not None else None
    return parts[1][0] if parts and parts[0] == "Mapped" and parts[1] else None


def needs_relationship(node: Expr, quoted: bool = False) -> bool:
    """Whether an attribute annotated ``node`` can only be mapped by ``relationship()``."""
    inner = unquote(node)
    quoted = quoted or inner is not node
    members = union_members(inner)
    if members is not None:
        return any(needs_relationship(m, quoted) for m in members)  # None: a scalar
    parts = subscript(inner)
    if parts is not None:
        return parts[0] in _COLLECTIONS
    name = last_name(dotted_name(inner) or "")
    return quoted and name[:1].isupper() and name not in _SCALARS


def class_ref(node: cst.CSTNode | None) -> str | None:
    """Class name from ``"pkg.Group"``, ``Group`` or ``models.Group``."""
    text = string_literal(node)
    if text is not None:
        return last_name(text.strip()) if _CLASS_PATH.fullmatch(text.strip()) else None
    name = dotted_name(node)
    return last_name(name) if name else None


def annotation_target(node: Expr | None) -> str | None:
    """Relationship target from ``Mapped[list["B"]]``, ``Optional["B"]``, ``"B"``..."""
    if node is None:
        return None
    node = unquote(node)
    members = union_members(node)
    if members is not None:
        others = [m for m in members if dotted_name(m) != "None"]
        return annotation_target(others[0]) if len(others) == 1 else None
    parts = subscript(node)
    if parts is not None:
        return annotation_target(parts[1][-1]) if parts[1] else None
    return class_ref(node)
