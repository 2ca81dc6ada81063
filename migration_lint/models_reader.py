"""Read SQLAlchemy / SQLModel models files statically, with libcst (never imported).

Only what is written literally is recorded; :mod:`migration_lint.model_index` resolves
inheritance, mixins and backrefs.  Heuristics, kept simple on purpose:
``x: Mapped[T]`` without a value is a column unless ``T`` is a collection or a quoted class
name (``"B"``, ``Optional["B"]``), which need ``relationship()``.  Other annotated
attributes are fields only in SQLModel-like classes (``table=True``, a ``SQLModel`` base,
or a non-trivial base in a file importing sqlmodel).  ``nullable`` is the literal
``nullable=``; else False for primary keys; else, for ``mapped_column``, bare ``Mapped``
and SQLModel fields, what the annotation implies (``Optional``), as SQLAlchemy 2 and
SQLModel do; else None.  Types are recorded only when written as SQL types.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace

import libcst as cst

from .ast_positions import SpanSource, pair_statement_spans
from .config import DEFAULT_MIXIN_DECORATORS
from .cst_values import (
    NOT_A_TYPE,
    bool_literal,
    dotted_name,
    last_name,
    node_code,
    string_literal,
    type_ref,
)
from .facts import (
    ModelClass,
    ModelColumn,
    ModelRelationship,
    ModelsFile,
    ModelTable,
    ParseError,
    Span,
    TypeRef,
)
from .models_annotations import (
    annotation_target,
    class_ref,
    is_optional,
    mapped_inner,
    needs_relationship,
    outer_name,
)
from .parser import _short_reason, read_source, split_lines
from .parser import _syntax_error as _ast_syntax_error
from .suppressions import scan_suppressions

_RELATIONSHIPS = frozenset({"relationship", "relation", "Relationship", "dynamic_loader"})
_IGNORED = frozenset(
    {
        "column_property",
        "hybrid_property",
        "synonym",
        "association_proxy",
        "composite",
        "query_expression",
        "declared_attr",
    }
)
_NEVER_COLUMNS = frozenset({"ClassVar", "WriteOnlyMapped", "DynamicMapped"})
_PLAIN_BASES = frozenset(
    {
        "object",
        "str",
        "int",
        "Enum",
        "IntEnum",
        "StrEnum",
        "BaseModel",
        "BaseSettings",
        "TypedDict",
        "NamedTuple",
        "Protocol",
        "Exception",
    }
)
Expr = cst.BaseExpression


def read_models_file(
    path: str, mixin_decorators: tuple[str, ...] = DEFAULT_MIXIN_DECORATORS
) -> ModelsFile:
    """Read one models file; problems become ``ModelsFile.error`` so linting goes on."""
    source, error = read_source(path)
    if source is None:
        return ModelsFile(path, error=error)
    return read_models_source(path, source, mixin_decorators)


def read_models_source(
    path: str, source: str, mixin_decorators: tuple[str, ...] = DEFAULT_MIXIN_DECORATORS
) -> ModelsFile:
    """Extract classes and ``Table(...)`` declarations from models source text."""
    # ast first (C, with CPython's own limits), as for revisions: what the interpreter
    # rejects or cannot nest that deep is ML001 before libcst sees it; libcst's parser
    # crashed the whole process (SIGSEGV) on a 100,000-deep [[[...]]] and ran for minutes
    # on a 100,000-term 1+1+...
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings: not ours to print
            twins: list[ast.stmt] | None = ast.parse(source).body
    except SyntaxError as err:
        return ModelsFile(path, error=_ast_syntax_error(err, source))
    except (ValueError, RecursionError, MemoryError) as exc:
        return ModelsFile(path, error=ParseError(_short_reason(exc)))
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return ModelsFile(path, error=_syntax_error(source, exc))
    except RecursionError:
        return ModelsFile(path, error=ParseError("source is nested too deeply to parse"))
    except (cst.CSTLogicError, cst.CSTValidationError, ValueError) as exc:
        # found by fuzzing: on some code libcst's node validation raises these instead of a
        # ParserSyntaxError ('a't'b', ``for x in*a:``); a lone surrogate: UnicodeEncodeError
        return ModelsFile(path, error=_syntax_error(source, exc))
    # spans of statements come from ast (libcst's PositionProvider costs twice the parse);
    # anything unpaired falls back to it
    lines = split_lines(source)
    spans = SpanSource(module, 0, lines)
    # (found by fuzzing: libcst's grammar is newer than this Python's -- t-strings, PEP 695
    # ``type X = int``, PEP 701 f-strings -- so the ast check above makes code the
    # interpreter rejects ML001 here too, as it is in revisions)
    pair_statement_spans(module.body, twins, spans)
    facts = _FileReader(path, spans, mixin_decorators).read(module)
    return replace(facts, suppressions=scan_suppressions(source))


def _syntax_error(source: str, exc: Exception) -> ParseError:
    """Prefer CPython's message and location (clearer); fall back to libcst's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(source)  # compiles only; nothing is executed
        except SyntaxError as err:
            return ParseError(f"syntax error: {err.msg}", err.lineno or 1, err.offset or 1)
        except (ValueError, RecursionError, MemoryError):
            pass
    if not isinstance(exc, cst.ParserSyntaxError):
        return ParseError(f"libcst cannot read this code: {exc}")
    return ParseError(f"syntax error: {exc.message}", exc.raw_line, exc.raw_column + 1)


def _call(node: cst.CSTNode | None, names: Iterable[str] | None = None) -> cst.Call | None:
    """``node`` if it calls a function whose last name component is in ``names``."""
    if not isinstance(node, cst.Call):
        return None
    func = dotted_name(node.func)
    return node if names is None or (func is not None and last_name(func) in names) else None


def _positional(call: cst.Call) -> list[Expr]:
    return [arg.value for arg in call.args if arg.keyword is None and not arg.star]


def _keyword(call: cst.Call, name: str) -> Expr | None:
    return next((a.value for a in call.args if a.keyword and a.keyword.value == name), None)


def _statements(body: Iterable[cst.CSTNode]) -> Iterator[cst.CSTNode]:
    """Statements of a block, entering ``if``/``try`` (but not ``if TYPE_CHECKING:``)."""
    for stmt in body:
        if isinstance(stmt, cst.If):
            if last_name(dotted_name(stmt.test) or "") != "TYPE_CHECKING":
                yield from _suite(stmt.body)
            if stmt.orelse is not None:
                yield from _statements([stmt.orelse])
        elif isinstance(stmt, cst.Else):
            yield from _suite(stmt.body)
        elif isinstance(stmt, (cst.Try, cst.TryStar)):
            for part in (stmt, *stmt.handlers, stmt.orelse, stmt.finalbody):
                if part is not None:
                    yield from _suite(part.body)
        else:
            yield stmt


def _suite(suite: cst.BaseSuite) -> Iterator[cst.CSTNode]:
    if isinstance(suite, cst.IndentedBlock):
        yield from _statements(suite.body)
    else:
        yield suite  # a one-line suite holds small statements, like a statement line


def _small_statements(stmts: Iterable[cst.CSTNode]) -> Iterator[cst.BaseSmallStatement]:
    for stmt in stmts:
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            yield from stmt.body


def _member_parts(small: cst.BaseSmallStatement) -> tuple[str | None, Expr | None, Expr | None]:
    """(attribute name, annotation, value) of ``x = v``, ``x: T = v`` or ``x: T``."""
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        return (target.value if isinstance(target, cst.Name) else None), None, small.value
    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
        return small.target.value, small.annotation.annotation, small.value
    if isinstance(small, cst.Expr):
        return None, None, small.value
    return None, None, None


def _imports_sqlmodel(smalls: Iterable[cst.BaseSmallStatement]) -> bool:
    modules: list[str | None] = []
    for small in smalls:
        if isinstance(small, cst.Import):
            modules += [dotted_name(alias.name) for alias in small.names]
        elif isinstance(small, cst.ImportFrom):
            modules.append(dotted_name(small.module))
    return any(module and module.split(".")[0] == "sqlmodel" for module in modules)


def _table_keyword(node: cst.ClassDef) -> bool:
    """``class X(SQLModel, table=True)``."""
    return any(
        a.keyword and a.keyword.value == "table" and bool_literal(a.value) for a in node.keywords
    )


def _is_sqlmodel_like(node: cst.ClassDef, imports_sqlmodel: bool) -> bool:
    bases = [last_name(dotted_name(arg.value) or "") for arg in node.bases]
    return (
        _table_keyword(node)
        or "SQLModel" in bases
        or (imports_sqlmodel and any(base and base not in _PLAIN_BASES for base in bases))
    )


def _column_name(call: cst.Call) -> str | None:
    """Explicit database name: first positional string, or ``name=``."""
    positional = _positional(call)
    first = string_literal(positional[0]) if positional else None
    return first if first is not None else string_literal(_keyword(call, "name"))


def _column_type(call: cst.Call) -> TypeRef | None:
    for value in _positional(call):
        if string_literal(value) is None and not _call(value, NOT_A_TYPE):
            return type_ref(value)
    explicit = _keyword(call, "type_")
    return type_ref(explicit) if explicit is not None else None


def _nullable(call: cst.Call, optional_hint: Expr | None) -> bool | None:
    """Literal ``nullable=``; primary keys are NOT NULL; else what the annotation implies."""
    literal = bool_literal(_keyword(call, "nullable"))
    if literal is not None:
        return literal
    if bool_literal(_keyword(call, "primary_key")):
        return False
    return is_optional(optional_hint) if optional_hint is not None else None


def _column(attr: str, call: cst.Call, span: Span, optional_hint: Expr | None) -> ModelColumn:
    name = _column_name(call) or attr
    return ModelColumn(attr, name, _column_type(call), _nullable(call, optional_hint), span)


def _field(attr: str, call: cst.Call, annotation: Expr | None, span: Span) -> ModelColumn:
    """SQLModel ``Field(...)``, possibly wrapping ``sa_column=Column(...)``."""
    sa_column = _call(_keyword(call, "sa_column"), ("Column",))
    if sa_column is not None:
        return _column(attr, sa_column, span, None)
    sa_type = _keyword(call, "sa_type")
    column_type = type_ref(sa_type) if sa_type is not None else None
    return ModelColumn(attr, attr, column_type, _nullable(call, annotation), span)


def _backref_name(node: Expr | None) -> str | None:
    """``backref="x"`` or ``backref=backref("x", ...)``."""
    call = _call(node, ("backref",))
    if call is None:
        return string_literal(node)
    positional = _positional(call)
    return string_literal(positional[0] if positional else _keyword(call, "name"))


def _relationship(
    attr: str, call: cst.Call, annotation: Expr | None, span: Span
) -> ModelRelationship:
    positional = _positional(call)
    target = class_ref(positional[0] if positional else _keyword(call, "argument"))
    target = target or annotation_target(annotation)
    return ModelRelationship(attr, target, _backref_name(_keyword(call, "backref")), span)


class _FileReader:
    """Walks one parsed module; holds positions so the helpers stay free of plumbing."""

    def __init__(self, path: str, spans: SpanSource, mixins: tuple[str, ...]) -> None:
        self.path = path
        self.spans = spans
        self.span = spans.span
        self.mixin_names = set(mixins) | {last_name(name) for name in mixins}

    def read(self, module: cst.Module) -> ModelsFile:
        statements = list(_statements(module.body))
        sqlmodel = _imports_sqlmodel(_small_statements(statements))
        classes = tuple(
            self.read_class(stmt, _is_sqlmodel_like(stmt, sqlmodel))
            for stmt in statements
            if isinstance(stmt, cst.ClassDef)
        )
        tables = [
            self.table(_call(value, ("Table",)), small)
            for small in _small_statements(statements)
            for value in [_member_parts(small)[2]]
        ]
        return ModelsFile(self.path, classes, tuple(t for t in tables if t is not None))

    def read_class(self, node: cst.ClassDef, sqlmodel_like: bool) -> ModelClass:
        tablename: str | None = None
        abstract = False
        columns: list[ModelColumn] = []
        relationships: list[ModelRelationship] = []
        for small in _small_statements(_suite(node.body)):
            attr, annotation, value = _member_parts(small)
            if attr == "__tablename__":
                tablename = string_literal(value)
            elif attr == "__abstract__":
                abstract = bool_literal(value) is True
            elif attr == "__table__" and (table := self.table(_call(value, ("Table",)), small)):
                tablename = table.name
                columns += table.columns
            elif attr is not None and not attr.startswith("__"):
                member = self.member(attr, annotation, value, self.span(small), sqlmodel_like)
                if isinstance(member, ModelColumn):
                    columns.append(member)
                elif isinstance(member, ModelRelationship):
                    relationships.append(member)
        name = node.name.value
        return ModelClass(
            name,
            self.path,
            self.span(node),
            bases=tuple(node_code(arg.value) for arg in node.bases if not arg.star),
            tablename=tablename,
            abstract=abstract,
            mixin_target=name if self.is_mixin(node) else None,
            sqlmodel_table=_table_keyword(node),
            columns=tuple(columns),
            relationships=tuple(relationships),
        )

    def is_mixin(self, node: cst.ClassDef) -> bool:
        """Decorated with a mixin decorator, bare or called; dotted or last name matches."""
        for decorator in node.decorators:
            expr = decorator.decorator
            name = dotted_name(expr.func if isinstance(expr, cst.Call) else expr) or ""
            if name in self.mixin_names or last_name(name) in self.mixin_names:
                return True
        return False

    def member(
        self, attr: str, annotation: Expr | None, value: Expr | None, span: Span, sqlmodel: bool
    ) -> ModelColumn | ModelRelationship | None:
        """One class attribute as a column, a relationship, or nothing."""
        if (deferred := _call(value, ("deferred",))) is not None and _positional(deferred):
            value = _positional(deferred)[0]
        mapped = mapped_inner(annotation)
        if (call := _call(value, _RELATIONSHIPS)) is not None:
            return _relationship(attr, call, annotation, span)
        if (call := _call(value, ("Column",))) is not None:
            return _column(attr, call, span, None)
        if (call := _call(value, ("mapped_column",))) is not None:
            return _column(attr, call, span, mapped)
        if sqlmodel and (call := _call(value, ("Field",))) is not None:
            return _field(attr, call, annotation, span)
        if _call(value, _IGNORED) or outer_name(annotation) in _NEVER_COLUMNS:
            return None
        if mapped is not None:
            return (
                None
                if needs_relationship(mapped)
                else ModelColumn(attr, attr, None, is_optional(mapped), span)
            )
        if not sqlmodel or annotation is None or attr.startswith("_") or _call(value):
            return None
        if needs_relationship(annotation):
            return None
        return ModelColumn(attr, attr, None, is_optional(annotation), span)

    def table(self, call: cst.Call | None, statement: cst.CSTNode) -> ModelTable | None:
        """``Table("name", metadata, Column("col", ...), ...)``."""
        positional = _positional(call) if call is not None else []
        name = string_literal(positional[0]) if positional else None
        if name is None or call is None:
            return None
        self.spans.pair_call(call, self.spans.twins.get(statement))  # spans of its Column args
        columns = [
            _column(column_name, arg, self.span(arg), None)
            for arg in positional[1:]
            if _call(arg, ("Column",)) and (column_name := _column_name(arg)) is not None
        ]
        return ModelTable(name, self.path, self.span(statement), tuple(columns))
