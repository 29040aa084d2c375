"""The shopping assistant: which coupons it may promote, and the conversation attached to a handoff.

coupons.is_public: only public coupons are offered by "any offers?"; existing coupons stay private
(an admin chose to hand them out), so nothing is promoted that was not meant to be.
feedback.conversation: the transcript a "talk to a person" request carries to the admins' inbox.

Revision ID: 0010_assistant
Revises: 0009_mail_html
Create Date: 2026-12-02 01:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_assistant'
down_revision = '0009_mail_html'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('coupons', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_public', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('conversation', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_column('conversation')
    with op.batch_alter_table('coupons', schema=None) as batch_op:
        batch_op.drop_column('is_public')
