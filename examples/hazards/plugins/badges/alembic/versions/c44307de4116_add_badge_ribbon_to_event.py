"""Add badge_ribbon to event

Revision ID: c44307de4116
Revises: fefcd5333252
Create Date: 2024-04-01 10:00:27.219986

"""


# revision identifiers, used by Alembic.
revision = 'c44307de4116'
down_revision = 'fefcd5333252'
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


# HAZARD ML202: Event.badge_ribbon is declared in the events models; this belongs in the events branch.

def upgrade():
    op.add_column('event', sa.Column('badge_ribbon', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('event', 'badge_ribbon')
