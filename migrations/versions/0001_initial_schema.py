"""Initial schema: users and products.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-23 05:05:35.263701

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_initial'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('products',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('dataset_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('gender', sa.String(length=20), nullable=False),
    sa.Column('master_category', sa.String(length=40), nullable=False),
    sa.Column('sub_category', sa.String(length=40), nullable=False),
    sa.Column('article_type', sa.String(length=60), nullable=False),
    sa.Column('base_colour', sa.String(length=40), nullable=False),
    sa.Column('season', sa.String(length=20), nullable=False),
    sa.Column('usage', sa.String(length=30), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('price_cents', sa.Integer(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('is_featured', sa.Boolean(), nullable=False),
    sa.Column('image_name', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('price_cents >= 0', name=op.f('ck_products_price_not_negative')),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_products_stock_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products')),
    sa.UniqueConstraint('dataset_id', name=op.f('uq_products_dataset_id')),
    sa.UniqueConstraint('sku', name=op.f('uq_products_sku'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_active_created', ['is_active', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_article_type'), ['article_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_base_colour'), ['base_colour'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_gender'), ['gender'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_master_category'), ['master_category'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_price_cents'), ['price_cents'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_season'), ['season'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_sub_category'), ['sub_category'], unique=False)
        batch_op.create_index(batch_op.f('ix_products_usage'), ['usage'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )


def downgrade():
    op.drop_table('users')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_products_usage'))
        batch_op.drop_index(batch_op.f('ix_products_sub_category'))
        batch_op.drop_index(batch_op.f('ix_products_season'))
        batch_op.drop_index(batch_op.f('ix_products_price_cents'))
        batch_op.drop_index(batch_op.f('ix_products_master_category'))
        batch_op.drop_index(batch_op.f('ix_products_gender'))
        batch_op.drop_index(batch_op.f('ix_products_base_colour'))
        batch_op.drop_index(batch_op.f('ix_products_article_type'))
        batch_op.drop_index('ix_products_active_created')

    op.drop_table('products')
