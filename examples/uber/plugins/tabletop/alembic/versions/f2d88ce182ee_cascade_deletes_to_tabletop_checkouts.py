"""Cascade deletes to tabletop checkouts

Revision ID: f2d88ce182ee
Revises: 94b1dd11faab
Create Date: 2024-05-20 11:45:58.916447

"""


# revision identifiers, used by Alembic.
revision = 'f2d88ce182ee'
down_revision = '94b1dd11faab'
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
    # SQLite cannot ALTER a foreign key, so the table is rebuilt with ON DELETE CASCADE.
    op.drop_table('tabletop_checkout')
    op.create_table('tabletop_checkout',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), server_default=sa.text(utcnow_server_default), nullable=False),
    sa.Column('game_id', sa.String(length=36), nullable=False),
    sa.Column('attendee_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendee.id'], name=op.f('fk_tabletop_checkout_attendee_id_attendee'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['game_id'], ['tabletop_game.id'], name=op.f('fk_tabletop_checkout_game_id_tabletop_game'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tabletop_checkout'))
    )


def downgrade():
    op.drop_table('tabletop_checkout')
    op.create_table('tabletop_checkout',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), server_default=sa.text(utcnow_server_default), nullable=False),
    sa.Column('game_id', sa.String(length=36), nullable=False),
    sa.Column('attendee_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['attendee_id'], ['attendee.id'], name=op.f('fk_tabletop_checkout_attendee_id_attendee')),
    sa.ForeignKeyConstraint(['game_id'], ['tabletop_game.id'], name=op.f('fk_tabletop_checkout_game_id_tabletop_game')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tabletop_checkout'))
    )
