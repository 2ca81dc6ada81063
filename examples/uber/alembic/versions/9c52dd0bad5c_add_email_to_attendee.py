"""Add email to attendee

Revision ID: 9c52dd0bad5c
Revises: f20480286bfe
Create Date: 2024-01-22 10:41:57.120394

"""


# revision identifiers, used by Alembic.
revision = '9c52dd0bad5c'
down_revision = 'f20480286bfe'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import table


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


attendee_table = table(
    'attendee',
    sa.Column('id', sa.String(length=36)),
    sa.Column('email', sa.Unicode()),
)


def upgrade():
    op.add_column('attendee', sa.Column('email', sa.Unicode(), nullable=True))

    # Attendees who registered before we collected emails get an empty string rather
    # than NULL, so the "missing email" report can tell them apart from new sign-ups.
    op.execute(
        attendee_table.update()
        .where(attendee_table.c.email == None)  # noqa: E711
        .values(email='')
    )


def downgrade():
    with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
        batch_op.drop_column('email')
