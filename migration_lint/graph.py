"""The revision graph of all plugins, built from the parser's facts (no alembic import)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator

from .facts import RevisionScript


class RevisionGraph:
    """Revisions linked by ``down_revision`` and ``depends_on`` (both mean "runs after")."""

    def __init__(self, scripts: Iterable[RevisionScript]) -> None:
        self.scripts: dict[str, RevisionScript] = {}
        self.duplicates: dict[str, list[RevisionScript]] = {}
        # ids (from file names) of revision files that could not be read: referring to one
        # is not an unknown revision, the file's own problem is reported (ML001)
        self.unreadable: set[str] = set()
        for script in scripts:
            if script.revision is None:
                stem = script.path.replace("\\", "/").rsplit("/", 1)[-1].split("_", 1)[0]
                if script.error is not None or script.dynamic_variables:
                    self.unreadable.add(stem.removesuffix(".py"))
                continue
            if script.revision in self.scripts:
                self.duplicates.setdefault(script.revision, [self.scripts[script.revision]])
                self.duplicates[script.revision].append(script)
            else:
                self.scripts[script.revision] = script
        self._labels = {
            label: script.revision
            for script in self.scripts.values()
            for label in script.branch_labels
        }
        self._parents = {rev: self._resolve_parents(rev) for rev in self.scripts}
        self.children: dict[str, list[str]] = {rev: [] for rev in self.scripts}
        for rev, parents in self._parents.items():
            for parent in parents:
                self.children[parent].append(rev)
        self.order = self._topological_order()
        self._ancestor_bits: dict[str, int] | None = None

    def _topological_order(self) -> dict[str, int]:
        """Revision -> position in an upgrade order (Kahn); revisions on a cycle get none."""
        waiting = {rev: len(parents) for rev, parents in self._parents.items()}
        ready = deque(sorted(rev for rev, count in waiting.items() if count == 0))
        order: dict[str, int] = {}
        while ready:
            rev = ready.popleft()
            order[rev] = len(order)
            for child in self.children[rev]:
                waiting[child] -= 1
                if waiting[child] == 0:
                    ready.append(child)
        return order

    def _bits(self) -> dict[str, int]:
        """Each revision's ancestors as a bitset over ``order`` (one int; built once, lazily)."""
        if self._ancestor_bits is None:
            bits: dict[str, int] = {}
            for rev in sorted(self.order, key=self.order.__getitem__):
                mask = 0
                for parent in self._parents[rev]:
                    if parent in bits:
                        mask |= bits[parent] | (1 << self.order[parent])
                bits[rev] = mask
            self._ancestor_bits = bits
        return self._ancestor_bits

    def resolve(self, reference: str) -> str | None:
        """A revision id, a unique id prefix, or a branch label (its root, as alembic does)."""
        if reference in self.scripts:
            return reference
        if reference in self._labels:
            return self._labels[reference]
        matches = [rev for rev in self.scripts if rev.startswith(reference)]
        return matches[0] if len(matches) == 1 and len(reference) >= 4 else None

    def parents(self, revision: str) -> tuple[str, ...]:
        return self._parents[revision]

    def _resolve_parents(self, revision: str) -> tuple[str, ...]:
        script = self.scripts[revision]
        found = (self.resolve(ref) for ref in (*script.down_revisions, *script.depends_on))
        return tuple(dict.fromkeys(rev for rev in found if rev is not None and rev != revision))

    def ancestors(self, revision: str) -> Iterator[str]:
        """Revisions that run before ``revision``, nearest first (lazily: callers stop early)."""
        return self._walk(revision, self.parents)

    def descendants(self, revision: str) -> Iterator[str]:
        """Revisions that run after ``revision``, nearest first."""
        return self._walk(revision, lambda rev: self.children.get(rev, ()))

    def is_ancestor(self, ancestor: str, revision: str) -> bool:
        """Whether ``ancestor`` runs before ``revision`` (a bit test)."""
        position = self.order.get(ancestor)
        mask = self._bits().get(revision)
        return position is not None and mask is not None and bool(mask >> position & 1)

    def latest_ancestor(self, revision: str, candidates: Collection[str]) -> str | None:
        """Of ``candidates``, the ancestor of ``revision`` that runs last before it."""
        found = [rev for rev in candidates if self.is_ancestor(rev, revision)]
        return max(found, key=self.order.__getitem__) if found else None

    def _walk(self, start: str, step: Callable[[str], Iterable[str]]) -> Iterator[str]:
        """Breadth-first, each revision once; nothing is cached, so memory stays linear."""
        if start not in self.scripts:
            return
        seen = {start}
        queue = deque(step(start))
        while queue:
            rev = queue.popleft()
            if rev in seen:
                continue
            seen.add(rev)
            yield rev
            queue.extend(step(rev))
