"""The revision graph of all plugins, built from the parser's facts (no alembic import)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache

from .facts import RevisionScript


class RevisionGraph:
    """Revisions linked by ``down_revision`` and ``depends_on`` (both mean "runs after")."""

    def __init__(self, scripts: Iterable[RevisionScript]) -> None:
        self.scripts: dict[str, RevisionScript] = {}
        self.duplicates: dict[str, list[RevisionScript]] = {}
        for script in scripts:
            if script.revision is None:
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
        self.children: dict[str, list[str]] = {rev: [] for rev in self.scripts}
        for rev in self.scripts:
            for parent in self.parents(rev):
                self.children[parent].append(rev)
        self.ancestors = cache(self._ancestors)  # type: ignore[method-assign]
        self.descendants = cache(self._descendants)  # type: ignore[method-assign]

    def resolve(self, reference: str) -> str | None:
        """A revision id, a unique id prefix, or a branch label (its root, as alembic does)."""
        if reference in self.scripts:
            return reference
        if reference in self._labels:
            return self._labels[reference]
        matches = [rev for rev in self.scripts if rev.startswith(reference)]
        return matches[0] if len(matches) == 1 and len(reference) >= 4 else None

    def parents(self, revision: str) -> tuple[str, ...]:
        script = self.scripts[revision]
        found = (self.resolve(ref) for ref in (*script.down_revisions, *script.depends_on))
        return tuple(dict.fromkeys(rev for rev in found if rev is not None and rev != revision))

    def _ancestors(self, revision: str) -> tuple[str, ...]:
        """Every revision that runs before ``revision``, nearest first."""
        return tuple(self._walk(revision, self.parents))

    def _descendants(self, revision: str) -> frozenset[str]:
        """Every revision that runs after ``revision``."""
        return frozenset(self._walk(revision, lambda rev: self.children.get(rev, ())))

    def _walk(self, start: str, step) -> Iterator[str]:
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
