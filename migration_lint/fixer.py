"""Apply the fixes rules offer (``sep alembic lint --fix`` / ``--diff``), with libcst.

Each file is parsed once as bytes, so its encoding, BOM and line endings come back as they
were; comments and formatting outside the edited calls are untouched.  Edits name calls by
their exact source span.  Writing is atomic (temporary file, same permissions, rename) and
refused when the file changed since it was read.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .atomic import replace_atomically
from .diagnostics import Edit, Finding
from .facts import Span


class FixError(Exception):
    """A fix that cannot be applied safely; nothing was written."""


def fixes_by_file(findings: Iterable[Finding]) -> dict[str, list[Edit]]:
    edits: dict[str, list[Edit]] = {}
    for finding in findings:
        if finding.fix is not None:
            known = edits.setdefault(finding.path, [])
            known.extend(e for e in finding.fix.edits if e not in known)
    return edits


def fixed_source(path: str, edits: list[Edit]) -> tuple[bytes, bytes]:
    """(original bytes, fixed bytes) for one file."""
    original = Path(path).read_bytes()
    module = cst.parse_module(original)
    wrapper = MetadataWrapper(module)
    positions = wrapper.resolve(PositionProvider)
    by_span = {e.span: e for e in edits}
    transformer = _Apply(positions, by_span)
    fixed = wrapper.module.visit(transformer)
    missing = set(by_span) - transformer.applied
    if missing:
        raise FixError(f"{path}: the source changed where a fix applies (line {min(missing).line})")
    return original, fixed.bytes


def diff(path: str, original: bytes, fixed: bytes, encoding: str = "utf-8") -> str:
    before = original.decode(encoding, errors="replace").splitlines(keepends=True)
    after = fixed.decode(encoding, errors="replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{path}", f"b/{path}"))


def write_atomically(path: str, expected: bytes, content: bytes) -> None:
    """Replace ``path`` with ``content`` unless it no longer holds ``expected``."""
    target = Path(path)
    if target.read_bytes() != expected:
        raise FixError(f"{path} changed since it was read; not fixed")
    replace_atomically(target, content)


class _Apply(cst.CSTTransformer):
    def __init__(self, positions, edits: dict[Span, Edit]) -> None:
        super().__init__()
        self.positions = positions
        self.edits = edits
        self.applied: set[Span] = set()

    def _span(self, node: cst.CSTNode) -> Span | None:
        where = self.positions.get(node)
        if where is None:
            return None
        return Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        edit = self.edits.get(self._span(original_node))  # type: ignore[arg-type]
        if edit is None or edit.replacement is None:
            return updated_node
        self.applied.add(edit.span)
        return cst.parse_expression(edit.replacement)

    def _removed(self, statement: cst.CSTNode) -> bool:
        """A one-call statement line whose call an edit removes."""
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return False
        small = statement.body[0]
        value = small.value if isinstance(small, cst.Expr) else None
        span = self._span(value) if isinstance(value, cst.Call) else None
        edit = self.edits.get(span) if span is not None else None
        if edit is None or edit.replacement is not None:
            return False
        self.applied.add(edit.span)
        return True

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        """Remove statements; their leading comments move to the statement that follows."""
        kept: list[cst.BaseStatement] = []
        carried: list[cst.EmptyLine] = []
        for original, updated in zip(original_node.body, updated_node.body, strict=True):
            if self._removed(original):
                carried += list(getattr(updated, "leading_lines", ()))
                continue
            if carried and hasattr(updated, "leading_lines"):
                updated = updated.with_changes(leading_lines=[*carried, *updated.leading_lines])
                carried = []
            kept.append(updated)
        if not kept:  # every statement removed: a block still needs one
            kept = [cst.SimpleStatementLine([cst.Pass()], leading_lines=carried)]
        elif carried:
            footer = [*carried, *updated_node.footer]
            return updated_node.with_changes(body=kept, footer=footer)
        return updated_node.with_changes(body=kept)
