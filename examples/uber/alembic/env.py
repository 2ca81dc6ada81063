"""Alembic environment of the example project: everything comes from migration_lint."""

from logging.config import fileConfig

from alembic import context

from migration_lint.alembic_env import run_migrations

if context.config.config_file_name is not None:
    fileConfig(context.config.config_file_name)

run_migrations(context)
