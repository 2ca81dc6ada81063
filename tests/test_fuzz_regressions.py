"""Inputs the fuzzers (fuzz/fuzz_parser.py, tests/test_fuzz_properties.py) broke us with.

Each crashing input is kept inline, minimized, next to the input as the fuzzer found it;
the tests pin that nothing raises and what is reported instead (an ML001, or the facts).
"""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

from migration_lint.config import load_config
from migration_lint.facts import ParseError
from migration_lint.linter import run_lint
from migration_lint.models_reader import read_models_source
from migration_lint.parser import decode_source, parse_revision
from migration_lint.rules import ALL_RULES
from migration_lint.rules.base import Example
from migration_lint.suppressions import scan_suppressions
from migration_lint.testing import example_project


def _everything(data: bytes) -> tuple[ParseError | None, ParseError | None]:
    """What fuzz/fuzz_parser.py does with one input; the two parse errors."""
    source, error = decode_source(data)
    assert source is not None, error
    script = parse_revision(source, "rev.py")
    models = read_models_source("models.py", source)
    scan_suppressions(source)
    for facts in (script, models):
        assert pickle.loads(pickle.dumps(facts)) == facts
    return script.error, models.error


def _lint_models(tmp_path: Path, models: str) -> list[tuple[str, int, int, str]]:
    """ML001 findings of a project whose uber models file is ``models``, as written."""
    example_project(Example(source="def upgrade():\n    pass\n"), tmp_path)
    models_path = tmp_path / "uber" / "models.py"
    models_path.write_bytes(models.encode("utf-8", errors="surrogatepass"))
    rules = [rule() for rule in ALL_RULES]
    result = run_lint(load_config(tmp_path / "pyproject.toml"), [], rules, cache=None)
    return [
        (Path(f.path).name, f.line, f.col, f.message) for f in result.findings if f.code == "ML001"
    ]


# --- atheris, crash-4f42fc1d8f2eb273eef36f74a1466d326daf05c6 --------------------------------
# libcst 1.9 reads ``t'...'`` as a PEP 750 template string and, concatenated with a plain
# string, its node validation raised CSTLogicError("Logic error!") out of
# read_models_source, which caught only ParserSyntaxError.

CST_LOGIC_ERROR_AS_FOUND = b"def upgrade():\n    op.drop_column('eventa't'cr ,k')\n"
CST_LOGIC_ERROR_MINIMAL = b"'a't'b'\n"


@pytest.mark.parametrize("data", [CST_LOGIC_ERROR_AS_FOUND, CST_LOGIC_ERROR_MINIMAL])
def test_libcst_logic_error_is_a_syntax_error(data: bytes) -> None:
    revision_error, models_error = _everything(data)
    line = 2 if data is CST_LOGIC_ERROR_AS_FOUND else 1
    assert revision_error is not None and revision_error.line == line
    assert models_error is not None
    assert models_error == revision_error  # CPython's message and place, for both


def test_libcst_logic_error_in_a_models_file_is_ml001(tmp_path: Path) -> None:
    found = _lint_models(tmp_path, CST_LOGIC_ERROR_AS_FOUND.decode())
    assert found == [
        ("models.py", 2, 20, "syntax error: invalid syntax. Perhaps you forgot a comma?")
    ]


# --- found probing the mutations for the hypothesis suite --------------------------------------
# A lone surrogate cannot be encoded to UTF-8, which libcst does first: UnicodeEncodeError
# escaped read_models_source (parse_revision already turned ast's ValueError into ML001).
# No file decodes to one, but the readers take any str.

LONE_SURROGATE = 'x = "\ud800"\n'


def test_lone_surrogate_is_a_parse_error_not_a_crash() -> None:
    models = read_models_source("models.py", LONE_SURROGATE)
    script = parse_revision(LONE_SURROGATE, "rev.py")
    assert models.error is not None and "surrogates not allowed" in models.error.message
    assert script.error is not None and "surrogates not allowed" in script.error.message
    assert scan_suppressions(LONE_SURROGATE + "# migration-lint: ignore[ML105] x\n")


def test_invalid_utf8_from_a_lone_surrogate_on_disk_is_ml001(tmp_path: Path) -> None:
    found = _lint_models(tmp_path, LONE_SURROGATE)
    assert len(found) == 1 and found[0][:2] == ("models.py", 1)
    assert found[0][3].startswith("cannot decode file")


# --- found minimizing the crash above: code that libcst parses and this Python does not ------
# libcst's grammar follows the newest Python; a models file with a t-string, a PEP 695
# ``type`` alias or generic, a PEP 701 f-string or PEP 758 ``except A, B:`` was read
# silently when the interpreter running the linter (and alembic) rejects it: no ML001,
# although the same code in a revision was ML001.  Now ML001 with CPython's message.

NEWER_SYNTAX = [
    "x = t'b'\n",
    "type Id = int\n",
    "class Box[T](Base):\n    __tablename__ = 'box'\n    id = Column(Integer)\n",
    'x = f"{"nested"}"\n',
    "try:\n    pass\nexcept A, B:\n    pass\n",
]


@pytest.mark.parametrize("source", NEWER_SYNTAX)
def test_code_this_python_rejects_is_a_parse_error_in_models_too(source: str) -> None:
    try:
        compile(source, "models.py", "exec", dont_inherit=True)
    except SyntaxError as err:
        expected = ParseError(f"syntax error: {err.msg}", err.lineno or 1, err.offset or 1)
    else:
        pytest.skip("this Python accepts the newer syntax")
    assert read_models_source("models.py", source).error == expected
    assert parse_revision(source, "rev.py").error is not None


def test_newer_syntax_in_a_models_file_is_ml001(tmp_path: Path) -> None:
    source = NEWER_SYNTAX[0]
    try:
        compile(source, "models.py", "exec", dont_inherit=True)
    except SyntaxError:
        pass
    else:
        pytest.skip("this Python accepts t-strings")
    found = _lint_models(tmp_path, "from sqlalchemy import Column\n" + source)
    assert [(name, line) for name, line, _, _ in found] == [("models.py", 2)]


# --- atheris, crash-90c26e3e4e1aa5e6e51654fcc05bf76eb93fc0e2 --------------------------------
# ``for column in*(...)``: ast.parse accepts it (the compiler would refuse the lone starred
# iterable later), but libcst's node validation wants a space after ``in`` and raised
# CSTValidationError out of parse_revision (op_walker caught only ParserSyntaxError).
# libcst cannot read the function, so the file is ML001 (at the function), like any other
# libcst failure.

NO_SPACE_AFTER_IN_AS_FOUND = (
    b"def upgrade():\n"
    b"    for column in ('email', 'phone'):\n"
    b"        op.add_column('attendee', sa.Column(column, sa.Unicode(), nullable=True))\n"
    b"\n"
    b"def downgrade():\n"
    b"    for column in* ('email', 'phone'):\n"
    b"        op.drop_column('attendee', column)\n"
)
NO_SPACE_AFTER_IN_MINIMAL = b"def upgrade():\n    for x in*a: pass\n"


@pytest.mark.parametrize(
    ("data", "line"), [(NO_SPACE_AFTER_IN_AS_FOUND, 5), (NO_SPACE_AFTER_IN_MINIMAL, 1)]
)
def test_libcst_validation_error_in_a_revision_is_a_parse_error(data: bytes, line: int) -> None:
    ast.parse(data)  # what the linter checks first: it accepts it
    revision_error, models_error = _everything(data)
    expected = "libcst cannot read this code: Must have at least one space after 'in' keyword."
    assert revision_error == ParseError(expected, line, 1)
    # read_models_source hands libcst the whole file (no position: libcst gives none)
    assert models_error == ParseError(expected, 1, 1)


def test_libcst_validation_error_at_module_level_of_models() -> None:
    models = read_models_source("models.py", "for x in*a:\n    pass\n")
    assert models.error is not None
    assert models.error.message.startswith("libcst cannot read this code: Must have")


def test_libcst_validation_error_in_a_revision_is_ml001(tmp_path: Path) -> None:
    example_project(Example(source=NO_SPACE_AFTER_IN_AS_FOUND.decode()), tmp_path)
    rules = [rule() for rule in ALL_RULES]
    result = run_lint(load_config(tmp_path / "pyproject.toml"), [], rules, cache=None)
    found = [
        (Path(f.path).parent.parent.name, f.line) for f in result.findings if f.code == "ML001"
    ]
    assert found == [("uber", 5)]
