"""ML401-ML403 and ML501: their examples, real-world revision shapes and whole projects.

The rules are listed here explicitly (test_rule_examples.py covers registered rules only).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from migration_lint.config import load_config
from migration_lint.diagnostics import Finding, Severity
from migration_lint.linter import run_lint
from migration_lint.rules.base import Example, Rule
from migration_lint.rules.downgrade_not_inverse import DowngradeNotInverse
from migration_lint.rules.empty_downgrade import EmptyDowngrade
from migration_lint.rules.raw_sql_destructive import RawSqlDestructive
from migration_lint.rules.unnamed_constraint import UnnamedConstraint
from migration_lint.sql_analysis import analyze_sql
from migration_lint.testing import run_example

ROOT = Path(__file__).resolve().parents[1]
RULES: tuple[type[Rule], ...] = (
    DowngradeNotInverse,
    EmptyDowngrade,
    UnnamedConstraint,
    RawSqlDestructive,
)

# ubersystem's revision boilerplate, as `alembic revision` writes it from script.py.mako
UBER_HEADER = '''"""{message}

Revision ID: {revision}
Revises: 0000example
Create Date: 2024-06-10 17:33:19.845530

"""


# revision identifiers, used by Alembic.
revision = '{revision}'
down_revision = None
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import table


try:
    is_sqlite = op.get_context().dialect.name == 'sqlite'
except Exception:
    is_sqlite = False

if is_sqlite:
    op.get_context().connection.execute('PRAGMA foreign_keys=ON;')
    utcnow_server_default = "(datetime('now', 'utc'))"
else:
    utcnow_server_default = "timezone('utc', current_timestamp)"


def sqlite_column_reflect_listener(inspector, table, column_info):
    """Adds parenthesis around SQLite datetime defaults for utcnow."""
    if column_info['default'] == "datetime('now', 'utc')":
        column_info['default'] = utcnow_server_default


sqlite_reflect_kwargs = {{
    'listeners': [('column_reflect', sqlite_column_reflect_listener)]
}}

'''


def uber(body: str, message: str = "Change attendee") -> str:
    """``body`` after ubersystem's boilerplate.

    ``=REFLECT`` and ``op.f(FK)`` in ``body`` are short for ``=sqlite_reflect_kwargs`` and
    the attendee -> group foreign key's name, so the sources' lines fit.
    """
    header = UBER_HEADER.format(message=message, revision="1a2b3c4d5e6f")
    body = body.replace("=REFLECT", "=sqlite_reflect_kwargs")
    return header + body.replace("op.f(FK)", "op.f('fk_attendee_group_id_group')")


def findings(rule: type[Rule], source: str, tmp_path: Path) -> list[Finding]:
    return run_example(rule, Example(source), tmp_path)


def line_of(source: str, text: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), 1) if text in line)


# --------------------------------------------------------------------------- the examples

_CASES = [
    pytest.param(rule, example, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{n}")
    for rule in RULES
    for valid, examples in ((True, rule.VALID), (False, rule.INVALID))
    for n, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule", "example", "valid"), _CASES)
def test_example(rule: type[Rule], example: Example, valid: bool, tmp_path: Path) -> None:
    found = run_example(rule, example, tmp_path)
    if valid:
        assert found == [], f"{rule.code} flagged a VALID example: {found}"
    else:
        assert found, f"{rule.code} missed an INVALID example"
        if example.line is not None:
            assert found[0].line == example.line, found
        assert all(f.name == rule.name and f.severity is rule.severity for f in found)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_rule_is_documented(rule: type[Rule]) -> None:
    assert rule.VALID and rule.INVALID
    assert re.fullmatch(r"ML\d{3}", rule.code) and re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name)
    assert rule.summary and "\n" not in rule.summary
    doc = rule.__doc__ or ""
    for section in ("**What it flags:**", "**Why:**", "**Instead:**"):
        assert section in doc


def test_codes_names_and_severities() -> None:
    assert [(r.code, r.name, r.severity) for r in RULES] == [
        ("ML401", "downgrade-not-inverse", Severity.WARNING),
        ("ML402", "empty-downgrade", Severity.INFO),
        ("ML403", "unnamed-constraint", Severity.ERROR),
        ("ML501", "raw-sql-destructive", Severity.WARNING),
    ]


# --------------------------------------------------------------------------- ML401

UBER_SQLITE_ALTER = uber(
    """\
def upgrade():
    if is_sqlite:
        with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
            batch_op.alter_column('badge_num', type_=sa.Integer(), existing_type=sa.Unicode())
            batch_op.alter_column('last_name', existing_type=sa.Unicode(), nullable=False)
    else:
        op.alter_column('attendee', 'badge_num', type_=sa.Integer(), existing_type=sa.Unicode(),
                        postgresql_using='badge_num::integer')
        op.alter_column('attendee', 'last_name', existing_type=sa.Unicode(), nullable=False)
    op.create_index(op.f('ix_attendee_badge_num'), 'attendee', ['badge_num'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_attendee_badge_num'), table_name='attendee')
    if is_sqlite:
        with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
            batch_op.alter_column('last_name', existing_type=sa.Unicode(), nullable=True)
            batch_op.alter_column('badge_num', type_=sa.Unicode(), existing_type=sa.Integer())
    else:
        op.alter_column('attendee', 'last_name', existing_type=sa.Unicode(), nullable=True)
        op.alter_column('attendee', 'badge_num', type_=sa.Unicode(), existing_type=sa.Integer())
"""
)


def test_uber_sqlite_branches_with_their_inverse_are_fine(tmp_path: Path) -> None:
    assert findings(DowngradeNotInverse, UBER_SQLITE_ALTER, tmp_path) == []


def test_the_inverse_may_sit_on_one_arm_or_outside_the_batch(tmp_path: Path) -> None:
    source = uber(
        "def upgrade():\n"
        "    with op.batch_alter_table('attendee') as batch_op:\n"
        "        batch_op.add_column(sa.Column('email', sa.Unicode(), nullable=True))\n"
        "        batch_op.create_unique_constraint('uq_attendee_email', ['email'])\n"
        "    op.add_column('attendee', sa.Column('phone', sa.Unicode(), nullable=True))\n"
        "\n"
        "\n"
        "def downgrade():\n"
        "    op.drop_constraint('uq_attendee_email', 'attendee', type_='unique')\n"
        "    op.drop_column('attendee', 'email')\n"
        "    if is_sqlite:\n"
        "        with op.batch_alter_table('attendee', reflect_kwargs=REFLECT) as batch_op:\n"
        "            batch_op.drop_column('phone')\n"
    )
    assert findings(DowngradeNotInverse, source, tmp_path) == []


def test_uber_downgrade_that_forgets_one_arm_of_the_upgrade(tmp_path: Path) -> None:
    restore = "alter_column('badge_num', type_=sa.Unicode(), existing_type=sa.Integer())"
    restore_op = restore.replace("('badge_num'", "('attendee', 'badge_num'")
    source = "".join(
        line
        for line in UBER_SQLITE_ALTER.splitlines(keepends=True)
        if restore not in line and restore_op not in line
    )
    assert source.count("alter_column(") == 6
    found = findings(DowngradeNotInverse, source, tmp_path)
    # the same change on both arms is reported once, on the first arm
    assert [f.line for f in found] == [line_of(source, "batch_op.alter_column('badge_num'")]
    assert "changes the type of column 'attendee.badge_num'" in found[0].message
    assert "type_=sa.Unicode(), existing_type=sa.Integer()" in found[0].message


def test_downgrade_with_sql_the_linter_cannot_read_is_not_judged(tmp_path: Path) -> None:
    source = (
        "def upgrade():\n"
        "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
        "\n"
        "def downgrade():\n"
        "    op.execute(f'ALTER TABLE attendee DROP COLUMN {COLUMN}')\n"
    )
    assert findings(DowngradeNotInverse, source, tmp_path) == []


def test_downgrade_sql_that_does_not_undo_is_reported(tmp_path: Path) -> None:
    source = (
        "def upgrade():\n"
        "    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))\n"
        "    op.alter_column('event_location', 'room_name', new_column_name='room')\n"
        "\n"
        "def downgrade():\n"
        "    op.execute('ALTER TABLE event_location RENAME COLUMN room TO room_name')\n"
        "    op.execute(\"UPDATE attendee SET email = '' WHERE email IS NULL\")\n"
    )
    found = findings(DowngradeNotInverse, source, tmp_path)
    assert [f.line for f in found] == [2]


def test_repeating_a_rename_is_not_its_inverse(tmp_path: Path) -> None:
    source = (
        "def upgrade():\n"
        "    op.rename_table('panel_applicant', 'panel_person')\n"
        "\n"
        "def downgrade():\n"
        "    op.rename_table('panel_applicant', 'panel_person')\n"
    )
    assert [f.line for f in findings(DowngradeNotInverse, source, tmp_path)] == [2]


# --------------------------------------------------------------------------- ML402


def test_uber_merge_revision_is_not_an_empty_downgrade(tmp_path: Path) -> None:
    source = uber("def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
    assert findings(EmptyDowngrade, source, tmp_path) == []


def test_uber_irreversible_data_migration(tmp_path: Path) -> None:
    source = uber(
        "def upgrade():\n"
        "    op.execute(\"DELETE FROM attendee WHERE badge_status = 'invalid'\")\n"
        "\n"
        "\n"
        "def downgrade():\n"
        "    raise NotImplementedError('Deleted attendees cannot be restored')\n"
    )
    found = findings(EmptyDowngrade, source, tmp_path)
    assert [(f.line, f.severity) for f in found] == [(line_of(source, "def downgrade"), "info")]
    # ML401 leaves the empty/raising downgrade to ML402
    assert findings(DowngradeNotInverse, source, tmp_path / "ml401") == []


# --------------------------------------------------------------------------- ML403


def test_autogenerated_named_drop_constraint_is_fine(tmp_path: Path) -> None:
    source = uber(
        "def upgrade():\n"
        "    # ### commands auto generated by Alembic - please adjust! ###\n"
        "    op.drop_constraint(op.f(FK), 'attendee', type_='foreignkey')\n"
        "    op.create_foreign_key(op.f('fk_attendee_group_id_group'), 'attendee', 'group',\n"
        "                          ['group_id'], ['id'], ondelete='CASCADE')\n"
        "    # ### end Alembic commands ###\n"
        "\n"
        "\n"
        "def downgrade():\n"
        "    op.drop_constraint(op.f(FK), 'attendee', type_='foreignkey')\n"
        "    op.create_foreign_key(op.f('fk_attendee_group_id_group'), 'attendee', 'group',\n"
        "                          ['group_id'], ['id'], ondelete='SET NULL')\n"
    )
    for rule in (UnnamedConstraint, DowngradeNotInverse):
        assert findings(rule, source, tmp_path / rule.code) == []


def test_unnamed_drop_constraint_in_a_sqlite_batch(tmp_path: Path) -> None:
    source = uber(
        "def upgrade():\n"
        "    if is_sqlite:\n"
        "        with op.batch_alter_table('attendee', reflect_kwargs=REFLECT) as batch_op:\n"
        "            batch_op.drop_constraint(None, type_='foreignkey')\n"
        "    else:\n"
        "        op.drop_constraint(op.f(FK), 'attendee', type_='foreignkey')\n"
        "\n"
        "\n"
        "def downgrade():\n"
        "    pass\n"
    )
    found = findings(UnnamedConstraint, source, tmp_path)
    assert [f.line for f in found] == [line_of(source, "drop_constraint(None")]
    assert "foreignkey constraint of 'attendee'" in found[0].message


def test_constraint_name_from_a_variable_is_not_guessed(tmp_path: Path) -> None:
    source = (
        "def upgrade():\n"
        "    name = get_fk_name('attendee')\n"
        "    op.drop_constraint(name, 'attendee', type_='foreignkey')\n"
    )
    assert findings(UnnamedConstraint, source, tmp_path) == []


# --------------------------------------------------------------------------- ML501


def test_data_migration_through_a_table_object_is_not_sql(tmp_path: Path) -> None:
    source = uber(
        "attendee_table = table(\n"
        "    'attendee',\n"
        "    sa.Column('id', sa.String(length=36)),\n"
        "    sa.Column('badge_num', sa.Integer()),\n"
        ")\n"
        "\n"
        "\n"
        "def upgrade():\n"
        "    op.execute(attendee_table.update().values(badge_num=None))\n"
        "    connection = op.get_bind()\n"
        "    connection.execute(attendee_table.delete())\n"
        "\n"
        "\n"
        "def downgrade():\n"
        "    pass\n"
    )
    assert findings(RawSqlDestructive, source, tmp_path) == []


def test_update_with_where_is_fine(tmp_path: Path) -> None:
    source = uber(
        "def upgrade():\n"
        '    op.execute("UPDATE attendee SET badge_num = NULL WHERE badge_num = 0")\n'
    )
    assert findings(RawSqlDestructive, source, tmp_path) == []


def test_delete_without_where_in_sa_text(tmp_path: Path) -> None:
    source = uber('def upgrade():\n    op.execute(sa.text("DELETE FROM attendee"))\n')
    found = findings(RawSqlDestructive, source, tmp_path)
    assert [f.line for f in found] == [line_of(source, "DELETE FROM")]
    assert "DELETE without WHERE" in found[0].message and "data-changing" in found[0].message


def test_update_without_where_says_it_changes_data(tmp_path: Path) -> None:
    source = "def upgrade():\n    op.execute('UPDATE attendee SET first_name = upper(last_name)')\n"
    found = findings(RawSqlDestructive, source, tmp_path)
    assert len(found) == 1 and "data-changing" in found[0].message
    assert "first_name in every row of 'attendee'" in found[0].message


def test_postgres_type_change(tmp_path: Path) -> None:
    source = uber(
        "def upgrade():\n"
        '    op.execute("ALTER TABLE attendee ALTER COLUMN badge_num TYPE INTEGER '
        'USING badge_num::integer")\n'
    )
    found = findings(RawSqlDestructive, source, tmp_path)
    assert len(found) == 1
    assert "changes the type of column 'attendee.badge_num'" in found[0].message


@pytest.mark.skipif(
    not hasattr(importlib.import_module("sqlglot.expressions"), "ModifyColumn"),
    reason="this sqlglot cannot parse MySQL's MODIFY ... NOT NULL / CHANGE (no finding then)",
)
def test_mysql_modify_and_change_are_type_changes(tmp_path: Path) -> None:
    source = (
        "def upgrade():\n"
        "    op.execute('ALTER TABLE attendee MODIFY badge_num INT NOT NULL')\n"
        "    op.execute('ALTER TABLE attendee CHANGE COLUMN paid paid_status SMALLINT')\n"
    )
    found = findings(RawSqlDestructive, source, tmp_path)
    assert [(f.line, "MODIFY" in f.message, "CHANGE" in f.message) for f in found] == [
        (2, True, False),
        (3, False, True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Run scripts/fix_badges.py by hand before upgrading!",
        "this is not sql at all",
        "It's not SQL; don't parse it",
        "",
        ";;",
        "DO $$ BEGIN DELETE FROM attendee; END $$",
    ],
)
def test_text_that_is_not_sql_gives_no_finding(text: str, tmp_path: Path) -> None:
    source = f"def upgrade():\n    op.execute({text!r})\n"
    assert findings(RawSqlDestructive, source, tmp_path) == []


def test_each_statement_of_a_string_is_checked(tmp_path: Path) -> None:
    source = (
        "def upgrade():\n"
        "    op.execute('''\n"
        "        UPDATE attendee SET badge_num = NULL WHERE badge_num = 0;\n"
        "        DELETE FROM attendee;\n"
        "        this is not sql;\n"
        "        DROP TABLE IF EXISTS old_badges CASCADE;\n"
        "    ''')\n"
    )
    messages = [f.message for f in findings(RawSqlDestructive, source, tmp_path)]
    assert len(messages) == 2
    assert "DELETE without WHERE" in messages[0]
    assert "drops table 'old_badges' with CASCADE" in messages[1]


def test_drop_table_if_exists_of_a_scratch_table_of_the_same_upgrade(tmp_path: Path) -> None:
    """Decision: no finding.  The scratch table was created (by op.create_table or CREATE
    TABLE) earlier on the same path of the same upgrade, so it held nothing that existed
    before the migration: dropping it loses no data.  The same DROP of a table the
    migration did not create, or one created on another arm of an if/else, is reported."""
    scratch = uber(
        "def upgrade():\n"
        "    op.create_table('tmp_badge_nums',\n"
        "        sa.Column('id', sa.String(length=36), nullable=False),\n"
        "        sa.Column('badge_num', sa.Integer(), nullable=True))\n"
        "    op.execute('INSERT INTO tmp_badge_nums SELECT id, badge_num FROM attendee')\n"
        "    op.execute('UPDATE attendee SET badge_num = NULL WHERE badge_num < 0')\n"
        "    op.execute('DROP TABLE IF EXISTS tmp_badge_nums')\n"
        "\n"
        "\n"
        "def downgrade():\n"
        "    pass\n"
    )
    assert findings(RawSqlDestructive, scratch, tmp_path / "scratch") == []
    # ML401 does not ask the downgrade to drop a table the upgrade dropped itself
    assert findings(DowngradeNotInverse, scratch, tmp_path / "ml401") == []

    one_string = uber(
        "def upgrade():\n"
        "    op.execute('CREATE TEMP TABLE tmp_badge_nums AS SELECT id FROM attendee; '\n"
        "               'DELETE FROM tmp_badge_nums; '\n"
        "               'DROP TABLE IF EXISTS tmp_badge_nums')\n"
    )
    assert findings(RawSqlDestructive, one_string, tmp_path / "one_string") == []

    foreign = uber("def upgrade():\n    op.execute('DROP TABLE IF EXISTS tmp_badge_nums')\n")
    assert len(findings(RawSqlDestructive, foreign, tmp_path / "foreign")) == 1

    other_arm = uber(
        "def upgrade():\n"
        "    if is_sqlite:\n"
        "        op.execute('CREATE TABLE tmp_badge_nums AS SELECT id FROM attendee')\n"
        "    else:\n"
        "        op.execute('DROP TABLE IF EXISTS tmp_badge_nums')\n"
    )
    assert len(findings(RawSqlDestructive, other_arm, tmp_path / "arm")) == 1


def test_downgrade_dropping_what_the_upgrade_created_in_sql_is_fine(tmp_path: Path) -> None:
    source = (
        "def upgrade():\n"
        "    op.execute('CREATE TABLE badge_log (id INTEGER PRIMARY KEY, badge_num INTEGER)')\n"
        "    op.execute('ALTER TABLE attendee ADD COLUMN badge_log_id INTEGER')\n"
        "\n"
        "def downgrade():\n"
        "    op.execute('ALTER TABLE attendee DROP COLUMN badge_log_id; DROP TABLE badge_log')\n"
    )
    for rule in (RawSqlDestructive, DowngradeNotInverse):
        assert findings(rule, source, tmp_path / rule.code) == []


def test_analyze_sql_tries_the_dialects_and_never_guesses() -> None:
    mysql = analyze_sql("ALTER TABLE `group` DROP COLUMN `attendees`")
    assert [(e.action, e.target, e.table, e.name) for e in mysql.effects] == [
        ("drop", "COLUMN", "group", "attendees")
    ]
    assert analyze_sql("this is not sql at all").effects == ()
    assert not analyze_sql("this is not sql at all").opaque
    # a schema change no dialect parses: its effects are unknown, so ML401 does not judge
    assert analyze_sql("RENAME TABLE attendee TO person").opaque
    # PostgreSQL's column rename without COLUMN, which sqlglot reads as a table rename
    assert analyze_sql("ALTER TABLE attendee RENAME badge TO badge_num").opaque
    truncate = analyze_sql("TRUNCATE attendee CASCADE").effects
    assert [(e.action, e.table, e.cascade) for e in truncate] == [("truncate", "attendee", True)]


# --------------------------------------------------------------------------- projects


def _lint(pyproject: Path) -> list[Finding]:
    rules = [rule() for rule in RULES]
    return run_lint(load_config(pyproject), [], rules, cache=None).findings


def test_example_project_gives_no_finding() -> None:
    # Every revision of examples/uber undoes its upgrade (the merge revision is empty both
    # ways), names its constraints and runs no literal SQL: nothing of ML401-ML501 is in it.
    assert _lint(ROOT / "examples" / "uber" / "pyproject.toml") == []


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_corpus_whose_downgrades_undo_their_upgrades(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _generator().generate(root, revisions=400, seed=0)
    assert _lint(root / "pyproject.toml") == []
    # and the check is not vacuous: a downgrade that forgets its drop_table is found
    dropped = 0
    for path in sorted(root.rglob("versions/*.py")):
        text = path.read_text()
        upgrade, marker, downgrade = text.partition("\ndef downgrade():\n")
        if "    op.drop_table(" in downgrade:
            lines = downgrade.splitlines(keepends=True)
            lines = [ln for ln in lines if not ln.startswith("    op.drop_table(")]
            lines = lines or ["    pass\n"]
            path.write_text(upgrade + marker + "".join(lines))
            dropped += 1
    found = _lint(root / "pyproject.toml")
    assert dropped and found
    assert {f.code for f in found} == {"ML401"}
    assert all("creates table" in f.message for f in found)
