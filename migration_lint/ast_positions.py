"""Exact spans for libcst nodes, borrowed from the ``ast`` tree the parser already built.

libcst's ``PositionProvider`` costs about twice the parse itself; ``ast`` has exact positions
for free.  The walker pairs each libcst statement with its ``ast`` statement (bodies have the
same shape), and each recorded operation call with the ``ast`` call of the same receiver and
method, in source order, inside that statement; the call's arguments pair by position and
keyword.  Anything that cannot be paired falls back to ``PositionProvider`` for that
function, so spans are always exact (``tests/test_parser.py`` compares them with a
whole-module parse).
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .facts import Span

_SKIP = (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_COMPOUND_PAIRS: tuple[tuple[type, type], ...] = (
    (cst.If, ast.If),
    (cst.With, ast.With),
    (cst.For, ast.For),
    (cst.While, ast.While),
    (cst.Try, ast.Try),
    (cst.TryStar, ast.TryStar),
    (cst.Match, ast.Match),
    (cst.FunctionDef, (ast.FunctionDef, ast.AsyncFunctionDef)),  # type: ignore[dict-item]
    (cst.ClassDef, ast.ClassDef),
)

AstCounterpart = ast.AST | list[ast.stmt] | None


class SpanSource:
    """Spans of one function's libcst nodes: paired from ``ast``, else from libcst metadata."""

    def __init__(
        self, module: cst.Module, line_offset: int, lines: Sequence[str], pairing: bool = True
    ) -> None:
        self.module = module
        self.pairing = pairing
        self.line_offset = line_offset
        self.lines = lines
        self.known: dict[cst.CSTNode, Span] = {}
        self.twins: dict[cst.CSTNode, ast.AST] = {}  # statements paired by pair_statement_spans
        self.fallbacks = 0
        self._metadata: dict | None = None
        self._candidates: dict[int, list[ast.Call]] = {}
        self._taken: set[int] = set()

    def span(self, node: cst.CSTNode) -> Span:
        found = self.known.get(node)
        if found is not None:
            return found
        self.fallbacks += 1
        if self._metadata is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._metadata = dict(wrapper.resolve(PositionProvider))
        where = self._metadata[node]
        return Span(
            where.start.line + self.line_offset,
            where.start.column + 1,
            where.end.line + self.line_offset,
            where.end.column + 1,
        )

    def ast_span(self, node: ast.AST) -> Span:
        end_line = node.end_lineno or node.lineno  # type: ignore[attr-defined]
        return Span(
            node.lineno,  # type: ignore[attr-defined]
            self._char_col(node.lineno, node.col_offset) + 1,  # type: ignore[attr-defined]
            end_line,
            self._char_col(end_line, node.end_col_offset or 0) + 1,  # type: ignore[attr-defined]
        )

    def _char_col(self, line: int, byte_offset: int) -> int:
        """``ast`` columns count UTF-8 bytes; spans count characters."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return byte_offset
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))

    def pair_call(self, call: cst.Call, container: AstCounterpart) -> None:
        """Record the spans of ``call`` and its arguments from its twin in ``container``."""
        if call in self.known or container is None or not self.pairing:
            return
        key = _cst_call_key(call)
        if key is None:
            return
        top = _top_call(container)  # most operations are their statement's own call
        candidates = [top] if top is not None and id(top) not in self._taken else []
        for candidate in [*candidates, *self._calls_in(container)]:
            if id(candidate) in self._taken or _ast_call_key(candidate) != key:
                continue
            self._taken.add(id(candidate))
            self.known[call] = self.ast_span(candidate)
            self._pair_arguments(call, candidate)
            return

    def _calls_in(self, container: ast.AST | list[ast.stmt]) -> list[ast.Call]:
        """Calls in ``container`` in source order, not inside lambdas or nested definitions."""
        cached = self._candidates.get(id(container))
        if cached is not None:
            return cached
        found: list[ast.Call] = []
        stack: list[ast.AST] = (
            list(reversed(container)) if isinstance(container, list) else [container]
        )
        while stack:
            node = stack.pop()
            if isinstance(node, _SKIP):
                continue
            if isinstance(node, ast.Call):
                found.append(node)
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
        found.sort(key=_source_order)
        self._candidates[id(container)] = found
        return found

    def _pair_arguments(self, call: cst.Call, twin: ast.Call) -> None:
        positional = [a.value for a in call.args if a.keyword is None and not a.star]
        twins = [a for a in twin.args if not isinstance(a, ast.Starred)]
        for node, twin_arg in zip(positional, twins, strict=False):
            self.known[node] = self.ast_span(twin_arg)
        keywords = {k.arg: k.value for k in twin.keywords if k.arg is not None}
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in keywords:
                self.known[arg.value] = self.ast_span(keywords[arg.keyword.value])


def pair_statements(
    statements: Sequence[cst.CSTNode], twins: Sequence[ast.stmt] | None
) -> list[tuple[cst.CSTNode, AstCounterpart]]:
    """Each libcst statement with its ``ast`` twin (a list for ``a; b`` lines), or None."""
    if twins is None:
        return [(statement, None) for statement in statements]
    pairs: list[tuple[cst.CSTNode, AstCounterpart]] = []
    index = 0
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine):
            count = len(statement.body)
            chunk = list(twins[index : index + count])
            pairs.append((statement, chunk if len(chunk) == count else None))
            index += count
            continue
        twin = twins[index] if index < len(twins) else None
        expected = next((a for c, a in _COMPOUND_PAIRS if isinstance(statement, c)), None)
        if twin is None or expected is None or not isinstance(twin, expected):
            return [*pairs, *((s, None) for s in statements[len(pairs) :])]
        pairs.append((statement, twin))
        index += 1
    return pairs


def pair_statement_spans(
    statements: Sequence[cst.CSTNode], twins: Sequence[ast.stmt] | None, spans: SpanSource
) -> None:
    """Record the spans of every statement (and small statement) in a block, recursively."""
    for statement, twin in pair_statements(statements, twins):
        if twin is None:
            continue
        if isinstance(statement, cst.SimpleStatementLine) and isinstance(twin, list):
            for small, small_twin in zip(statement.body, twin, strict=True):
                spans.known[small] = spans.ast_span(small_twin)
                spans.twins[small] = small_twin
            continue
        assert not isinstance(twin, list)
        spans.known[statement] = spans.ast_span(twin)
        for block, twin_block in _blocks(statement, twin):
            if isinstance(block, cst.IndentedBlock):
                pair_statement_spans(block.body, twin_block, spans)


def _blocks(
    statement: cst.CSTNode, twin: ast.AST
) -> list[tuple[cst.BaseSuite, list[ast.stmt] | None]]:
    """The nested blocks of a compound statement with their ``ast`` twins."""
    if isinstance(statement, (cst.ClassDef, cst.FunctionDef, cst.With)):
        return [(statement.body, getattr(twin, "body", None))]
    if isinstance(statement, cst.If) and isinstance(twin, ast.If):
        blocks = [(statement.body, twin.body)]
        orelse = statement.orelse
        if isinstance(orelse, cst.Else):
            blocks.append((orelse.body, twin.orelse))
        elif isinstance(orelse, cst.If):
            pair_if = [(orelse, twin.orelse[0])] if len(twin.orelse) == 1 else []
            blocks += [b for o, t in pair_if for b in _blocks(o, t)]
        return blocks
    if isinstance(statement, (cst.For, cst.While)) and isinstance(twin, (ast.For, ast.While)):
        blocks = [(statement.body, twin.body)]
        if statement.orelse is not None:
            blocks.append((statement.orelse.body, twin.orelse))
        return blocks
    if isinstance(statement, (cst.Try, cst.TryStar)) and isinstance(twin, (ast.Try, ast.TryStar)):
        blocks = [(statement.body, twin.body)]
        if len(statement.handlers) == len(twin.handlers):
            blocks += [
                (h.body, t.body) for h, t in zip(statement.handlers, twin.handlers, strict=True)
            ]
        for extra, twin_body in (
            (statement.orelse, twin.orelse),
            (statement.finalbody, twin.finalbody),
        ):
            if extra is not None:
                blocks.append((extra.body, twin_body))
        return blocks
    return []


def _top_call(container: AstCounterpart) -> ast.Call | None:
    """The call a one-statement container consists of (``op.x(...)``, ``x = op.y(...)``)."""
    node = container[0] if isinstance(container, list) and len(container) == 1 else container
    if isinstance(node, (ast.Expr, ast.Assign, ast.AnnAssign, ast.Return)):
        node = node.value
    return node if isinstance(node, ast.Call) else None


def _source_order(node: ast.Call) -> tuple[int, int, int, int]:
    # an outer call starts where its callee's inner call starts; the outer one comes first
    return (node.lineno, node.col_offset, -(node.end_lineno or 0), -(node.end_col_offset or 0))


def _cst_dotted(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = _cst_dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    if isinstance(node, cst.Call):
        base = _cst_dotted(node.func)
        return f"{base}()" if base else None
    return None


def _ast_dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _ast_dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Call):
        base = _ast_dotted(node.func)
        return f"{base}()" if base else None
    return None


def _cst_call_key(call: cst.Call) -> tuple[str, int, tuple[str, ...]] | None:
    callee = _cst_dotted(call.func)
    if callee is None:
        return None
    positional = sum(1 for a in call.args if a.keyword is None and not a.star)
    keywords = tuple(sorted(a.keyword.value for a in call.args if a.keyword is not None))
    return callee, positional, keywords


def _ast_call_key(call: ast.Call) -> tuple[str, int, tuple[str, ...]] | None:
    callee = _ast_dotted(call.func)
    if callee is None:
        return None
    positional = sum(1 for a in call.args if not isinstance(a, ast.Starred))
    keywords = tuple(sorted(k.arg for k in call.keywords if k.arg is not None))
    return callee, positional, keywords
