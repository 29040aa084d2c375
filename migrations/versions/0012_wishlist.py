"""Wishlist: the products each customer saved.

Revision ID: 0012_wishlist
Revises: 0011_search
"""
from alembic import op
import sqlalchemy as sa

revision = '0012_wishlist'
down_revision = '0011_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('saved_products',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_saved_products_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_products_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'product_id', name=op.f('pk_saved_products'))
    )
    op.create_index('ix_saved_products_user_saved', 'saved_products', ['user_id', 'saved_at'], unique=False)


def downgrade():
    op.drop_index('ix_saved_products_user_saved', table_name='saved_products')
    op.drop_table('saved_products')
