"""``sep alembic lint`` end to end on (a copy of) the bundled example project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from migration_lint.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "uber"
BROKEN = ROOT / "examples" / "broken"

TABLETOP = "plugins/tabletop/alembic/versions/f2d88ce182ee_cascade_deletes_to_tabletop_checkouts.py"
MAGPRIME = (
    "plugins/magprime/alembic/versions/8e8f5ddf336c_add_length_minutes_to_panel_applications.py"
)
EXPECTED = {
    ("alembic/versions/50aa55794242_support_multiple_tracks_per_event.py", 57, "ML103"),
    ("alembic/versions/50aa55794242_support_multiple_tracks_per_event.py", 64, "ML103"),
    ("alembic/versions/91caa0bbbe0c_add_attendees_to_group.py", 55, "ML201"),
    ("alembic/versions/e14989f05713_change_badge_num_to_an_integer.py", 56, "ML101"),
    ("alembic/versions/e14989f05713_change_badge_num_to_an_integer.py", 62, "ML101"),
    (MAGPRIME, 55, "ML202"),
    (MAGPRIME, 60, "ML202"),
    (TABLETOP, 56, "ML102"),
    (TABLETOP, 69, "ML102"),
    # the drops themselves (ML105/ML106 flag every drop in an upgrade)
    ("alembic/versions/50aa55794242_support_multiple_tracks_per_event.py", 57, "ML105"),
    ("alembic/versions/e14989f05713_change_badge_num_to_an_integer.py", 56, "ML105"),
    ("alembic/versions/ead71c22ba4c_replace_assigned_depts_column_with_dept.py", 69, "ML105"),
    (TABLETOP, 56, "ML106"),
}
FIELDS = {
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "severity",
    "message",
    "plugin",
    "revision",
}


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "uber"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(copy)
    return copy


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["alembic", "lint", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_json_findings_on_the_example(example: Path) -> None:
    code, out, _ = run("--format", "json")
    assert code == 1
    findings = json.loads(out)
    assert {(f["path"], f["line"], f["code"]) for f in findings} == EXPECTED
    assert all(set(f) == FIELDS for f in findings)
    by_code = {f["code"]: f for f in findings}
    wrong = by_code["ML202"]
    assert (wrong["plugin"], wrong["revision"], wrong["severity"]) == (
        "magprime",
        "8e8f5ddf336c",
        "error",
    )
    assert "'panels'" in wrong["message"] and "sep alembic --plugin panels" in wrong["message"]
    assert by_code["ML103"]["severity"] == "warning"
    assert by_code["ML101"]["column"] == 9 and by_code["ML101"]["end_column"] > 9


def test_text_output_groups_by_file_with_source_and_summary(example: Path) -> None:
    code, out, _ = run()
    assert code == 1
    assert "alembic/versions/e14989f05713_change_badge_num_to_an_integer.py:56:9" in out
    assert "batch_op.drop_column('badge_num')" in out  # the source line
    assert "[drop-then-readd-column]" in out
    assert "Found 13 problems (7 errors, 6 warnings) in 19 files." in out
    assert "\x1b[" not in out  # no colour when not on a terminal


def test_concise_output_is_one_line_per_finding(example: Path) -> None:
    code, out, _ = run("--format", "concise")
    lines = out.splitlines()
    assert code == 1 and len(lines) == len(EXPECTED)
    assert f"{TABLETOP}:56:5: ML102 [error] upgrade() drops table 'tabletop_checkout'" in out


def test_paths_report_only_those_files_with_the_project_as_context(example: Path) -> None:
    # ML103 needs the earlier revision that created event.track; ML202 needs the models
    code, out, _ = run(
        "--format",
        "json",
        MAGPRIME,
    )
    assert code == 1
    assert {f["code"] for f in json.loads(out)} == {"ML202"}


def test_a_clean_file_exits_zero(example: Path) -> None:
    code, out, _ = run("alembic/versions/9c52dd0bad5c_add_email_to_attendee.py")
    assert code == 0
    assert "All checks passed!" in out


def test_warnings_fail_only_with_strict(example: Path) -> None:
    path = "alembic/versions/50aa55794242_support_multiple_tracks_per_event.py"
    assert run(path)[0] == 0
    assert run("--strict", path)[0] == 1


def test_select_and_ignore(example: Path) -> None:
    _, out, _ = run("--format", "json", "--select", "ML1", "--ignore", "ML103,ML105,ML106")
    assert {f["code"] for f in json.loads(out)} == {"ML101", "ML102"}
    _, out, _ = run("--format", "json", "--select", "ML201,ML202")
    assert {f["code"] for f in json.loads(out)} == {"ML201", "ML202"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "ML999"], "unknown rule code 'ML999'"),
        (["does/not/exist.py"], "path does not exist"),
        (["--config", "missing.toml"], "configuration file not found"),
    ],
)
def test_usage_errors_exit_two_with_one_line(example: Path, args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_broken_configuration_exits_two(example: Path) -> None:
    config = example / "pyproject.toml"
    config.write_text(config.read_text().replace('depends_on = "uber"', 'depends_on = "core"', 1))
    code, _, err = run()
    assert code == 2
    assert "depends_on unknown plugin 'core'" in err


def test_no_configuration_lints_paths_as_one_anonymous_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BROKEN, tmp_path / "broken")
    code, out, _ = run("broken")
    assert code == 1
    assert out.count("note: no [tool.migration_lint] configuration found") == 1
    assert "ML001" in out and "'(' was never closed" in out
    assert "ML101" in out  # the broken file does not stop the others
    code, _, err = run()
    assert code == 2 and "no [tool.migration_lint] configuration found" in err


def test_lint_never_executes_project_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "executed"
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (tmp_path / "app").mkdir()
    side_effect = f"open({str(marker)!r}, 'w').write('imported')\n"
    (versions / "abc_side_effect.py").write_text(
        "revision = 'abc'\ndown_revision = None\n"
        + side_effect
        + "def upgrade():\n    "
        + side_effect
        + "    op.drop_column('t', 'c')\n"
        + "    op.add_column('t', sa.Column('c', sa.Integer()))\n"
    )
    (tmp_path / "app" / "models.py").write_text(
        side_effect + "class T(Base):\n    __tablename__ = 't'\n    c = Column(Integer)\n"
    )
    (tmp_path / "pyproject.toml").write_text(
        "[tool.migration_lint.plugins.app]\nversions = 'alembic/versions'\n"
        "models = ['app/models.py']\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--format", "concise")
    assert code == 1 and "ML101" in out
    assert not marker.exists()


def test_the_console_script_runs(example: Path) -> None:
    sep = Path(sys.executable).with_name("sep")
    command = [str(sep)] if sep.exists() else [sys.executable, "-m", "migration_lint"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [*command, "alembic", "lint", "--format", "concise"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert len(done.stdout.splitlines()) == len(EXPECTED)
    top = subprocess.run([*command, "--help"], capture_output=True, text=True, env=env, check=False)
    assert top.returncode == 0 and "alembic" in top.stdout


def test_colour_only_when_asked_or_on_a_terminal(
    example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, coloured, _ = run("alembic/versions/e14989f05713_change_badge_num_to_an_integer.py")
    assert "\x1b[1;31mML101 error\x1b[0m" in coloured
    assert "bold" not in coloured  # styles are applied, never printed
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain, _ = run("alembic/versions/e14989f05713_change_badge_num_to_an_integer.py")
    assert "\x1b[" not in plain and "ML101 error" in plain


def test_list_rules_lists_every_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from migration_lint.rules import ALL_RULES

    monkeypatch.chdir(tmp_path)  # needs no project
    code, out, _ = run("--list-rules")
    assert code == 0
    rows = out.splitlines()
    assert [row.split()[0] for row in rows] == [rule.code for rule in ALL_RULES]
    assert "ML103  rename-as-drop-add" in out and "warning" in rows[3]


def test_explain_shows_the_rules_own_documentation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--explain", "ml103")
    assert code == 0
    assert out.startswith("ML103 rename-as-drop-add (warning)")
    for section in (
        "**What it flags:**",
        "**Why:**",
        "**Instead:**",
        "Flagged (1",
        "Not flagged (1",
    ):
        assert section in out
    assert "op.drop_column('event', 'track')" in out
    code, _, err = run("--explain", "ML999")
    assert code == 2 and "unknown rule code 'ML999'" in err and "ML501" in err
