"""ML305 branch-label."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import LintContext
from ..diagnostics import Finding, Severity
from ..facts import RevisionScript, Span
from ..graph import RevisionGraph
from .base import Example, Rule
from .graph_examples import MAGPRIME_ROOT, PANEL_NOTES, PANELS_ROOT, UBER_ROOT


class BranchLabel(Rule):
    """A plugin's branch label missing, naming another plugin, or declared twice.

    **What it flags:** a plugin's first revision (no ``down_revision`` in its own
    plugin) whose ``branch_labels`` lacks the plugin's name; a branch label that is the
    name of another configured plugin; and a label that another revision already declares:
    an ancestor (the label repeated further down the branch) or, for two unrelated
    revisions, the one that comes later in upgrade order.

    **Why:** ``sep alembic --plugin P`` addresses a plugin's branch as ``P@head``, which
    resolves only when the branch is labelled with the plugin's name on its first
    revision.  A label naming another plugin makes ``Q@head`` lead into the wrong branch,
    so Q's next revision is written on top of P's.  Alembic refuses to load a history in
    which two revisions declare the same label ("Branch name ... already used by
    revision ...").

    **Instead:** label each plugin's first revision, and only it, with the plugin's name:
    ``branch_labels = ('P',)`` (``sep alembic --plugin P revision`` does this for a new
    plugin); later revisions have ``branch_labels = None``.
    """

    code = "ML305"
    name = "branch-label"
    severity = Severity.ERROR
    summary = "a plugin's branch label is missing, names another plugin, or is repeated"
    VALID = (
        Example(PANELS_ROOT, plugin="panels", others={"uber": (UBER_ROOT,)}),
        Example(
            PANEL_NOTES, plugin="panels", history=(PANELS_ROOT,), others={"uber": (UBER_ROOT,)}
        ),
        Example(UBER_ROOT),
    )
    INVALID = (
        Example(
            PANELS_ROOT.replace("branch_labels = ('panels',)", "branch_labels = None"),
            plugin="panels",
            others={"uber": (UBER_ROOT,)},
            line=12,
        ),
        Example(
            MAGPRIME_ROOT.replace("('magprime',)", "('panels',)"),
            plugin="magprime",
            others={"uber": (UBER_ROOT,)},
            line=12,
        ),
        Example(
            PANEL_NOTES.replace("branch_labels = None", "branch_labels = ('panels',)"),
            plugin="panels",
            history=(PANELS_ROOT,),
            others={"uber": (UBER_ROOT,)},
            line=12,
        ),
    )

    _memo: tuple[RevisionGraph, dict[str, list[str]]] | None = None

    def check(self, script: RevisionScript, context: LintContext) -> Iterator[Finding]:
        config, plugin = context.config, script.plugin
        if config is None or plugin is None or "branch_labels" in script.dynamic_variables:
            return
        graph = context.graph
        span = _span(script, "branch_labels", "revision")
        foreign = [
            label for label in script.branch_labels if label in config.plugins and label != plugin
        ]
        for label in foreign:
            yield self.finding(
                script,
                span,
                f"branch label '{label}' is the name of another plugin, but this revision is "
                f"in {plugin}'s versions directory: '{label}@head' would lead into {plugin}'s "
                f"branch; label only {plugin}'s first revision, with ('{plugin}',)",
            )
        if (
            not foreign
            and plugin not in script.branch_labels
            and not self._labelled_elsewhere(graph, plugin)  # a second root: ML301's
            and _is_first(script, graph)
        ):
            yield self.finding(
                script,
                span,
                f"first revision of plugin '{plugin}' is not labelled '{plugin}': "
                f"'{plugin}@head' does not resolve, so sep alembic --plugin {plugin} cannot "
                f"find the branch; set branch_labels = ('{plugin}',)",
            )
        for label in script.branch_labels:
            if label in foreign:
                continue
            found = self._declared_before(script, graph, label)
            if found is None:
                continue
            other, ancestor = found
            if ancestor:
                message = (
                    f"branch label '{label}' is already declared by revision '{other}', an "
                    "ancestor: a label names a branch once, on its first revision, and alembic "
                    "refuses two revisions with one label; set branch_labels = None here"
                )
            else:
                message = (
                    f"branch label '{label}' is already declared by revision '{other}': "
                    "alembic refuses two revisions with one label; keep it on one of them"
                )
            yield self.finding(script, span, message)

    def _declared_before(
        self, script: RevisionScript, graph: RevisionGraph, label: str
    ) -> tuple[str, bool] | None:
        """(revision, is an ancestor) of a revision declaring ``label`` before ``script``.

        An ancestor wins; otherwise an unrelated revision earlier in upgrade order (the
        later of two unrelated declarers is the one reported).
        """
        revision = script.revision
        if revision is None or revision not in graph.order:
            return None  # on a cycle (ML307)
        canonical = graph.scripts.get(revision)
        if canonical is None or canonical.path != script.path:
            return None  # a second file with the same id (ML304)
        unrelated = None
        for other in self._declarers(graph).get(label, ()):
            if other == revision or other not in graph.order:
                continue
            if graph.is_ancestor(other, revision):
                return other, True
            if (
                unrelated is None
                and not graph.is_ancestor(revision, other)
                and _sort_key(graph, other) < _sort_key(graph, revision)
            ):
                unrelated = other
        return (unrelated, False) if unrelated is not None else None

    def _labelled_elsewhere(self, graph: RevisionGraph, plugin: str) -> bool:
        """Whether a revision of ``plugin`` declares the plugin's name as a label."""
        return any(
            graph.scripts[rev].plugin == plugin for rev in self._declarers(graph).get(plugin, ())
        )

    def _declarers(self, graph: RevisionGraph) -> dict[str, list[str]]:
        """Label -> revisions declaring it, built once per graph."""
        if self._memo is None or self._memo[0] is not graph:
            declared: dict[str, list[str]] = {}
            for rev, script in graph.scripts.items():
                for label in script.branch_labels:
                    declared.setdefault(label, []).append(rev)
            self._memo = (graph, declared)
        return self._memo[1]


def _is_first(script: RevisionScript, graph: RevisionGraph) -> bool:
    """No down_revision, or only ones in other plugins' branches (all of them known)."""
    if "down_revision" in script.dynamic_variables:
        return False
    for reference in script.down_revisions:
        target = graph.resolve(reference)
        if target is None or graph.scripts[target].plugin == script.plugin:
            return False
    return True


def _sort_key(graph: RevisionGraph, revision: str) -> tuple[int, str]:
    return graph.order[revision], graph.scripts[revision].path


def _span(script: RevisionScript, *variables: str) -> Span:
    for variable in variables:
        span = script.span_of(variable)
        if span is not None:
            return span
    return script.upgrade.span if script.upgrade is not None else Span(1, 1, 1, 1)
