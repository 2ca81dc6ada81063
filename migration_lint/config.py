"""``[tool.migration_lint]``: finding it, reading it, and refusing a broken one clearly.

Every problem is a :class:`ConfigError` with a one-line message (the CLI turns it into exit
code 2); unknown keys are warnings that name the key, as ruff does.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model_index import TABLENAME_RULES

DEFAULT_MIXIN_DECORATORS = ("model_mixin", "Session.model_mixin")
_PLUGIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_TOP_LEVEL_KEYS = {
    "default_plugin": "a plugin name",
    "script_location": "a path",
    "tablename": "'snake_case'",
    "mixin_decorators": "a list of decorator names",
    "plugins": "a table of plugins",
    # read by other parts of the tool (front end, verify, lint settings):
    "database_url": "a database URL",
    "metadata": "'module:attribute'",
    "lint": "a table",
    "verify": "a table",
    "development_databases": "a list of URLs",
}
_PLUGIN_KEYS = ("versions", "models", "depends_on")


class ConfigError(Exception):
    """A configuration that cannot be used; the message is shown as is."""


@dataclass(frozen=True)
class PluginConfig:
    name: str
    versions: Path
    models: tuple[Path, ...] = ()
    depends_on: str | None = None


@dataclass(frozen=True)
class ProjectConfig:
    path: Path
    default_plugin: str
    script_location: Path
    plugins: dict[str, PluginConfig]
    tablename_rule: str | None = None
    mixin_decorators: tuple[str, ...] = DEFAULT_MIXIN_DECORATORS
    warnings: tuple[str, ...] = ()
    table: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Path:
        return self.path.parent

    def plugin(self, name: str) -> PluginConfig:
        try:
            return self.plugins[name]
        except KeyError:
            raise ConfigError(
                f"unknown plugin {name!r}; configured plugins: {', '.join(self.plugins)}"
            ) from None

    def lineage(self, name: str) -> list[str]:
        """The plugin and its ancestors in the plugin tree, nearest first."""
        chain = [name]
        while (parent := self.plugins[chain[-1]].depends_on) is not None:
            chain.append(parent)
        return chain

    def plugin_for_path(self, path: Path) -> str | None:
        """The plugin whose versions directory holds ``path`` (deepest directory wins)."""
        resolved = path.resolve()
        best: tuple[int, str] | None = None
        for plugin in self.plugins.values():
            if resolved.is_relative_to(plugin.versions):
                depth = len(plugin.versions.parts)
                if best is None or depth > best[0]:
                    best = (depth, plugin.name)
        return best[1] if best else None


def find_config(start: Path) -> Path | None:
    """The first ``pyproject.toml`` with a ``[tool.migration_lint]`` table, walking up."""
    for directory in [start.resolve(), *start.resolve().parents]:
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _tool_table(_read_toml(candidate), candidate) is not None:
            return candidate
    return None


def load_config(path: Path) -> ProjectConfig:
    """Read ``path`` (a pyproject.toml, or a TOML file holding the table itself)."""
    if not path.exists():
        raise ConfigError(f"configuration file not found: {path}")
    document = _read_toml(path)
    table = _tool_table(document, path)
    if table is None:
        if "plugins" not in document:
            raise ConfigError(f"{path}: no [tool.migration_lint] table")
        table = document
    return _parse(table, path.resolve())


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _tool_table(document: dict[str, Any], path: Path) -> dict[str, Any] | None:
    tool = document.get("tool")
    table = tool.get("migration_lint") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.migration_lint] must be a table")
    return table


def _expect(value: Any, kind: type | tuple[type, ...], where: str, description: str) -> Any:
    if not isinstance(value, kind):
        raise ConfigError(f"{where} must be {description}, not {value!r}")
    return value


def _parse(table: dict[str, Any], path: Path) -> ProjectConfig:
    root = path.parent
    where = f"{path}: [tool.migration_lint]"
    warnings = [f"{where}: unknown key {key!r}" for key in table if key not in _TOP_LEVEL_KEYS]
    plugins_table = _expect(table.get("plugins", {}), dict, f"{where} plugins", "a table")
    if not plugins_table:
        raise ConfigError(f"{where}: no plugins configured ([tool.migration_lint.plugins.NAME])")
    plugins: dict[str, PluginConfig] = {}
    for name, spec in plugins_table.items():
        plugin_where = f"{path}: [tool.migration_lint.plugins.{name}]"
        if not _PLUGIN_NAME.match(name):
            raise ConfigError(f"{plugin_where}: invalid plugin name (letters, digits, _ and -)")
        _expect(spec, dict, plugin_where, "a table")
        warnings += [f"{plugin_where}: unknown key {k!r}" for k in spec if k not in _PLUGIN_KEYS]
        if "versions" not in spec:
            raise ConfigError(f"{plugin_where}: 'versions' (the versions directory) is required")
        versions = _expect(spec["versions"], str, f"{plugin_where} versions", "a path string")
        models = spec.get("models", [])
        if isinstance(models, str):
            models = [models]
        _expect(models, list, f"{plugin_where} models", "a list of paths")
        for item in models:
            _expect(item, str, f"{plugin_where} models entry", "a path string")
        depends_on = spec.get("depends_on")
        if depends_on is not None:
            _expect(depends_on, str, f"{plugin_where} depends_on", "a plugin name")
        plugins[name] = PluginConfig(
            name=name,
            versions=_resolved(root / versions, f"{plugin_where} versions"),
            models=tuple(_resolved(root / item, f"{plugin_where} models") for item in models),
            depends_on=depends_on,
        )
    _check_tree(plugins, path)
    default_plugin = table.get("default_plugin")
    if default_plugin is None:
        default_plugin = next(p.name for p in plugins.values() if p.depends_on is None)
    _expect(default_plugin, str, f"{where} default_plugin", "a plugin name")
    if default_plugin not in plugins:
        raise ConfigError(
            f"{where}: default_plugin {default_plugin!r} is not a configured plugin "
            f"({', '.join(plugins)})"
        )
    tablename = table.get("tablename")
    if tablename is not None and tablename not in TABLENAME_RULES:
        raise ConfigError(f"{where}: tablename must be one of {TABLENAME_RULES}, not {tablename!r}")
    decorators = table.get("mixin_decorators", list(DEFAULT_MIXIN_DECORATORS))
    _expect(decorators, list, f"{where} mixin_decorators", "a list of names")
    script_location = _expect(
        table.get("script_location", "alembic"), str, f"{where} script_location", "a path"
    )
    return ProjectConfig(
        path=path,
        default_plugin=default_plugin,
        script_location=_resolved(root / script_location, f"{where} script_location"),
        plugins=plugins,
        tablename_rule=tablename,
        mixin_decorators=tuple(str(d) for d in decorators),
        warnings=tuple(warnings),
        table=table,
    )


def _resolved(path: Path, where: str) -> Path:
    """``path.resolve()``; a symlink loop is a ConfigError naming it (it was a traceback:
    RuntimeError up to Python 3.12)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise ConfigError(f"{where}: {path} is a symbolic link loop") from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot resolve {path}: {exc.strerror or exc}") from None


def _check_tree(plugins: dict[str, PluginConfig], path: Path) -> None:
    """Parents must exist, the tree must have no cycle, versions directories no sharing."""
    for plugin in plugins.values():
        if plugin.depends_on is not None and plugin.depends_on not in plugins:
            raise ConfigError(
                f"{path}: plugin {plugin.name!r} depends_on unknown plugin {plugin.depends_on!r}"
                f" (configured: {', '.join(plugins)})"
            )
    for plugin in plugins.values():
        seen = [plugin.name]
        parent = plugin.depends_on
        while parent is not None:
            if parent in seen:
                cycle = " -> ".join([*seen[seen.index(parent) :], parent])
                raise ConfigError(f"{path}: plugin dependency cycle: {cycle}")
            seen.append(parent)
            parent = plugins[parent].depends_on
    owners: dict[Path, str] = {}
    for plugin in plugins.values():
        if plugin.versions in owners:
            raise ConfigError(
                f"{path}: plugins {owners[plugin.versions]!r} and {plugin.name!r} share the "
                f"versions directory {plugin.versions}"
            )
        owners[plugin.versions] = plugin.name
