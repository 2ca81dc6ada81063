"""``sep alembic``: alembic's own command line, plus plugins as branches and ``lint``.

Reusing :class:`alembic.config.CommandLine` (its parser, its commands, its error handling)
means every subcommand and option of the installed alembic works unchanged and new alembic
releases need no code change here.  On top of it:

* ``--plugin NAME`` and ``--version-path PATH``, before or after the subcommand;
* ``version_locations`` assembled from every configured plugin's versions directory;
* ``revision`` rooted and labelled so the branches mirror the plugin tree, with every
  refusal made before alembic writes anything;
* ``lint``, registered next to alembic's commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from alembic import util as alembic_util
from alembic.config import CommandLine, Config

from .alembic_env import PLUGIN, PROJECT
from .config import ConfigError, ProjectConfig, find_config, load_config
from .lint_cli import DESCRIPTION, add_lint_arguments
from .lint_cli import run as run_lint

EXIT_USAGE = 2
_RELATIVE_TARGETS = ("head", "heads", "base")


class FrontEndError(Exception):
    """A refusal or mistake of ours (exit code 2), reported before anything is written."""


class FrontEnd(CommandLine):
    """alembic's CommandLine with plugin options and the ``lint`` subcommand."""

    def __init__(self, prog: str = "sep alembic", project: ProjectConfig | None = None) -> None:
        super().__init__(prog=prog)
        self._given_project = project  # else found from the current directory
        _add_plugin_options(self.parser, default=None)
        for subparser in self.subparsers.choices.values():
            _add_plugin_options(subparser, default=argparse.SUPPRESS)
        lint = self.subparsers.add_parser("lint", help=DESCRIPTION, description=DESCRIPTION)
        add_lint_arguments(lint)
        lint.set_defaults(lint=True)
        from .verify.command import DESCRIPTION as VERIFY
        from .verify.command import add_verify_arguments

        verify = self.subparsers.add_parser("verify", help=VERIFY, description=VERIFY)
        add_verify_arguments(verify)
        verify.set_defaults(verify=True)

    def run(self, argv: Sequence[str]) -> int:
        options = self.parser.parse_args(list(argv))
        if getattr(options, "lint", False):
            return run_lint(options)
        if getattr(options, "verify", False):
            from .verify.command import run as run_verify

            return run_verify(options)
        if not hasattr(options, "cmd"):
            self.parser.error("too few arguments")
        try:
            config = self._alembic_config(options)
        except (FrontEndError, ConfigError) as exc:
            sys.stderr.write(f"error: {exc}\n")
            return EXIT_USAGE
        except alembic_util.CommandError as exc:  # e.g. no such ini section: as alembic says it
            if options.raiseerr:
                raise
            alembic_util.err(str(exc), quiet=options.quiet)  # "FAILED: ...", exits 255
            return 255  # not reached
        try:
            self.run_cmd(config, options)
        except (SyntaxError, ImportError, OSError) as exc:
            # a revision script alembic cannot load: the user's mistake, not ours to trace
            if options.raiseerr:
                raise
            alembic_util.err(_load_failure(exc), quiet=options.quiet)  # exits 255
        except RuntimeError as exc:
            if options.raiseerr or not str(exc).startswith("Symlink loop"):
                raise
            alembic_util.err(_load_failure(exc), quiet=options.quiet)  # pathlib's ELOOP
        except Exception as exc:
            from sqlalchemy.exc import DBAPIError

            if options.raiseerr or not isinstance(exc, DBAPIError):
                raise
            from .database import display_url

            url = display_url(config.attributes.get("database_url", ""))
            reason = str(exc.orig or exc).strip().splitlines()[0]
            alembic_util.err(f"database {url}: {reason}", quiet=options.quiet)
        return 0

    def _alembic_config(self, options: argparse.Namespace) -> Config:
        project = self._given_project or _project(options)
        toml, ini = self._inis_from_config(options)
        if project is not None and not options.config and not os.environ.get("ALEMBIC_CONFIG"):
            ini = _nearest(ini, project.root)
            toml = _nearest(toml, project.root)
        config = Config(
            file_=ini,
            toml_file=toml,
            ini_section=options.name,
            cmd_opts=options,
            stdout=sys.stdout,  # bound at run time, so captured output is seen
        )
        if project is None:
            if options.sep_plugin or _version_path(options):
                raise FrontEndError(
                    "--plugin and --version-path need a [tool.migration_lint] configuration "
                    "(none found in pyproject.toml here or in a parent directory)"
                )
            # get_alembic_option (alembic 1.16+) also reads pyproject's [tool.alembic]
            option = getattr(config, "get_alembic_option", config.get_main_option)
            if options.cmd[0].__name__ not in ("init", "list_templates") and (
                option("script_location") is None
            ):
                # alembic's own "No 'script_location' key found in configuration." does not
                # say where sep looked, nor what to do
                state = "has no script_location" if Path(ini).exists() else "does not exist"
                raise FrontEndError(
                    "no configuration found: no [tool.migration_lint] table in pyproject.toml "
                    f"here or in a parent directory, and {ini} {state}; run sep in the project "
                    "or pass -c FILE"
                )
            return config
        from .database import database_url

        plugin = _chosen_plugin(project, options)
        command = options.cmd[0].__name__
        # autogenerate is limited to one plugin for `revision` (default: default_plugin, as the
        # seed says) or when --plugin is given; `check` without it covers every plugin
        config.attributes[PLUGIN] = plugin if command == "revision" or options.sep_plugin else None
        config.attributes[PROJECT] = project
        config.attributes["database_url"] = database_url(project)
        if config.get_main_option("script_location") is None:
            config.set_main_option("script_location", str(project.script_location))
        set_version_locations(config, project, extra=_version_path(options))
        if command == "revision":
            from .plugin_revisions import prepare_revision

            options.version_path = _version_path(options)  # given before the subcommand too

            prepare_revision(config, project, plugin, options)
            set_version_locations(config, project, extra=options.version_path)
        elif command in ("upgrade", "downgrade") and options.sep_plugin:
            options.revision = _plugin_target(options.sep_plugin, options.revision)
        return config


def _load_failure(exc: BaseException) -> str:
    """One line naming the file alembic could not load, and where to see all such files."""
    if isinstance(exc, SyntaxError):
        where = f"{exc.filename}:{exc.lineno}" if exc.filename else "a revision script"
        problem = f"{where}: {exc.msg}"
    elif isinstance(exc, OSError) and exc.filename:
        problem = f"{exc.filename}: {exc.strerror or exc}"
    else:
        problem = str(exc)
    return (
        f"cannot load the revision scripts: {problem} (sep alembic lint reports every file "
        "alembic cannot load, as ML001)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    return FrontEnd().run(sys.argv[1:] if argv is None else argv)


def _add_plugin_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--plugin",
        dest="sep_plugin",
        default=default,
        metavar="PLUGIN_NAME",
        help="plugin whose versions directory and branch to use (default: default_plugin)",
    )
    if "--version-path" not in parser._option_string_actions:  # revision has its own
        parser.add_argument(
            "--version-path",
            dest="sep_version_path",
            default=default,
            metavar="PATH",
            help="override the versions directory chosen for the plugin (rarely needed)",
        )


def _project(options: argparse.Namespace) -> ProjectConfig | None:
    path = find_config(Path.cwd())
    return load_config(path) if path is not None else None


def _nearest(name: str, root: Path) -> str:
    """``alembic.ini`` in the current directory, else the project root's, as given otherwise."""
    if Path(name).exists() or not (root / name).exists():
        return name
    return str(root / name)


def _version_path(options: argparse.Namespace) -> str | None:
    return getattr(options, "version_path", None) or getattr(options, "sep_version_path", None)


def _chosen_plugin(project: ProjectConfig, options: argparse.Namespace) -> str:
    """``--plugin``, else the plugin owning ``--version-path``, else ``default_plugin``."""
    if options.sep_plugin is not None:
        project.plugin(options.sep_plugin)  # unknown plugin: ConfigError listing the valid ones
        return options.sep_plugin
    path = _version_path(options)
    owner = project.plugin_for_path(Path(path) / "x.py") if path else None
    return owner or project.default_plugin


def set_version_locations(config: Config, project: ProjectConfig, extra: str | None) -> None:
    """Every plugin's versions directory that exists (absolute), whatever alembic.ini says."""
    paths = [str(p.versions) for p in project.plugins.values() if p.versions.is_dir()]
    if extra is not None and str(Path(extra).resolve()) not in paths:
        paths.append(str(Path(extra).resolve()))
    config.set_main_option("path_separator", "newline")
    config.set_main_option("version_locations", "\n".join(p.replace("%", "%%") for p in paths))


def _plugin_target(plugin: str, target: str) -> str:
    """``-1``/``base``/``head`` become ``PLUGIN@-1``... so ``--plugin`` moves only its branch."""
    if "@" in target or ":" in target:
        return target
    if target in _RELATIVE_TARGETS or target.lstrip("+-").isdigit():
        return f"{plugin}@{'head' if target == 'heads' else target}"
    return target
