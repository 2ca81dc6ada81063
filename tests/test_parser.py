"""The revision parser on the real-world shapes of ubersystem's revisions."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from migration_lint.facts import Span
from migration_lint.parser import parse_revision, parse_revision_file

FIXTURES = Path(__file__).parent / "fixtures"


def kinds(ops) -> list[tuple[str, str | None, str | None]]:
    return [(op.kind, op.table, op.column) for op in ops]


@pytest.fixture(scope="module")
def uber_style():
    return parse_revision_file(FIXTURES / "ubersystem_style.py")


def test_revision_variables_and_docstring(uber_style) -> None:
    assert uber_style.error is None
    assert uber_style.revision == "417aacb2c6e9"
    assert uber_style.down_revisions == ("b1869cea73b5",)
    assert uber_style.branch_labels == ()
    assert uber_style.depends_on == ("a1b2c3d4e5f6",)  # written without spaces
    assert uber_style.doc_revision_id == "417aacb2c6e9"
    assert uber_style.doc_revises == "b1869cea73b5"
    assert uber_style.message == "Move event locations to DB"
    assert uber_style.span_of("depends_on") == Span(14, 1, 14, 26)


def test_upgrade_operations_in_order(uber_style) -> None:
    # the HOWTO comment, the listener helper, the module-level PRAGMA and the string-
    # disabled drop_table are not operations; the helper call is followed
    assert kinds(uber_style.upgrade.operations) == [
        ("add_column", "event", "tracks"),
        ("create_index", "event", None),
        ("execute", "event", None),
        ("alter_column", "event", "tracks"),
        ("alter_column", "event", "tracks"),
        ("drop_column", "event", "track"),
    ]


def test_operation_details(uber_style) -> None:
    add, index, execute, batch_alter, plain_alter, drop = uber_style.upgrade.operations
    assert add.column_def is not None
    assert add.column_def.type is not None and add.column_def.type.text == "sa.Unicode()"
    assert add.column_def.server_default == "str(c.OPT_IN)"
    assert add.column_def.nullable is False
    assert index.name == "ix_event_tracks" and index.columns == ("tracks",)
    assert execute.sql is None and execute.table == "event"
    assert batch_alter.batch and not plain_alter.batch
    assert batch_alter.type is not None and batch_alter.type.name == "Unicode"
    assert batch_alter.exclusive_with(plain_alter)
    assert not batch_alter.exclusive_with(add)
    assert drop.via == ("_drop_track_columns",)
    assert drop.span == Span(64, 5, 64, 40)  # inside the helper, where the call is written


def test_downgrade_reflected_type(uber_style) -> None:
    add = uber_style.downgrade.operations[0]
    assert add.column_def is not None and add.column_def.type is not None
    assert add.column_def.type.name == "VARCHAR"
    assert add.column_def.server_default == "sa.text(\"''::character varying\")"
    drop_index = uber_style.downgrade.operations[1]
    assert (drop_index.kind, drop_index.name, drop_index.table) == (
        "drop_index",
        "ix_event_tracks",
        "event",
    )


def _whole_module_call_spans(source: str) -> list[Span]:
    """Every ``op.*``/``batch_op.*`` call position, from a whole-module libcst parse."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    positions = wrapper.resolve(PositionProvider)
    spans = []
    for node, where in positions.items():
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and isinstance(node.func.value, cst.Name)
            and node.func.value.value in ("op", "batch_op")
            and node.func.attr.value not in ("f", "get_context", "batch_alter_table")
        ):
            spans.append(
                Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)
            )
    return spans


def test_positions_match_a_whole_module_parse(uber_style) -> None:
    source = (FIXTURES / "ubersystem_style.py").read_text()
    ours = {op.span for f in (uber_style.upgrade, uber_style.downgrade) for op in f.operations}
    reference = set(_whole_module_call_spans(source))
    # the reference also sees the module-level PRAGMA execute and the string-disabled body
    assert ours <= reference
    assert len(ours) == 9


def test_merge_revision_without_imports() -> None:
    script = parse_revision(
        '"""merge\n\nRevision ID: ff01\nRevises: aa01, bb02\n"""\n'
        "revision = 'ff01'\ndown_revision = ('aa01', 'bb02')\nbranch_labels = None\n"
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )
    assert script.down_revisions == ("aa01", "bb02")
    assert script.doc_revises == "aa01, bb02"
    assert script.upgrade is not None and script.upgrade.is_empty
    assert script.upgrade.operations == ()


def test_annotated_revision_variables_of_the_modern_template() -> None:
    script = parse_revision(
        "from typing import Sequence, Union\n"
        "revision: str = 'abc123'\n"
        "down_revision: Union[str, None] = 'def456'\n"
        "branch_labels: Union[str, Sequence[str], None] = ('panels',)\n"
        "depends_on: Union[str, Sequence[str], None] = ['uber1', 'uber2']\n"
    )
    assert script.revision == "abc123"
    assert script.down_revisions == ("def456",)
    assert script.branch_labels == ("panels",)
    assert script.depends_on == ("uber1", "uber2")


def test_non_literal_revision_variables_are_dynamic() -> None:
    script = parse_revision("revision = make_id()\ndown_revision = PREVIOUS\n")
    assert script.revision is None
    assert set(script.dynamic_variables) == {"revision", "down_revision"}
    assert script.error is None


def test_if_elif_else_arms_are_mutually_exclusive() -> None:
    script = parse_revision(
        "def upgrade():\n"
        "    if is_sqlite:\n"
        "        op.drop_column('a', 'x')\n"
        "    elif is_mysql:\n"
        "        op.drop_column('a', 'y')\n"
        "    else:\n"
        "        op.drop_column('a', 'z')\n"
        "    op.add_column('a', sa.Column('x', sa.Integer()))\n"
    )
    first, second, third, after = script.upgrade.operations
    assert first.exclusive_with(second) and first.exclusive_with(third)
    assert second.exclusive_with(third)
    assert not after.exclusive_with(first) and not after.exclusive_with(third)


def test_dynamic_names_are_recorded_not_guessed() -> None:
    script = parse_revision(
        "TABLES = ['attendee', 'group']\n"
        "def upgrade():\n"
        "    for name in TABLES:\n"
        "        op.add_column(name, sa.Column('notes', sa.Unicode()))\n"
        "    [op.drop_column('attendee', c) for c in ('a', 'b')]\n"
        "    column = 'badge_num'\n"
        "    op.drop_column('attendee', column)\n"
        "    op.drop_column(get_table(), column.upper())\n"
    )
    loop_add, comprehension_drop, literal_drop, unknown = script.upgrade.operations
    assert loop_add.table is None and "table" in loop_add.dynamic and loop_add.in_loop
    assert loop_add.column == "notes"
    assert comprehension_drop.in_loop and comprehension_drop.column is None
    assert comprehension_drop.target_unknown
    assert (literal_drop.column, literal_drop.dynamic) == ("badge_num", ())
    assert set(unknown.dynamic) == {"table", "column"}


def test_names_assigned_differently_on_two_arms_become_dynamic() -> None:
    script = parse_revision(
        "def upgrade():\n"
        "    name = 'a'\n"
        "    if flag:\n"
        "        name = 'b'\n"
        "    op.drop_table(name)\n"
    )
    assert script.upgrade.operations[0].table is None


def test_data_migration_table_objects_and_connections() -> None:
    script = parse_revision(
        "from sqlalchemy.sql import table, column\n"
        "def upgrade():\n"
        "    attendee = table('attendee', column('id'), column('badge_num'))\n"
        "    op.bulk_insert(attendee, [{'id': 1}])\n"
        "    conn = op.get_bind()\n"
        "    conn.execute(sa.text('DELETE FROM attendee'))\n"
        "    op.execute('UPDATE attendee SET badge_num = NULL')\n"
    )
    bulk, delete, update = script.upgrade.operations
    assert (bulk.kind, bulk.table) == ("bulk_insert", "attendee")
    assert (delete.kind, delete.sql) == ("execute", "DELETE FROM attendee")
    assert update.sql == "UPDATE attendee SET badge_num = NULL"


def test_create_table_columns_and_constraints() -> None:
    script = parse_revision(
        "def upgrade():\n"
        "    op.create_table('panel_tag',\n"
        "        sa.Column('id', sa.Integer(), nullable=False),\n"
        "        sa.Column('app_id', sa.Integer(), sa.ForeignKey('panel_application.id')),\n"
        "        sa.ForeignKeyConstraint(['app_id'], ['panel_application.id']),\n"
        "        sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_tag')))\n"
    )
    create = script.upgrade.operations[0]
    assert [c.name for c in create.table_columns] == ["id", "app_id"]
    assert create.table_columns[1].foreign_key == "panel_application.id"
    assert create.table_columns[0].span == Span(3, 9, 3, 54)


def test_alembic_op_module_and_keyword_arguments() -> None:
    script = parse_revision(
        "import alembic\n"
        "def upgrade():\n"
        "    alembic.op.drop_column(table_name='attendee', column_name='x', schema='public')\n"
        "    op.drop_constraint(None, 'attendee', type_='foreignkey')\n"
    )
    drop, constraint = script.upgrade.operations
    assert (drop.table, drop.column, drop.schema) == ("attendee", "x", "public")
    assert constraint.name is None and "name" not in constraint.dynamic
    assert constraint.constraint_type == "foreignkey"


def test_empty_and_raising_downgrades() -> None:
    script = parse_revision(
        "def upgrade():\n    '''Nothing.'''\n    pass\n"
        "def downgrade():\n    raise NotImplementedError('one way')\n"
    )
    assert script.upgrade.is_empty and not script.upgrade.only_raises
    assert script.downgrade.only_raises and not script.downgrade.is_empty


def test_recursive_helpers_terminate() -> None:
    script = parse_revision(
        "def a():\n    op.drop_table('x')\n    b()\ndef b():\n    a()\ndef upgrade():\n    a()\n"
    )
    assert kinds(script.upgrade.operations) == [("drop_table", "x", None)]


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("def upgrade():\n    op.add_column('a', sa.Column('b'\n", 2),
        ("print 'python 2'\n", 1),
        ("def upgrade():\n\top.drop_table('a')\n        op.drop_table('b')\n", 3),
        ("x = 1\n\x00\n", 2),  # the NUL's line, as the interpreter reports it
    ],
)
def test_broken_files_are_errors_not_exceptions(source: str, line: int) -> None:
    script = parse_revision(source)
    assert script.error is not None
    assert script.error.line == line
    assert script.upgrade is None


def test_positions_count_characters_and_survive_crlf(tmp_path: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\r\n"
        "revision = 'caf\xe9'\r\n"
        "def upgrade():\r\n"
        "    op.drop_column('caf\xe9', 'x'); op.drop_column('t\xe9', 'y')\r\n"
    )
    path = tmp_path / "latin.py"
    path.write_bytes(source.encode("latin-1"))
    script = parse_revision_file(path)
    assert script.revision == "caf\xe9"
    first, second = script.upgrade.operations
    assert first.span == Span(4, 5, 4, 32)
    assert second.span.col == 34 and second.table == "t\xe9"


def test_undecodable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(b"revision = 'x'\ns = '\xff\xfe'\n")
    script = parse_revision_file(path)
    assert script.error is not None and "not valid utf-8" in script.error.message
    assert script.error.line == 2


def test_directory_named_like_a_script(tmp_path: Path) -> None:
    (tmp_path / "x.py").mkdir()
    script = parse_revision_file(tmp_path / "x.py")
    assert script.error is not None and "directory" in script.error.message


def test_spans_come_from_ast_without_libcst_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    import migration_lint.ast_positions as positions

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("libcst metadata used: an operation was not paired with ast")

    monkeypatch.setattr(positions, "MetadataWrapper", refuse)
    script = parse_revision_file(FIXTURES / "ubersystem_style.py")
    assert len(script.upgrade.operations) == 6
    examples = Path(__file__).resolve().parents[1] / "examples" / "uber"
    for path in sorted(examples.rglob("versions/*.py")):
        assert parse_revision_file(path).error is None


def test_metadata_fallback_gives_the_same_spans() -> None:
    from migration_lint.ast_positions import SpanSource

    source = "def upgrade():\n    x = 1; op.drop_table('a')\n"
    module = cst.parse_module(source)
    call = module.body[0].body.body[0].body[1].value
    spans = SpanSource(module, line_offset=9, lines=source.splitlines())
    spans.pair_call(call, None)  # nothing to pair with: falls back to libcst metadata
    assert spans.span(call) == Span(11, 12, 11, 30)
    assert spans.fallbacks == 1


REAL_WORLD = [
    FIXTURES / "ubersystem_style.py",
    *sorted((Path(__file__).resolve().parents[1] / "examples").rglob("versions/*.py")),
]
TRICKY = [
    "def h(t, c):\n    op.drop_column(t, c)\n"
    "def upgrade():\n    x = 1; op.drop_table('a'); h('b', 'c')\n"
    "    if a: op.add_column('a', sa.Column('b', sa.Integer()))\n"
    "    else:\n        with op.batch_alter_table('a') as b: b.drop_column('c')\n"
    "    for i in y:\n        op.execute(f'x{i}')\n    else:\n        op.execute('y')\n"
    "    try:\n        op.drop_index('i')\n    except E:\n        conn = op.get_bind()\n"
    "        conn.execute(sa.text('DELETE FROM t'))\n    finally:\n        pass\n"
    "    match k:\n        case 1:\n            op.drop_table('m1')\n        case _:\n"
    "            op.drop_table('m2')\n"
    "    [op.drop_column('a', c) for c in ('x', 'y')]\n"
    "    op.add_column('é', sa.Column('ü', sa.Unicode())); op.drop_column('é', 'ü')\n",
]


@pytest.mark.parametrize("path", REAL_WORLD, ids=lambda p: p.name)
def test_facts_equal_a_whole_module_parse(path: Path) -> None:
    source = path.read_text()
    fast = parse_revision(source, str(path))
    assert fast == parse_revision(source, str(path), reference=True)


@pytest.mark.parametrize("source", TRICKY)
def test_facts_equal_a_whole_module_parse_on_every_statement_shape(source: str) -> None:
    fast = parse_revision(source)
    assert len(fast.upgrade.operations) == 13
    assert fast == parse_revision(source, reference=True)


@pytest.mark.parametrize(
    "literal",
    ["''", '"x"', "'it''s'", '"it\'s"', "'a\"b'", "'''tri'''", "'\\n'", "r'\\d'", "u'x'", "'é'"],
)
def test_string_literal_fast_path_agrees_with_python(literal: str) -> None:
    import ast as python_ast

    from migration_lint.cst_values import string_literal

    node = cst.parse_expression(literal)
    assert string_literal(node) == python_ast.literal_eval(literal)


def test_bytes_are_not_strings() -> None:
    from migration_lint.cst_values import string_literal

    assert string_literal(cst.parse_expression("b'x'")) is None


def test_unpacked_arguments_leave_unbound_parameters_unknown_not_none() -> None:
    script = parse_revision(
        "def upgrade():\n    op.drop_constraint(*names, type_='foreignkey')\n"
        "    op.drop_constraint(None, 'attendee')\n"
    )
    unpacked, literal_none = script.upgrade.operations
    assert unpacked.name is None and "name" in unpacked.dynamic
    assert literal_none.name is None and "name" not in literal_none.dynamic
