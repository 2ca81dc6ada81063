"""Index shop_sale by attendee

Revision ID: d2345599fb7c
Revises: ef345d2d7c9d
Create Date: 2024-03-28 14:41:09.006113

"""


# revision identifiers, used by Alembic.
revision = 'd2345599fb7c'
down_revision = 'ef345d2d7c9d'
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


# HAZARD ML303: written on ef345d2d7c9d, a revision squashed away in a rebase; no file declares it.

def upgrade():
    op.create_index(op.f('ix_shop_sale_attendee_id'), 'shop_sale', ['attendee_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_shop_sale_attendee_id'), table_name='shop_sale')
