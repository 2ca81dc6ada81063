"""Change badge_num to an integer

Revision ID: 1a8ceb7fd36c
Revises: d2fc32b5b201
Create Date: 2024-01-15 09:31:44.201877

"""


# revision identifiers, used by Alembic.
revision = '1a8ceb7fd36c'
down_revision = 'd2fc32b5b201'
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


# HAZARD ML101 (and ML105): badge_num is dropped and added back, in both directions; every badge number is lost.

def upgrade():
    with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
        batch_op.drop_column('badge_num')
        batch_op.add_column(sa.Column('badge_num', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
        batch_op.drop_column('badge_num')
        batch_op.add_column(sa.Column('badge_num', sa.Unicode(), nullable=True))
