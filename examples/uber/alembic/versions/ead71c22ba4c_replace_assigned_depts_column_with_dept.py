"""Replace assigned_depts column with dept_membership table

Revision ID: ead71c22ba4c
Revises: 14bd473f6d8f
Create Date: 2024-03-04 11:27:45.331856

"""


# revision identifiers, used by Alembic.
revision = 'ead71c22ba4c'
down_revision = '14bd473f6d8f'
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


# Attendee.assigned_depts is now a relationship through dept_membership; the old
# comma-separated column goes away.  Importing the models makes sure the mapping this
# revision was written against still imports cleanly.
from uber import models  # noqa: E402,F401


def upgrade():
    op.create_table('dept_membership',
    sa.Column('attendee_id', sa.String(length=36), nullable=False),
    sa.Column('department_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendee.id'], name=op.f('fk_dept_membership_attendee_id_attendee')),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_dept_membership_department_id_department')),
    sa.PrimaryKeyConstraint('attendee_id', 'department_id', name=op.f('pk_dept_membership'))
    )
    with op.batch_alter_table('attendee', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
        batch_op.drop_column('assigned_depts')


def downgrade():
    op.add_column('attendee', sa.Column('assigned_depts', sa.Unicode(), server_default='', nullable=False))
    op.drop_table('dept_membership')
