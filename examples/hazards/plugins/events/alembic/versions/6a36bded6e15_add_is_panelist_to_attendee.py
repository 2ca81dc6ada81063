"""Add is_panelist to attendee

Revision ID: 6a36bded6e15
Revises: 502b2b064fac
Create Date: 2024-02-05 15:20:08.771903

"""


# revision identifiers, used by Alembic.
revision = '6a36bded6e15'
down_revision = '502b2b064fac'
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


# SAFE look-alike (ML202, ML107): the events plugin's mixin declares attendee.is_panelist, and it has a server_default.

def upgrade():
    op.add_column('attendee', sa.Column('is_panelist', sa.Boolean(), server_default='0', nullable=False))


def downgrade():
    if is_sqlite:
        with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
            batch_op.drop_column('is_panelist')
    else:
        op.drop_column('attendee', 'is_panelist')
