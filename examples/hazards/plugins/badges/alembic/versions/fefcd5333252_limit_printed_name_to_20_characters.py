"""Limit printed_name to 20 characters

Revision ID: fefcd5333252
Revises: 475171c6e237
Create Date: 2024-03-25 15:03:58.772190

"""


# revision identifiers, used by Alembic.
revision = 'fefcd5333252'
down_revision = '475171c6e237'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


try:
    is_sqlite = op.get_context().dialect.name == 'sqlite'
except Exception:
    is_sqlite = False

if is_sqlite:
    utcnow_server_default = "(datetime('now', 'utc'))"
else:
    utcnow_server_default = "timezone('utc', current_timestamp)"


def sqlite_column_reflect_listener(inspector, table, column_info):
    """Adds parenthesis around SQLite datetime defaults for utcnow."""
    if column_info['default'] == "datetime('now', 'utc')":
        column_info['default'] = utcnow_server_default


sqlite_reflect_kwargs = {
    'listeners': [('column_reflect', sqlite_column_reflect_listener)]
}

# ===========================================================================
# HOWTO: Handle alter statements in SQLite
#
# def upgrade():
#     if is_sqlite:
#         with op.batch_alter_table('table_name', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
#             batch_op.alter_column('column_name', type_=sa.Boolean(), server_default='False')
#     else:
#         op.alter_column('table_name', 'column_name', type_=sa.Boolean(), server_default='False')
#
# ===========================================================================


# HAZARD ML108: VARCHAR(40) -> VARCHAR(20); longer printed names no longer fit.

def upgrade():
    op.alter_column('badge_print_job', 'printed_name', type_=sa.String(length=20),  # migration-lint: ignore[ML180] names are short
                    existing_type=sa.String(length=40), existing_server_default='', existing_nullable=False)


def downgrade():
    op.alter_column('badge_print_job', 'printed_name', type_=sa.String(length=40),
                    existing_type=sa.String(length=20), existing_server_default='', existing_nullable=False)
