"""Example revisions shared by the revision-graph rules' VALID/INVALID examples.

A small, valid history in the seed's shape (uber's first revisions, panels rooted on uber,
magprime rooted on uber), written the way alembic generates them.
"""

UBER_ROOT = '''"""Initial migration

Revision ID: f20480286bfe
Revises:
Create Date: 2024-01-08 14:02:11.483920

"""

# revision identifiers, used by Alembic.
revision = 'f20480286bfe'
down_revision = None
branch_labels = ('uber',)
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table('attendee',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('first_name', sa.Unicode(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attendee')),
    )


def downgrade():
    op.drop_table('attendee')
'''

PANEL_NOTES = '''"""Add panel_notes to attendee

Revision ID: 6388d306927e
Revises: 4676384b6c14
Create Date: 2024-03-25 12:04:51.392845

"""

# revision identifiers, used by Alembic.
revision = '6388d306927e'
down_revision = '4676384b6c14'
branch_labels = None
depends_on = None

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column('attendee', sa.Column('panel_notes', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'panel_notes')
'''

UBER_EMAIL = '''"""Add email to attendee

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


def upgrade():
    op.add_column('attendee', sa.Column('email', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'email')
'''

MAGPRIME_ROOT = '''"""Initial magprime migration

Revision ID: 45d2ab5acc20
Revises:
Create Date: 2024-04-29 18:03:21.337640

"""

# revision identifiers, used by Alembic.
revision = '45d2ab5acc20'
down_revision = None
branch_labels = ('magprime',)
depends_on = 'f20480286bfe'

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.add_column('attendee', sa.Column('badge_printed_name', sa.Unicode(), server_default='', nullable=False))


def downgrade():
    op.drop_column('attendee', 'badge_printed_name')
'''

UBER_MERGE = '''"""Merge email and cellphone

Revision ID: 3e5a9c1d7b20
Revises: 9c52dd0bad5c, b1e0c4f8a27d
Create Date: 2024-02-01 09:00:41.672219

"""

# revision identifiers, used by Alembic.
revision = '3e5a9c1d7b20'
down_revision = ('9c52dd0bad5c', 'b1e0c4f8a27d')
branch_labels = None
depends_on = None

from alembic import op


def upgrade():
    pass


def downgrade():
    pass
'''

PANELS_ROOT = '''"""Initial panels migration

Revision ID: 4676384b6c14
Revises:
Create Date: 2024-03-11 15:20:08.771903

"""

# revision identifiers, used by Alembic.
revision = '4676384b6c14'
down_revision = None
branch_labels = ('panels',)
depends_on = 'f20480286bfe'

from alembic import op
import sqlalchemy as sa


def upgrade():
    op.create_table('panel_application',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.Unicode(), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_application')),
    )


def downgrade():
    op.drop_table('panel_application')
'''
