"""Store scores as integers

Revision ID: 2555b6938fb7
Revises: 
Create Date: 2024-07-01 10:12:30.118842

"""


# revision identifiers, used by Alembic.
revision = '2555b6938fb7'
down_revision = None
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
    with op.batch_alter_table('player') as batch_op:
        batch_op.drop_column('score')
        batch_op.add_column(sa.Column('score', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('player') as batch_op:
        batch_op.drop_column('score')
        batch_op.add_column(sa.Column('score', sa.Unicode(), nullable=True))
