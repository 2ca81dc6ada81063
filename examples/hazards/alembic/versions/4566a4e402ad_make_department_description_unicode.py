"""Make department description unicode

Revision ID: 4566a4e402ad
Revises: 1a8ceb7fd36c
Create Date: 2024-01-19 16:08:33.907712

"""


# revision identifiers, used by Alembic.
revision = '4566a4e402ad'
down_revision = '1a8ceb7fd36c'
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


# SAFE look-alike (ML101, ML108): the type changes in place on both arms of if is_sqlite.

def upgrade():
    if is_sqlite:
        with op.batch_alter_table('department', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
            batch_op.alter_column('description', type_=sa.Unicode(), existing_type=sa.String(),
                                  existing_server_default='', existing_nullable=False)
    else:
        op.alter_column('department', 'description', type_=sa.Unicode(), existing_type=sa.String(),
                        existing_server_default='', existing_nullable=False)


def downgrade():
    if is_sqlite:
        with op.batch_alter_table('department', reflect_kwargs=sqlite_reflect_kwargs) as batch_op:
            batch_op.alter_column('description', type_=sa.String(), existing_type=sa.Unicode(),
                                  existing_server_default='', existing_nullable=False)
    else:
        op.alter_column('department', 'description', type_=sa.String(), existing_type=sa.Unicode(),
                        existing_server_default='', existing_nullable=False)
