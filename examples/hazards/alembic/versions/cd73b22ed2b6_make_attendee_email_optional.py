"""Make attendee email optional

Revision ID: cd73b22ed2b6
Revises: e6fe4031a68b
Create Date: 2024-02-06 13:52:40.551027

"""


# revision identifiers, used by Alembic.
revision = 'cd73b22ed2b6'
down_revision = 'e6fe4031a68b'
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


# HAZARD ML109: 'emial' is a typo; no revision created such a column and no model declares it.

def upgrade():
    op.alter_column('attendee', 'emial', existing_type=sa.Unicode(), nullable=True)


def downgrade():
    op.alter_column('attendee', 'emial', existing_type=sa.Unicode(), nullable=False)
