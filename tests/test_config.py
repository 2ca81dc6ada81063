"""``[tool.migration_lint]``: discovery, the documented shape, and every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from migration_lint.config import ConfigError, find_config, load_config

DOCUMENTED = """
[tool.migration_lint]
default_plugin = "uber"          # the plugin used when --plugin is not given
script_location = "alembic"      # the alembic environment (env.py, script.py.mako)
# tablename = "snake_case"
# mixin_decorators = ["model_mixin", "Session.model_mixin"]   # the default

[tool.migration_lint.plugins.uber]
versions = "alembic/versions"
models = ["uber/models.py"]      # files or package directories, read statically (may be empty)

[tool.migration_lint.plugins.panels]
versions = "plugins/panels/alembic/versions"
models = ["plugins/panels/panels/models.py"]
depends_on = "uber"              # parent plugin: the plugins form a tree
"""

PLUGIN = '[tool.migration_lint.plugins.{name}]\nversions = "{versions}"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    return path


def test_the_documented_shape(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, DOCUMENTED))
    assert config.default_plugin == "uber"
    assert list(config.plugins) == ["uber", "panels"]
    panels = config.plugins["panels"]
    assert panels.versions == (tmp_path / "plugins/panels/alembic/versions").resolve()
    assert panels.models == ((tmp_path / "plugins/panels/panels/models.py").resolve(),)
    assert panels.depends_on == "uber"
    assert config.script_location == (tmp_path / "alembic").resolve()
    assert config.mixin_decorators == ("model_mixin", "Session.model_mixin")
    assert config.tablename_rule is None
    assert config.warnings == ()
    assert config.lineage("panels") == ["panels", "uber"]
    assert config.plugin_for_path(panels.versions / "abc_x.py") == "panels"
    assert config.plugin_for_path(tmp_path / "alembic/versions/abc_x.py") == "uber"
    assert config.plugin_for_path(tmp_path / "elsewhere.py") is None


def test_found_by_walking_up_past_unrelated_pyprojects(tmp_path: Path) -> None:
    write(tmp_path, DOCUMENTED)
    inner = tmp_path / "plugins" / "panels"
    inner.mkdir(parents=True)
    (inner / "pyproject.toml").write_text("[project]\nname = 'panels'\n")
    assert find_config(inner) == tmp_path / "pyproject.toml"


def test_not_found(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert find_config(tmp_path) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.migration_lint\n", "invalid TOML"),
        ("[tool]\nmigration_lint = 3\n", "must be a table"),
        ("[tool.migration_lint]\ndefault_plugin = 'uber'\n", "no plugins configured"),
        (
            "[tool.migration_lint]\n"
            + PLUGIN.format(name="uber", versions="a")
            + "depends_on = 'core'\n",
            "depends_on unknown plugin 'core'",
        ),
        (
            "[tool.migration_lint]\n"
            + PLUGIN.format(name="uber", versions="a")
            + "depends_on = 3\n",
            "depends_on must be a plugin name",
        ),
        (
            "[tool.migration_lint]\n"
            + PLUGIN.format(name="a", versions="x")
            + "depends_on = 'b'\n"
            + PLUGIN.format(name="b", versions="y")
            + "depends_on = 'a'\n",
            "plugin dependency cycle: a -> b -> a",
        ),
        (
            "[tool.migration_lint]\n"
            + PLUGIN.format(name="a", versions="x")
            + PLUGIN.format(name="b", versions="./x"),
            "share the versions directory",
        ),
        (
            "[tool.migration_lint]\ndefault_plugin = 'core'\n"
            + PLUGIN.format(name="uber", versions="a"),
            "default_plugin 'core' is not a configured plugin (uber)",
        ),
        ("[tool.migration_lint.plugins.uber]\nmodels = []\n", "'versions'"),
        (
            "[tool.migration_lint]\ntablename = 'camel'\n"
            + PLUGIN.format(name="uber", versions="a"),
            "tablename must be one of",
        ),
        (
            "[tool.migration_lint.plugins.'../x']\nversions = 'a'\n",
            "invalid plugin name",
        ),
    ],
)
def test_refusals(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_keys_are_warnings_naming_the_key(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            "[tool.migration_lint]\ndefault_plugn = 'uber'\n"
            + PLUGIN.format(name="uber", versions="a")
            + "model = ['m.py']\n",
        )
    )
    assert any("'default_plugn'" in w for w in config.warnings)
    assert any("'model'" in w for w in config.warnings)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_standalone_file_with_the_table_at_top_level(tmp_path: Path) -> None:
    path = tmp_path / "lint.toml"
    path.write_text("default_plugin = 'uber'\n[plugins.uber]\nversions = 'v'\n")
    assert load_config(path).plugins["uber"].versions == (tmp_path / "v").resolve()


def test_default_plugin_defaults_to_the_root(tmp_path: Path) -> None:
    text = (
        PLUGIN.format(name="panels", versions="p")
        + "depends_on = 'uber'\n"
        + PLUGIN.format(name="uber", versions="u")
    )
    assert load_config(write(tmp_path, text)).default_plugin == "uber"
