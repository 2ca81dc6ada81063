"""Add gift_wrap to shop_sale

Revision ID: 1cf989c2fc68
Revises: d2345599fb7c
Create Date: 2024-04-04 09:12:40.337640

"""


# revision identifiers, used by Alembic.
revision = '1cf989c2fc68'
down_revision = 'd2345599fb7c'
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


# HAZARD ML001: a parenthesis is never closed; alembic cannot load any revision while this file is here.

def upgrade():
    op.add_column('shop_sale', sa.Column('gift_wrap', sa.Boolean(), server_default='0', nullable=False)


def downgrade():
    op.drop_column('shop_sale', 'gift_wrap')
