"""Index panel applications by event

Revision ID: e70a163f7df9
Revises: 4676384b6c14
Create Date: 2024-03-26 08:47:13.518064

"""


# revision identifiers, used by Alembic.
revision = 'e70a163f7df9'
down_revision = '4676384b6c14'
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
    op.create_index(op.f('ix_panel_application_event_id'), 'panel_application', ['event_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_panel_application_event_id'), table_name='panel_application')
