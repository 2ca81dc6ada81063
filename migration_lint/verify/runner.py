"""Run the three checks of ``sep alembic verify`` on a scratch database.

1. Schema equivalence: ``upgrade heads`` from empty vs ``create_all`` + ``stamp heads``.
2. Data survival: revision by revision in dependency order, every table holds a row before
   the revision runs; afterwards every value of a column that still exists (or was renamed
   with ``alter_column(new_column_name=...)``) must be unchanged.
3. Round trip: each revision is undone and applied again (up/down/up); a downgrade that
   fails or leaves a different schema is reported.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from alembic.config import Config

from ..config import ProjectConfig
from ..database import create_engine, drop_everything, load_metadata
from ..facts import UPGRADE, RevisionScript
from ..graph import RevisionGraph
from ..project import discover, load_project, project_cache
from . import seed
from .snapshot import Difference, Snapshot, compare, snapshot
from .steps import stamp_heads, step, upgrade_heads


@dataclass(frozen=True)
class Problem:
    """A data-survival or round-trip finding, pointed at the revision (and line) that caused it."""

    check: str  # "schema" (upgrade heads fails), "data" or "roundtrip"
    revision: str
    path: str
    line: int | None
    table: str | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class VerifyResult:
    schema: list[Difference] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    revisions: int = 0
    owners: dict[str, str] = field(default_factory=dict)  # table -> owning plugin
    pg_dump_diff: list[str] | None = None  # None: not PostgreSQL, or no pg_dump on PATH

    @property
    def ok(self) -> bool:
        return not self.schema and not self.problems


Progress = Callable[[int, int, RevisionScript], None]


class Verifier:
    def __init__(self, project: ProjectConfig, config: Config, url: str) -> None:
        self.project = project
        self.config = config
        self.url = url
        loaded = load_project(discover(project, []), project_cache(project))
        self.graph = RevisionGraph(loaded.scripts)
        self.order = sorted(self.graph.order, key=self.graph.order.__getitem__)
        self.result = VerifyResult(revisions=len(self.order))
        self.result.owners = {name: model.plugin for name, model in (loaded.models or {}).items()}

    def run(self, roundtrip: bool, progress: Progress | None = None) -> VerifyResult:
        engine = create_engine(self.url)
        try:
            with self._phase("schema"):
                self.result.schema = self._schema(engine)
            with self._phase("data survival" + (" + round trip" if roundtrip else "")):
                drop_everything(engine)
                self._walk(engine, roundtrip, progress)
        finally:
            engine.dispose()
        return self.result

    def _phase(self, name: str) -> _Timer:
        return _Timer(self.result.timings, name)

    def _schema(self, engine: Any) -> list[Difference]:
        from .pg_dump import dump_diff, schema_dump

        drop_everything(engine)
        try:
            upgrade_heads(self.config)
        except Exception as exc:  # the walk that follows names the revision that fails
            self.result.problems.append(
                Problem(
                    "schema",
                    "heads",
                    "",
                    None,
                    None,
                    None,
                    f"upgrade heads from an empty database fails: {_short(exc)}",
                )
            )
            return []
        migrated, migrated_dump = snapshot(engine), schema_dump(self.url)
        drop_everything(engine)
        load_metadata(self.project).create_all(engine)
        stamp_heads(self.config)
        modelled, modelled_dump = snapshot(engine), schema_dump(self.url)
        if migrated_dump is not None and modelled_dump is not None:
            self.result.pg_dump_diff = dump_diff(migrated_dump, modelled_dump)
        return compare(migrated, modelled)

    def _walk(self, engine: Any, roundtrip: bool, progress: Progress | None) -> None:
        for number, revision in enumerate(self.order, start=1):
            script = self.graph.scripts[revision]
            if progress is not None:
                progress(number, len(self.order), script)
            with engine.begin() as connection:
                metadata = seed.reflect(connection)
                self.result.notes += seed.fill_empty_tables(connection, metadata)
                before = seed.read_all(connection, seed.reflect(connection))
            schema_before = snapshot(engine) if roundtrip else None
            if not self._apply(script, upgrade=True, check="data"):
                return  # later revisions cannot run on top of a failed one
            with engine.connect() as connection:
                after = seed.read_all(connection, seed.reflect(connection))
            self._compare_data(script, before, after)
            if roundtrip and schema_before is not None:
                self._round_trip(engine, script, schema_before)

    def _apply(self, script: RevisionScript, upgrade: bool, check: str) -> bool:
        assert script.revision is not None
        try:
            step(self.config, script.revision, upgrade)
        except Exception as exc:
            direction = "upgrade" if upgrade else "downgrade"
            populated = " on a populated database" if check == "data" else ""
            self._problem(check, script, None, None, f"{direction} fails{populated}: {_short(exc)}")
            return False
        return True

    def _round_trip(self, engine: Any, script: RevisionScript, schema_before: Snapshot) -> None:
        upgraded = snapshot(engine)
        if not self._apply(script, upgrade=False, check="roundtrip"):
            return
        for difference in compare(snapshot(engine), schema_before):
            self._problem(
                "roundtrip",
                script,
                difference.table,
                None,
                f"downgrade does not restore the schema: {_after_downgrade(difference)}",
            )
        if self._apply(script, upgrade=True, check="roundtrip"):
            for difference in compare(snapshot(engine), upgraded):
                self._problem(
                    "roundtrip",
                    script,
                    difference.table,
                    None,
                    f"upgrade after downgrade gives another schema: {difference.detail}",
                )

    def _compare_data(self, script: RevisionScript, before: seed.Rows, after: seed.Rows) -> None:
        renamed_tables, renamed_columns = _renames(script)
        for table, (columns, rows) in before.items():
            new_table = renamed_tables.get(table, table)
            if new_table not in after or not rows:
                continue
            new_columns, new_rows = after[new_table]
            kept = {
                column: renamed_columns.get((table, column), column)
                for column in columns
                if renamed_columns.get((table, column), column) in new_columns
            }
            if kept and not new_rows:
                self._problem("data", script, table, None, f"every row of {table} is gone")
                continue
            for old, new in kept.items():
                lost = _lost_values([r[old] for r in rows], [r[new] for r in new_rows])
                if lost:
                    self._problem(
                        "data",
                        script,
                        table,
                        old,
                        f"{table}.{old}: {lost} value(s) present before this revision are gone "
                        "or changed after it",
                    )

    def _problem(
        self,
        check: str,
        script: RevisionScript,
        table: str | None,
        column: str | None,
        message: str,
    ) -> None:
        self.result.problems.append(
            Problem(
                check,
                script.revision or "?",
                script.path,
                _culprit_line(script, table, column),
                table,
                column,
                message,
            )
        )


class _Timer:
    def __init__(self, timings: dict[str, float], name: str) -> None:
        self.timings, self.name = timings, name

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timings[self.name] = time.perf_counter() - self.started


def _renames(script: RevisionScript) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    tables: dict[str, str] = {}
    columns: dict[tuple[str, str], str] = {}
    for op in script.operations(UPGRADE):
        if op.kind == "rename_table" and op.table and op.new_name:
            tables[op.table] = op.new_name
        elif op.kind == "alter_column" and op.table and op.column and op.new_name:
            columns[(op.table, op.column)] = op.new_name
    return tables, columns


def _lost_values(before: list[Any], after: list[Any]) -> int:
    """How many of ``before``'s values are missing from ``after`` (compared as text)."""
    remaining = [_normal(value) for value in after]
    lost = 0
    for value in before:
        normal = _normal(value)
        if normal in remaining:
            remaining.remove(normal)
        elif value is not None:
            lost += 1
    return lost


def _normal(value: Any) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def _culprit_line(script: RevisionScript, table: str | None, column: str | None) -> int | None:
    """The line of the operation that most likely caused it (the linter's facts)."""
    operations = script.operations(UPGRADE)
    for op in operations:
        if table and op.table == table and column and op.column_name == column:
            return op.span.line
    for op in operations:
        if table and op.table == table and op.kind in ("drop_table", "drop_column", "alter_column"):
            return op.span.line
    for op in operations:
        if op.kind == "execute":
            return op.span.line
    return script.upgrade.span.line if script.upgrade is not None else None


def _after_downgrade(difference: Difference) -> str:
    side = {"migrations": "left behind", "models": "missing", "both": "changed"}[difference.side]
    return f"{difference.detail} ({side})"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}"
