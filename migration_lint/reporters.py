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


def report_text(result: LintResult, out: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, soft_wrap=True)
    for note in result.notes:
        console.print(f"[dim]note:[/] {escape(note)}")
    for path, group in groupby(result.findings, key=lambda finding: finding.path):
        shown = display_path(path)
        lines = _source_lines(path)
        console.print(f"\n[bold underline]{escape(shown)}[/]")
        for f in group:
            style = _STYLES[f.severity]
            console.print(
                f"  [bold]{escape(shown)}:{f.line}:{f.col}[/] [{style}]{f.code} {f.severity.value}"
                f"[/] {escape(f.message)} [dim]\\[{f.name}][/]"
            )
            if 0 < f.line <= len(lines):
                source = lines[f.line - 1].rstrip("\r\n").expandtabs(4)
                console.print(f"  [dim]{f.line:>5} |[/] {escape(source)}")
    console.print()
    console.print(_summary(result))


def _summary(result: LintResult) -> str:
    files = f"{result.files_checked} file{'s' if result.files_checked != 1 else ''}"
    if not result.findings:
        return f"[green]All checks passed![/] ({files} checked)"
    parts = [
        f"{count} {severity.value}{'s' if count != 1 else ''}"
        for severity in Severity
        if (count := result.count(severity))
    ]
    total = len(result.findings)
    return f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) in {files}."


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
