"""HTML mail: an outbox mail keeps its HTML part beside the plain text (sent as multipart/alternative).

Revision ID: 0009_mail_html
Revises: 0008_sizes
Create Date: 2026-12-02 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_mail_html'
down_revision = '0008_sizes'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: mail queued before this release has only its text, and is sent as text.
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('html_body', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_column('html_body')
