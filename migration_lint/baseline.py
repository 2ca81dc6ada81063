"""Baselines: adopt the linter on a project with history, then hold the line.

``--write-baseline FILE`` records every finding as (path relative to the project root,
code, fingerprint); ``--baseline FILE`` hides the findings it records.  Fingerprints do not
depend on line numbers (see :mod:`migration_lint.fingerprints`), so edits elsewhere in a
file keep its recorded findings hidden; editing the flagged statement shows it again.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .diagnostics import Finding
from .fingerprints import relative_path
from .project import UsageError
from .reporters import ReportFileError, write_report_file

FORMAT_VERSION = 1


def _key(finding: Finding, root: Path | None) -> tuple[str, str, str]:
    return (relative_path(finding.path, root), finding.code, finding.fingerprint)


def write_baseline(path: Path, findings: list[Finding], root: Path | None) -> None:
    """Write the baseline atomically: a crash leaves the old file or the new one."""
    entries = [
        {
            "path": relative_path(f.path, root),
            "code": f.code,
            "fingerprint": f.fingerprint,
            "message": f.message,  # for people reading the file; not compared
        }
        for f in findings
    ]
    document = {"version": FORMAT_VERSION, "tool": "migration-lint", "findings": entries}
    try:
        write_report_file(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except ReportFileError as exc:
        raise UsageError(str(exc).replace("the report", "the baseline")) from None


def read_baseline(path: Path) -> Counter[tuple[str, str, str]]:
    """The recorded findings as a multiset; a missing or malformed file is a usage error."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"baseline file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read baseline {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"baseline {path} is not valid JSON: {exc}") from None
    entries = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(entries, list) or document.get("version") != FORMAT_VERSION:
        raise UsageError(
            f"baseline {path} is not a migration-lint baseline (version {FORMAT_VERSION}); "
            "write one with --write-baseline"
        )
    recorded: Counter[tuple[str, str, str]] = Counter()
    for entry in entries:
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(key), str) for key in ("path", "code", "fingerprint")
        ):
            raise UsageError(f"baseline {path}: malformed entry {entry!r}")
        recorded[(entry["path"], entry["code"], entry["fingerprint"])] += 1
    return recorded


def filter_baseline(
    findings: list[Finding],
    recorded: Counter[tuple[str, str, str]],
    root: Path | None,
    in_scope: Callable[[str, str], bool] = lambda path, code: True,
) -> tuple[list[Finding], int, int]:
    """(new findings, how many the baseline hid, how many recorded entries are gone).

    An entry counts as gone only if ``in_scope(path, code)``: a run over some files, or
    some rules, says nothing about the others.
    """
    remaining = Counter(recorded)
    new = []
    for finding in findings:
        key = _key(finding, root)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    hidden = len(findings) - len(new)
    gone = sum(n for (path, code, _), n in remaining.items() if in_scope(path, code))
    return new, hidden, gone
