"""The order of revisions across plugins and which of them get a planted hazard.

Decided up front, before any revision is composed, so the hazards can be spread over
the whole history.
"""

from __future__ import annotations

import random

from .hazards import Hazard
from .plugin_tree import Plugin, unrelated_pair


def schedule(rng: random.Random, plugins: dict[str, Plugin], revisions: int) -> list[str]:
    """Which plugin writes each revision; each plugin starts after its parent."""
    names = list(plugins)
    start = {names[0]: 0}
    taken = {0}
    window = max(2, revisions // 15)
    for name in names[1:]:
        first = start[plugins[name].parent or names[0]] + 1 + rng.randrange(window)
        while first in taken:
            first += 1
        start[name] = first
        taken.add(first)
    starts = {index: name for name, index in start.items()}
    weights = {name: (len(names) if name == names[0] else 0.6 + rng.random())
               for name in names}  # fmt: skip
    order: list[str] = []
    active: list[str] = []
    for index in range(revisions):
        if index in starts:
            active.append(starts[index])
            order.append(starts[index])
        else:
            order.append(rng.choices(active, [weights[a] for a in active])[0])
    return order


def plan_hazards(
    rng: random.Random, plugins: dict[str, Plugin], order: list[str]
) -> dict[int, Hazard]:
    """Revision index -> (rule code, plugin it must be in, or None for any)."""
    revisions = len(order)
    later = _not_first(order)
    rng.shuffle(later)
    plan: dict[int, Hazard] = {}
    pair = unrelated_pair(plugins)
    if pair is not None:
        last_start = max(order.index(p) for p in plugins)
        host = [i for i in later if order[i] == pair[0] and i > last_start]
        if host:
            plan[host[0]] = ("ML202", pair[1])
    for code, count in (("ML101", max(1, round(revisions / 100))),
                        ("ML103", max(1, round(revisions / 400)))):  # fmt: skip
        for i in [i for i in later if i not in plan][:count]:
            plan[i] = (code, None)
    return plan


def _not_first(order: list[str]) -> list[int]:
    """Indexes of the revisions that are not their plugin's first (those create its tables)."""
    seen: set[str] = set()
    later = []
    for i, name in enumerate(order):
        if name in seen:
            later.append(i)
        seen.add(name)
    return later
