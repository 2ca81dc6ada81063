"""Index event by start_time

Revision ID: 1d0a630d6c6a
Revises: 21cdabbedeb2
Create Date: 2024-03-05 16:45:02.660310

"""


# revision identifiers, used by Alembic.
revision = '1d0a630d6c6a'
down_revision = '21cdabbedeb2'
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


# HAZARD ML307: written on d44d3298a403; a hand-edited rebase pointed it at 21cdabbedeb2, which follows it.

def upgrade():
    op.create_index(op.f('ix_event_start_time'), 'event', ['start_time'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_event_start_time'), table_name='event')
