"""Store shop prices in cents

Revision ID: bf13bc5ed380
Revises: 58450aa03e17
Create Date: 2024-03-14 15:03:58.772190

"""


# revision identifiers, used by Alembic.
revision = 'bf13bc5ed380'
down_revision = '58450aa03e17'
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


# HAZARD ML501: UPDATE without WHERE rewrites every price; the downgrade's integer division loses the cents.

def upgrade():
    op.execute('UPDATE shop_item SET price = price * 100')


def downgrade():
    op.execute('UPDATE shop_item SET price = price / 100')
