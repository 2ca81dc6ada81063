"""pytest plugin: ``sep alembic verify`` as three ordinary test items in a user's suite.

Enable it with one line in the pytest configuration (``migration_lint_verify = true``) or
``pytest --migration-lint-verify``.  It reads the same ``[tool.migration_lint]``
configuration (found from pytest's root directory) and, for the scratch database's server,
``$MIGRATION_LINT_VERIFY_DATABASE_URL`` (default: a temporary SQLite file).  The checks run
once; each item reports its part with the same readable report as the command.
"""

from __future__ import annotations

from typing import Any

import pytest

_CHECKS = {
    "schema_equivalence": "schema",
    "data_survival": "data",
    "round_trip": "roundtrip",
}
_RESULT = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "migration_lint_verify",
        "run migration_lint's verify (schema equivalence, data survival, round trip) as tests",
        type="bool",
        default=False,
    )
    parser.getgroup("migration_lint").addoption(
        "--migration-lint-verify",
        action="store_true",
        help="run migration_lint's verify as tests",
    )


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    if config.getoption("migration_lint_verify") or config.getini("migration_lint_verify"):
        items.extend(
            MigrationCheck.from_parent(
                session, name=name, nodeid=f"migration_lint::{name}", check=check
            )
            for name, check in _CHECKS.items()
        )


class MigrationCheckFailed(Exception):
    pass


class MigrationCheck(pytest.Item):
    def __init__(self, *, check: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def runtest(self) -> None:
        from .verify.api import report_text, verify_project

        stash = self.config.stash
        if _RESULT not in stash:
            stash[_RESULT] = verify_project(self.config.rootpath)
        result = stash[_RESULT]
        failing = (
            bool(result.schema)
            if self.check == "schema"
            else any(p.check == self.check for p in result.problems)
        )
        if failing:
            raise MigrationCheckFailed(report_text(result))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, MigrationCheckFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, None, self.name
