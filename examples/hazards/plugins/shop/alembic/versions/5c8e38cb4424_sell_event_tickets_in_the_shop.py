"""Sell event tickets in the shop

Revision ID: 5c8e38cb4424
Revises: bf13bc5ed380
Create Date: 2024-03-21 10:00:27.219986

"""


# revision identifiers, used by Alembic.
revision = '5c8e38cb4424'
down_revision = 'bf13bc5ed380'
branch_labels = None
depends_on = '0193256189cf'

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


# HAZARD ML302: depends on an events revision, but shop depends only on core in the plugin tree.

def upgrade():
    op.add_column('shop_item', sa.Column('event_id', sa.String(length=36), nullable=True))
    op.create_foreign_key(op.f('fk_shop_item_event_id_event'), 'shop_item', 'event', ['event_id'], ['id'])


def downgrade():
    op.drop_constraint(op.f('fk_shop_item_event_id_event'), 'shop_item', type_='foreignkey')
    op.drop_column('shop_item', 'event_id')
