"""Fingerprints of findings that survive line moves (baselines, GitLab, SARIF).

A fingerprint hashes the file's path relative to the project root, the rule code and the
source text of the flagged code without its whitespace and without trailing commas, plus
the finding's rank among findings with that same text, so identical statements in one file
stay distinct.  Lines added above a finding, or a call reformatted (by black or ruff, which
also add a trailing comma when they split a call), do not change it; editing the flagged
statement does.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .diagnostics import Finding
from .parser import source_lines

_WHITESPACE = re.compile(r"\s+")
_TRAILING_COMMA = re.compile(r",(?=[)\]}])")


def relative_path(path: str, root: Path | None) -> str:
    """``path`` relative to ``root`` in POSIX form when below it, else as given."""
    if root is not None:
        try:
            return Path(os.path.relpath(path, root)).as_posix()
        except ValueError:
            return Path(path).as_posix()
    return Path(path).as_posix()


def flagged_text(lines: list[str], finding: Finding) -> str:
    """The source the finding points at, without whitespace (empty when unreadable)."""
    if not 0 < finding.line <= len(lines):
        return ""
    chosen = lines[finding.line - 1 : max(finding.end_line, finding.line)]
    if len(chosen) == 1:
        chosen = [chosen[0][finding.col - 1 : max(finding.end_col - 1, finding.col)]]
    else:
        chosen[0] = chosen[0][finding.col - 1 :]
        chosen[-1] = chosen[-1][: max(finding.end_col - 1, 0)]
    return _TRAILING_COMMA.sub("", _WHITESPACE.sub("", "".join(chosen)))


def with_fingerprints(findings: Iterable[Finding], root: Path | None) -> list[Finding]:
    """``findings`` (sorted) with their fingerprints filled in; each file is read once."""
    sources: dict[str, list[str]] = {}
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in findings:
        if finding.path not in sources:
            sources[finding.path] = source_lines(finding.path)
        text = flagged_text(sources[finding.path], finding)
        path = relative_path(finding.path, root)
        key = (path, finding.code, text)
        rank = seen[key]
        seen[key] += 1
        digest = hashlib.sha256(f"{path}\0{finding.code}\0{text}\0{rank}".encode()).hexdigest()
        result.append(replace(finding, fingerprint=digest[:32]))
    return result
