"""Start-up stays lean: what each entry path imports (pre-commit runs lint many times a day)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "uber"
HEAVY = {"libcst", "alembic", "sqlalchemy", "typer", "pydantic"}


def imported_by(*args: str) -> tuple[int, set[str]]:
    """Exit code and the top-level packages imported by ``sep ARGS``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "migration_lint", *args],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        check=False,
    )
    modules = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()}
    return done.returncode, modules & HEAVY


def test_a_cold_lint_imports_libcst_but_neither_alembic_sqlalchemy_nor_typer() -> None:
    assert imported_by("alembic", "lint", "--no-cache") == (1, {"libcst"})


def test_help_imports_typer_only() -> None:
    assert imported_by("--help") == (0, {"typer"})


def test_lint_help_imports_nothing_heavy() -> None:
    assert imported_by("alembic", "lint", "--help") == (0, set())
