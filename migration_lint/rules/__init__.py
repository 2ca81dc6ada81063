"""The rule registry: every rule class, in code order."""

from __future__ import annotations

from .base import Example, Rule
from .drop_then_readd_column import DropThenReaddColumn
from .drop_then_recreate_table import DropThenRecreateTable
from .relationship_pseudo_column import RelationshipPseudoColumn
from .rename_as_drop_add import RenameAsDropAdd
from .syntax_error import SyntaxErrorRule
from .wrong_plugin import WrongPlugin

ALL_RULES: tuple[type[Rule], ...] = (
    SyntaxErrorRule,
    DropThenReaddColumn,
    DropThenRecreateTable,
    RenameAsDropAdd,
    RelationshipPseudoColumn,
    WrongPlugin,
)
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Example", "Rule"]
