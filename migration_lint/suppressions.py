"""Suppression comments, read as facts of a file: ``# migration-lint: ignore[CODE] reason``.

``ignore[...]`` on a line silences its codes for a finding on any line of the flagged
code; a comment on a line of its own silences the next line of code below it.
``ignore-file[...]`` silences its codes in the whole file.  The reason is required (ML901),
a suppression that silences nothing is reported (ML902), and so is an unknown code (ML903):
see :mod:`migration_lint.suppression_check`.

Only real comments count: the source is tokenized (only when the marker text occurs at all,
so files without suppressions pay for one substring search).
"""

from __future__ import annotations

import io
import re
import tokenize

from .facts import Span, Suppression

MARKER = "migration-lint:"
_SUPPRESSION = re.compile(
    r"#\s*migration-lint:\s*(?P<kind>ignore-file|ignore)\b\s*"
    r"(?:\[(?P<codes>[^\]]*)\])?(?P<reason>.*)$"
)
_CODE_SEPARATOR = re.compile(r"[\s,]+")
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def scan_suppressions(source: str) -> tuple[Suppression, ...]:
    """Every suppression comment in ``source`` (valid Python); () when there is none."""
    if MARKER not in source:
        return ()
    found: list[Suppression] = []
    pending: list[int] = []  # own-line suppressions waiting for the next line of code
    code_lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                match = _SUPPRESSION.match(token.string)
                if match is None:
                    continue
                own_line = token.line[: token.start[1]].strip() == ""
                line, col = token.start
                found.append(_suppression(match, line, col, own_line))
                if own_line and match.group("kind") == "ignore":
                    pending.append(len(found) - 1)
            elif token.type not in _NOT_CODE and token.type != tokenize.ENDMARKER:
                code_lines.add(token.start[0])
                for index in pending:
                    found[index] = _retarget(found[index], token.start[0])
                pending.clear()
    except (tokenize.TokenError, SyntaxError):  # the parser reports the file as ML001
        return tuple(found)
    return tuple(found)


def _suppression(match: re.Match[str], line: int, col: int, own_line: bool) -> Suppression:
    codes_text = match.group("codes")
    codes = tuple(c.upper() for c in _CODE_SEPARATOR.split(codes_text or "") if c)
    reason = match.group("reason").strip()
    end_col = col + 1 + len(match.group(0))
    return Suppression(
        span=Span(line, col + 1, line, end_col),
        file_level=match.group("kind") == "ignore-file",
        codes=codes,
        reason=reason,
        has_brackets=codes_text is not None,
        target_line=line,
        own_line=own_line,
    )


def _retarget(suppression: Suppression, line: int) -> Suppression:
    from dataclasses import replace

    return replace(suppression, target_line=line)
