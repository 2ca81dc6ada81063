"""The rule registry: every rule class, in code order."""

from __future__ import annotations

from .add_not_null_without_default import AddNotNullWithoutDefault
from .base import Example, Rule
from .branch_label import BranchLabel
from .branch_mismatch import BranchMismatch
from .downgrade_not_inverse import DowngradeNotInverse
from .drop_column import DropColumn
from .drop_table import DropTable
from .drop_then_readd_column import DropThenReaddColumn
from .drop_then_recreate_table import DropThenRecreateTable
from .duplicate_revision import DuplicateRevision
from .empty_downgrade import EmptyDowngrade
from .invalid_suppression import InvalidSuppressionCode
from .model_drift import ModelDrift
from .multiple_heads import MultipleHeads
from .raw_sql_destructive import RawSqlDestructive
from .readd_across_revisions import ReaddAcrossRevisions
from .relationship_pseudo_column import RelationshipPseudoColumn
from .rename_as_drop_add import RenameAsDropAdd
from .revision_cycle import RevisionCycle
from .revision_metadata_mismatch import RevisionMetadataMismatch
from .suppression_without_reason import SuppressionWithoutReason
from .syntax_error import SyntaxErrorRule
from .type_narrowing import TypeNarrowing
from .unknown_object import UnknownObject
from .unknown_revision import UnknownRevision
from .unnamed_constraint import UnnamedConstraint
from .unused_suppression import UnusedSuppression
from .wrong_plugin import WrongPlugin

ALL_RULES: tuple[type[Rule], ...] = (
    SyntaxErrorRule,
    DropThenReaddColumn,
    DropThenRecreateTable,
    RenameAsDropAdd,
    ReaddAcrossRevisions,
    DropColumn,
    DropTable,
    AddNotNullWithoutDefault,
    TypeNarrowing,
    UnknownObject,
    RelationshipPseudoColumn,
    WrongPlugin,
    ModelDrift,
    MultipleHeads,
    BranchMismatch,
    UnknownRevision,
    DuplicateRevision,
    BranchLabel,
    RevisionMetadataMismatch,
    RevisionCycle,
    DowngradeNotInverse,
    EmptyDowngrade,
    UnnamedConstraint,
    RawSqlDestructive,
    SuppressionWithoutReason,
    UnusedSuppression,
    InvalidSuppressionCode,
)
RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Example", "Rule"]
