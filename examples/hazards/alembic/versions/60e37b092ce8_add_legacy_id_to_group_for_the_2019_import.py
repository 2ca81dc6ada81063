"""Add legacy_id to group for the 2019 import

Revision ID: 60e37b092ce8
Revises: 021195681f85
Create Date: 2024-02-19 15:03:58.772190

"""


# revision identifiers, used by Alembic.
revision = '60e37b092ce8'
down_revision = '021195681f85'
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


# HAZARD ML204: the import is long done and the models no longer declare legacy_id, but no revision drops it.

def upgrade():
    op.add_column('group', sa.Column('legacy_id', sa.String(length=36), nullable=True))


def downgrade():
    op.drop_column('group', 'legacy_id')
