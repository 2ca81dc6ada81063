"""The static schema replay: a table as the revisions built it, just before an operation."""

from __future__ import annotations

from pathlib import Path

from migration_lint.config import load_config
from migration_lint.facts import UPGRADE
from migration_lint.graph import RevisionGraph
from migration_lint.linter import run_lint, select_rules
from migration_lint.parser import parse_revision
from migration_lint.replay import SchemaHistory


def revision(rev: str, down: str | None, body: str):
    header = f"revision = {rev!r}\ndown_revision = {down!r}\n"
    return parse_revision(header + "def upgrade():\n" + body, f"{rev}.py")


CREATE = revision(
    "r1",
    None,
    "    op.create_table('event', sa.Column('id', sa.Integer(), primary_key=True),\n"
    "        sa.Column('track', sa.String(length=40), nullable=True))\n",
)


def history(*scripts) -> tuple[SchemaHistory, dict]:
    graph = RevisionGraph(scripts)
    return SchemaHistory(graph), graph.scripts


def test_columns_types_and_alterations_replay_in_order() -> None:
    alter = revision(
        "r2",
        "r1",
        "    op.alter_column('event', 'track', type_=sa.Text(), nullable=False)\n"
        "    op.add_column('event', sa.Column('room', sa.Unicode(), server_default=''))\n",
    )
    later = revision("r3", "r2", "    pass\n")
    replay, _ = history(CREATE, alter, later)
    before_alter = replay.before(alter, "event")
    assert before_alter.exists and before_alter.complete and not before_alter.uncertain
    assert before_alter.columns["track"].type.name == "String"
    after = replay.before(later, "event")
    assert after.columns["track"].type.name == "Text"
    assert after.columns["track"].nullable is False
    assert after.columns["room"].server_default == "''"
    # within a revision: just before its second operation
    second = alter.operations(UPGRADE)[1]
    assert "room" not in replay.before(alter, "event", upto=second).columns


def test_is_sqlite_arms_replay_to_the_same_column() -> None:
    both = revision(
        "r2",
        "r1",
        "    if is_sqlite:\n"
        "        with op.batch_alter_table('event') as batch_op:\n"
        "            batch_op.alter_column('track', new_column_name='tracks')\n"
        "    else:\n"
        "        op.alter_column('event', 'track', new_column_name='tracks')\n"
        "    op.alter_column('event', 'tracks', nullable=False)\n",
    )
    later = revision("r3", "r2", "    pass\n")
    replay, _ = history(CREATE, both, later)
    else_arm = both.operations(UPGRADE)[1]
    # the sqlite arm does not run before the else arm: track still has its old name there
    assert "track" in replay.before(both, "event", upto=else_arm).columns
    assert set(replay.before(later, "event").columns) == {"id", "tracks"}


def test_rename_table_carries_its_history() -> None:
    rename = revision("r2", "r1", "    op.rename_table('event', 'session')\n")
    later = revision("r3", "r2", "    pass\n")
    replay, _ = history(CREATE, rename, later)
    assert not replay.before(later, "event").exists
    assert set(replay.before(later, "session").columns) == {"id", "track"}


def test_dynamic_names_make_the_replay_uncertain() -> None:
    loop = revision("r2", "r1", "    for t in TABLES:\n        op.drop_column(t, 'track')\n")
    column = revision("r3", "r2", "    op.drop_column('event', name)\n")
    later = revision("r4", "r3", "    pass\n")
    replay, _ = history(CREATE, loop, column, later)
    assert not replay.before(loop, "event").uncertain
    assert replay.before(column, "event").uncertain  # a loop over unknown tables ran before
    assert replay.before(later, "event").uncertain


def test_branches_see_only_their_ancestors() -> None:
    uber = revision("u2", "r1", "    op.add_column('event', sa.Column('room', sa.Unicode()))\n")
    plugin = parse_revision(
        "revision = 'p1'\ndown_revision = None\ndepends_on = 'r1'\n"
        "def upgrade():\n    op.add_column('event', sa.Column('panel', sa.Unicode()))\n",
        "p1.py",
    )
    merge = parse_revision("revision = 'm1'\ndown_revision = ('u2', 'p1')\n", "m1.py")
    replay, _ = history(CREATE, uber, plugin, merge)
    assert "room" not in replay.before(plugin, "event").columns  # not an ancestor of p1
    assert {"room", "panel"} <= set(replay.before(merge, "event").columns)


def test_model_drift_reports_a_model_column_no_revision_creates(tmp_path: Path) -> None:
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "r1_init.py").write_text(
        "revision = 'r1'\ndown_revision = None\n"
        "def upgrade():\n"
        "    op.create_table('attendee', sa.Column('id', sa.Integer(), primary_key=True))\n"
    )
    (tmp_path / "models.py").write_text(
        "class Attendee(Base):\n    __tablename__ = 'attendee'\n"
        "    id = Column(Integer, primary_key=True)\n    nickname = Column(Unicode)\n"
    )
    (tmp_path / "pyproject.toml").write_text(
        "[tool.migration_lint.plugins.uber]\nversions = 'versions'\nmodels = ['models.py']\n"
    )
    result = run_lint(load_config(tmp_path / "pyproject.toml"), [], select_rules(["ML204"]), None)
    [finding] = result.findings
    assert finding.path == str(tmp_path / "models.py") and finding.line == 1
    assert "column 'attendee.nickname'" in finding.message
    assert "sep alembic --plugin uber revision --autogenerate" in finding.message


def test_model_drift_waits_for_unreadable_models(tmp_path: Path) -> None:
    """A models file that does not parse is ML001, not a drift finding per table in it."""
    from migration_lint.config import load_config
    from migration_lint.linter import run_lint, select_rules
    from migration_lint.rules import Example
    from migration_lint.testing import example_project

    history = "def upgrade():\n    op.create_table('promo_sale', sa.Column('id', sa.Integer()))\n"
    models = "class PromoSale(MagModel):\n    id = Column(Integer)\n\n\nclass Empty(MagModel):\n"
    example_project(Example(history, models={"uber": models}), tmp_path)
    config = load_config(tmp_path / "pyproject.toml")
    result = run_lint(config, [], select_rules(), None)
    found = [(f.code, Path(f.path).name) for f in result.findings]
    assert ("ML001", "models.py") in found
    assert not [code for code, _ in found if code == "ML204"]
    (tmp_path / "uber" / "models.py").write_text(models + "    pass\n")
    found = [f.code for f in run_lint(config, [], select_rules(["ML204"]), None).findings]
    assert found == []  # readable again: promo_sale is declared, nothing drifts
