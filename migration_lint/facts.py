"""Facts: what the parser and the models reader extract, and all that rules may read.

Everything here is plain data (frozen dataclasses of str/int/bool/tuples), so it can be
cached, compared in tests and handed between processes.  Nothing here imports libcst,
alembic or SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

UPGRADE = "upgrade"
DOWNGRADE = "downgrade"


@dataclass(frozen=True, slots=True)
class Span:
    """A source range: 1-based lines and columns; ``end_col`` is just past the last character."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A SQL type as written in the source, e.g. ``sa.String(length=20)``.

    ``name`` is the last dotted component (``String``); ``args`` are the positional and
    ``kwargs`` the keyword arguments, as source text on one line (the migration parser and
    the models reader write them the same way).  Normalisation (``VARCHAR`` ~ ``String``)
    lives in :mod:`migration_lint.types`.
    """

    text: str
    name: str
    args: tuple[str, ...] = ()
    kwargs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """A ``sa.Column(...)`` written inside ``add_column`` or ``create_table``."""

    name: str | None
    type: TypeRef | None
    nullable: bool | None = None
    server_default: str | None = None
    primary_key: bool = False
    foreign_key: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class BranchArm:
    """Arm ``arm`` of conditional ``point`` (point numbers are unique within one function walk)."""

    point: int
    arm: int


@dataclass(frozen=True, slots=True)
class Operation:
    """One migration operation (``op.X(...)`` or ``batch_op.X(...)``) in source order.

    Fields that do not apply to the operation's kind stay ``None``/empty.  ``dynamic``
    names the fields whose value in the source is not a literal (``"table"``,
    ``"column"``, ``"name"`` ...); those fields are recorded as ``None``, never guessed.
    ``in_loop`` marks operations inside a ``for``/``while`` loop or a comprehension and
    ``via`` the helper functions (of the same module) through which it was reached.
    """

    kind: str
    span: Span
    table: str | None = None
    column: str | None = None
    columns: tuple[str, ...] = ()
    schema: str | None = None
    name: str | None = None
    new_name: str | None = None
    column_def: ColumnDef | None = None
    table_columns: tuple[ColumnDef, ...] = ()
    type: TypeRef | None = None
    existing_type: TypeRef | None = None
    nullable: bool | None = None
    server_default: str | None = None
    referent_table: str | None = None
    constraint_type: str | None = None
    sql: str | None = None
    batch: bool = False
    dynamic: tuple[str, ...] = ()
    in_loop: bool = False
    branch: tuple[BranchArm, ...] = ()
    via: tuple[str, ...] = ()
    receiver: str = "op"  # how the call is written: "op", "batch_op", "alembic.op", ...

    def exclusive_with(self, other: Operation) -> bool:
        """True when the two operations sit on different arms of the same conditional."""
        mine = {arm.point: arm.arm for arm in self.branch}
        return any(mine.get(arm.point, arm.arm) != arm.arm for arm in other.branch)

    @property
    def target_unknown(self) -> bool:
        """True when the table or column the operation works on is not known literally."""
        return "table" in self.dynamic or "column" in self.dynamic

    @property
    def column_name(self) -> str | None:
        """The column the operation adds, drops or alters."""
        if self.column_def is not None:
            return self.column_def.name
        return self.column


@dataclass(frozen=True, slots=True)
class FunctionFacts:
    """``upgrade()`` or ``downgrade()``: its operations and the shape of its body."""

    name: str
    span: Span
    operations: tuple[Operation, ...] = ()
    is_empty: bool = False  # only ``pass``, a docstring or ``...``
    only_raises: bool = False  # the whole body is a ``raise``


@dataclass(frozen=True, slots=True)
class Suppression:
    """A ``# migration-lint: ignore[...]`` (or ``ignore-file[...]``) comment.

    ``target_line`` is the line of code it applies to: its own line for a trailing
    comment, the next line of code for a comment on a line of its own.
    """

    span: Span
    file_level: bool
    codes: tuple[str, ...]
    reason: str
    has_brackets: bool = True
    target_line: int = 0
    own_line: bool = False


@dataclass(frozen=True, slots=True)
class ParseError:
    """Why a file could not be read as Python; reported as ML001."""

    message: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True, slots=True)
class RevisionScript:
    """Everything the linter knows about one revision file.

    ``down_revisions``/``branch_labels``/``depends_on`` are normalised to tuples.
    ``dynamic_variables`` names the revision variables whose value is not a literal.
    ``plugin`` is assigned by the project loader (the parser does not know it).
    """

    path: str
    revision: str | None = None
    down_revisions: tuple[str, ...] = ()
    branch_labels: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    variable_spans: tuple[tuple[str, Span], ...] = ()
    dynamic_variables: tuple[str, ...] = ()
    doc_revision_id: str | None = None
    doc_revises: str | None = None
    message: str | None = None
    upgrade: FunctionFacts | None = None
    downgrade: FunctionFacts | None = None
    error: ParseError | None = None
    plugin: str | None = None
    suppressions: tuple[Suppression, ...] = ()

    def function(self, direction: str) -> FunctionFacts | None:
        return self.upgrade if direction == UPGRADE else self.downgrade

    def operations(self, direction: str) -> tuple[Operation, ...]:
        facts = self.function(direction)
        return facts.operations if facts is not None else ()

    def span_of(self, variable: str) -> Span | None:
        return dict(self.variable_spans).get(variable)


@dataclass(frozen=True, slots=True)
class ModelColumn:
    """A mapped column: attribute name, database column name, type as written."""

    attribute: str
    name: str
    type: TypeRef | None = None
    nullable: bool | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ModelRelationship:
    """A ``relationship()`` attribute, or the attribute a ``backref`` creates on its target."""

    attribute: str
    target: str | None = None  # target class name when literal
    backref: str | None = None  # name of the attribute created on the target
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class ModelClass:
    """A class in a models file, as written (inheritance and mixins are resolved later)."""

    name: str
    path: str
    span: Span
    bases: tuple[str, ...] = ()
    tablename: str | None = None  # literal ``__tablename__``
    abstract: bool = False
    mixin_target: str | None = None  # set when decorated with a mixin decorator
    sqlmodel_table: bool = False  # ``class X(SQLModel, table=True)``
    columns: tuple[ModelColumn, ...] = ()
    relationships: tuple[ModelRelationship, ...] = ()


@dataclass(frozen=True, slots=True)
class ModelTable:
    """A ``Table("name", metadata, Column(...))`` declaration."""

    name: str
    path: str
    span: Span
    columns: tuple[ModelColumn, ...] = ()


@dataclass(frozen=True, slots=True)
class ModelsFile:
    """Facts from one models file."""

    path: str
    classes: tuple[ModelClass, ...] = ()
    tables: tuple[ModelTable, ...] = ()
    error: ParseError | None = None
    suppressions: tuple[Suppression, ...] = ()


@dataclass(slots=True)
class TableModel:
    """A table as the models describe it today, after inheritance, mixins and backrefs."""

    name: str
    plugin: str
    class_name: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # column name -> owning plugin
    column_types: dict[str, TypeRef | None] = field(default_factory=dict)
    relationships: dict[str, str] = field(default_factory=dict)  # attribute -> declaring plugin
