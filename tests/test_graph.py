"""The revision graph and the history queries rules use (ML103, ML201, ML202)."""

from __future__ import annotations

from migration_lint.context import LintContext
from migration_lint.facts import ColumnDef, FunctionFacts, Operation, RevisionScript, Span, TypeRef
from migration_lint.graph import RevisionGraph

SPAN = Span(1, 1, 1, 2)


def script(
    rev: str,
    down: tuple[str, ...] = (),
    depends: tuple[str, ...] = (),
    labels: tuple[str, ...] = (),
    ops: tuple[Operation, ...] = (),
    plugin: str = "uber",
) -> RevisionScript:
    return RevisionScript(
        path=f"{rev}.py",
        revision=rev,
        down_revisions=down,
        depends_on=depends,
        branch_labels=labels,
        upgrade=FunctionFacts("upgrade", SPAN, ops),
        plugin=plugin,
    )


def add(table: str, column: str, type_name: str = "Integer") -> Operation:
    definition = ColumnDef(column, TypeRef(f"sa.{type_name}()", type_name))
    return Operation("add_column", SPAN, table=table, column=column, column_def=definition)


def drop(table: str, column: str) -> Operation:
    return Operation("drop_column", SPAN, table=table, column=column)


def seed_tree() -> RevisionGraph:
    """uber a1 <- a2 <- a3; panels p1 (depends on a2) <- p2 and p3 <- merge pm; magprime m1."""
    return RevisionGraph(
        [
            script("a1", labels=("uber",)),
            script("a2", ("a1",)),
            script("a3", ("a2",)),
            script("p1", depends=("a2",), labels=("panels",), plugin="panels"),
            script("p2", ("p1",), plugin="panels"),
            script("p3", ("p1",), plugin="panels"),
            script("pm", ("p2", "p3"), plugin="panels"),
            script("m1", depends=("a3",), labels=("magprime",), plugin="magprime"),
        ]
    )


def test_parents_follow_down_revision_and_depends_on() -> None:
    graph = seed_tree()
    assert graph.parents("pm") == ("p2", "p3")
    assert graph.parents("p1") == ("a2",)
    assert sorted(graph.children["p1"]) == ["p2", "p3"]


def test_ancestors_nearest_first_each_once_through_a_merge() -> None:
    graph = seed_tree()
    ancestors = list(graph.ancestors("pm"))
    assert ancestors[:2] == ["p2", "p3"]
    assert sorted(ancestors) == ["a1", "a2", "p1", "p2", "p3"]
    assert set(graph.descendants("a2")) == {"a3", "p1", "p2", "p3", "pm", "m1"}
    assert graph.is_ancestor("a1", "m1") and not graph.is_ancestor("p1", "m1")


def test_resolve_labels_and_prefixes() -> None:
    graph = RevisionGraph(
        [script("abcdef123456", labels=("uber",)), script("abd999", ("abcdef123456",))]
    )
    assert graph.resolve("uber") == "abcdef123456"  # a bare label is the branch root
    assert graph.resolve("abcd") == "abcdef123456"
    assert graph.resolve("ab") is None  # too short / ambiguous
    assert graph.resolve("nope") is None


def test_unknown_parents_and_duplicates_do_not_break_the_graph() -> None:
    graph = RevisionGraph([script("x1", ("missing",)), script("x1"), script("x2", ("x1",))])
    assert graph.parents("x1") == ()
    assert len(graph.duplicates["x1"]) == 2
    assert list(graph.ancestors("x2")) == ["x1"]


def test_cycles_terminate() -> None:
    graph = RevisionGraph([script("c1", ("c2",)), script("c2", ("c1",))])
    assert list(graph.ancestors("c1")) == ["c2"]


def test_ancestry_bit_tests_agree_with_walking_the_graph() -> None:
    graph = seed_tree()
    for rev in graph.scripts:
        walked = set(graph.ancestors(rev))
        assert {a for a in graph.scripts if graph.is_ancestor(a, rev)} == walked, rev
    assert graph.latest_ancestor("pm", ["a1", "p1", "m1"]) == "p1"
    assert graph.latest_ancestor("a1", ["a2"]) is None


def test_revisions_on_a_cycle_have_no_order_and_no_ancestors() -> None:
    graph = RevisionGraph([script("c1", ("c2",)), script("c2", ("c1",)), script("ok")])
    assert set(graph.order) == {"ok"}
    assert not graph.is_ancestor("c1", "c2")


def test_created_column_takes_the_nearest_creation() -> None:
    scripts = [
        script("r1", ops=(add("event", "track", "Unicode"),)),
        script("r2", ("r1",), ops=(drop("event", "track"),)),
        script("r3", ("r2",), ops=(add("event", "track", "Text"),)),
        script("r4", ("r3",)),
    ]
    context = LintContext(None, RevisionGraph(scripts), None)
    found = context.created_column(scripts[3], "event", "track")
    assert found is not None and found[0].revision == "r3"
    assert found[1].type is not None and found[1].type.name == "Text"
    assert context.created_column(scripts[0], "event", "track") is None  # not before itself
    assert context.dropped_later(scripts[0], "event", "track")
    assert not context.dropped_later(scripts[2], "event", "track")


def test_history_queries_on_a_long_chain_stay_linear() -> None:
    count = 5000
    scripts = [script("r0", ops=(add("attendee", "badge_num"),))]
    scripts += [script(f"r{i}", (f"r{i - 1}",)) for i in range(1, count)]
    context = LintContext(None, RevisionGraph(scripts), None)
    found = context.created_column(scripts[-1], "attendee", "badge_num")
    assert found is not None and found[0].revision == "r0"
    assert not context.dropped_later(scripts[0], "attendee", "badge_num")
