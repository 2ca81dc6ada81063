"""Index event_location by name

Revision ID: eaa33b82d646
Revises: 0c402c428ee8
Create Date: 2024-02-27 08:31:44.201877

"""


# revision identifiers, used by Alembic.
revision = 'eaa33b82d646'
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
    op.create_index(op.f('ix_event_location_name'), 'event_location', ['name'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_event_location_name'), table_name='event_location')
