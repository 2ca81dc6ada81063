"""Add attendees to group

Revision ID: 91caa0bbbe0c
Revises: 50aa55794242
Create Date: 2024-06-10 17:33:19.845530

"""


# revision identifiers, used by Alembic.
revision = '91caa0bbbe0c'
down_revision = '50aa55794242'
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


def upgrade():
    op.add_column('group', sa.Column('attendees', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('group', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
        batch_op.drop_column('attendees')
