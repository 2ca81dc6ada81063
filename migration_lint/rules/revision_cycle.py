"""ML307 revision-cycle."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from ..graph import RevisionGraph
from .base import Example, Rule
from .graph_examples import PANELS_ROOT, UBER_EMAIL, UBER_MERGE, UBER_ROOT

_SHOWN = 8  # revisions of a long cycle named in the message
_LARGE = 200  # components beyond this share one cycle instead of a search per revision

_UBER_PHONE = '''"""Add cellphone to attendee

Revision ID: b1e0c4f8a27d
Revises: f20480286bfe
Create Date: 2024-01-29 17:30:02.114356

"""

# revision identifiers, used by Alembic.
revision = 'b1e0c4f8a27d'
down_revision = 'f20480286bfe'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column('attendee', sa.Column('cellphone', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'cellphone')
'''
_PANELS_ROOT = PANELS_ROOT.replace("depends_on = 'f20480286bfe'", "depends_on = '9c52dd0bad5c'")
# rebased by hand: the email revision now follows the cellphone one, which followed it
_PHONE_AFTER_EMAIL = _UBER_PHONE.replace(
    "down_revision = 'f20480286bfe'", "down_revision = '9c52dd0bad5c'"
).replace("Revises: f20480286bfe", "Revises: 9c52dd0bad5c")
_EMAIL_AFTER_PHONE = UBER_EMAIL.replace(
    "down_revision = 'f20480286bfe'", "down_revision = 'b1e0c4f8a27d'"
).replace("Revises: f20480286bfe", "Revises: b1e0c4f8a27d")


class RevisionCycle(Rule):
    """Revisions that, through ``down_revision`` or ``depends_on``, come after themselves.

    **What it flags:** every revision on a cycle of the revision graph (``down_revision``
    and ``depends_on`` both mean "runs after"), on the line of the variable that leads
    around the cycle, naming the cycle; and a revision that names itself.  Revisions that
    merely come after a cycle are not flagged.

    **Why:** no order runs a cycle's revisions: alembic refuses to load the history
    ("Cycle is detected in revisions"), so no ``upgrade``, ``downgrade`` or ``revision``
    works, in any plugin.  A cycle is usually left by a hand-edited rebase or merge
    (a revision pointed at its own descendant), or by a ``depends_on`` on a revision of a
    plugin that itself depends on this one.

    **Instead:** point the ``down_revision`` (or drop the ``depends_on``) that closes the
    cycle at the revision this one really follows, usually the head it was written on.
    """

    code = "ML307"
    name = "revision-cycle"
    severity = Severity.ERROR
    summary = "revisions that come after themselves through down_revision or depends_on"
    VALID = (
        Example(UBER_MERGE, history=(UBER_ROOT, UBER_EMAIL, _UBER_PHONE)),
        Example(
            _PANELS_ROOT, plugin="panels", others={"uber": (UBER_ROOT, UBER_EMAIL, _UBER_PHONE)}
        ),
    )
    INVALID = (
        Example(_EMAIL_AFTER_PHONE, history=(UBER_ROOT, _PHONE_AFTER_EMAIL), line=11),
        Example(
            UBER_EMAIL.replace("down_revision = 'f20480286bfe'", "down_revision = '9c52dd0bad5c'"),
            history=(UBER_ROOT,),
            line=11,
        ),
        Example(
            _UBER_PHONE.replace("depends_on = None", "depends_on = '4676384b6c14'"),
            history=(UBER_ROOT, UBER_EMAIL),
            others={"panels": (_PANELS_ROOT.replace("'9c52dd0bad5c'", "'b1e0c4f8a27d'"),)},
            line=13,
        ),
    )

    _memo: tuple[RevisionGraph, dict[str, frozenset[str]]] | None = None
    _shared: dict[frozenset[str], list[str]]

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        revision = script.revision
        graph = context.graph
        if revision is None:
            return
        canonical = graph.scripts.get(revision)
        if canonical is None or canonical.path != script.path:
            return  # a second file with the same id (ML304)
        for variable, references in _variables(script):
            for reference in references:
                if graph.resolve(reference) == revision:
                    yield self.finding(
                        script,
                        _span(script, variable),
                        f"{variable} '{reference}' names this revision itself: it would have to "
                        "run before itself; point it at the revision this one follows",
                    )
        if revision in graph.order:
            return
        component = self._components(graph).get(revision)
        if component is None:
            return  # after a cycle, not on one
        cycle = self._cycle(graph, revision, component)
        if not cycle:
            return
        variable = next(
            (
                name
                for name, references in _variables(script)
                if any(graph.resolve(ref) == cycle[1] for ref in references)
            ),
            "down_revision",
        )
        where = f"on a cycle: {_describe(cycle)}"
        if cycle[0] != revision:  # a large component: one of its cycles, not through this one
            where = f"on a cycle among {len(component)} revisions, for example: {_describe(cycle)}"
        yield self.finding(
            script,
            _span(script, variable, "down_revision", "depends_on", "revision"),
            f"revision '{revision}' is {where} (each runs after the next, through "
            "down_revision or depends_on), so no upgrade order exists and alembic refuses to "
            f"load the history; point this {variable} (or the one that closes the cycle) at "
            "the revision it really follows",
        )

    def _cycle(self, graph: RevisionGraph, revision: str, component: frozenset[str]) -> list[str]:
        """A shortest cycle through ``revision``; in a large component, a shared one."""
        if len(component) <= _LARGE:
            return _cycle_through(graph, revision, component)
        shared = self._shared.get(component)
        if shared is None:
            shared = _cycle_through(graph, min(component), component)
            self._shared[component] = shared
        if revision in shared[:-1]:
            start = shared.index(revision)
            return [*shared[start:-1], *shared[:start], revision]
        return shared

    def _components(self, graph: RevisionGraph) -> dict[str, frozenset[str]]:
        """Revision -> its cycle's strongly connected component, computed once per graph."""
        if self._memo is None or self._memo[0] is not graph:
            self._memo = (graph, _strong_components(graph))
            self._shared = {}
        return self._memo[1]


def _variables(script: RevisionScript) -> Iterator[tuple[str, tuple[str, ...]]]:
    for variable, references in (
        ("down_revision", script.down_revisions),
        ("depends_on", script.depends_on),
    ):
        if variable not in script.dynamic_variables:
            yield variable, references


def _strong_components(graph: RevisionGraph) -> dict[str, frozenset[str]]:
    """Components of two or more revisions among those without an order (Tarjan, iterative)."""
    unordered = [rev for rev in graph.scripts if rev not in graph.order]
    candidates = set(unordered)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: dict[str, frozenset[str]] = {}
    for start in unordered:
        if start in index:
            continue
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(graph.parents(start)))]
        while work:
            node, parents = work[-1]
            descended = False
            for parent in parents:
                if parent not in candidates:
                    continue
                if parent not in index:
                    index[parent] = low[parent] = len(index)
                    stack.append(parent)
                    on_stack.add(parent)
                    work.append((parent, iter(graph.parents(parent))))
                    descended = True
                    break
                if parent in on_stack:
                    low[node] = min(low[node], index[parent])
            if descended:
                continue
            work.pop()
            if work:
                caller = work[-1][0]
                low[caller] = min(low[caller], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    component = frozenset(members)
                    found.update(dict.fromkeys(members, component))
    return found


def _cycle_through(graph: RevisionGraph, revision: str, component: frozenset[str]) -> list[str]:
    """A shortest cycle from ``revision`` back to it (following parents), both ends included."""
    previous: dict[str, str | None] = {revision: None}
    queue = deque([revision])
    while queue:
        node = queue.popleft()
        for parent in graph.parents(node):
            if parent == revision:
                path = [node]
                while (step := previous[path[-1]]) is not None:
                    path.append(step)
                return [*reversed(path), revision]
            if parent in component and parent not in previous:
                previous[parent] = node
                queue.append(parent)
    return []


def _describe(cycle: list[str]) -> str:
    if len(cycle) <= _SHOWN + 1:
        return " -> ".join(cycle)
    shown = [*cycle[: _SHOWN - 2], "...", *cycle[-2:]]
    return " -> ".join(shown) + f" ({len(cycle) - 1} revisions)"


def _span(script: RevisionScript, *variables: str) -> Span:
    for variable in variables:
        span = script.span_of(variable)
        if span is not None:
            return span
    return script.upgrade.span if script.upgrade is not None else Span(1, 1, 1, 1)
