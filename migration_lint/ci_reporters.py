"""Report formats for CI systems: GitHub Actions, SARIF 2.1.0, GitLab Code Quality, JUnit XML.

Each one is the documented input of a consumer (annotations on a pull request, code
scanning alerts, the merge request's Code Quality widget, a test report), so each follows
that consumer's format to the letter.  Like :mod:`.reporters` they decide nothing: the
findings, their severities and their fingerprints are made before.  Imported only when one
of these formats is asked for, so the default text path does not pay for it.
"""

from __future__ import annotations

import inspect
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from . import __version__
from .diagnostics import Finding, Severity
from .reporters import display_path
from .rule_docs import DOCS_URL, rule_url
from .rules import ALL_RULES, Rule

if TYPE_CHECKING:
    from .linter import LintResult

TOOL_NAME = "migration-lint"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SARIF_FINGERPRINT = "migrationLint/v1"  # versioned: a new algorithm gets a new key
SRCROOT = "%SRCROOT%"

_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitLab accepts info, minor, major, critical, blocker
_GITLAB_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _posix(path: str) -> str:
    """``display_path`` with forward slashes: all three CI formats want them."""
    return PurePath(display_path(path)).as_posix()


def _first_line(line: int) -> int:
    """Lines are 1-based in every format; a finding without a line points at the first."""
    return max(line, 1)


# ---- GitHub Actions workflow commands


def escape_data(text: str) -> str:
    """A command's message, escaped as @actions/core's ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value, escaped as @actions/core's ``escapeProperty`` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def report_github(result: LintResult, out: TextIO) -> None:
    """One ``::error``/``::warning``/``::notice`` command per finding: PR annotations."""
    for f in result.findings:
        line = _first_line(f.line)
        properties = {
            "file": _posix(f.path),
            "line": line,
            "col": f.col,
            "endLine": max(f.end_line, line),
            "endColumn": f.end_col,
            "title": f"{f.code} {f.name}",
        }
        joined = ",".join(
            f"{key}={escape_property(str(value))}" for key, value in properties.items()
        )
        out.write(f"::{_GITHUB_COMMANDS[f.severity]} {joined}::{escape_data(f.message)}\n")


# ---- SARIF 2.1.0


def sarif_log(result: LintResult) -> dict[str, object]:
    """The log as a dict: one run, every rule described, one result per finding."""
    index = {rule.code: number for number, rule in enumerate(ALL_RULES)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "informationUri": DOCS_URL,
                        "rules": [_sarif_rule(rule) for rule in ALL_RULES],
                    }
                },
                # spans count characters, not UTF-16 code units (SARIF's default)
                "columnKind": "unicodeCodePoints",
                "results": [_sarif_result(f, index) for f in result.findings],
            }
        ],
    }


def _sarif_rule(rule: type[Rule]) -> dict[str, object]:
    documentation = inspect.cleandoc(rule.__doc__ or rule.summary)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": documentation},
        "help": {"text": documentation, "markdown": documentation},
        "helpUri": rule_url(rule.code),
        "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
    }


def _sarif_result(f: Finding, index: dict[str, int]) -> dict[str, object]:
    line = _first_line(f.line)
    result: dict[str, object] = {"ruleId": f.code}
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    result.update(
        level=_SARIF_LEVELS[f.severity],
        message={"text": f.message},
        locations=[
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(f.path),
                    "region": {
                        "startLine": line,
                        "startColumn": max(f.col, 1),
                        "endLine": max(f.end_line, line),
                        "endColumn": max(f.end_col, 1),
                    },
                }
            }
        ],
        partialFingerprints={SARIF_FINGERPRINT: f.fingerprint},
    )
    properties = {"plugin": f.plugin, "revision": f.revision}
    if any(value is not None for value in properties.values()):
        result["properties"] = {k: v for k, v in properties.items() if v is not None}
    return result


def _artifact_location(path: str) -> dict[str, str]:
    """Relative to the source root (the current directory) when below it, else a file URI."""
    shown = display_path(path)
    if Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(PurePath(shown).as_posix()), "uriBaseId": SRCROOT}


def report_sarif(result: LintResult, out: TextIO) -> None:
    """A SARIF log for code scanning (``github/codeql-action/upload-sarif``) and IDEs."""
    json.dump(sarif_log(result), out, indent=2, ensure_ascii=False)
    out.write("\n")


# ---- GitLab Code Quality


def report_gitlab(result: LintResult, out: TextIO) -> None:
    """The Code Quality artifact (``artifacts: reports: codequality``) of a GitLab job."""
    issues = []
    for f in result.findings:
        line = _first_line(f.line)
        issues.append(
            {
                "description": f"{f.code} {f.message}",
                "check_name": f.code,
                "fingerprint": f.fingerprint,
                "severity": _GITLAB_SEVERITIES[f.severity],
                "location": {
                    "path": _posix(f.path),
                    "lines": {"begin": line, "end": max(f.end_line, line)},
                },
            }
        )
    json.dump(issues, out, indent=2, ensure_ascii=False)
    out.write("\n")


# ---- JUnit XML

# characters XML 1.0 cannot hold even escaped; ElementTree would write them as they are
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit_tree(result: LintResult) -> ET.Element:
    """One test case per file: those checked, and any other a finding is in (models files).

    A file with findings fails once, its findings listed one a line; a clean file passes.
    """
    by_path: dict[str, list[Finding]] = {path: [] for path in result.checked_paths}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    cases = sorted((_posix(path), findings) for path, findings in by_path.items())
    failures = sum(1 for _, findings in cases if findings)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": "0"}
    root = ET.Element("testsuites", name=TOOL_NAME, **counts)
    suite = ET.SubElement(root, "testsuite", name=TOOL_NAME, skipped="0", **counts)
    for shown, findings in cases:
        name = _xml_text(shown)
        case = ET.SubElement(suite, "testcase", classname=TOOL_NAME, name=name, file=name)
        if findings:
            codes = ",".join(dict.fromkeys(f.code for f in findings))
            failure = ET.SubElement(case, "failure", message=_problems(findings), type=codes)
            failure.text = _xml_text(
                "".join(
                    f"{f.line}:{f.col} {f.code} [{f.severity.value}] {f.message}\n"
                    for f in findings
                )
            )
    return root


def _problems(findings: list[Finding]) -> str:
    counts = [
        f"{count} {severity.value}{'s' if count != 1 else ''}"
        for severity in Severity
        if (count := sum(1 for f in findings if f.severity is severity))
    ]
    total = len(findings)
    return f"{total} problem{'s' if total != 1 else ''} ({', '.join(counts)})"


def report_junit(result: LintResult, out: TextIO) -> None:
    """A test report (GitLab ``reports: junit``, Jenkins, Azure): files as test cases."""
    tree = ET.ElementTree(junit_tree(result))
    ET.indent(tree)
    # declared by hand: ElementTree would declare the locale's encoding for a text stream
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    tree.write(out, encoding="unicode")
    out.write("\n")


REPORTERS: dict[str, Callable[[LintResult, TextIO], None]] = {
    "github": report_github,
    "sarif": report_sarif,
    "gitlab": report_gitlab,
    "junit": report_junit,
}
