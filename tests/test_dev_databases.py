"""``drop``/``reset`` destroy only databases the configuration marks for development."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import POSTGRES_SKIP_REASON, POSTGRES_URL_VARIABLE, Sep, _postgres_url
from test_alembic_front import assert_usage_error, table_columns

from migration_lint.config import load_config
from migration_lint.dev_databases import is_development, normalized

ROOT = Path("/srv/uber")


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("postgresql+psycopg://app:secret@db:5432/uber", "postgresql://app@db/uber"),
        ("mysql+pymysql://root@127.0.0.1/test", "mysql://root@127.0.0.1:3306/test"),
        ("sqlite:///sep.db", f"sqlite:///{ROOT}/sep.db"),
        ("sqlite:///./data/../sep.db", "sqlite:///sep.db"),
        ("sqlite://", "sqlite:///:memory:"),
    ],
)
def test_spellings_of_one_database_compare_equal(left: str, right: str) -> None:
    assert normalized(left, ROOT) == normalized(right, ROOT)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("postgresql://app@db/uber", "postgresql://app@db/uber_prod"),
        ("postgresql://app@db/uber", "postgresql://app@db:6432/uber"),
        ("postgresql://app@db/uber", "mysql://app@db/uber"),
        ("sqlite:///sep.db", "sqlite:///other/sep.db"),
    ],
)
def test_different_databases_differ(left: str, right: str) -> None:
    assert normalized(left, ROOT) != normalized(right, ROOT)


def _config(tmp_path: Path, marked: str | None) -> Path:
    lines = ["[tool.migration_lint]"]
    if marked is not None:
        lines.append(f"development_databases = {marked}")
    lines += ["[tool.migration_lint.plugins.uber]", 'versions = "versions"']
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n")
    return tmp_path / "pyproject.toml"


def test_the_default_embedded_database_is_for_development(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, None))
    assert is_development(f"sqlite:///{tmp_path}/sep.db", config)
    assert not is_development(f"sqlite:///{tmp_path}/elsewhere.db", config)
    assert not is_development("postgresql://postgres@127.0.0.1/test", config)


def test_marked_databases_and_patterns(tmp_path: Path) -> None:
    marked = '["postgresql://dev@localhost/uber_*", "sqlite:///scratch/dev.db"]'
    config = load_config(_config(tmp_path, marked))
    assert is_development("postgresql+psycopg://dev:pw@localhost:5432/uber_alice", config)
    assert not is_development("postgresql://dev@prod.example.com/uber_alice", config)
    assert is_development(f"sqlite:///{tmp_path}/scratch/dev.db", config)


def test_a_wrongly_typed_marking_is_a_configuration_error(tmp_path: Path) -> None:
    from migration_lint.config import ConfigError

    config = load_config(_config(tmp_path, '"sqlite:///sep.db"'))
    with pytest.raises(ConfigError, match="development_databases must be a list"):
        is_development("sqlite:///sep.db", config)


@pytest.mark.parametrize("command", [["drop_uber_db"], ["reset_uber_db"], ["db", "drop"]])
def test_an_unmarked_database_is_refused_even_with_yes(
    uber_copy: Path, command: list[str]
) -> None:
    other = uber_copy / "shared.db"  # not the project's sep.db, and not marked
    sep = Sep(uber_copy, f"sqlite:///{other}")
    sep.ok("upgrade", "heads")
    tables = table_columns(f"sqlite:///{other}")
    assert tables

    assert_usage_error(sep.run(*command, "--yes"), "not marked as a development database")
    assert_usage_error(sep.run(*command, "--force"), "--force needs --yes")
    assert table_columns(f"sqlite:///{other}") == tables


def test_force_with_yes_goes_ahead(uber_copy: Path) -> None:
    other = uber_copy / "shared.db"
    sep = Sep(uber_copy, f"sqlite:///{other}")
    sep.ok("upgrade", "heads")
    dropped = sep.run("drop_uber_db", "--force", "--yes")
    assert dropped.code == 0, dropped
    assert table_columns(f"sqlite:///{other}") == {}


def test_a_marked_database_needs_only_yes(uber_copy: Path) -> None:
    other = uber_copy / "shared.db"
    pyproject = uber_copy / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text().replace(
            "[tool.migration_lint]\n",
            '[tool.migration_lint]\ndevelopment_databases = ["sqlite:///shared.db"]\n',
            1,
        )
    )
    sep = Sep(uber_copy, f"sqlite:///{other}")
    sep.ok("upgrade", "heads")
    assert sep.run("drop_uber_db", "--yes").code == 0
    assert table_columns(f"sqlite:///{other}") == {}


@pytest.mark.skipif(not os.environ.get(POSTGRES_URL_VARIABLE), reason=POSTGRES_SKIP_REASON)
def test_an_unmarked_postgresql_database_is_left_alone(uber_copy: Path) -> None:
    scratch = _postgres_url(os.environ[POSTGRES_URL_VARIABLE])
    url = next(scratch)
    try:
        sep = Sep(uber_copy, url)
        sep.ok("upgrade", "heads")
        tables = table_columns(url)
        assert_usage_error(sep.run("reset_uber_db", "--yes"), "not marked", "--force --yes")
        assert table_columns(url) == tables
    finally:
        scratch.close()
