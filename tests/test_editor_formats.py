"""README's editor set-ups read the real ``concise`` output.

The VS Code problem matcher's regexp (a JavaScript regexp; Python's ``re`` reads this one
the same way) and vim's ``errorformat`` are taken from README and applied to the concise
output of examples/hazards; each finding must come back with the path, line, column,
code, severity and message that ``--format json`` gives for it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
HAZARDS = ROOT / "examples" / "hazards"
COMMAND = "sep alembic lint --format concise"


def _editors() -> str:
    """README's "## Editors" section on the concise format, up to the next heading."""
    match = re.search(r"^## Editors\n\n### Problem lists.*?\n(.*?)(?=^##)", README, re.M | re.S)
    assert match, "README has no '### Problem lists' subsection in its '## Editors' section"
    return match.group(1)


def _block(language: str) -> str:
    blocks = re.findall(rf"^```{language}\n(.*?)^```", _editors(), re.M | re.S)
    assert len(blocks) == 1, f"expected one {language} block in README's Editors subsection"
    return blocks[0]


def _lint(output_format: str) -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "migration_lint", "alembic", "lint", "--no-cache",
         "--format", output_format],
        cwd=HAZARDS, capture_output=True, text=True,
    )
    assert completed.returncode == 1, completed.stderr
    return completed.stdout


@pytest.fixture(scope="module")
def findings() -> list[tuple[str, int, int, str, str, str]]:
    """examples/hazards' findings from the JSON output, in the concise output's order."""
    return [
        (f["path"], f["line"], f["column"], f["code"], f["severity"], f["message"])
        for f in json.loads(_lint("json"))
    ]


@pytest.fixture(scope="module")
def concise() -> list[str]:
    return _lint("concise").splitlines()


def _vscode_task() -> dict:
    (task,) = json.loads(_block("json"))["tasks"]
    return task


def test_the_vscode_task_runs_concise_where_it_resolves_the_paths() -> None:
    task = _vscode_task()
    assert task["command"] == COMMAND
    matcher = task["problemMatcher"]
    # the printed paths are relative to the task's cwd: the matcher resolves them there
    assert matcher["fileLocation"][1] == task["options"]["cwd"] == "${workspaceFolder}"
    assert matcher["fileLocation"][0] in ("relative", "autoDetect")
    assert matcher["owner"]
    pattern = matcher["pattern"]
    groups = [pattern[key] for key in ("file", "line", "column", "code", "severity", "message")]
    assert groups == [1, 2, 3, 4, 5, 6]


def test_the_vscode_regexp_reads_every_concise_line(
    findings: list[tuple], concise: list[str]
) -> None:
    regexp = re.compile(_vscode_task()["problemMatcher"]["pattern"]["regexp"])
    assert len(concise) == len(findings) >= 20
    read = []
    for line in concise:
        match = regexp.match(line)
        assert match, f"the VS Code regexp does not match {line!r}"
        file, row, column, code, severity, message = match.groups()
        read.append((file, int(row), int(column), code, severity, message))
        assert (HAZARDS / file).is_file()
        assert severity in ("error", "warning", "info")  # the severities VS Code knows
    assert read == findings


def test_the_vscode_regexp_allows_a_rule_name_after_the_message(
    findings: list[tuple], concise: list[str]
) -> None:
    regexp = re.compile(_vscode_task()["problemMatcher"]["pattern"]["regexp"])
    for line, finding in zip(concise, findings, strict=True):
        match = regexp.match(f"{line} [drop-then-readd-column]")
        assert match, line
        assert match.group(1, 4, 5) == (finding[0], finding[3], finding[4])
        assert match.group(6).startswith(finding[5])


def _vim_option(name: str) -> str:
    (value,) = re.findall(rf"^set {name}=(\S+(?:\\ \S+)*)$", _block("vim"), re.M)
    return value.replace("\\ ", " ")  # `:set` escapes spaces with a backslash


_VIM_ITEMS = {"%f": r"(.+?)", "%l": r"(\d+)", "%c": r"(\d+)", "%m": r"(.+)", "%%": "%"}


def _errorformat_regex(errorformat: str) -> re.Pattern[str]:
    """The Python regex for a one-pattern errorformat of the items above (%f is matched
    lazily up to the text that follows it, as vim does)."""
    parts = re.split(r"(%.)", errorformat)
    unknown = [p for p in parts if p.startswith("%") and p not in _VIM_ITEMS]
    assert not unknown, f"errorformat items this test does not translate: {unknown}"
    return re.compile("".join(_VIM_ITEMS.get(p, re.escape(p)) for p in parts))


def test_vim_makeprg_and_errorformat_read_every_concise_line(
    findings: list[tuple], concise: list[str]
) -> None:
    assert _vim_option("makeprg") == COMMAND
    errorformat = _vim_option("errorformat")
    assert "," not in errorformat  # one pattern (a comma would separate several)
    regex = _errorformat_regex(errorformat)
    assert regex.groups == 4
    for line, (path, row, column, code, severity, message) in zip(concise, findings, strict=True):
        for candidate in (line, f"{line} [drop-then-readd-column]"):
            match = regex.fullmatch(candidate)
            assert match, f"errorformat does not match {candidate!r}"
            assert match.groups()[:3] == (path, str(row), str(column))
            assert match.group(4).startswith(f"{code} [{severity}] {message}")
