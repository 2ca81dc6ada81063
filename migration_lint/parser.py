"""Read one Alembic revision script into :class:`RevisionScript` facts, statically.

The file is never imported or executed.  The work is split by cost:

* Python's ``ast`` (C, ~10x faster than libcst) reads the module skeleton: syntax check,
  the docstring, the revision variables, where each top-level function starts and ends,
  and module-level ``table("name", ...)`` objects used by data migrations.
* libcst parses only the source of ``upgrade()``, ``downgrade()`` and the helper functions
  they call (see :mod:`migration_lint.op_walker`); the ~50 lines of boilerplate a typical
  revision carries (imports, the ``is_sqlite`` block, listener helpers, HOWTO comments)
  are never handed to libcst.

Positions are exact: a function's source is cut at line boundaries, so libcst positions
inside it only need the function's first line added.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from .facts import DOWNGRADE, UPGRADE, ParseError, RevisionScript, Span
from .suppressions import scan_suppressions

REVISION_VARIABLES = ("revision", "down_revision", "branch_labels", "depends_on")
# ``table("name", ...)``/``sa.Table("name", ...)``: data-migration table objects
TABLE_FACTORIES = frozenset({"table", "Table"})
_DOC_REVISION_ID = re.compile(r"^\s*Revision ID:\s*(\S*)", re.MULTILINE)
_DOC_REVISES = re.compile(r"^\s*Revises:[ \t]*([^\n]*)$", re.MULTILINE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_source(path: str | Path) -> tuple[str | None, ParseError | None]:
    """Read and decode a Python file the way the interpreter would (BOM, PEP 263 cookie)."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        return None, ParseError("is a directory, not a revision script")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError) and Path(path).is_symlink():
            reason = "broken symbolic link"  # (alembic fails on it with an ImportError)
        return None, ParseError(f"cannot read file: {reason}")
    return decode_source(data)


def decode_source(data: bytes) -> tuple[str | None, ParseError | None]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError) as exc:
        return None, ParseError(f"cannot decode file: {exc}")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, ParseError(f"file is not valid {exc.encoding}: {exc.reason}", line)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def source_lines(path: str) -> list[str]:
    """A file's lines without their ends, numbered as the parser numbers them ([] if unreadable).

    For showing and fingerprinting flagged code: undecodable bytes are replaced, not fatal.
    """
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            return _LINE_BREAK.split(handle.read())
    except OSError:
        return []


def split_lines(source: str) -> list[str]:
    """Split like Python's tokenizer does (``\\n``, ``\\r\\n``, ``\\r``), keeping line ends.

    ``str.splitlines`` also splits on form feeds and Unicode separators, which would
    shift every line number after them.
    """
    lines: list[str] = []
    start = 0
    for match in _LINE_BREAK.finditer(source):
        lines.append(source[start : match.end()])
        start = match.end()
    if start < len(source):
        lines.append(source[start:])
    return lines


def parse_revision_file(path: str | Path) -> RevisionScript:
    source, error = read_source(path)
    if error is not None:
        return RevisionScript(path=str(path), error=error)
    assert source is not None
    return parse_revision(source, str(path))


def parse_revision(source: str, path: str = "<string>", reference: bool = False) -> RevisionScript:
    """Extract the facts of one revision script; a broken file yields ``error``, never raises.

    ``reference=True`` is the slow whole-module libcst parse that tests compare against.
    """
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        return RevisionScript(path=path, error=_syntax_error(exc, source))
    except (ValueError, RecursionError, MemoryError) as exc:
        return RevisionScript(path=path, error=ParseError(_short_reason(exc)))

    lines = split_lines(source)
    skeleton = _Skeleton(tree, lines)
    facts: dict[str, object] = {
        "path": path,
        "variable_spans": tuple(skeleton.variable_spans.items()),
        "dynamic_variables": tuple(skeleton.dynamic),
        **skeleton.revision_fields(),
        **_docstring_fields(ast.get_docstring(tree, clean=False)),
        "suppressions": scan_suppressions(source),
    }
    if skeleton.functions.keys() & {UPGRADE, DOWNGRADE}:
        from .op_walker import FunctionSource, walk_functions  # libcst only when needed

        sources = {
            name: FunctionSource(first_line, "".join(lines[first_line - 1 : last_line]), twin)
            for name, (first_line, last_line, twin) in skeleton.functions.items()
        }
        walked, error = walk_functions(sources, skeleton.module_tables, lines, reference)
        if error is not None:
            return RevisionScript(path=path, error=error)
        facts.update({name: walked[name] for name in (UPGRADE, DOWNGRADE) if name in walked})
    return RevisionScript(**facts)  # type: ignore[arg-type]


def _syntax_error(exc: SyntaxError, source: str = "") -> ParseError:
    message = exc.msg or "invalid syntax"
    line, col = exc.lineno or 1, max(exc.offset or 1, 1)
    if exc.lineno is None and "\0" in source:
        # ast says "cannot contain null bytes" without a line (the interpreter names it):
        # point at the first NUL, not at line 1
        before = source[: source.index("\0")]
        breaks = list(_LINE_BREAK.finditer(before))
        line = len(breaks) + 1
        col = len(before) - (breaks[-1].end() if breaks else 0) + 1
    return ParseError(f"syntax error: {message}", line, col)


def _short_reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "expression nested too deeply to parse"
    if isinstance(exc, MemoryError):
        return "file too large or too deeply nested to parse"
    return f"cannot parse file: {exc}"


def _docstring_fields(doc: str | None) -> dict[str, str | None]:
    if not doc:
        return {}
    revision_id = _DOC_REVISION_ID.search(doc)
    revises = _DOC_REVISES.search(doc)
    message = next((line.strip() for line in doc.splitlines() if line.strip()), None)
    return {
        "doc_revision_id": revision_id.group(1) if revision_id else None,
        "doc_revises": revises.group(1).strip() if revises else None,
        "message": message,
    }


def _as_tuple(value: object) -> tuple[str, ...] | None:
    """``None``/str/tuple/list of str as a tuple; ``None`` for anything else."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (tuple, list)) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


class _Skeleton:
    """What the module level tells, from the ``ast`` tree."""

    def __init__(self, tree: ast.Module, lines: list[str]) -> None:
        self.lines = lines
        self.values: dict[str, object] = {}
        self.variable_spans: dict[str, Span] = {}
        self.dynamic: list[str] = []
        self.functions: dict[str, tuple[int, int, ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        self.module_tables: dict[str, str] = {}
        for node in tree.body:
            self._visit(node)

    def _visit(self, node: ast.stmt) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            self.functions[node.name] = (first, node.end_lineno or node.lineno, node)
            return
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            return
        for target in targets:
            if isinstance(target, ast.Name):
                self._assign(target.id, value, node)

    def _assign(self, name: str, value: ast.expr, node: ast.stmt) -> None:
        if name in REVISION_VARIABLES:
            self.variable_spans[name] = self.span(node)
            try:
                self.values[name] = ast.literal_eval(value)
                if name in self.dynamic:
                    self.dynamic.remove(name)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                self.values.pop(name, None)
                if name not in self.dynamic:
                    self.dynamic.append(name)
            return
        table = _table_factory_name(value)
        if table is not None:
            self.module_tables[name] = table
        else:
            self.module_tables.pop(name, None)

    def revision_fields(self) -> dict[str, object]:
        fields: dict[str, object] = {}
        revision = self.values.get("revision")
        if isinstance(revision, str):
            fields["revision"] = revision
        elif "revision" in self.values:
            self.dynamic.append("revision")
        for name, field_name in (
            ("down_revision", "down_revisions"),
            ("branch_labels", "branch_labels"),
            ("depends_on", "depends_on"),
        ):
            if name not in self.values:
                continue
            normalised = _as_tuple(self.values[name])
            if normalised is None:
                self.dynamic.append(name)
            else:
                fields[field_name] = normalised
        return fields

    def span(self, node: ast.stmt | ast.expr) -> Span:
        end_line = node.end_lineno or node.lineno
        return Span(
            node.lineno,
            self._char_col(node.lineno, node.col_offset) + 1,
            end_line,
            self._char_col(end_line, node.end_col_offset or 0) + 1,
        )

    def _char_col(self, line: int, byte_offset: int) -> int:
        """``ast`` columns count UTF-8 bytes; findings count characters."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _table_factory_name(value: ast.expr) -> str | None:
    """``table("attendee", ...)``/``sa.Table("attendee", ...)`` -> ``"attendee"``."""
    if not isinstance(value, ast.Call) or not value.args:
        return None
    func = value.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    first = value.args[0]
    if name in TABLE_FACTORIES and isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None
