"""``--statistics``: how many findings each rule produced, most frequent first (as ruff)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import TextIO

from .linter import LintResult
from .reporters import write_report_file


def statistics(result: LintResult) -> list[dict[str, object]]:
    counts = Counter(f.code for f in result.findings)
    first = {}
    for finding in result.findings:
        first.setdefault(finding.code, finding)
    return [
        {
            "code": code,
            "name": first[code].name,
            "severity": first[code].severity.value,
            "count": count,
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def report_statistics(
    result: LintResult, fmt: str, out: TextIO | None = None, path: Path | None = None
) -> None:
    """A table for people (``text``/``concise``), a JSON array for the machine formats."""
    if path is not None:
        buffer = StringIO()
        report_statistics(result, fmt, buffer)  # its notes go to stderr
        write_report_file(path, buffer.getvalue())
        return
    stream = out if out is not None else sys.stdout
    for note in result.notes:  # warnings (an unknown key) must not vanish with --statistics
        sys.stderr.write(f"note: {note}\n")
    rows = statistics(result)
    if fmt not in ("text", "concise"):
        json.dump(rows, stream, indent=2)
        stream.write("\n")
        return
    width = max((len(str(row["count"])) for row in rows), default=1)
    name_width = max((len(str(row["name"])) for row in rows), default=1)
    for row in rows:
        stream.write(
            f"{row['count']:>{width}}  {row['code']}  {row['name']:<{name_width}}  "
            f"{row['severity']}\n"
        )
    total = sum(int(row["count"]) for row in rows)  # type: ignore[call-overload]
    stream.write(f"Found {total} problem{'s' if total != 1 else ''}.\n")
