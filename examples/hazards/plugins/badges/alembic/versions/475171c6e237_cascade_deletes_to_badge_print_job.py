"""Cascade deletes to badge_print_job

Revision ID: 475171c6e237
Revises: fe3e5e1f216f
Create Date: 2024-03-18 08:47:13.518064

"""


# revision identifiers, used by Alembic.
revision = '475171c6e237'
down_revision = 'fe3e5e1f216f'
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


# HAZARD ML102 (and ML106): the table is dropped and created again, in both directions, to change its foreign key: every print job is lost.

def upgrade():
    op.drop_table('badge_print_job')
    op.create_table('badge_print_job',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), server_default=sa.text(utcnow_server_default), nullable=False),
    sa.Column('attendee_id', sa.String(length=36), nullable=False),
    sa.Column('printed_name', sa.String(length=40), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendee.id'], name=op.f('fk_badge_print_job_attendee_id_attendee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_print_job'))
    )


def downgrade():
    op.drop_table('badge_print_job')
    op.create_table('badge_print_job',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), server_default=sa.text(utcnow_server_default), nullable=False),
    sa.Column('attendee_id', sa.String(length=36), nullable=False),
    sa.Column('printed_name', sa.String(length=40), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendee.id'], name=op.f('fk_badge_print_job_attendee_id_attendee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badge_print_job'))
    )
