"""Add total to shop_sale

Revision ID: bc857a891310
Revises: fc4ed46484a3
Create Date: 2024-02-15 11:45:02.660310

"""


# revision identifiers, used by Alembic.
revision = 'bc857a891310'
down_revision = 'fc4ed46484a3'
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


# SAFE look-alike (ML501, ML107, ML401): the UPDATE without WHERE only fills the column this upgrade adds, before it becomes NOT NULL.

def upgrade():
    op.add_column('shop_sale', sa.Column('total', sa.Integer(), nullable=True))
    op.execute(
        'UPDATE shop_sale SET total = quantity * '
        '(SELECT price FROM shop_item WHERE shop_item.id = shop_sale.item_id)'
    )
    op.alter_column('shop_sale', 'total', existing_type=sa.Integer(), nullable=False)


def downgrade():
    op.drop_column('shop_sale', 'total')
