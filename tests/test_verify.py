"""``sep alembic verify`` end to end, on copies of examples/uber.

Each test edits a fresh copy of the example (a model, a revision, the configuration), runs
``sep alembic verify`` in its own process (see conftest.py) and reads the JSON report (or
the text one). The scratch database is the command's own: a temporary SQLite file, or,
with ``--database-url``, a temporary database on the PostgreSQL server named by
``MIGRATION_LINT_TEST_POSTGRES_URL`` (those variants are skipped when it is unset).
"""

from __future__ import annotations

import json
import os
import sqlite3
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import POSTGRES_SKIP_REASON, POSTGRES_URL_VARIABLE, Result, Sep

UBER_HEAD = "91caa0bbbe0c"
UBER_VERSIONS = "alembic/versions"
UBER_MODELS = "uber/models.py"
EMAIL_COLUMN = "    email = Column(Unicode, nullable=True)\n"
FIRST_NAME_COLUMN = (
    "    first_name = Column(Unicode, nullable=False, default='', server_default='')\n"
)
VERIFY_TABLE = "[tool.migration_lint.verify]"

# The hazards examples/uber plants for the linter, accepted in its [tool.migration_lint.verify].
BADGE_NUM_REVISION = "e14989f05713"  # ML101: badge_num dropped and added back
BADGE_NUM_SCRIPT = f"{UBER_VERSIONS}/e14989f05713_change_badge_num_to_an_integer.py"
CHECKOUT_REVISION = "f2d88ce182ee"  # ML102: tabletop_checkout dropped and created again
CHECKOUT_SCRIPT = (
    "plugins/tabletop/alembic/versions/f2d88ce182ee_cascade_deletes_to_tabletop_checkouts.py"
)

AUTOGENERATE_HINT = "sep alembic --plugin uber revision --autogenerate"


# --- helpers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """One verify run: the process and its ``--format json`` report."""

    result: Result
    data: dict[str, Any]

    @property
    def schema(self) -> list[dict[str, Any]]:
        return self.data["schema"]

    @property
    def problems(self) -> list[dict[str, Any]]:
        return self.data["problems"]

    def problems_of(self, revision: str) -> list[dict[str, Any]]:
        return [p for p in self.problems if p["revision"] == revision]


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(
                not os.environ.get(POSTGRES_URL_VARIABLE), reason=POSTGRES_SKIP_REASON
            ),
        ),
    ]
)
def server(request: pytest.FixtureRequest) -> str | None:
    """verify's ``--database-url``: None (a temporary SQLite file) or the PostgreSQL server."""
    return None if request.param == "sqlite" else os.environ[POSTGRES_URL_VARIABLE]


def verify(sep: Sep, server: str | None, *args: str, env: dict[str, str] | None = None) -> Result:
    options = ("--database-url", server) if server else ()
    return sep.alembic("verify", *options, *args, env=env or {})


def verify_json(sep: Sep, server: str | None, env: dict[str, str] | None = None) -> Report:
    result = verify(sep, server, "--format", "json", env=env)
    assert result.code in (0, 1), result
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"verify --format json did not print JSON\n{result}")
    assert data["ok"] is (result.code == 0), result
    return Report(result, data)


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) with ``new`` in a file of the copy."""
    path = project / relative
    source = path.read_text()
    assert source.count(old) == 1, f"{relative} changed; the test edits {old.strip()!r}"
    path.write_text(source.replace(old, new))


def add_model_column(project: Path, line: str) -> None:
    """Declare one more column on uber's Attendee (after ``email``)."""
    edit(project, UBER_MODELS, EMAIL_COLUMN, EMAIL_COLUMN + line)


def add_uber_revision(
    project: Path, revision: str, message: str, upgrade: str, downgrade: str = "pass"
) -> Path:
    """Write a revision on uber's head the way ``sep alembic revision`` lays it out."""
    slug = "_".join(message.lower().split())
    path = project / UBER_VERSIONS / f"{revision}_{slug}.py"
    assert not path.exists()
    path.write_text(
        f'''"""{message}

Revision ID: {revision}
Revises: {UBER_HEAD}
Create Date: 2024-07-01 10:00:00.000000

"""


# revision identifiers, used by Alembic.
revision = '{revision}'
down_revision = '{UBER_HEAD}'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


try:
    is_sqlite = op.get_context().dialect.name == 'sqlite'
except Exception:
    is_sqlite = False


def upgrade():
{_body(upgrade)}


def downgrade():
{_body(downgrade)}
'''
    )
    return path


def _body(code: str) -> str:
    return textwrap.indent(textwrap.dedent(code).strip(), "    ")


def remove_verify_table(project: Path) -> None:
    """Drop ``[tool.migration_lint.verify]`` (and only it) from the copy's pyproject.toml."""
    path = project / "pyproject.toml"
    lines = path.read_text().splitlines(keepends=True)
    start = lines.index(VERIFY_TABLE + "\n")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
    path.write_text("".join(lines[:start] + lines[end:]))
    table = tomllib.loads(path.read_text())["tool"]["migration_lint"]
    assert "verify" not in table
    assert "tabletop" in table["plugins"]


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle`` in ``path``."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def revision_count(project: Path) -> int:
    return sum(1 for p in project.rglob("versions/*.py") if "__pycache__" not in p.parts)


def project_files(project: Path) -> set[Path]:
    return {p.relative_to(project) for p in project.rglob("*")}


def scratch_databases(server_url: str) -> set[str]:
    """The ``sep_verify_*`` databases on the server."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(server_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :pattern"),
                {"pattern": r"sep\_verify\_%"},
            )
            return set(rows.scalars())
    finally:
        engine.dispose()


def summary(problem: dict[str, Any]) -> tuple[Any, ...]:
    return (problem["check"], problem["revision"], problem["table"], problem["column"])


# --- the example ---------------------------------------------------------------------------


def test_the_example_verifies_clean(sep: Sep, uber_copy: Path, server: str | None) -> None:
    report = verify_json(sep, server)

    assert report.result.code == 0, report.result
    assert report.data["ok"] is True
    assert report.schema == []
    assert report.problems == []
    assert report.data["revisions"] == revision_count(uber_copy) == 19
    timings = report.data["timings"]
    assert "schema" in timings
    assert any(phase.startswith("data survival") for phase in timings), timings
    assert all(isinstance(t, int | float) and t >= 0 for t in timings.values()), timings


def test_the_text_report_says_verified(sep: Sep) -> None:
    result = verify(sep, None)

    assert result.code == 0, result
    verdicts = [line for line in result.stdout.splitlines() if line.startswith("verified")]
    assert len(verdicts) == 1, result
    assert "schema" in verdicts[0], result  # the phases' timings follow the verdict


def test_without_the_accepted_differences_verify_finds_exactly_the_planted_hazards(
    sep: Sep, uber_copy: Path, server: str | None
) -> None:
    remove_verify_table(uber_copy)

    report = verify_json(sep, server)

    assert report.result.code == 1, report.result
    assert report.data["ok"] is False
    [stray] = report.schema  # ML201's relationship pseudo-column, which the models lack
    assert (stray["table"], stray["kind"], stray["side"]) == ("group", "column", "migrations")
    assert stray["detail"].split()[:2] == ["column", "attendees"], stray
    assert sorted(map(summary, report.problems)) == [
        ("data", BADGE_NUM_REVISION, "attendee", "badge_num"),
        ("data", CHECKOUT_REVISION, "tabletop_checkout", None),
    ], report.result
    [badge_num] = report.problems_of(BADGE_NUM_REVISION)
    assert badge_num["path"] == BADGE_NUM_SCRIPT
    # the drop_column in upgrade() (line 56), not the one in downgrade()
    assert badge_num["line"] == line_of(uber_copy / BADGE_NUM_SCRIPT, "drop_column('badge_num')")
    assert badge_num["line"] == 56
    [checkout] = report.problems_of(CHECKOUT_REVISION)
    assert checkout["path"] == CHECKOUT_SCRIPT
    assert checkout["line"] == line_of(uber_copy / CHECKOUT_SCRIPT, "drop_table(")
    assert "every row" in checkout["message"], checkout


# --- schema equivalence --------------------------------------------------------------------


NICKNAME_COLUMN = "    nickname = Column(Unicode, nullable=True)\n"


def test_a_model_column_without_a_migration_is_named(
    sep: Sep, uber_copy: Path, server: str | None
) -> None:
    add_model_column(uber_copy, NICKNAME_COLUMN)

    report = verify_json(sep, server)

    assert report.result.code == 1, report.result
    [missing] = report.schema
    assert (missing["table"], missing["kind"], missing["side"]) == ("attendee", "column", "models")
    assert missing["detail"].split()[:2] == ["column", "nickname"], missing
    assert report.problems == []  # no revision touches it: nothing to lose or to undo


def test_the_text_report_names_the_plugin_to_autogenerate_for(sep: Sep, uber_copy: Path) -> None:
    add_model_column(uber_copy, NICKNAME_COLUMN)

    result = verify(sep, None)

    assert result.code == 1, result
    assert "nickname" in result.stdout, result
    assert AUTOGENERATE_HINT in result.stdout, result
    assert "verification failed" in result.stdout, result


# --- data survival -------------------------------------------------------------------------


RAW_SQL_REVISION = "3b8a1c2d4e5f"
DROP_READD_RULES = {"ML101", "ML102", "ML103"}


def test_a_drop_and_readd_in_raw_sql_is_caught_by_data_survival(
    sep: Sep, uber_copy: Path, server: str | None
) -> None:
    # email, not last_name: last_name carries ix_attendee_last_name, so SQLite refuses to
    # drop it ("error in index ... after drop column") and PostgreSQL drops the index with
    # it. email has no index or constraint, and the VARCHAR added back is what the model
    # declares (Unicode): the schemas stay identical, only the data differs.
    if server is None and sqlite3.sqlite_version_info < (3, 35, 0):
        pytest.skip(f"ALTER TABLE ... DROP COLUMN needs SQLite 3.35, not {sqlite3.sqlite_version}")
    path = add_uber_revision(
        uber_copy,
        RAW_SQL_REVISION,
        "Reset attendee emails",
        upgrade="""
            op.execute("ALTER TABLE attendee DROP COLUMN email")
            op.execute("ALTER TABLE attendee ADD COLUMN email VARCHAR")
        """,
    )
    lint = sep.alembic("lint", "--format", "json", "--no-cache")
    assert lint.code in (0, 1), lint
    findings = [f for f in json.loads(lint.stdout) if f["revision"] == RAW_SQL_REVISION]
    # the premise: the static drop-then-re-add rules cannot see inside raw SQL
    assert [f for f in findings if f["code"] in DROP_READD_RULES] == [], findings

    report = verify_json(sep, server)

    assert report.result.code == 1, report.result
    assert report.schema == []
    assert [summary(p) for p in report.problems] == [
        ("data", RAW_SQL_REVISION, "attendee", "email")
    ], report.result
    [lost] = report.problems
    assert lost["path"] == f"{UBER_VERSIONS}/{path.name}"
    assert lost["line"] == line_of(path, "DROP COLUMN email")


RENAME_REVISION = "5d6e7f8a9b0c"
RENAME_UPGRADE = """
    with op.batch_alter_table('attendee') as batch_op:
        batch_op.alter_column('first_name', new_column_name='given_name')
"""
RENAME_DOWNGRADE = """
    with op.batch_alter_table('attendee') as batch_op:
        batch_op.alter_column('given_name', new_column_name='first_name')
"""


def rename_first_name(project: Path, upgrade: str = RENAME_UPGRADE) -> None:
    """A revision renaming attendee.first_name to given_name, and the model to match."""
    add_uber_revision(
        project, RENAME_REVISION, "Rename first_name to given_name", upgrade, RENAME_DOWNGRADE
    )
    edit(project, UBER_MODELS, FIRST_NAME_COLUMN, FIRST_NAME_COLUMN.replace("first", "given"))
    edit(project, UBER_MODELS, "{self.first_name}", "{self.given_name}")


def test_a_rename_with_alter_column_keeps_the_data(
    sep: Sep, uber_copy: Path, server: str | None
) -> None:
    rename_first_name(uber_copy)

    report = verify_json(sep, server)

    assert report.result.code == 0, report.result
    assert report.schema == []
    assert report.problems == []
    assert report.data["revisions"] == 20


CLOBBER_GIVEN_NAME = """
    op.execute("UPDATE attendee SET given_name = ''")
"""


def test_a_renamed_column_is_still_compared(sep: Sep, uber_copy: Path, server: str | None) -> None:
    """The control for the test above: values are followed to the new name, so losing them
    after a rename is reported (a dropped column, by contrast, is never compared)."""
    rename_first_name(uber_copy, RENAME_UPGRADE + CLOBBER_GIVEN_NAME)

    report = verify_json(sep, server)

    assert report.result.code == 1, report.result
    assert report.schema == []
    assert [summary(p) for p in report.problems] == [
        ("data", RENAME_REVISION, "attendee", "first_name")
    ], report.result


# --- round trip ----------------------------------------------------------------------------


PRONOUNS_REVISION = "7a8b9c0d1e2f"


def test_a_downgrade_that_does_not_undo_its_upgrade_is_reported(
    sep: Sep, uber_copy: Path, server: str | None
) -> None:
    add_model_column(uber_copy, "    pronouns = Column(Unicode, nullable=True)\n")
    add_uber_revision(
        uber_copy,
        PRONOUNS_REVISION,
        "Add pronouns to attendee",
        upgrade="""
            with op.batch_alter_table('attendee') as batch_op:
                batch_op.add_column(sa.Column('pronouns', sa.Unicode(), nullable=True))
        """,
        downgrade="pass",
    )

    report = verify_json(sep, server)

    assert report.result.code == 1, report.result
    assert report.schema == []  # upgrade heads and the models agree
    assert report.problems == report.problems_of(PRONOUNS_REVISION), report.result
    assert {p["check"] for p in report.problems} == {"roundtrip"}, report.result
    left_behind = [p for p in report.problems if "pronouns" in p["message"]]
    assert left_behind, report.result
    assert left_behind[0]["table"] == "attendee"
    assert "downgrade" in left_behind[0]["message"], left_behind[0]


# --- the scratch database ------------------------------------------------------------------


def test_the_scratch_database_is_removed_even_when_verify_fails(
    sep: Sep, uber_copy: Path, server: str | None, tmp_path: Path
) -> None:
    add_model_column(uber_copy, NICKNAME_COLUMN)
    files = project_files(uber_copy)
    temporary = tmp_path / "tmp"  # verify's tempfile.gettempdir(), private to this test
    temporary.mkdir()
    os.utime(temporary, ns=(0, 0))
    databases = scratch_databases(server) if server else set()

    report = verify_json(sep, server, env={"TMPDIR": str(temporary)})

    assert report.result.code == 1, report.result
    assert project_files(uber_copy) == files
    assert not (uber_copy / "sep.db").exists()
    assert list(temporary.iterdir()) == []
    if server is None:
        # the mtime moved: the scratch directory was made in TMPDIR and removed from it
        assert temporary.stat().st_mtime_ns != 0
    else:
        assert scratch_databases(server) <= databases


# --- usage ---------------------------------------------------------------------------------


def test_an_unknown_format_is_a_usage_error(sep: Sep) -> None:
    result = sep.alembic("verify", "--format", "bogus")

    assert result.code == 2, result
    assert "--format" in result.stderr, result
    assert result.stdout == ""


def test_no_configuration_is_a_one_line_error(sep: Sep, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()

    result = sep.run("alembic", "verify", cwd=empty)

    assert result.code == 2, result
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: "), result
    assert "configuration" in line
    assert "Traceback" not in result.output
    assert list(empty.iterdir()) == []


def test_an_invalid_verify_table_is_a_one_line_error(sep: Sep, uber_copy: Path) -> None:
    with (uber_copy / "pyproject.toml").open("a") as config:
        config.write('ignore_kinds = ["colour"]\n')  # appended to the verify table

    result = verify(sep, None)

    assert result.code == 2, result
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "ignore_kinds" in line and "colour" in line, result


# --- a revision that fails --------------------------------------------------------------------


def test_a_revision_that_fails_to_upgrade_is_reported(sep: Sep, uber_copy: Path) -> None:
    add_uber_revision(
        uber_copy,
        "9d0e1f2a3b4c",
        "Widen badge numbers",
        upgrade="op.execute('ALTER TABLE no_such_table ADD COLUMN badge_num INTEGER')",
    )

    report = verify_json(sep, None)

    assert report.result.code == 1, report.result
    assert report.problems_of("9d0e1f2a3b4c"), report.result
    assert "Traceback" not in report.result.output
