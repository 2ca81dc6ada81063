"""Apply suppression comments to findings, and report the comments that are wrong.

Runs after the rules, since whether a suppression is used depends on what they found:
ML901 (no reason), ML902 (silences nothing) and ML903 (no or unknown rule code).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .diagnostics import Finding, Severity
from .facts import Suppression

UNUSED, NO_REASON, BAD_CODE = "ML902", "ML901", "ML903"
_MEANINGLESS_REASON = set("-:;,. ")
_PLACEHOLDER = re.compile(r"<[^<>]*>")  # the editor's "<reason>", never filled in


def _no_reason(reason: str) -> bool:
    return set(_PLACEHOLDER.sub("", reason)) <= _MEANINGLESS_REASON


@dataclass(frozen=True)
class FileSuppressions:
    path: str
    plugin: str | None
    revision: str | None
    suppressions: tuple[Suppression, ...]


def apply_suppressions(
    findings: list[Finding],
    files: Iterable[FileSuppressions],
    ran: set[str],
    known: dict[str, str],
    active: Callable[[str, str], bool],
) -> list[Finding]:
    """``findings`` without the suppressed ones, plus ML901-ML903 findings.

    ``ran`` holds the codes of the rules that ran, ``known`` maps every rule code to its
    name, and ``active(code, path)`` says whether a code is reported for a file (not
    switched off by per-file-ignores): only then is an unused suppression of it reported.
    """
    by_path = {entry.path: entry for entry in files if entry.suppressions}
    if not by_path:
        return findings
    used: set[tuple[str, int, str]] = set()  # (path, suppression index, code)
    kept = []
    for finding in findings:
        entry = by_path.get(finding.path)
        hit = _suppressing(entry.suppressions, finding) if entry is not None else None
        if hit is None:
            kept.append(finding)
        else:
            used.add((finding.path, hit, finding.code))
    for entry in by_path.values():
        kept.extend(_problems(entry, used, ran, known, active))
    kept.sort(key=lambda finding: finding.sort_key)
    return kept


def _suppressing(suppressions: tuple[Suppression, ...], finding: Finding) -> int | None:
    """The index of the suppression that silences ``finding``, if any."""
    for index, suppression in enumerate(suppressions):
        if finding.code not in suppression.codes:
            continue
        if suppression.file_level:
            return index
        if finding.line <= suppression.target_line <= max(finding.end_line, finding.line):
            return index
    return None


def _problems(
    entry: FileSuppressions,
    used: set[tuple[str, int, str]],
    ran: set[str],
    known: dict[str, str],
    active: Callable[[str, str], bool],
) -> Iterable[Finding]:
    def finding(code: str, suppression: Suppression, message: str) -> Finding:
        span = suppression.span
        return Finding(
            entry.path, span.line, span.col, span.end_line, span.end_col, code, known[code],
            Severity.WARNING, message, entry.plugin, entry.revision,
        )  # fmt: skip

    for index, suppression in enumerate(entry.suppressions):
        kind = "ignore-file" if suppression.file_level else "ignore"
        if BAD_CODE in ran and not suppression.codes:
            yield finding(
                BAD_CODE,
                suppression,
                f"suppression names no rule code; write `# migration-lint: {kind}[CODE] reason`",
            )
            continue
        if BAD_CODE in ran:
            for code in suppression.codes:
                if code not in known:
                    yield finding(BAD_CODE, suppression, f"unknown rule code {code!r} in {kind}")
        if NO_REASON in ran and _no_reason(suppression.reason):
            codes = ",".join(suppression.codes)
            yield finding(
                NO_REASON,
                suppression,
                f"suppression of {codes} gives no reason; say why after the brackets "
                f"(`# migration-lint: {kind}[{codes}] data copied to x first`)",
            )
        if UNUSED in ran and active(UNUSED, entry.path):
            unused = [
                code
                for code in suppression.codes
                if code in known
                and code in ran
                and active(code, entry.path)
                and (entry.path, index, code) not in used
            ]
            if unused:
                where = "in this file" if suppression.file_level else "here"
                yield finding(
                    UNUSED,
                    suppression,
                    f"unused suppression: no {', '.join(unused)} finding {where} to silence",
                )
