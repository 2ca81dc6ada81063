"""Rename event_location room_name to room

Revision ID: 502b2b064fac
Revises: 0193256189cf
Create Date: 2024-01-30 12:04:51.392845

"""


# revision identifiers, used by Alembic.
revision = '502b2b064fac'
down_revision = '0193256189cf'
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


# SAFE look-alike (ML103): a rename with alter_column(new_column_name=...) keeps the data.

def upgrade():
    op.alter_column('event_location', 'room_name', new_column_name='room',
                    existing_type=sa.Unicode(), existing_server_default='', existing_nullable=False)


def downgrade():
    op.alter_column('event_location', 'room', new_column_name='room_name',
                    existing_type=sa.Unicode(), existing_server_default='', existing_nullable=False)
