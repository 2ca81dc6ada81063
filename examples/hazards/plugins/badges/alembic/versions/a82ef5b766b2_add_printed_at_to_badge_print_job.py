"""Add printed_at to badge_print_job

Revision ID: a82ef5b766b2
Revises: c44307de4116
Create Date: 2024-04-09 09:12:40.337640

"""


# revision identifiers, used by Alembic.
revision = 'a82ef5b766b2'
down_revision = 'c44307de4116'
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


# HAZARD ML301: a second head of the badges branch (422fab27a1b1 was written on the same parent).

def upgrade():
    op.add_column('badge_print_job', sa.Column('printed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    op.drop_column('badge_print_job', 'printed_at')
