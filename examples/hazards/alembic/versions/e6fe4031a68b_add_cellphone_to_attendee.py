"""Add cellphone to attendee

Revision ID: e6fe4031a68b
Revises: 7460f4a76374
Create Date: 2024-01-29 17:30:02.114356

"""


# revision identifiers, used by Alembic.
revision = 'e6fe4031a68b'
down_revision = '639b73befe3d'
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


# HAZARD ML306: rebased onto 639b73befe3d by editing down_revision alone; the docstring still says the old parent.

def upgrade():
    op.add_column('attendee', sa.Column('cellphone', sa.Unicode(), nullable=True))  # migration-lint: ignore[ML101] copied from the old phone column


def downgrade():
    op.drop_column('attendee', 'cellphone')
