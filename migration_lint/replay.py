"""Static schema replay: what a table looked like just before an operation, from facts only.

Every upgrade operation that creates, alters, renames or drops a table or column is indexed
by table.  A question about table T before operation ``i`` of revision R replays T's events
from R's ancestors (in upgrade order; ancestry is a bit test) and then R's own earlier
operations that can run together with operation ``i``.  No per-revision copy of the schema is
kept, so memory stays linear in the number of operations, whatever the number of revisions.

Dynamic operations (names that are not literals) make the replay uncertain: for the table
they touch, or for every table when the table name itself is dynamic.  Rules must not report
on an uncertain table.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from .facts import UPGRADE, Operation, RevisionScript, TypeRef
from .graph import RevisionGraph

_CHECKPOINT = 32  # events between stored views of a table (memory vs. replay length)
_TABLE_KINDS = frozenset(
    {"create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column"}
)


@dataclass
class ColumnState:
    type: TypeRef | None = None
    nullable: bool | None = None
    server_default: str | None = None


@dataclass
class TableView:
    """A table as the revisions built it up to some point."""

    exists: bool = False
    complete: bool = False  # created within the history, so its column list is complete
    uncertain: bool = False  # a dynamic operation may have changed it
    columns: dict[str, ColumnState] = field(default_factory=dict)
    created_by: str | None = None  # revision that last created it

    def copy(self) -> TableView:
        columns = {
            name: ColumnState(c.type, c.nullable, c.server_default)
            for name, c in self.columns.items()
        }
        return TableView(self.exists, self.complete, self.uncertain, columns, self.created_by)


@dataclass(frozen=True)
class _Event:
    order: int
    revision: str
    op: Operation


class SchemaHistory:
    def __init__(self, graph: RevisionGraph) -> None:
        self.graph = graph
        self._events: dict[str, list[_Event]] = defaultdict(list)
        self._dynamic: list[str] = []  # revisions with an operation on an unknown table
        self._column_events: dict[tuple[str, str], list[_Event]] = defaultdict(list)
        self._recent: OrderedDict[tuple[str, str], TableView] = OrderedDict()
        self._chains: dict[str, bool] = {}
        self._checkpoints: dict[str, dict[int, TableView]] = {}
        # (revision, table) -> (operations, position, branch, view): see before()
        self._own_views: dict[tuple[str, str], tuple[object, int, object, TableView]] = {}
        self._positions: tuple[object, dict[int, int]] = ((), {})
        for revision in sorted(graph.order, key=graph.order.__getitem__):
            for op in graph.scripts[revision].operations(UPGRADE):
                if op.kind not in _TABLE_KINDS:
                    continue
                if op.table is None:
                    if "table" in op.dynamic:
                        self._dynamic.append(revision)
                    continue
                event = _Event(graph.order[revision], revision, op)
                self._events[op.table].append(event)
                names = [c.name for c in op.table_columns] if op.kind == "create_table" else []
                for column in {op.column, *names} - {None}:
                    self._column_events[(op.table, column)].append(event)
                if op.kind == "rename_table" and op.new_name:
                    self._events[op.new_name].append(event)

    def before(
        self, script: RevisionScript, table: str, upto: Operation | None = None
    ) -> TableView:
        """``table`` just before ``upto`` in ``script``'s upgrade (or before ``script``).

        The view returned is shared, and with ``upto`` valid only until the next call:
        callers read it at once, never change or keep it.
        """
        revision = script.revision
        if revision is None or revision not in self.graph.order:
            return TableView(uncertain=True)
        view = self._before_revision(revision, table)
        if upto is not None:
            own = script.operations(UPGRADE)
            position = self._position(own, upto)
            # Rules ask about a script's operations in order: go on from the previous answer
            # for the same table and the same branch arms instead of replaying the whole
            # prefix again (a 10,000-operation upgrade() was quadratic: minutes).
            key = (revision, table)
            start, working = 0, None
            previous = self._own_views.get(key)
            if previous is not None:
                seen, at, branch, kept = previous
                if seen is own and at <= position and branch == upto.branch:
                    start, working = at, kept
            earlier = [
                op
                for op in own[start:position]
                if op.kind in _TABLE_KINDS
                and (op.table is None or table in (op.table, op.new_name))
            ]
            if working is not None:
                view = working
            elif earlier:
                view = view.copy()  # the cached view is shared: replay this revision on a copy
            if working is not None or earlier:
                if len(self._own_views) > 64:
                    self._own_views.clear()
                self._own_views[key] = (own, position, upto.branch, view)
            for op in earlier:
                if op.exclusive_with(upto):
                    continue
                if op.table is None and "table" in op.dynamic and op.kind in _TABLE_KINDS:
                    view.uncertain = True
                elif table in (op.table, op.new_name) and op.kind in _TABLE_KINDS:
                    self._apply(view, table, _Event(self.graph.order[revision], revision, op))
        return view

    def _position(self, own: tuple[Operation, ...], upto: Operation) -> int:
        """``upto``'s index in ``own``, from a map built once per script (a scan per question
        made long upgrades quadratic)."""
        if self._positions[0] is not own:
            self._positions = (own, {id(op): index for index, op in enumerate(own)})
        return self._positions[1].get(id(upto), len(own))

    def _before_revision(self, revision: str, table: str) -> TableView:
        """``table`` after all of ``revision``'s ancestors; the last few are kept, because the
        rules that ask run one script at a time and ask about the same tables."""
        key = (revision, table)
        if key in self._recent:
            self._recent.move_to_end(key)
            return self._recent[key]
        events = self._events.get(table, [])
        # events are in upgrade order: none after this revision can be an ancestor of it
        end = bisect.bisect_left(events, self.graph.order[revision], key=lambda e: e.order)
        if self._is_chain(table):
            view = self._prefix(table, self._ancestor_prefix(events, end, revision))
        else:
            ancestors = [e for e in events[:end] if self.graph.is_ancestor(e.revision, revision)]
            view = self._replay(table, ancestors)
        if any(self.graph.is_ancestor(d, revision) for d in self._dynamic):
            view.uncertain = True
        self._recent[key] = view
        if len(self._recent) > 64:
            self._recent.popitem(last=False)
        return view

    def _is_chain(self, table: str) -> bool:
        """Whether each event's revision runs after the previous event's (one line of descent)."""
        if table not in self._chains:
            events = self._events[table]
            self._chains[table] = all(
                a.revision == b.revision or self.graph.is_ancestor(a.revision, b.revision)
                for a, b in pairwise(events)
            )
        return self._chains[table]

    def _ancestor_prefix(self, events: list[_Event], end: int, revision: str) -> int:
        """On a chain, the ancestors of ``revision`` are a prefix: its length, by bisection."""
        low, high = 0, end
        while low < high:
            middle = (low + high) // 2
            if self.graph.is_ancestor(events[middle].revision, revision):
                low = middle + 1
            else:
                high = middle
        return low

    def _prefix(self, table: str, length: int) -> TableView:
        """The view after the first ``length`` events, from a checkpoint every 32 events."""
        events = self._events[table]
        checkpoints = self._checkpoints.setdefault(table, {0: TableView()})
        base = length - length % _CHECKPOINT
        start = max(k for k in checkpoints if k <= base)
        view = checkpoints[start].copy()
        for index in range(start, base):
            self._apply(view, table, events[index])
            if (index + 1) % _CHECKPOINT == 0:
                checkpoints[index + 1] = view.copy()
        for event in events[base:length]:
            self._apply(view, table, event)
        return view

    def last_column_event(
        self, script: RevisionScript, table: str, column: str
    ) -> tuple[str, Operation] | None:
        """The latest operation of an earlier revision that created, altered or dropped it."""
        revision = script.revision
        if revision is None or revision not in self.graph.order:
            return None
        events = self._column_events.get((table, column), [])
        end = bisect.bisect_left(events, self.graph.order[revision], key=lambda e: e.order)
        for event in reversed(events[:end]):  # latest first
            if self.graph.is_ancestor(event.revision, revision):
                return event.revision, event.op
        return None

    def final(self, table: str) -> TableView:
        """``table`` after every revision (at the heads)."""
        view = self._replay(table, self._events.get(table, []))
        view.uncertain = view.uncertain or bool(self._dynamic)
        return view

    def tables(self) -> list[str]:
        return sorted(self._events)

    def _replay(self, table: str, events: list[_Event]) -> TableView:
        view = TableView()
        for event in events:
            self._apply(view, table, event)
        return view

    def _apply(self, view: TableView, table: str, event: _Event) -> None:
        op = event.op
        if op.dynamic and ("table" in op.dynamic or "column" in op.dynamic):
            view.uncertain = True
        if op.kind == "create_table" and op.table == table:
            view.exists, view.complete, view.created_by = True, True, event.revision
            view.columns = {
                c.name: ColumnState(c.type, c.nullable, c.server_default)
                for c in op.table_columns
                if c.name is not None
            }
        elif op.kind == "drop_table" and op.table == table:
            view.exists, view.complete, view.columns = False, False, {}
        elif op.kind == "rename_table":
            if op.table == table and op.new_name != table:
                view.exists, view.columns, view.created_by = False, {}, None  # rows moved
            elif op.new_name == table and op.table is not None:
                older = [
                    e
                    for e in self._events.get(op.table, ())
                    if e.order < event.order and self.graph.is_ancestor(e.revision, event.revision)
                ]
                renamed = self._replay(op.table, older)
                view.exists, view.complete = True, renamed.complete
                view.columns, view.uncertain = renamed.columns, view.uncertain or renamed.uncertain
        elif op.table == table and op.column is not None:
            self._apply_column(view, op)

    @staticmethod
    def _apply_column(view: TableView, op: Operation) -> None:
        column = op.column
        assert column is not None
        view.exists = True  # a column operation on a table the history did not create
        if op.kind == "add_column" and op.column_def is not None:
            d = op.column_def
            view.columns[column] = ColumnState(d.type, d.nullable, d.server_default)
        elif op.kind == "drop_column":
            view.columns.pop(column, None)
        elif op.kind == "alter_column" and column in view.columns:
            state = view.columns[column]
            if op.type is not None:
                state.type = op.type
            if op.nullable is not None:
                state.nullable = op.nullable
            if op.server_default is not None:
                state.server_default = None if op.server_default == "None" else op.server_default
            if op.new_name:
                view.columns[op.new_name] = view.columns.pop(column)
