"""What ``sep lsp`` sends, built from findings: diagnostics and the suppression quick fixes.

Kept apart from the server (:mod:`migration_lint.lsp`) so that it is plain functions of
findings and line texts, testable without a client.  Findings count 1-based code points
with an exclusive end column; LSP counts 0-based code units of the negotiated position
encoding (UTF-16 unless the client offered another), so columns are converted with the
text of the line they are on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from lsprotocol import types
from pygls.workspace import PositionCodec

from .diagnostics import Finding, Severity

SOURCE = "migration-lint"
REASON_PLACEHOLDER = "<reason>"
_SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# PEP 263: a coding cookie on the first or second line
_CODING_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


def _text(line: str) -> str:
    """A line without its line end (pygls and :func:`parser.split_lines` keep it)."""
    return line.rstrip("\r\n")


def position(lines: Sequence[str], line: int, col: int, codec: PositionCodec) -> types.Position:
    """The 0-based LSP position of a finding's 1-based (line, code-point column)."""
    row = max(line - 1, 0)
    text = _text(lines[row]) if row < len(lines) else ""
    characters = min(max(col - 1, 0), len(text))
    return types.Position(line=row, character=codec.client_num_units(text[:characters]))


def to_diagnostic(
    finding: Finding, lines: Sequence[str], codec: PositionCodec, href: str
) -> types.Diagnostic:
    """One finding as an LSP diagnostic; ``lines`` is the text the linter read."""
    return types.Diagnostic(
        range=types.Range(
            start=position(lines, finding.line, finding.col, codec),
            end=position(lines, finding.end_line, finding.end_col, codec),
        ),
        severity=_SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=href),
        source=SOURCE,
        message=f"{finding.message} [{finding.name}]",
    )


def line_comment(code: str) -> str:
    return f"# migration-lint: ignore[{code}] {REASON_PLACEHOLDER}"


def file_comment(code: str) -> str:
    return f"# migration-lint: ignore-file[{code}] {REASON_PLACEHOLDER}"


def file_comment_line(lines: Sequence[str]) -> int:
    """Where a file-wide comment goes: after a shebang and a coding cookie, else line 0.

    Both must stay on the first two lines to keep working, so nothing goes above them.
    """
    row = 0
    if lines and lines[0].startswith("#!"):
        row = 1
    if row < len(lines) and row <= 1 and _CODING_COOKIE.match(lines[row]):
        row += 1
    return row


def _newline(lines: Sequence[str]) -> str:
    """The file's own line end, so an inserted line does not mix styles."""
    for line in lines:
        if line.endswith("\r\n"):
            return "\r\n"
        if line.endswith(("\n", "\r")):
            return line[-1]
    return "\n"


def _insert(uri: str, row: int, text: str) -> types.WorkspaceEdit:
    at = types.Position(line=row, character=0)
    edit = types.TextEdit(range=types.Range(start=at, end=at), new_text=text)
    return types.WorkspaceEdit(changes={uri: [edit]})


def suppression_actions(
    uri: str, diagnostics: Iterable[types.Diagnostic], lines: Sequence[str]
) -> list[types.CodeAction]:
    """Quick fixes that silence our diagnostics: per line (each), per file (each code once)."""
    newline = _newline(lines)
    line_actions: list[types.CodeAction] = []
    file_actions: dict[str, types.CodeAction] = {}
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or not isinstance(diagnostic.code, str):
            continue
        code = diagnostic.code
        row = diagnostic.range.start.line
        text = _text(lines[row]) if row < len(lines) else ""
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        line_actions.append(
            types.CodeAction(
                title=f"Suppress {code} on this line",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=_insert(uri, row, f"{indent}{line_comment(code)}{newline}"),
            )
        )
        if code in file_actions:
            file_actions[code].diagnostics.append(diagnostic)  # type: ignore[union-attr]
            continue
        file_actions[code] = types.CodeAction(
            title=f"Suppress {code} in this file",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=_insert(uri, file_comment_line(lines), f"{file_comment(code)}{newline}"),
        )
    return [*line_actions, *file_actions.values()]
