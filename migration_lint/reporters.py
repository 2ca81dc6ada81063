"""Print findings: ``text`` (Rich, for people), ``json`` and ``concise`` (for machines).

Reporters only format: which findings exist and what they say is decided before.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from itertools import groupby
from typing import TextIO

from .diagnostics import Severity
from .linter import LintResult

FORMATS = ("text", "json", "concise")
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
        source = _source_lines(path)
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


def _source_lines(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return handle.read().splitlines()
    except OSError:
        return []


REPORTERS: dict[str, Callable[[LintResult, TextIO], None]] = {
    "text": report_text,
    "json": report_json,
    "concise": report_concise,
}


def report(result: LintResult, fmt: str, out: TextIO | None = None) -> None:
    stream = out if out is not None else sys.stdout
    if fmt != "text":
        for note in result.notes:
            sys.stderr.write(f"note: {note}\n")
    REPORTERS[fmt](result, stream)
