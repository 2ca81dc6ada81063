"""Add tracks to event

Revision ID: 3b8935af497a
Revises: 0c402c428ee8
Create Date: 2024-02-26 14:02:11.483920

"""


# revision identifiers, used by Alembic.
revision = '3b8935af497a'
down_revision = '0c402c428ee8'
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


# One of two branches written on 0c402c428ee8; d44d3298a403 merges them (no ML301).

def upgrade():
    op.add_column('event', sa.Column('tracks', sa.Unicode(), nullable=True))


def downgrade():
    op.drop_column('event', 'tracks')
