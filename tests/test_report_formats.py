"""The CI report formats (github, sarif, gitlab, junit) and ``--output-file``.

Each format is checked against what its consumer documents: the official SARIF 2.1.0
schema (vendored in tests/schemas/, as OASIS publishes it), the workflow command syntax
of GitHub Actions with @actions/core's escaping, GitLab's Code Quality fields and
severities, and JUnit XML as ``xml.etree`` parses it.  Most run on a copy of
examples/hazards, which has a finding of every rule, and compare with the ``json`` format
of the same run, so a format cannot drop, add or move a finding unnoticed.
"""

from __future__ import annotations

import inspect
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from jsonschema.validators import validator_for
from typer.testing import CliRunner

from migration_lint import __version__, ci_reporters, lint_cli, reporters
from migration_lint.cli import app
from migration_lint.diagnostics import Finding, Severity
from migration_lint.lint_cli import EXIT_FINDINGS, EXIT_USAGE, main
from migration_lint.linter import LintResult
from migration_lint.rule_docs import rule_url
from migration_lint.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[1]
HAZARDS = ROOT / "examples" / "hazards"
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
BADGE_NUM = "alembic/versions/1a8ceb7fd36c_change_badge_num_to_an_integer.py"
HEX32 = re.compile(r"[0-9a-f]{32}")

# GitHub's workflow command, ``::command key=value,key=value::message``, with the keys an
# annotation takes in the order we write them.  A property value holds no raw ``,`` ``:``
# ``%`` or line break (escapeProperty); the message no raw ``%`` or line break (escapeData).
_PROPERTY = r"(?:[^%,:\r\n]|%(?:25|0D|0A|3A|2C))+"
_DATA = r"(?:[^%\r\n]|%(?:25|0D|0A))*"
GITHUB_LINE = re.compile(
    rf"::(?P<command>error|warning|notice) "
    rf"file=(?P<file>{_PROPERTY}),line=(?P<line>[1-9][0-9]*),col=(?P<col>[1-9][0-9]*),"
    rf"endLine=(?P<endLine>[1-9][0-9]*),endColumn=(?P<endColumn>[1-9][0-9]*),"
    rf"title=(?P<title>{_PROPERTY})::(?P<message>{_DATA})"
)
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def hazards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/hazards, the current directory for the test."""
    copy = tmp_path / "hazards"
    shutil.copytree(
        HAZARDS, copy, ignore=shutil.ignore_patterns("__pycache__", ".migration_lint_cache")
    )
    monkeypatch.chdir(copy)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return copy


@pytest.fixture
def lint(capsys: pytest.CaptureFixture[str]):
    """``sep alembic lint ARGS --no-cache --select ALL`` in process: exit code, out, err."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main([*args, "--no-cache", "--select", "ALL"])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def _unescape(text: str, prop: bool) -> str:
    """What the Actions runner makes of an escaped value (ActionCommand.cs, in reverse)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for escaped, raw in [*pairs, ("%25", "%")]:
        text = text.replace(escaped, raw)
    return text


def _finding(severity: Severity = Severity.ERROR, **changes: object) -> Finding:
    values: dict[str, object] = {
        "path": "rev.py",
        "line": 3,
        "col": 5,
        "end_line": 4,
        "end_col": 2,
        "code": "ML101",
        "name": "drop-then-readd-column",
        "severity": severity,
        "message": "message",
        "fingerprint": "0" * 32,
    }
    values.update(changes)
    return Finding(**values)  # type: ignore[arg-type]


def _report(fmt: str, *findings: Finding, checked: tuple[str, ...] = ()) -> str:
    out = StringIO()
    result = LintResult(list(findings), len(checked), checked_paths=list(checked))
    reporters.report(result, fmt, out=out)
    return out.getvalue()


# ---- the list of formats


def test_one_list_of_formats_and_a_reporter_for_each() -> None:
    expected = ("text", "json", "concise", "github", "sarif", "gitlab", "junit")
    assert lint_cli.FORMATS == reporters.FORMATS == expected
    assert set(ci_reporters.REPORTERS) == set(reporters.CI_FORMATS)
    assert set(reporters.REPORTERS) | set(ci_reporters.REPORTERS) == set(expected)
    assert lint_cli.lint_parser().parse_args(["--format", "gitlab"]).output_format == "gitlab"
    with pytest.raises(SystemExit) as exit_info:
        lint_cli.lint_parser().parse_args(["--format", "checkstyle"])
    assert exit_info.value.code == EXIT_USAGE


def test_the_text_path_does_not_import_the_ci_reporters(hazards: Path) -> None:
    probe = (
        "import sys\n"
        "from migration_lint.lint_cli import main\n"
        "main([sys.argv[1], '--no-cache'])\n"
        "print('migration_lint.ci_reporters' in sys.modules, file=sys.stderr)\n"
    )
    loaded = {}
    for fmt in ("--format=text", "--format=github"):
        done = subprocess.run(
            [sys.executable, "-c", probe, fmt], capture_output=True, text=True, check=False
        )
        loaded[fmt] = done.stderr.strip().splitlines()[-1]
    assert loaded == {"--format=text": "False", "--format=github": "True"}


@pytest.mark.parametrize("fmt", reporters.CI_FORMATS)
def test_notes_go_to_stderr_in_every_ci_format(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    out = StringIO()
    reporters.report(LintResult([], 0, notes=["no configuration found"]), fmt, out=out)
    assert capsys.readouterr().err == "note: no configuration found\n"
    assert "no configuration found" not in out.getvalue()


# ---- SARIF


def test_sarif_is_valid_against_the_official_schema(hazards: Path, lint) -> None:
    run = lint("--format", "sarif")
    assert run.code == EXIT_FINDINGS
    assert run.err == ""
    log = json.loads(run.out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    validator_class = validator_for(schema)  # the draft the schema declares in $schema
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(log)] == []
    # the schema does reject: a level SARIF does not define
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(log)


def test_sarif_describes_every_rule_and_every_finding(hazards: Path, lint) -> None:
    findings = json.loads(lint("--format", "json").out)
    log = json.loads(lint("--format", "sarif").out)
    assert (log["$schema"], log["version"]) == (ci_reporters.SARIF_SCHEMA, "2.1.0")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("migration-lint", __version__)
    assert driver["informationUri"].startswith("https://")
    levels = {"error": "error", "warning": "warning", "info": "note"}
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [rule.code for rule in ALL_RULES]
    for described, rule in zip(rules, ALL_RULES, strict=True):
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary
        documentation = inspect.cleandoc(rule.__doc__ or "")
        assert documentation
        assert described["fullDescription"]["text"] == documentation
        assert described["help"] == {"text": documentation, "markdown": documentation}
        assert described["helpUri"] == rule_url(rule.code)
        assert described["defaultConfiguration"]["level"] == levels[rule.severity.value]

    results = run["results"]
    assert len(results) == len(findings) > len(ALL_RULES)
    for result, finding in zip(results, findings, strict=True):
        assert result["ruleId"] == finding["code"]
        assert rules[result["ruleIndex"]]["id"] == finding["code"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": finding["path"], "uriBaseId": "%SRCROOT%"}
        assert not artifact["uri"].startswith("/") and "\\" not in artifact["uri"]
        region = location["physicalLocation"]["region"]
        assert region == {
            "startLine": finding["line"],
            "startColumn": finding["column"],
            "endLine": finding["end_line"],
            "endColumn": finding["end_column"],
        }
        assert HEX32.fullmatch(result["partialFingerprints"]["migrationLint/v1"])
    fingerprints = [r["partialFingerprints"]["migrationLint/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)


# ---- GitHub Actions


def test_github_lines_follow_the_workflow_command_syntax(hazards: Path, lint) -> None:
    findings = json.loads(lint("--format", "json").out)
    run = lint("--format", "github")
    assert run.code == EXIT_FINDINGS
    lines = run.out.splitlines()
    assert len(lines) == len(findings)
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    for line, finding in zip(lines, findings, strict=True):
        match = GITHUB_LINE.fullmatch(line)
        assert match, line
        assert match["command"] == commands[finding["severity"]]
        assert _unescape(match["file"], prop=True) == finding["path"]
        assert int(match["line"]) == finding["line"]
        assert int(match["col"]) == finding["column"]
        assert int(match["endLine"]) == finding["end_line"]
        assert int(match["endColumn"]) == finding["end_column"]
        assert _unescape(match["title"], prop=True) == f"{finding['code']} {finding['name']}"
        assert _unescape(match["message"], prop=False) == finding["message"]
    # the planted messages quote code: ':' and ',' are common, and stay raw in a message
    assert any(":" in m["message"] for m in map(GITHUB_LINE.fullmatch, lines) if m)


def test_github_escapes_properties_and_message_as_actions_core_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    message = "drops 'a,b': 100% lost\nsecond line\rthird"
    finding = _finding(path="odd,dir:1%/rev.py", message=message)
    line = _report("github", finding)
    assert line == (
        "::error file=odd%2Cdir%3A1%25/rev.py,line=3,col=5,endLine=4,endColumn=2,"
        "title=ML101 drop-then-readd-column"
        "::drops 'a,b': 100%25 lost%0Asecond line%0Dthird\n"
    )
    match = GITHUB_LINE.fullmatch(line.rstrip("\n"))
    assert match
    assert _unescape(match["message"], prop=False) == message
    assert _unescape(match["file"], prop=True) == "odd,dir:1%/rev.py"


def test_github_command_per_severity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = _report("github", *(_finding(severity) for severity in Severity))
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == [
        "::error",
        "::warning",
        "::notice",
    ]


# ---- GitLab Code Quality


def test_gitlab_code_quality_fields(hazards: Path, lint) -> None:
    findings = json.loads(lint("--format", "json").out)
    issues = json.loads(lint("--format", "gitlab").out)
    assert isinstance(issues, list)
    assert len(issues) == len(findings)
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, finding in zip(issues, findings, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"] == f"{finding['code']} {finding['message']}"
        assert issue["check_name"] == finding["code"]
        assert HEX32.fullmatch(issue["fingerprint"])
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue["severity"] == severities[finding["severity"]]
        assert issue["location"] == {
            "path": finding["path"],
            "lines": {"begin": finding["line"], "end": finding["end_line"]},
        }
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab shows one issue per print
    assert {"major", "minor", "info"} <= {issue["severity"] for issue in issues}


def test_gitlab_fingerprints_survive_lines_added_above(hazards: Path, lint) -> None:
    before = json.loads(lint("--format", "gitlab").out)
    revision = hazards / BADGE_NUM
    revision.write_text("\n\n\n" + revision.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(lint("--format", "gitlab").out)

    def key(issue: dict) -> tuple[str, str, str]:
        return issue["location"]["path"], issue["check_name"], issue["fingerprint"]

    assert sorted(map(key, after)) == sorted(map(key, before))
    lines_before = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in before}
    moved = [i for i in after if i["location"]["path"] == BADGE_NUM]
    assert len(moved) == 3
    for issue in moved:  # the findings did move: the fingerprints are not made of lines
        assert issue["location"]["lines"]["begin"] == lines_before[issue["fingerprint"]] + 3


# ---- JUnit XML


def test_junit_has_a_test_case_per_file(hazards: Path, lint) -> None:
    findings = json.loads(lint("--format", "json").out)
    run = lint("--format", "junit")
    assert run.code == EXIT_FINDINGS
    assert run.out.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(run.out)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "migration-lint"
    cases = suite.findall("testcase")
    names = [case.get("name") for case in cases]
    revisions = {p.relative_to(hazards).as_posix() for p in hazards.rglob("versions/*.py")}
    by_path = Counter(f["path"] for f in findings)
    assert len(names) == len(set(names))
    assert set(names) == revisions | set(by_path)  # models files appear when they have findings
    failed = {case.get("name"): case.find("failure") for case in cases}
    failed = {name: failure for name, failure in failed.items() if failure is not None}
    assert set(failed) == set(by_path)
    assert len(failed) < len(cases)  # the clean look-alikes pass
    for element in (root, suite):
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(len(failed))
        assert element.get("errors") == "0"
    for name, failure in failed.items():
        listed = failure.text.splitlines()
        assert len(listed) == by_path[name]
        codes = [f["code"] for f in findings if f["path"] == name]
        assert failure.get("type") == ",".join(dict.fromkeys(codes))
        assert failure.get("message").startswith(f"{by_path[name]} problem")
        for entry, finding in zip(listed, (f for f in findings if f["path"] == name), strict=True):
            assert entry == (
                f"{finding['line']}:{finding['column']} {finding['code']} "
                f"[{finding['severity']}] {finding['message']}"
            )


def test_junit_clean_files_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = ET.fromstring(_report("junit", checked=("b.py", "a.py")))
    suite = root.find("testsuite")
    assert suite is not None
    assert [case.get("name") for case in suite.iter("testcase")] == ["a.py", "b.py"]
    assert suite.find("testcase/failure") is None
    assert (suite.get("tests"), suite.get("failures")) == ("2", "0")


def test_junit_escapes_markup_and_characters_xml_cannot_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    message = 'a <b> & "c" \x01 ]]> end'
    out = _report("junit", _finding(path="x&y.py", message=message), checked=("x&y.py",))
    root = ET.fromstring(out)
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "x&y.py"
    failure = case.find("failure")
    assert failure is not None
    assert failure.text == f"3:5 ML101 [error] {message.replace(chr(1), chr(0xFFFD))}\n"


# ---- --output-file


@pytest.mark.parametrize("fmt", ["text", "sarif", "junit"])
def test_output_file_holds_what_stdout_would(fmt: str, hazards: Path, lint) -> None:
    to_stdout = lint("--format", fmt)
    target = hazards / "reports" / f"lint.{fmt}"
    target.parent.mkdir()
    target.write_text("stale", encoding="utf-8")
    to_file = lint("--format", fmt, "--output-file", str(target))
    assert to_file.code == to_stdout.code == EXIT_FINDINGS
    assert to_file.out == ""
    assert target.read_text(encoding="utf-8") == to_stdout.out
    assert list(target.parent.iterdir()) == [target]  # no temporary file left behind


def test_output_file_in_a_missing_directory_is_a_usage_error(hazards: Path, lint) -> None:
    target = hazards / "no-such-dir" / "lint.sarif"
    run = lint("--format", "sarif", "--output-file", str(target))
    assert run.code == EXIT_USAGE
    assert run.out == ""
    assert len(run.err.splitlines()) == 1
    assert run.err.startswith("error: ") and "no-such-dir" in run.err
    assert not target.parent.exists()


def test_output_file_through_the_alembic_front_end(hazards: Path) -> None:
    target = hazards / "lint.json"
    result = CliRunner().invoke(
        app, ["alembic", "lint", "--format", "gitlab", "--no-cache", "--output-file", "lint.json"]
    )
    assert result.exit_code == EXIT_FINDINGS, result.output
    assert result.stdout == ""
    issues = json.loads(target.read_text(encoding="utf-8"))
    assert issues and all(issue["severity"] in GITLAB_SEVERITIES for issue in issues)


def test_output_file_error_has_no_traceback_in_a_real_process(hazards: Path) -> None:
    arguments = ["--no-cache", "--format", "junit", "--output-file", "missing/dir/report.xml"]
    done = subprocess.run(
        [sys.executable, "-m", "migration_lint", "alembic", "lint", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == EXIT_USAGE
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")
