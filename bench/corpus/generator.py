"""One timeline of revisions over one schema: the generator that ties the modules together."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .changes import Change, initial_changes, random_change
from .hazards import Hazard, Planted, plant
from .plugin_tree import PLUGIN_TREE, Plugin, make_plugins
from .revision_text import RevisionText, render_revision, slugify
from .schema import Schema
from .timeline import plan_hazards, schedule
from .workbench import Workbench

# Tuned so that the median revision is ~63 lines long, as ubersystem's are.
OPS_TARGET = ((2, 82), (3, 5), (4, 3), (5, 3), (6, 2), (8, 2), (10, 1), (14, 1), (20, 1))
AUTOGEN_COMMENTS = 0.15  # share of functions wrapped in "# ### commands auto generated ..."
FIRST_DATE = datetime(2016, 1, 4, 9, 30, 0, 123456)


class Generator:
    """Builds the revisions of every plugin on one timeline over one schema."""

    def __init__(self, revisions: int, n_plugins: int, seed: int) -> None:
        if not 1 <= n_plugins <= len(PLUGIN_TREE):
            raise ValueError(f"--plugins must be between 1 and {len(PLUGIN_TREE)}")
        if revisions < 2 * n_plugins:
            raise ValueError(
                f"--revisions must be at least {2 * n_plugins} for {n_plugins} plugins"
            )
        self.rng = random.Random(seed)
        self.n = revisions
        self.plugins = make_plugins(n_plugins)
        self.bench = Workbench(self.rng, self.plugins)
        self.ids: set[str] = set()
        self.date = FIRST_DATE
        self.planted: list[Planted] = []
        self.files: dict[str, str] = {}  # relative path -> text

    @property
    def schema(self) -> Schema:
        return self.bench.schema

    def run(self) -> None:
        order = schedule(self.rng, self.plugins, self.n)
        plan = plan_hazards(self.rng, self.plugins, order)
        for index, name in enumerate(order):
            self.revision(self.plugins[name], plan.get(index))

    def new_id(self) -> str:
        """A 12-hex-digit revision id, unique in the corpus."""
        while True:
            rev = f"{self.rng.getrandbits(48):012x}"
            if rev not in self.ids:
                self.ids.add(rev)
                return rev

    def revision(self, plugin: Plugin, hazard: Hazard | None) -> None:
        """Compose, render and store the next revision of ``plugin``."""
        rng = self.rng
        self.bench.start_revision()
        rev_id = self.new_id()
        first = not plugin.revisions
        planted: Planted | None = None
        if first:
            changes = initial_changes(self.bench, plugin)
        else:
            changes, planted = self.compose(plugin, hazard)
        up = [line for c in changes for line in c.up]
        down = [line for c in reversed(changes) for line in c.down]
        parent = self.plugins[plugin.parent] if plugin.parent else None
        self.date += timedelta(
            minutes=rng.randrange(30, 60 * 24 * 3), microseconds=rng.randrange(10**6)
        )
        text = RevisionText(
            revision=rev_id,
            down_revision=plugin.revisions[-1] if plugin.revisions else None,
            branch_label=plugin.name if first else None,
            depends_on=parent.revisions[-1] if first and parent else None,
            date=self.date,
            message=changes[0].message if changes else "Empty migration",
            upgrade=up,
            downgrade=down,
            imports=self.bench.imports,
            module_tables=self.bench.module_tables,
            pragma=rng.random() < 0.1,
            autogen=rng.random() < AUTOGEN_COMMENTS,
        )
        path = f"{plugin.versions}/{rev_id}_{slugify(text.message)}.py"
        self.files[path] = render_revision(text)
        plugin.revisions.append(rev_id)
        if planted is not None:
            planted.revision, planted.path = rev_id, path
            self.planted.append(planted)

    def compose(self, plugin: Plugin, hazard: Hazard | None) -> tuple[list[Change], Planted | None]:
        """The changes of an ordinary revision (plus the planted hazard, if any)."""
        touched: set[str] = set()
        changes: list[Change] = []
        planted = None
        if hazard is not None:
            result = plant(self.bench, plugin, hazard, touched)
            if result is not None:
                changes.append(result[0])
                planted = result[1]
        target = self.rng.choices([n for n, _ in OPS_TARGET], [w for _, w in OPS_TARGET])[0]
        attempts = 0
        while attempts < 12 and (
            sum(c.n_up for c in changes) < target or sum(c.n_down for c in changes) < 2
        ):
            attempts += 1
            self.bench.want = target - sum(c.n_up for c in changes)
            change = random_change(self.bench, plugin, touched)
            if change is not None:
                changes.append(change)
        return changes, planted
