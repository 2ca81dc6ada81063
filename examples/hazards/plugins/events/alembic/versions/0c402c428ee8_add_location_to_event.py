"""Add location to event

Revision ID: 0c402c428ee8
Revises: 445f8162e38d
Create Date: 2024-02-20 09:58:10.240871

"""


# revision identifiers, used by Alembic.
revision = '0c402c428ee8'
down_revision = '445f8162e38d'
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


# HAZARD ML201: Event.location is a relationship; only location_id is a column.

def upgrade():
    op.add_column('event', sa.Column('location_id', sa.String(length=36), nullable=True))
    op.add_column('event', sa.Column('location', sa.Unicode(), nullable=True))
    op.create_foreign_key(op.f('fk_event_location_id_event_location'), 'event', 'event_location', ['location_id'], ['id'])


def downgrade():
    op.drop_constraint(op.f('fk_event_location_id_event_location'), 'event', type_='foreignkey')
    op.drop_column('event', 'location')
    op.drop_column('event', 'location_id')
