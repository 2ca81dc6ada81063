"""Print findings: ``text`` (Rich, for people), ``json`` and ``concise`` (for machines).

The CI formats (``github``, ``sarif``, ``gitlab``, ``junit``) are in :mod:`.ci_reporters`,
imported only when asked for.  Reporters only format: which findings exist and what they
say is decided before.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from io import StringIO
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .atomic import replace_atomically
from .diagnostics import Severity
from .parser import source_lines

if TYPE_CHECKING:  # the CLI reads FORMATS before anything is linted: keep this import light
    from .linter import LintResult

CI_FORMATS = ("github", "sarif", "gitlab", "junit")  # in ci_reporters
FORMATS = ("text", "json", "concise", *CI_FORMATS)
_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def display_path(path: str) -> str:
    """Relative to the current directory when below it, as ruff and pytest show paths."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def report_json(result: LintResult, out: TextIO) -> None:
    payload = [finding.as_dict(display_path(finding.path)) for finding in result.findings]
    json.dump(payload, out, indent=2)
    out.write("\n")


def report_concise(result: LintResult, out: TextIO) -> None:
    for f in result.findings:
        out.write(
            f"{display_path(f.path)}:{f.line}:{f.col}: {f.code} [{f.severity.value}] {f.message}\n"
        )


Segment = tuple[str, str]  # (Rich style, text)


def report_text(result: LintResult, out: TextIO) -> None:
    """Grouped by file, with the source line; coloured by Rich on a terminal only.

    Piped output (pre-commit, CI) is written directly: formatting thousands of findings
    through Rich costs a second that nobody sees.
    """
    lines = list(_text_lines(result))
    if not _wants_colour(out):
        out.writelines("".join(text for _, text in line) + "\n" for line in lines)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True)
    for line in lines:
        console.print(Text.assemble(*((text, style) for style, text in line)))


def _wants_colour(out: TextIO) -> bool:
    if isinstance(out, _ReportBuffer):  # --output-file: a file, never escape codes
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(out, "isatty") and out.isatty()


def _text_lines(result: LintResult):
    for note in result.notes:
        yield [("dim", "note:"), ("", f" {note}")]
    for path, group in groupby(result.findings, key=lambda finding: finding.path):
        shown = display_path(path)
        source = source_lines(path)
        yield []
        yield [("bold underline", shown)]
        for f in group:
            yield [
                ("", "  "),
                ("bold", f"{shown}:{f.line}:{f.col}"),
                ("", " "),
                (_STYLES[f.severity], f"{f.code} {f.severity.value}"),
                ("", f" {f.message} "),
                ("dim", f"[{f.name}]"),
            ]
            if 0 < f.line <= len(source):
                code = source[f.line - 1].rstrip("\r\n").expandtabs(4)
                yield [("", "  "), ("dim", f"{f.line:>5} |"), ("", f" {code}")]
    yield []
    yield _summary(result)


def _summary(result: LintResult) -> list[Segment]:
    files = f"{result.files_checked} file{'s' if result.files_checked != 1 else ''}"
    if not result.findings:
        return [("green", "All checks passed!"), ("", f" ({files} checked)")]
    parts = [
        f"{count} {severity.value}{'s' if count != 1 else ''}"
        for severity in Severity
        if (count := result.count(severity))
    ]
    total = len(result.findings)
    return [
        ("", f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files}.")
    ]


REPORTERS: dict[str, Callable[[LintResult, TextIO], None]] = {
    "text": report_text,
    "json": report_json,
    "concise": report_concise,
}


class ReportFileError(Exception):
    """The report could not be written to the ``--output-file`` (a usage error)."""


def reporter(fmt: str) -> Callable[[LintResult, TextIO], None]:
    if fmt in CI_FORMATS:
        from .ci_reporters import REPORTERS as CI_REPORTERS

        return CI_REPORTERS[fmt]
    return REPORTERS[fmt]


def report(
    result: LintResult, fmt: str, out: TextIO | None = None, path: Path | None = None
) -> None:
    """Write the report to ``out`` (default stdout), or to the file ``path`` instead.

    Notes go to stderr in the machine formats, so the report stays parseable.
    """
    if fmt != "text":
        for note in result.notes:
            sys.stderr.write(f"note: {note}\n")
    if path is None:
        reporter(fmt)(result, out if out is not None else sys.stdout)
        return
    buffer = _ReportBuffer()
    reporter(fmt)(result, buffer)
    write_report_file(Path(path), buffer.getvalue())


class _ReportBuffer(StringIO):
    """What a report bound for ``--output-file`` is written to first."""


def check_report_path(path: Path) -> None:
    """Refuse an output file whose directory is missing before anything runs (or is fixed)."""
    if not path.parent.is_dir():
        raise ReportFileError(
            f"cannot write the report to {str(path)!r}: no directory {str(path.parent)!r}"
        )


def write_report_file(path: Path, text: str) -> None:
    """Replace ``path`` atomically (UTF-8): a CI step never reads half a report.

    Its directory must exist: creating it would hide a mistyped path.
    """
    check_report_path(path)
    try:
        replace_atomically(path, text.encode("utf-8"))
    except OSError as exc:
        raise ReportFileError(f"cannot write the report to {str(path)!r}: {exc.strerror}") from exc
