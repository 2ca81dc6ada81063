"""``--write-baseline``/``--baseline`` and ``--diff-base``: adopt the linter, then hold the line.

Every test works on a fresh copy of examples/uber through the real CLI
(:func:`migration_lint.lint_cli.main`); the ``--diff-base`` tests make a git repository of
the copy, and one of them runs ``sep`` in a subprocess.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from test_lint_settings import Run, _plain_environment, lint, lint_json  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
UBER = ROOT / "examples" / "uber"
_COPY_IGNORE = shutil.ignore_patterns("__pycache__", ".migration_lint_cache", "*.db")

TRACKS = "alembic/versions/50aa55794242_support_multiple_tracks_per_event.py"
BADGE_NUM = "alembic/versions/e14989f05713_change_badge_num_to_an_integer.py"
DEPTS = "alembic/versions/ead71c22ba4c_replace_assigned_depts_column_with_dept.py"
TABLETOP = "plugins/tabletop/alembic/versions/f2d88ce182ee_cascade_deletes_to_tabletop_checkouts.py"
MIVS_HEAD = "plugins/mivs/alembic/versions/2f2d65117e32_add_website_to_indie_studio.py"
NEW_REVISION = "plugins/mivs/alembic/versions/3a1b2c3d4e5f_recreate_indie_studio_website.py"
FINDINGS = 13  # examples/uber's planted findings (errors and warnings)

NEW_REVISION_SOURCE = '''\
"""Recreate indie_studio.website

Revision ID: 3a1b2c3d4e5f
Revises: {down_revision}
Create Date: 2024-06-01 10:00:00.000000

"""

# revision identifiers, used by Alembic.
revision = '3a1b2c3d4e5f'
down_revision = '{down_revision}'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.drop_column('indie_studio', 'website')
    op.add_column('indie_studio',
                  sa.Column('website', sa.Unicode(), server_default='', nullable=False))
    op.add_column('attendee', sa.Column('studio_id', sa.String(36), nullable=True))


def downgrade():
    op.drop_column('attendee', 'studio_id')
'''


def copy_uber(destination: Path) -> Path:
    shutil.copytree(UBER, destination, ignore=_COPY_IGNORE)
    return destination


@pytest.fixture
def uber(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = copy_uber(tmp_path / "uber")
    monkeypatch.chdir(copy)
    return copy


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    source = path.read_text()
    assert source.count(old) >= 1, f"{old!r} not in {relative}"
    path.write_text(source.replace(old, new, 1))


def write_baseline(capsys: pytest.CaptureFixture[str], name: str = "b.json") -> dict:
    run = lint(capsys, "--write-baseline", name)
    assert run.code == 0, run
    return json.loads(Path(name).read_text())


# -- --write-baseline ----------------------------------------------------------------------


def test_write_baseline_records_every_shown_finding(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = lint_json(capsys)
    assert report.code == 1 and len(report.findings()) == FINDINGS, report
    run = lint(capsys, "--write-baseline", "b.json")
    assert run.code == 0, run  # findings and all
    assert run.out == ""
    assert f"wrote {FINDINGS} findings to b.json" in run.err
    document = json.loads((uber / "b.json").read_text())
    assert document["version"] == 1
    entries = document["findings"]
    assert all(set(entry) >= {"path", "code", "fingerprint", "message"} for entry in entries)
    recorded = Counter((e["path"], e["code"], e["message"]) for e in entries)
    assert recorded == Counter((f["path"], f["code"], f["message"]) for f in report.findings())
    for entry in entries:  # relative to the project root, POSIX form
        assert not Path(entry["path"]).is_absolute() and "\\" not in entry["path"]
        assert (uber / entry["path"]).is_file()
        assert re.fullmatch(r"[0-9a-f]{16,64}", entry["fingerprint"])
    # even the two ML101 of one file (the same statement text) are told apart
    assert len({(e["path"], e["code"], e["fingerprint"]) for e in entries}) == FINDINGS


def test_write_baseline_records_the_selection_only(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = lint(capsys, "--select", "ML105", "--write-baseline", "b.json")
    assert run.code == 0, run
    entries = json.loads((uber / "b.json").read_text())["findings"]
    assert sorted(e["path"] for e in entries) == sorted([TRACKS, BADGE_NUM, DEPTS])
    assert {e["code"] for e in entries} == {"ML105"}


def test_write_baseline_into_a_missing_directory_exits_two(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = lint(capsys, "--write-baseline", "no/such/dir/b.json")
    assert run.code == 2, run
    assert run.err.startswith("error: ") and "no/such/dir" in run.err, run
    assert len(run.err.splitlines()) == 1
    assert not (uber / "no").exists()


def test_write_baseline_replaces_an_older_one(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (uber / "b.json").write_text("not json at all")
    assert len(write_baseline(capsys)["findings"]) == FINDINGS
    assert [p.name for p in uber.iterdir() if p.name.startswith(".b.json")] == []  # no temp


# -- --baseline ----------------------------------------------------------------------------


def test_the_baseline_hides_everything_on_the_unchanged_project(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    text = lint(capsys, "--baseline", "b.json")
    assert text.code == 0, text
    assert f"note: {FINDINGS} finding(s) hidden by the baseline b.json" in text.out
    assert "All checks passed!" in text.out and "fixed or gone" not in text.out
    machine = lint_json(capsys, "--baseline", "b.json")
    assert machine.code == 0 and machine.findings() == [], machine
    assert f"{FINDINGS} finding(s) hidden" in machine.err  # notes go to stderr in JSON mode


def test_the_baseline_survives_lines_moving(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_baseline(capsys)
    header = "\n" * 5 + "# Reviewed in 2024:\n#   the data was copied first.\n#\n"
    for relative in (BADGE_NUM, TABLETOP, TRACKS):
        path = uber / relative
        path.write_text(header + path.read_text())
    moved = lint_json(capsys)
    assert (BADGE_NUM, 56 + 8, "ML101") in moved.located()  # the findings did move
    run = lint_json(capsys, "--baseline", "b.json")
    assert run.code == 0 and run.findings() == [], run


def test_rewrapping_a_call_at_its_spaces_keeps_it_hidden(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    edit(
        uber,
        TRACKS,
        "op.drop_column('event', 'track')",
        "op.drop_column('event',\n                   'track')",
    )
    assert (TRACKS, 57, "ML105") in lint_json(capsys).located()
    run = lint_json(capsys, "--baseline", "b.json")
    assert run.code == 0 and run.findings() == [], run


def test_a_black_style_reformat_keeps_it_hidden(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    edit(
        uber,
        TABLETOP,
        "    op.drop_table('tabletop_checkout')\n    op.create_table",
        "    op.drop_table(\n        'tabletop_checkout'\n    )\n    op.create_table",
    )
    run = lint_json(capsys, "--baseline", "b.json")
    assert run.findings() == [], run


def test_a_new_hazard_is_reported_alone(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_baseline(capsys)
    edit(
        uber,
        BADGE_NUM,
        "    op.add_column('attendee', sa.Column('badge_num', sa.Integer(), nullable=True))\n",
        "    op.add_column('attendee', sa.Column('badge_num', sa.Integer(), nullable=True))\n"
        "    with op.batch_alter_table('attendee') as batch_op:\n"
        "        batch_op.drop_column('last_name')\n"
        "    op.add_column('attendee', sa.Column('last_name', sa.Unicode(), "
        "server_default='', nullable=False))\n",
    )
    run = lint_json(capsys, "--baseline", "b.json")
    assert run.code == 1, run
    assert {(f["path"], f["line"], f["code"]) for f in run.findings()} == {
        (BADGE_NUM, 59, "ML101"),
        (BADGE_NUM, 59, "ML105"),
        (BADGE_NUM, 60, "ML401"),  # and downgrade() does not drop it
    }
    assert all("last_name" in f["message"] for f in run.findings())
    assert f"{FINDINGS} finding(s) hidden" in run.err


def test_editing_the_flagged_statement_reports_it_again(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    edit(
        uber,
        TABLETOP,
        "    op.drop_table('tabletop_checkout')\n    op.create_table",
        '    op.drop_table("tabletop_checkout")\n    op.create_table',
    )
    run = lint_json(capsys, "--baseline", "b.json")
    assert run.code == 1, run
    # the upgrade's drop; the downgrade's drop (same text as the old upgrade one) stays hidden
    assert run.located() == {(TABLETOP, 56, "ML102"), (TABLETOP, 56, "ML106")}


def test_identical_statements_are_counted_one_by_one(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    edit(
        uber,
        DEPTS,
        "        batch_op.drop_column('assigned_depts')\n",
        "        batch_op.drop_column('assigned_depts')\n"
        "        batch_op.drop_column('assigned_depts')\n",
    )
    drops = [f for f in lint_json(capsys).findings() if f["code"] == "ML105" and f["path"] == DEPTS]
    assert len(drops) == 2  # one recorded in the baseline, one new
    run = lint_json(capsys, "--baseline", "b.json")
    assert run.code == 0, run  # warnings only
    assert [(f["path"], f["code"]) for f in run.findings() if f["code"] == "ML105"] == [
        (DEPTS, "ML105")
    ]


def test_fixed_findings_leave_stale_entries(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_baseline(capsys)
    path = uber / BADGE_NUM
    source = path.read_text()
    path.write_text(
        source[: source.index("\ndef upgrade():")] + "\ndef upgrade():\n"
        "    with op.batch_alter_table('attendee') as batch_op:\n"
        "        batch_op.alter_column(\n"
        "            'badge_num', type_=sa.Integer(), existing_type=sa.Unicode())\n"
        "\n\ndef downgrade():\n"
        "    with op.batch_alter_table('attendee') as batch_op:\n"
        "        batch_op.alter_column(\n"
        "            'badge_num', type_=sa.Unicode(), existing_type=sa.Integer())\n"
    )
    run = lint(capsys, "--baseline", "b.json")
    assert run.code == 0, run
    assert f"note: {FINDINGS - 3} finding(s) hidden by the baseline b.json" in run.out
    assert "note: 3 baseline entries are fixed or gone; rewrite it with --write-baseline" in run.out
    assert "ML101" not in run.out and "ML105" not in run.out


def test_linting_one_file_does_not_call_the_other_entries_stale(
    uber: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_baseline(capsys)
    run = lint(capsys, "--baseline", "b.json", BADGE_NUM)
    assert run.code == 0 and "3 finding(s) hidden" in run.out, run
    assert "fixed or gone" not in run.out, run


def test_the_baseline_works_in_another_checkout(
    uber: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_baseline(capsys)
    baseline = uber / "b.json"
    other = copy_uber(tmp_path / "elsewhere" / "checkout")
    monkeypatch.chdir(other)
    assert len(lint_json(capsys).findings()) == FINDINGS
    run = lint_json(capsys, "--baseline", str(baseline))
    assert run.code == 0 and run.findings() == [], run
    monkeypatch.chdir(other / "plugins")  # the root is the project's, not the cwd
    run = lint_json(capsys, "--baseline", str(baseline))
    assert run.code == 0 and run.findings() == [], run


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "baseline file not found: missing.json"),
        ("{not json", "is not valid JSON"),
        ("", "is not valid JSON"),
        ("[]", "is not a migration-lint baseline"),
        ('{"version": 2, "findings": []}', "is not a migration-lint baseline"),
        ('{"version": 1}', "is not a migration-lint baseline"),
        ('{"version": 1, "findings": {}}', "is not a migration-lint baseline"),
        ('{"version": 1, "findings": [{"path": "a.py", "code": "ML101"}]}', "malformed entry"),
        ('{"version": 1, "findings": ["a.py"]}', "malformed entry"),
    ],
)
def test_a_missing_or_malformed_baseline_exits_two(
    uber: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    if content is not None:
        (uber / "missing.json").write_text(content)
    run = lint(capsys, "--baseline", "missing.json")
    assert run.code == 2, run
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], run


def test_a_directory_as_baseline_exits_two(uber: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (uber / "b.json").mkdir()
    run = lint(capsys, "--baseline", "b.json")
    assert run.code == 2 and run.err.startswith("error: cannot read baseline b.json"), run


# -- --diff-base ---------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(
        GIT_AUTHOR_NAME="migration-lint tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="migration-lint tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
    )
    completed = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


@pytest.fixture
def repository(uber: Path) -> Path:
    """The copy of examples/uber, committed in a git repository of its own."""
    git(uber, "init", "-q")
    git(uber, "add", "-A")
    git(uber, "commit", "-q", "--no-verify", "-m", "examples/uber")
    return uber


def add_new_revision(project: Path, down_revision: str = "2f2d65117e32") -> None:
    source = NEW_REVISION_SOURCE.format(down_revision=down_revision)
    (project / NEW_REVISION).write_text(source)


def test_diff_base_reports_only_the_changed_and_new_files(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_new_revision(repository)  # untracked
    with (repository / MIVS_HEAD).open("a") as handle:  # a clean file, changed
        handle.write("\n# reviewed\n")
    full = lint_json(capsys)
    assert any(f["path"] == TABLETOP for f in full.findings())  # planted hazards elsewhere
    run = lint_json(capsys, "--diff-base", "HEAD")
    assert run.code == 1, run
    assert {f["path"] for f in run.findings()} == {NEW_REVISION}
    # exactly what the whole-project run finds in those files: the context is all there
    assert run.findings() == [f for f in full.findings() if f["path"] in (NEW_REVISION, MIVS_HEAD)]
    codes = {f["code"] for f in run.findings()}
    assert {"ML101", "ML105", "ML202"} <= codes  # ML202 needs plugin uber's models
    assert not any(code.startswith("ML3") for code in codes)  # down_revision resolves
    text = lint(capsys, "--diff-base", "HEAD")
    assert "in 2 files." in text.out, text  # the new file and the changed clean one


def test_diff_base_checks_the_graph_of_a_new_file(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_new_revision(repository, down_revision="0123456789ab")
    run = lint_json(capsys, "--diff-base", "HEAD")
    assert (NEW_REVISION, "ML303") in {(f["path"], f["code"]) for f in run.findings()}, run
    assert {f["path"] for f in run.findings()} == {NEW_REVISION}


def test_diff_base_against_an_older_commit(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_new_revision(repository)
    git(repository, "add", NEW_REVISION)
    git(repository, "commit", "-q", "--no-verify", "-m", "new revision")
    assert lint_json(capsys, "--diff-base", "HEAD").findings() == []
    run = lint_json(capsys, "--diff-base", "HEAD~1")
    assert run.code == 1 and {f["path"] for f in run.findings()} == {NEW_REVISION}, run


def test_diff_base_with_no_changes_reports_nothing(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = lint(capsys, "--diff-base", "HEAD")
    assert run.code == 0, run
    assert "All checks passed! (0 files checked)" in run.out
    machine = lint_json(capsys, "--diff-base", "HEAD")
    assert machine.code == 0 and machine.findings() == [], machine


def test_diff_base_and_baseline_together(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_new_revision(repository)
    write_baseline(capsys, str(repository / ".." / "b.json"))  # outside the repository
    run = lint_json(capsys, "--diff-base", "HEAD", "--baseline", str(repository / ".." / "b.json"))
    assert run.code == 0 and run.findings() == [], run


@pytest.mark.parametrize("ref", ["no-such-branch", "HEAD~5"])
def test_diff_base_with_an_unknown_ref_exits_two(
    repository: Path, capsys: pytest.CaptureFixture[str], ref: str
) -> None:
    run = lint(capsys, "--diff-base", ref)
    assert run.code == 2, run
    assert run.out == ""
    assert run.err == f"error: --diff-base: unknown ref {ref}\n"


def test_diff_base_outside_a_git_repository_exits_two(
    uber: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no repository above either
    run = lint(capsys, "--diff-base", "HEAD")
    assert run.code == 2, run
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --diff-base: "), run
    assert "not a git repository" in lines[0]


def test_diff_base_in_a_real_process(repository: Path) -> None:
    add_new_revision(repository)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    environment.pop("FORCE_COLOR", None)
    completed = subprocess.run(
        [sys.executable, "-m", "migration_lint", "alembic", "lint", "--diff-base", "HEAD"],
        cwd=repository / "plugins",  # from a subdirectory: git and the config walk up
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr
    assert "mivs/alembic/versions/3a1b2c3d4e5f_recreate_indie_studio_website.py:20:5" in (
        completed.stdout
    )
    assert "tabletop" not in completed.stdout and "magprime" not in completed.stdout
    assert re.search(
        r"Found \d+ problems \(\d+ errors?, \d+ warnings?\) in 1 file\.", completed.stdout
    )
