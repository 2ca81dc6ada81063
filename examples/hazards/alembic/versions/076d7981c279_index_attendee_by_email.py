"""Index attendee by email

Revision ID: 076d7981c279
Revises: 60e37b092ce8
Create Date: 2024-02-26 10:00:27.219986

"""


# revision identifiers, used by Alembic.
revision = '076d7981c279'
down_revision = '60e37b092ce8'
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


# The original file of revision 076d7981c279 (its copy in 076d7981c279_index_group_by_name.py is ML304).

def upgrade():
    op.create_index(op.f('ix_attendee_email'), 'attendee', ['email'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_attendee_email'), table_name='attendee')
