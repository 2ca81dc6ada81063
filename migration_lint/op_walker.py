"""Walk ``upgrade()``/``downgrade()`` with libcst and record their operations in order.

Only statements are walked (not every node), following the helper functions of the same
module that the bodies call.  Conditionals become branch points so that rules can tell
operations on different arms of an ``if is_sqlite: ... else: ...`` apart.  Names that
are not literals are recorded as dynamic, never guessed; the only names resolved are
those bound to a string literal in straight-line code (or passed as a literal argument
to a helper) and ``table("x", ...)`` objects.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import libcst as cst

from .ast_positions import AstCounterpart, SpanSource, pair_statements
from .cst_values import (
    ParsedFunction,
    body_statements,
    bound_names,
    dotted_name,
    is_connection,
    is_noop,
    is_op,
    is_raise,
    op_method,
    resolve,
    string_literal,
    table_factory,
)
from .facts import BranchArm, FunctionFacts, Operation, ParseError
from .op_fields import operation_fields
from .signatures import BATCH_SIGNATURES, OP_SIGNATURES, bind_arguments

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)


@dataclass(frozen=True, slots=True)
class FunctionSource:
    """The text of one top-level function, the file line it starts on, and its ``ast`` node."""

    first_line: int
    text: str
    twin: ast.FunctionDef | ast.AsyncFunctionDef | None = None


@dataclass(slots=True)
class _Scope:
    """What is known about names while walking one function body."""

    parsed: ParsedFunction
    strings: dict[str, str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)
    batches: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    connections: set[str] = field(default_factory=set)
    branch: tuple[BranchArm, ...] = ()
    in_loop: bool = False
    via: tuple[str, ...] = ()

    def fork(self, arm: BranchArm | None = None, *, loop: bool = False) -> _Scope:
        return replace(
            self,
            strings=dict(self.strings),
            tables=dict(self.tables),
            batches=dict(self.batches),
            connections=set(self.connections),
            branch=(*self.branch, arm) if arm is not None else self.branch,
            in_loop=self.in_loop or loop,
        )

    def join(self, arms: Sequence[_Scope]) -> None:
        """After a compound statement keep only what every arm still agrees on."""
        for attr in ("strings", "tables", "batches"):
            mine: dict = getattr(self, attr)
            for key in [
                k for k, v in mine.items() if any(getattr(a, attr).get(k) != v for a in arms)
            ]:
                del mine[key]
        self.connections &= set.intersection(*(a.connections for a in arms)) if arms else set()

    def forget(self, name: str) -> None:
        self.strings.pop(name, None)
        self.tables.pop(name, None)
        self.batches.pop(name, None)
        self.connections.discard(name)


def walk_functions(
    sources: Mapping[str, FunctionSource],
    module_tables: Mapping[str, str],
    lines: Sequence[str] = (),
    reference: bool = False,
) -> tuple[dict[str, FunctionFacts], ParseError | None]:
    """Facts for ``upgrade``/``downgrade`` in ``sources``; a libcst failure is a ParseError.

    ``lines`` are the file's lines, to turn ``ast`` byte columns into character columns.
    ``reference`` parses the whole module with libcst and takes every span from libcst's
    metadata instead: slow, and only there so tests can prove the fast path exact.
    """
    walker = _Walker(sources, module_tables, lines)
    if reference:
        walker.reference_module = cst.parse_module("".join(lines))
    try:
        return {
            name: walker.facts(name) for name in ("upgrade", "downgrade") if name in sources
        }, None
    except cst.ParserSyntaxError as exc:
        first_line = walker.failing_line
        return {}, ParseError(
            f"syntax error: {exc.message}", exc.raw_line + first_line - 1, exc.raw_column + 1
        )
    except RecursionError:
        return {}, ParseError("expression nested too deeply to parse")
    except (cst.CSTValidationError, cst.CSTLogicError) as exc:
        # found by fuzzing: libcst's node validation rejects some code that ast.parse accepts
        # (``for x in*a:``, no space after ``in``) with these instead of a syntax error
        return {}, ParseError(f"libcst cannot read this code: {exc}", walker.failing_line)


class _Walker:
    def __init__(
        self,
        sources: Mapping[str, FunctionSource],
        module_tables: Mapping[str, str],
        lines: Sequence[str],
    ):
        self.sources = sources
        self.lines = lines
        self.module_tables = dict(module_tables)
        self.parsed: dict[str, ParsedFunction] = {}
        self.operations: list[Operation] = []
        self.points = 0
        self.failing_line = 1
        self.reference_module: cst.Module | None = None

    def _parse(self, name: str) -> ParsedFunction:
        if name not in self.parsed:
            source = self.sources[name]
            self.failing_line = source.first_line
            if self.reference_module is not None:
                module, offset, pairing = self.reference_module, 0, False
                defs = [s for s in module.body if isinstance(s, cst.FunctionDef)]
                node = [d for d in defs if d.name.value == name][-1]
            else:
                module, offset, pairing = cst.parse_module(source.text), source.first_line - 1, True
                node = next(s for s in module.body if isinstance(s, cst.FunctionDef))
            spans = SpanSource(module, offset, self.lines, pairing=pairing)
            self.parsed[name] = ParsedFunction(node, source.twin, spans)
        return self.parsed[name]

    def facts(self, name: str) -> FunctionFacts:
        parsed = self._parse(name)
        self.operations, self.points = [], 0
        scope = _Scope(parsed, tables=dict(self.module_tables), via=())
        self._suite(parsed.node.body, scope, _body(parsed.twin))
        statements = body_statements(parsed.node.body)
        return FunctionFacts(
            name=name,
            span=parsed.spans.ast_span(parsed.twin) if parsed.twin else parsed.span(parsed.node),
            operations=tuple(self.operations),
            is_empty=all(is_noop(s) for s in statements),
            only_raises=len(statements) == 1 and is_raise(statements[0]),
        )

    # statements -------------------------------------------------------------------------
    def _suite(self, suite: cst.BaseSuite, scope: _Scope, twins: list[ast.stmt] | None) -> None:
        """Walk a block; ``twins`` is the same block in the ``ast`` tree (for spans)."""
        if isinstance(suite, cst.IndentedBlock):
            for statement, twin in pair_statements(suite.body, twins):
                self._statement(statement, scope, twin)
        else:
            smalls = twins if twins is not None and len(twins) == len(suite.body) else None
            for index, small in enumerate(suite.body):
                self._small(small, scope, smalls[index] if smalls else None)

    def _statement(self, node: cst.CSTNode, scope: _Scope, twin: AstCounterpart) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            twins = twin if isinstance(twin, list) else None
            for index, small in enumerate(node.body):
                self._small(small, scope, twins[index] if twins else None)
        elif isinstance(node, cst.If):
            self._if(node, scope, twin if isinstance(twin, ast.If) else None)
        elif isinstance(node, cst.With):
            self._with(node, scope, twin if isinstance(twin, ast.With) else None)
        elif isinstance(node, (cst.For, cst.While)):
            self._loop(node, scope, twin if isinstance(twin, (ast.For, ast.While)) else None)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            self._try(node, scope, twin if isinstance(twin, (ast.Try, ast.TryStar)) else None)
        elif isinstance(node, cst.Match):
            self._match(node, scope, twin if isinstance(twin, ast.Match) else None)
        # nested function and class definitions do not run where they are written

    def _small(self, node: cst.BaseSmallStatement, scope: _Scope, twin: AstCounterpart) -> None:
        if isinstance(node, cst.Assign):
            self._scan(node.value, scope, twin)
            for target in node.targets:
                self._assign(target.target, node.value, scope)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self._scan(node.value, scope, twin)
                self._assign(node.target, node.value, scope)
        elif isinstance(node, cst.AugAssign):
            self._scan(node.value, scope, twin)
            self._assign(node.target, None, scope)
        elif isinstance(node, cst.Del):
            self._assign(node.target, None, scope)
        else:
            self._scan(node, scope, twin)

    def _assign(
        self, target: cst.BaseExpression, value: cst.BaseExpression | None, scope: _Scope
    ) -> None:
        if not isinstance(target, cst.Name):
            for name in bound_names(target):
                scope.forget(name)
            return
        name = target.value
        scope.forget(name)
        if value is None:
            return
        literal = string_literal(value)
        if literal is not None:
            scope.strings[name] = literal
        elif (table := table_factory(value)) is not None:
            scope.tables[name] = table
        elif is_connection(value):
            scope.connections.add(name)

    def _if(self, node: cst.If, scope: _Scope, twin: ast.If | None) -> None:
        self._scan(node.test, scope, twin.test if twin else None)
        point = self._point()
        body, orelse = scope.fork(BranchArm(point, 0)), scope.fork(BranchArm(point, 1))
        self._suite(node.body, body, twin.body if twin else None)
        if isinstance(node.orelse, cst.If):
            nested = twin.orelse[0] if twin and len(twin.orelse) == 1 else None
            self._if(node.orelse, orelse, nested if isinstance(nested, ast.If) else None)
        elif isinstance(node.orelse, cst.Else):
            self._suite(node.orelse.body, orelse, twin.orelse if twin else None)
        scope.join([body, orelse])

    def _with(self, node: cst.With, scope: _Scope, twin: ast.With | None) -> None:
        items = twin.items if twin and len(twin.items) == len(node.items) else None
        for index, item in enumerate(node.items):
            call = item.item
            if isinstance(call, cst.Call) and op_method(call) == "batch_alter_table":
                args = bind_arguments(("table_name",), call)
                table, table_dynamic = resolve(args.get("table_name"), scope.strings)
                schema, _ = resolve(args.get("schema"), scope.strings)
                if item.asname is not None and isinstance(item.asname.name, cst.Name):
                    name = item.asname.name.value
                    scope.forget(name)
                    scope.batches[name] = (None if table_dynamic else table, schema)
            else:
                self._scan(call, scope, items[index].context_expr if items else None)
                if item.asname is not None:
                    for name in bound_names(item.asname.name):
                        scope.forget(name)
        self._suite(node.body, scope, twin.body if twin else None)

    def _loop(
        self, node: cst.For | cst.While, scope: _Scope, twin: ast.For | ast.While | None
    ) -> None:
        if isinstance(node, cst.For):
            self._scan(node.iter, scope, twin.iter if isinstance(twin, ast.For) else None)
        else:
            self._scan(node.test, scope, twin.test if isinstance(twin, ast.While) else None)
        body = scope.fork(loop=True)
        if isinstance(node, cst.For):
            for name in bound_names(node.target):
                body.forget(name)
        self._suite(node.body, body, twin.body if twin else None)
        arms = [body]
        if node.orelse is not None:
            orelse = scope.fork()
            self._suite(node.orelse.body, orelse, twin.orelse if twin else None)
            arms.append(orelse)
        scope.join(arms)

    def _try(
        self, node: cst.Try | cst.TryStar, scope: _Scope, twin: ast.Try | ast.TryStar | None
    ) -> None:
        arms = [scope.fork()]
        self._suite(node.body, arms[0], twin.body if twin else None)
        handlers = twin.handlers if twin and len(twin.handlers) == len(node.handlers) else None
        for index, handler in enumerate(node.handlers):
            arms.append(scope.fork())
            self._suite(handler.body, arms[-1], handlers[index].body if handlers else None)
        for extra, twin_body in (
            (node.orelse, twin.orelse if twin else None),
            (node.finalbody, twin.finalbody if twin else None),
        ):
            if extra is not None:
                arms.append(scope.fork())
                self._suite(extra.body, arms[-1], twin_body)
        scope.join(arms)

    def _match(self, node: cst.Match, scope: _Scope, twin: ast.Match | None) -> None:
        self._scan(node.subject, scope, twin.subject if twin else None)
        point = self._point()
        cases = twin.cases if twin and len(twin.cases) == len(node.cases) else None
        arms = [scope.fork(BranchArm(point, index)) for index in range(len(node.cases))]
        for index, (case, arm) in enumerate(zip(node.cases, arms, strict=True)):
            self._suite(case.body, arm, cases[index].body if cases else None)
        scope.join(arms)

    def _point(self) -> int:
        self.points += 1
        return self.points

    # expressions ------------------------------------------------------------------------
    def _scan(self, node: cst.CSTNode, scope: _Scope, twin: AstCounterpart) -> None:
        """Find the operation calls in an expression, in source order.

        ``twin`` is the ``ast`` statement or expression holding the same code (for spans).
        """
        stack: list[tuple[cst.CSTNode, _Scope]] = [(node, scope)]
        while stack:
            current, where = stack.pop()
            if isinstance(current, cst.Call) and self._call(current, where, twin):
                continue
            if isinstance(current, (cst.Lambda, cst.FunctionDef, cst.ClassDef)):
                continue
            if isinstance(current, _COMPREHENSIONS):
                where = where.fork(loop=True)
            stack.extend((child, where) for child in reversed(current.children))

    def _call(self, call: cst.Call, scope: _Scope, twin: AstCounterpart) -> bool:
        """Record ``call`` if it is an operation or follow it if it calls a helper."""
        func = call.func
        if isinstance(func, cst.Attribute):
            method, receiver = func.attr.value, func.value
            if is_op(receiver):
                if method in OP_SIGNATURES:
                    self._record(method, call, scope, None, twin)
                    return True
                return False
            if isinstance(receiver, cst.Name) and method in BATCH_SIGNATURES:
                if receiver.value in scope.batches:
                    self._record(method, call, scope, scope.batches[receiver.value], twin)
                    return True
                if "batch" in receiver.value and receiver.value not in scope.strings:
                    self._record(method, call, scope, (None, None), twin)
                    return True
            if method == "execute" and (
                (isinstance(receiver, cst.Name) and receiver.value in scope.connections)
                or is_connection(receiver)
            ):
                self._record("execute", call, scope, None, twin)
                return True
        elif isinstance(func, cst.Name) and func.value in self.sources:
            name = func.value
            if name in scope.via or name == self._current(scope):
                return False
            for arg in call.args:
                self._scan(arg.value, scope, twin)
            self._follow(name, call, scope)
            return True
        return False

    def _current(self, scope: _Scope) -> str:
        return scope.parsed.node.name.value

    def _follow(self, name: str, call: cst.Call, scope: _Scope) -> None:
        """Walk a helper function's body with its literal arguments bound."""
        parsed = self._parse(name)
        inner = _Scope(
            parsed,
            tables=dict(self.module_tables),
            branch=scope.branch,
            in_loop=scope.in_loop,
            via=(*scope.via, name),
        )
        params = [p.name.value for p in parsed.node.params.params]
        for param, value in bind_arguments(tuple(params), call).items():
            if isinstance(value, cst.BaseExpression):
                literal, dynamic = resolve(value, scope.strings)
                if literal is not None and not dynamic:
                    inner.strings[param] = literal
                elif isinstance(value, cst.Name) and value.value in scope.tables:
                    inner.tables[param] = scope.tables[value.value]
                elif isinstance(value, cst.Name) and value.value in scope.batches:
                    inner.batches[param] = scope.batches[value.value]
        self._suite(parsed.node.body, inner, _body(parsed.twin))

    def _record(
        self,
        kind: str,
        call: cst.Call,
        scope: _Scope,
        batch: tuple[str | None, str | None] | None,
        twin: AstCounterpart,
    ) -> None:
        scope.parsed.spans.pair_call(call, twin)
        signature = (BATCH_SIGNATURES if batch is not None else OP_SIGNATURES)[kind]
        fields = operation_fields(kind, bind_arguments(signature, call), scope, batch)
        self.operations.append(
            Operation(
                kind=kind,
                span=scope.parsed.span(call),
                receiver=_receiver(call),
                batch=batch is not None,
                in_loop=scope.in_loop,
                branch=scope.branch,
                via=scope.via,
                **fields,
            )
        )


def _body(twin: ast.FunctionDef | ast.AsyncFunctionDef | None) -> list[ast.stmt] | None:
    return twin.body if twin is not None else None


def _receiver(call: cst.Call) -> str:
    func = call.func
    if isinstance(func, cst.Attribute):
        return dotted_name(func.value) or "op"
    return "op"
