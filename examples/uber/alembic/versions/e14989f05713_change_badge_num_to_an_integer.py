"""Change badge_num to an integer

Revision ID: e14989f05713
Revises: ead71c22ba4c
Create Date: 2024-04-22 09:15:02.650117

"""


# revision identifiers, used by Alembic.
revision = 'e14989f05713'
down_revision = 'ead71c22ba4c'
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
    with op.batch_alter_table('attendee') as batch_op:
        batch_op.drop_column('badge_num')
    op.add_column('attendee', sa.Column('badge_num', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('attendee') as batch_op:
        batch_op.drop_column('badge_num')
    op.add_column('attendee', sa.Column('badge_num', sa.Unicode(), nullable=True))
