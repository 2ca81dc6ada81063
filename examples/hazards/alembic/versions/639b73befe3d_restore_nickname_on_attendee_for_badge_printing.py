"""Restore nickname on attendee for badge printing

Revision ID: 639b73befe3d
Revises: 7460f4a76374
Create Date: 2024-02-02 10:17:29.118504

"""


# revision identifiers, used by Alembic.
revision = '639b73befe3d'
down_revision = '7460f4a76374'
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


# HAZARD ML104: 7460f4a76374 dropped this column; adding it back does not bring the nicknames back.

def upgrade():
    op.add_column('attendee', sa.Column('nickname', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'nickname')
