"""The pytest plugin: a user's project gets verify as three test items from one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ITEMS = ("schema_equivalence", "data_survival", "round_trip")


def run_pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def project(uber_copy: Path) -> Path:
    (uber_copy / "pytest.ini").write_text("[pytest]\nmigration_lint_verify = true\n")
    return uber_copy


def test_one_line_of_configuration_adds_the_three_checks(project: Path) -> None:
    done = run_pytest(project, "-rA")
    assert done.returncode == 0, done.stdout + done.stderr
    for item in ITEMS:
        assert f"PASSED migration_lint::{item}" in done.stdout


def test_failures_show_the_readable_report(project: Path) -> None:
    config = project / "pyproject.toml"
    text = config.read_text()
    config.write_text(text[: text.index("[tool.migration_lint.verify]")])
    done = run_pytest(project)
    assert done.returncode == 1
    assert "2 failed, 1 passed" in done.stdout
    assert "column attendees VARCHAR NOT NULL: migrations produce it" in done.stdout
    assert "e14989f05713 attendee.badge_num" in done.stdout
    assert "Traceback" not in done.stdout


def test_not_enabled_by_default(project: Path) -> None:
    (project / "pytest.ini").write_text("[pytest]\n")
    (project / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    done = run_pytest(project)
    assert "1 passed" in done.stdout and "migration_lint" not in done.stdout


def test_the_function_for_a_test(project: Path) -> None:
    (project / "pytest.ini").write_text("[pytest]\n")
    (project / "test_migrations.py").write_text(
        "from migration_lint.verify.api import assert_migrations_verified\n\n"
        "def test_migrations():\n    assert_migrations_verified()\n"
    )
    done = run_pytest(project)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout
