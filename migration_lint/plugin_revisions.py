"""Prepare ``sep alembic [--plugin P] revision``: root, label and place it by the plugin tree.

Alembic writes a new revision file before it fails on, say, a duplicate branch label; so
every check happens here, on the linter's static facts, before alembic is called, and the
versions directory is created only once all checks passed.

* A plugin's first revision starts a branch: ``--head=base``, branch label = plugin name,
  ``depends_on`` = the parent plugin's current head, so the branches mirror the plugin tree
  and ``upgrade heads`` applies a parent before its children.
* Later revisions are based on ``PLUGIN@head`` and written into the plugin's directory.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic.config import Config

from .config import ProjectConfig
from .facts import RevisionScript
from .graph import RevisionGraph
from .project import discover, load_project, project_cache


class RevisionRefused(Exception):
    """Why a revision cannot be created as asked; nothing has been written."""


def prepare_revision(
    config: Config, project: ProjectConfig, plugin: str, options: argparse.Namespace
) -> None:
    from .alembic_front import FrontEndError

    try:
        _prepare(project, plugin, options)
    except RevisionRefused as exc:
        raise FrontEndError(f"refused, nothing written: {exc}") from None


def _prepare(project: ProjectConfig, plugin: str, options: argparse.Namespace) -> None:
    loaded = load_project(discover(project, []), project_cache(project))
    scripts = [s for s in loaded.scripts if s.revision is not None]
    graph = RevisionGraph(scripts)
    directory = _target_directory(project, plugin, options.version_path)
    own = [s for s in scripts if s.plugin == plugin]
    labels = {label: s for s in scripts for label in s.branch_labels}

    if options.branch_label and options.branch_label in labels:
        holder = labels[options.branch_label]
        raise RevisionRefused(
            f"branch label {options.branch_label!r} is already used by revision "
            f"{holder.revision} ({holder.path})"
        )
    if not own:
        _first_revision(project, plugin, options, scripts, labels)
    else:
        _next_revision(plugin, options, graph)
    directory.mkdir(parents=True, exist_ok=True)
    options.version_path = str(directory)


def _target_directory(project: ProjectConfig, plugin: str, given: str | None) -> Path:
    """The plugin's versions directory: the only place a new revision of it may be written.

    ``--version-path`` may name it (it then also picks the plugin), spelled any way; a path
    that leads elsewhere, whether by ``..``, an absolute path or a symlink, is refused, as is
    a configured versions directory that itself lies outside the project.
    """
    own = project.plugins[plugin].versions
    root = project.root.resolve()
    if not own.resolve().is_relative_to(root):
        raise RevisionRefused(
            f"the versions directory of plugin {plugin!r} ({own}) is outside the project "
            f"({root}); sep writes revisions only inside the project"
        )
    if given is None:
        return own
    path = Path(given).resolve()  # follows symlinks: a link out of the project is outside
    if not path.is_relative_to(root):
        raise RevisionRefused(f"--version-path {given} is outside the project ({root})")
    owner = next((p.name for p in project.plugins.values() if p.versions == path), None)
    if owner is not None and owner != plugin:
        raise RevisionRefused(
            f"--version-path {given} is the versions directory of plugin {owner!r}, outside "
            f"the branch of {plugin!r}; use --plugin {owner} if the revision belongs there"
        )
    if path != own.resolve():
        raise RevisionRefused(
            f"--version-path {given} is not a configured versions directory; revisions of "
            f"plugin {plugin!r} go into {own} (change 'versions' of the plugin in "
            f"{project.path.name} to move them)"
        )
    return own


def _first_revision(
    project: ProjectConfig,
    plugin: str,
    options: argparse.Namespace,
    scripts: list[RevisionScript],
    labels: dict[str, RevisionScript],
) -> None:
    if options.head not in (None, "head", "base"):
        raise RevisionRefused(
            f"plugin {plugin!r} has no revisions yet: its first revision starts its branch "
            f"(--head=base), not at {options.head!r}"
        )
    if options.branch_label not in (None, plugin):
        raise RevisionRefused(
            f"the first revision of plugin {plugin!r} carries the branch label {plugin!r}, "
            f"not {options.branch_label!r}"
        )
    if plugin in labels:
        holder = labels[plugin]
        raise RevisionRefused(
            f"branch label {plugin!r} is already used by revision {holder.revision} "
            f"({holder.path}), outside the plugin's versions directory"
        )
    depends_on = list(_as_list(options.depends_on))
    parent = project.plugins[plugin].depends_on
    if parent is not None:
        parent_heads = _plugin_heads(parent, scripts)
        if not parent_heads:
            raise RevisionRefused(
                f"plugin {plugin!r} depends on {parent!r}, which has no revisions yet; create "
                f"{parent}'s first revision first (sep alembic --plugin {parent} revision ...)"
            )
        if len(parent_heads) > 1:
            raise RevisionRefused(
                f"plugin {parent!r} has {len(parent_heads)} heads "
                f"({', '.join(parent_heads)}); merge them first: "
                f"sep alembic --plugin {parent} merge {' '.join(parent_heads)} -m merge"
            )
        depends_on.append(parent_heads[0])
    options.head = "base"
    options.branch_label = plugin
    options.depends_on = depends_on or None


def _next_revision(plugin: str, options: argparse.Namespace, graph: RevisionGraph) -> None:
    head = options.head or "head"  # alembic's parser leaves it unset when not given
    if head == "head":
        options.head = f"{plugin}@head"
        return
    if head == "base":
        raise RevisionRefused(
            f"plugin {plugin!r} already has revisions; --head=base would start a second "
            f"branch. Omit --head to continue {plugin}@head"
        )
    branch, _, revision = head.rpartition("@")
    if branch and branch != plugin:
        raise RevisionRefused(f"--head {head} is on branch {branch!r}, not on {plugin!r}")
    if revision not in ("head", "base", ""):
        resolved = graph.resolve(revision)
        owner = graph.scripts[resolved].plugin if resolved is not None else None
        if resolved is not None and owner != plugin:
            raise RevisionRefused(
                f"--head {head} is revision {resolved} of plugin {owner!r}, outside the branch "
                f"of {plugin!r}"
            )


def _plugin_heads(plugin: str, scripts: list[RevisionScript]) -> list[str]:
    """Revisions of ``plugin`` that no other revision of it builds on."""
    own = [s for s in scripts if s.plugin == plugin]
    below = {parent for s in own for parent in s.down_revisions}
    return sorted(s.revision for s in own if s.revision is not None and s.revision not in below)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]
