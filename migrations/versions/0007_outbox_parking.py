"""Outbox parking: a mail that failed MAIL_MAX_ATTEMPTS times is marked failed instead of retried for ever.

Revision ID: 0007_outbox_parking
Revises: 0006_login_sessions
Create Date: 2026-12-08 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_outbox_parking'
down_revision = '0006_login_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_mails', schema=None) as batch_op:
        batch_op.drop_column('failed_at')
