"""Add emergency contact to attendee

Revision ID: 021195681f85
Revises: cd73b22ed2b6
Create Date: 2024-02-12 08:47:13.518064

"""


# revision identifiers, used by Alembic.
revision = '021195681f85'
down_revision = 'cd73b22ed2b6'
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


# HAZARD ML401: downgrade() drops only one of the two columns upgrade() adds.

def upgrade():
    op.add_column('attendee', sa.Column('emergency_contact_name', sa.Unicode(), server_default='', nullable=False))
    op.add_column('attendee', sa.Column('emergency_contact_phone', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'emergency_contact_name')
