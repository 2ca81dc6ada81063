"""migration_lint: static safety checks for Alembic migrations of plugin-based SQLAlchemy apps."""

__version__ = "0.1.0"
