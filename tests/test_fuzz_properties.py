"""Property-based fuzzing: real-world-shaped revisions and models, mutated, never crash us.

The seeds are every ``.py`` file of ``examples/uber`` and ``examples/hazards`` (revisions and
models: autogenerate markers, ``batch_alter_table``, ``if is_sqlite:`` arms, helpers,
``op.execute`` SQL, ``Column``/``relationship``/``backref``/mixins) plus a few hand-picked
shapes below.  Hypothesis mutates them the way editors, merges and bad copy-pastes do:
tokens inserted, deleted or replaced (from :mod:`tokenize`, or characters when the text does
not tokenize), lines inserted, deleted, duplicated or swapped, the file truncated anywhere,
the statements of ``upgrade()`` shuffled, stray Unicode/NUL/CR characters, indentation
changed.  The properties:

(a) ``parse_revision``, ``read_models_source`` and ``scan_suppressions`` never raise;
(b) the whole linter, on a small project on disk holding the mutated revision and models,
    never raises, and reports ML001 for each of the two files that ``ast.parse`` rejects;
(c) it is deterministic: a second run gives the same findings, in the same order, with the
    same fingerprints;
(d) parse results survive pickling (the lint cache and the process pool pickle facts).

CI runs the ``migration-lint-ci`` profile: derandomized (the same examples on every run)
and without an example database.  ``HYPOTHESIS_PROFILE=fuzz`` runs
:data:`FUZZ_FACTOR` (``HYPOTHESIS_FUZZ_FACTOR``, default 10) times as many random
examples, remembering failures in ``fuzz/.hypothesis/`` (git-ignored), for long local
runs::

    HYPOTHESIS_PROFILE=fuzz pytest -q tests/test_fuzz_properties.py

The number of examples each test ran is printed at the end of the module's tests.
"""

from __future__ import annotations

import ast
import io
import os
import pickle
import tempfile
import tokenize
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from migration_lint.config import load_config
from migration_lint.diagnostics import Finding
from migration_lint.linter import run_lint
from migration_lint.models_reader import read_models_source
from migration_lint.parser import decode_source, parse_revision, split_lines
from migration_lint.rules import ALL_RULES
from migration_lint.rules.base import Example
from migration_lint.suppressions import scan_suppressions
from migration_lint.testing import example_project

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------------------------
# Profiles.  Registered here (not in conftest.py) and applied per test, so other tests that
# use hypothesis keep their own settings.

CI_PROFILE = "migration-lint-ci"
FUZZ_PROFILE = "fuzz"
FUZZ_FACTOR = int(os.environ.get("HYPOTHESIS_FUZZ_FACTOR", "10"))
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    CI_PROFILE,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_HEALTH,
)
settings.register_profile(
    FUZZ_PROFILE,
    deadline=None,
    derandomize=False,
    database=DirectoryBasedExampleDatabase(str(ROOT / "fuzz" / ".hypothesis")),
    print_blob=True,
    suppress_health_check=_HEALTH,
)
PROFILE = FUZZ_PROFILE if os.environ.get("HYPOTHESIS_PROFILE") == FUZZ_PROFILE else CI_PROFILE

# examples per test in CI; the fuzz profile runs FUZZ_FACTOR times as many
CI_EXAMPLES = {
    "revisions": 700,
    "models": 300,
    "encodings": 400,
    "project": 200,
}


def examples(test: str) -> settings:
    count = CI_EXAMPLES[test] * (FUZZ_FACTOR if PROFILE == FUZZ_PROFILE else 1)
    return settings(settings.get_profile(PROFILE), max_examples=count)


RUNS: Counter[str] = Counter()  # examples each test really ran, printed at the end


@pytest.fixture(scope="module", autouse=True)
def _report_example_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is not None and capture is not None and RUNS:
        counts = ", ".join(f"{name} {count}" for name, count in sorted(RUNS.items()))
        with capture.global_and_fixture_disabled():  # else captured as teardown output
            reporter.write_line(
                f"\nhypothesis ({PROFILE} profile): {sum(RUNS.values())} examples ({counts})"
            )


# ---------------------------------------------------------------------------------------------
# The seed corpus

REVISIONS = sorted(
    path
    for directory in ("examples/uber", "examples/hazards")
    for path in (ROOT / directory).rglob("versions/*.py")
)
MODELS = sorted(
    path
    for directory in ("examples/uber", "examples/hazards")
    for path in (ROOT / directory).rglob("models.py")
)

HAND_PICKED_REVISIONS = [
    # helpers, loops, match, batch with a computed table, a walrus, SQL and suppressions
    '''"""Odd but valid shapes

Revision ID: 0badc0ffee01
Revises: 1a2b3c4d5e6f
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import table, column

revision = '0badc0ffee01'
down_revision = ('1a2b3c4d5e6f', 'abcdef012345')
branch_labels = ('uber',)
depends_on = None
attendee = table('attendee', column('id', sa.Integer()))


def _drop(table_name, column_name='nickname'):
    op.drop_column(table_name, column_name)


def upgrade():
    # migration-lint: ignore[ML105] copied to legacy_nickname first
    _drop('attendee')
    for name in ('a', 'b'):
        op.add_column(name, sa.Column('x', sa.String(length=20), nullable=False))
    match op.get_context().dialect.name:
        case 'sqlite':
            with op.batch_alter_table('group', recreate='always') as batch_op:
                batch_op.alter_column('name', new_column_name='title', existing_type=sa.Unicode())
        case _:
            op.alter_column('group', 'name', new_column_name='title')
    if (dialect := op.get_context().dialect.name) == 'postgresql':
        op.execute("UPDATE attendee SET nickname = NULL")
    op.execute(attendee.update().values(id=1))
    op.drop_constraint(None, 'attendee', type_='foreignkey')  # migration-lint: ignore[ML403]
    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True),
                    *[sa.Column(n) for n in 'ab'])


async def downgrade():
    """Not really async."""
    raise NotImplementedError()
''',
    # a one-line body, a decorator, a lambda, a nested function and a class
    """revision = "feedface0001"; down_revision = None
import functools
from alembic import op

@functools.lru_cache
def upgrade(): op.drop_table('old'); op.drop_column('t', 'c')
def downgrade():
    def inner():
        op.add_column('t', sa.Column('c', sa.Integer))
    class X:
        op.drop_table('never')
    f = lambda: op.drop_table('lambda')
    inner()
""",
    # CRLF line ends, tabs and a form feed
    "revision = 'crlf00000001'\r\ndown_revision = None\r\n\x0c\r\ndef upgrade():\r\n"
    "\top.add_column('attendee', sa.Column('x', sa.Integer(), nullable=False))\r\n\r\n"
    "def downgrade():\r\n\top.drop_column('attendee', 'x')\r\n",
    # nothing but a docstring, and nothing at all
    '"""Empty\n\nRevision ID: 000000000000\nRevises:\n"""\n',
    "",
]
HAND_PICKED_MODELS = [
    # SQLAlchemy 2 annotations, a mixin, a Table, SQLModel, backref, declared_attr
    """from typing import Optional
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import (
    DeclarativeBase, Mapped, backref, declared_attr, mapped_column, relationship,
)
from sqlmodel import Field, SQLModel
from uber.decorators import Session


class Base(DeclarativeBase):
    pass


class Attendee(Base):
    __tablename__ = "attendee"
    id: Mapped[int] = mapped_column(primary_key=True)
    nickname: Mapped[Optional[str]] = mapped_column(String(20))
    badges: Mapped[list["Badge"]] = relationship(back_populates="attendee")
    group_id = Column(Integer, ForeignKey("group.id"), nullable=True)
    group = relationship("Group", backref=backref("members", lazy="dynamic"))

    @declared_attr
    def computed(cls):
        return Column(Integer)


@Session.model_mixin
class Attendee:
    panelist = Column(Integer, default=0)


badge_print = Table("badge_print", Base.metadata, Column("id", Integer, primary_key=True))


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, sa_column_kwargs={"comment": "x"})
""",
    "class Plain:\n    x = 1\n",
    "",
]


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


REVISION_SEEDS = [_read(path) for path in REVISIONS] + HAND_PICKED_REVISIONS
MODEL_SEEDS = [_read(path) for path in MODELS] + HAND_PICKED_MODELS
ALL_SEEDS = REVISION_SEEDS + MODEL_SEEDS


def test_the_seed_corpus_is_what_the_docstring_says() -> None:
    assert len(REVISIONS) >= 50 and len(MODELS) >= 10
    broken = [seed for seed in ALL_SEEDS if _python_rejects(seed.encode())]
    assert len(broken) == 1  # examples/hazards' planted ML001; the mutations break the others


# ---------------------------------------------------------------------------------------------
# Mutations


def _tokens(source: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the tokens; of every character if none tokenize."""
    starts = [0]
    for line in io.StringIO(source):  # the lines tokenize reads: split at "\n" only
        starts.append(starts[-1] + len(line))
    spans: list[tuple[int, int]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for token in tokenize.generate_tokens(io.StringIO(source).readline):
                if token.string and token.start[0] <= len(starts):
                    start = starts[token.start[0] - 1] + token.start[1]
                    end = starts[min(token.end[0], len(starts)) - 1] + token.end[1]
                    if 0 <= start < end <= len(source):
                        spans.append((start, end))
    except Exception:  # tokenize.TokenError, IndentationError, SyntaxError...
        pass
    return spans or [(i, i + 1) for i in range(len(source))]


def _pool_of_tokens() -> list[str]:
    seen: set[str] = set()
    for seed in ALL_SEEDS:
        for start, end in _tokens(seed):
            seen.add(seed[start:end])
    return sorted(seen)


SPECIAL_TOKENS = [
    "(", ")", "[", "]", "{", "}", ":", ",", ".", "=", "==", ":=", "*", "**", "->", "@", ";",
    "\\", "\\\n", "'", '"', '"""', "'''", "#", "f'", "rb'", "\n", "\r", "\r\n", "\t", " ",
    "    ", "def", "async", "await", "lambda", "yield", "return", "if", "else", "elif", "with",
    "as", "for", "in", "while", "match", "case", "class", "global", "nonlocal", "pass",
    "None", "True", "...", "op", "batch_op", "sa", "upgrade", "downgrade", "revision",
    "down_revision", "Column", "mapped_column", "relationship", "backref", "__tablename__",
    "# migration-lint: ignore[ML105] reason", "# migration-lint: ignore-file[ML1]",
    "# migration-lint: ignore", "# -*- coding: latin-1 -*-",
    # syntax newer than some Pythons the linter runs on (libcst reads it all)
    "t'", "type", "[T]", 'f"{"', "except*", "except A, B:",
]  # fmt: skip
TOKENS = sorted(set(_pool_of_tokens()) | set(SPECIAL_TOKENS))
SPECIAL_CHARACTERS = [
    "\x00", "\r", "\r\n", "\n", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029",
    "\ufeff", "\u200b", "\ud800", "\udfff", "\\", "é", "\U0001d54f", "\uff08", "ß", "İ",
]  # fmt: skip
LINES = sorted(
    {line for seed in ALL_SEEDS for line in split_lines(seed) if line.strip()}
    | {
        "def upgrade():\n",
        "def downgrade():\n",
        "    if is_sqlite:\n",
        "    else:\n",
        "    with op.batch_alter_table('attendee') as batch_op:\n",
        "        batch_op.drop_column('badge_num')\n",
        "    op.drop_column('attendee', 'nickname')\n",
        "    op.add_column('attendee', sa.Column('nickname', sa.Unicode(), nullable=False))\n",
        "    op.execute('DROP TABLE attendee')\n",
        "    # migration-lint: ignore[ML101, ML105] copied first\n",
        "# migration-lint: ignore-file[ML999]\n",
        "revision = 'e14989f05713'\n",
        "down_revision = ('e14989f05713', None)\n",
        "    nickname = Column(Unicode, nullable=False)\n",
        "    group = relationship('Group', backref='attendees')\n",
        "class Attendee(MagModel):\n",
        "@Session.model_mixin\n",
        '"""\n',
        "type Id = int\n",
        "x = t'{y}'\n",
    }
)

Mutation = Callable[[st.DrawFn, str], str]


def _offset(draw: st.DrawFn, source: str) -> int:
    return draw(st.integers(0, len(source)))


def insert_token(draw: st.DrawFn, source: str) -> str:
    spans = _tokens(source)
    boundaries = sorted({0, len(source), *(s for s, _ in spans), *(e for _, e in spans)})
    at = draw(st.sampled_from(boundaries))
    token = draw(st.sampled_from(TOKENS))
    space = draw(st.sampled_from(["", " "]))
    return source[:at] + space + token + space + source[at:]


def delete_token(draw: st.DrawFn, source: str) -> str:
    if not source:
        return source
    start, end = draw(st.sampled_from(_tokens(source)))
    return source[:start] + source[end:]


def replace_token(draw: st.DrawFn, source: str) -> str:
    if not source:
        return draw(st.sampled_from(TOKENS))
    start, end = draw(st.sampled_from(_tokens(source)))
    return source[:start] + draw(st.sampled_from(TOKENS)) + source[end:]


def _lines(source: str) -> list[str]:
    return split_lines(source)


def insert_line(draw: st.DrawFn, source: str) -> str:
    lines = _lines(source)
    at = draw(st.integers(0, len(lines)))
    return "".join([*lines[:at], draw(st.sampled_from(LINES)), *lines[at:]])


def delete_line(draw: st.DrawFn, source: str) -> str:
    lines = _lines(source)
    if not lines:
        return source
    at = draw(st.integers(0, len(lines) - 1))
    count = draw(st.integers(1, 3))
    return "".join(lines[:at] + lines[at + count :])


def duplicate_line(draw: st.DrawFn, source: str) -> str:
    lines = _lines(source)
    if not lines:
        return source
    at = draw(st.integers(0, len(lines) - 1))
    to = draw(st.integers(0, len(lines)))
    line = lines[at] if lines[at].endswith(("\n", "\r")) else lines[at] + "\n"
    return "".join([*lines[:to], line, *lines[to:]])


def swap_lines(draw: st.DrawFn, source: str) -> str:
    lines = _lines(source)
    if len(lines) < 2:
        return source
    first = draw(st.integers(0, len(lines) - 1))
    second = draw(st.integers(0, len(lines) - 1))
    lines[first], lines[second] = lines[second], lines[first]
    return "".join(lines)


def truncate(draw: st.DrawFn, source: str) -> str:
    return source[: _offset(draw, source)]


def _function_statements(source: str) -> list[tuple[int, int]] | None:
    """Line ranges (0-based, end exclusive) of the statements of upgrade() or downgrade()."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except Exception:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in (
            "upgrade",
            "downgrade",
        ):
            if node.body[0].lineno == node.lineno:  # a one-line body: nothing to shuffle
                continue
            starts = [statement.lineno - 1 for statement in node.body]
            ends = [*starts[1:], node.end_lineno or node.body[-1].lineno]
            return list(zip(starts, ends, strict=True))
    return None


def shuffle_upgrade(draw: st.DrawFn, source: str) -> str:
    """Shuffle the statements of upgrade() (or downgrade()); a run of lines if it won't parse."""
    lines = _lines(source)
    ranges = _function_statements(source)
    if ranges is None:  # not valid Python any more: shuffle some lines after "def upgrade"
        first = next((i for i, line in enumerate(lines) if "def upgrade" in line), 0)
        if len(lines) - first < 2:
            return source
        start = draw(st.integers(first, len(lines) - 2))
        end = draw(st.integers(start + 2, min(len(lines), start + 8)))
        ranges = [(i, i + 1) for i in range(start, end)]
    if len(ranges) < 2:
        return source
    order = draw(st.permutations(ranges))
    block = ["".join(lines[s:e]) for s, e in order]
    block = [b if b.endswith(("\n", "\r")) else b + "\n" for b in block]
    return "".join([*lines[: ranges[0][0]], *block, *lines[ranges[-1][1] :]])


def insert_characters(draw: st.DrawFn, source: str) -> str:
    at = _offset(draw, source)
    text = draw(
        st.lists(
            st.sampled_from(SPECIAL_CHARACTERS) | st.characters(codec=None), min_size=1, max_size=4
        )
    )
    return source[:at] + "".join(text) + source[at:]


def change_indentation(draw: st.DrawFn, source: str) -> str:
    lines = _lines(source)
    if not lines:
        return source
    start = draw(st.integers(0, len(lines) - 1))
    end = draw(st.integers(start + 1, min(len(lines), start + 6)))
    how = draw(st.sampled_from(["indent", "dedent", "tab", "space"]))
    width = draw(st.integers(1, 8))
    for index in range(start, end):
        line = lines[index]
        if how == "indent":
            line = " " * width + line
        elif how == "dedent":
            stripped = line.lstrip(" \t")
            line = line[: max(0, len(line) - len(stripped) - width)] + stripped
        elif how == "tab":
            line = line.replace("    ", "\t", 1)
        else:
            line = line.replace("\t", " " * width)
        lines[index] = line
    return "".join(lines)


MUTATIONS: list[Mutation] = [
    insert_token,
    delete_token,
    replace_token,
    insert_line,
    delete_line,
    duplicate_line,
    swap_lines,
    truncate,
    shuffle_upgrade,
    insert_characters,
    change_indentation,
]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[str], most: int = 4) -> str:
    """A seed with 0 to ``most`` mutations applied one after the other."""
    source = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(0, most))):
        mutation = draw(st.sampled_from(MUTATIONS))
        source = mutation(draw, source)
    return source


# ---------------------------------------------------------------------------------------------
# (a) and (d): the parsers


def _check_parsers(source: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes is not a failure
        script = parse_revision(source, "fuzzed_revision.py")
        models = read_models_source("fuzzed_models.py", source)
    suppressions = scan_suppressions(source)
    assert isinstance(suppressions, tuple)
    if script.error is None:
        assert script.suppressions == suppressions
    # (d) the cache and the process pool pickle facts
    for facts in (script, models):
        assert pickle.loads(pickle.dumps(facts, pickle.HIGHEST_PROTOCOL)) == facts
    for error in (script.error, models.error):
        if error is not None:
            assert error.message and error.line >= 1 and error.col >= 1
    event(f"parse_revision: {'ParseError' if script.error else 'facts'}")
    event(f"read_models_source: {'ParseError' if models.error else 'facts'}")


@examples("revisions")
@given(source=mutated(REVISION_SEEDS))
def test_parsers_never_raise_on_mutated_revisions(source: str) -> None:
    RUNS["revisions"] += 1
    _check_parsers(source)


@examples("models")
@given(source=mutated(MODEL_SEEDS))
def test_parsers_never_raise_on_mutated_models(source: str) -> None:
    RUNS["models"] += 1
    _check_parsers(source)


ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "ascii", "shift_jis"]
COOKIES = [
    "",
    "# -*- coding: {encoding} -*-\n",
    "# coding: utf-8\n",
    "# vim: set fileencoding=bogus :\n",
    "#!/usr/bin/env python\n# coding=latin-1\n",
    "\n\n# coding: utf-16\n",
]


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """A mutated seed as a file's bytes: some encoding, some cookie, some broken bytes."""
    source = draw(mutated(ALL_SEEDS, most=2))
    encoding = draw(st.sampled_from(ENCODINGS))
    cookie = draw(st.sampled_from(COOKIES)).format(encoding=encoding)
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    data = (cookie + source).encode(encoding, errors=errors)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["insert", "delete", "flip"]))
        if how == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
        elif how == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 4)) :]
        elif at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    return data


@examples("encodings")
@given(data=encoded())
def test_decoding_and_parsing_never_raise_on_mutated_bytes(data: bytes) -> None:
    RUNS["encodings"] += 1
    source, error = decode_source(data)
    assert (source is None) != (error is None)
    if source is None:
        event("undecodable")
        return
    _check_parsers(source)


# ---------------------------------------------------------------------------------------------
# (b) and (c): the whole linter on a project on disk

BASE_REVISION = """\
from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table(
        'attendee',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('badge_num', sa.Unicode(), nullable=True),
        sa.Column('nickname', sa.Unicode(), nullable=True),
    )


def downgrade():
    op.drop_table('attendee')
"""
RULES = [rule() for rule in ALL_RULES]


def _python_rejects(data: bytes) -> bool:
    """What ``python file.py`` would say: ``ast.parse`` of the bytes (cookie and BOM apply)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(data)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return True
    return False


def _encode(source: str) -> bytes:
    # a lone surrogate cannot be written as UTF-8: its bytes are invalid UTF-8 (ML001)
    return source.encode("utf-8", errors="surrogatepass")


def _lint(root: Path) -> list[Finding]:
    result = run_lint(load_config(root / "pyproject.toml"), [], RULES, cache=None)
    return result.findings


def _comparable(findings: list[Finding]) -> list[tuple[dict[str, object], str]]:
    return [(finding.as_dict(), finding.fingerprint) for finding in findings]


@examples("project")
@given(revision=mutated(REVISION_SEEDS), models=mutated(MODEL_SEEDS))
def test_linter_on_a_mutated_project(revision: str, models: str) -> None:
    RUNS["project"] += 1
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory).resolve()
        target = example_project(Example(source="", history=(BASE_REVISION,)), root)
        models_path = root / "uber" / "models.py"
        files = {target: _encode(revision), models_path: _encode(models)}
        for path, data in files.items():
            path.write_bytes(data)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = _lint(root)
            second = _lint(root)

        # (c) deterministic: same findings, same order, same fingerprints
        assert _comparable(first) == _comparable(second)
        # (b) a file Python cannot parse is reported as ML001
        for path, data in files.items():
            if _python_rejects(data):
                event("ML001 expected")
                assert any(
                    finding.code == "ML001" and Path(finding.path).resolve() == path
                    for finding in first
                ), (path.name, _comparable(first))
