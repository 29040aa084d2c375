"""Engagement: deals, coupons (and the coupon on an order), reviews, feedback, product views.

Revision ID: 0004_engagement
Revises: 0003_orders
Create Date: 2026-11-23 05:50:10.064029

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_engagement'
down_revision = '0003_orders'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('coupons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('min_order_cents', sa.Integer(), nullable=False),
    sa.Column('usage_limit', sa.Integer(), nullable=False),
    sa.Column('times_used', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind <> 'percent' OR amount <= 100", name=op.f('ck_coupons_percent_at_most_100')),
    sa.CheckConstraint("kind IN ('percent', 'fixed')", name=op.f('ck_coupons_kind_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_coupons_amount_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_coupons_window_ends_after_start')),
    sa.CheckConstraint('min_order_cents >= 0', name=op.f('ck_coupons_min_order_not_negative')),
    sa.CheckConstraint('times_used >= 0 AND times_used <= usage_limit', name=op.f('ck_coupons_times_used_within_limit')),
    sa.CheckConstraint('usage_limit > 0', name=op.f('ck_coupons_usage_limit_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coupons')),
    sa.UniqueConstraint('code', name=op.f('uq_coupons_code'))
    )
    op.create_table('deals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=20), nullable=False),
    sa.Column('target_value', sa.String(length=60), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("(target = 'product') = (product_id IS NOT NULL)", name=op.f('ck_deals_product_target_has_product')),
    sa.CheckConstraint("kind <> 'percent' OR amount <= 100", name=op.f('ck_deals_percent_at_most_100')),
    sa.CheckConstraint("kind IN ('percent', 'fixed')", name=op.f('ck_deals_kind_known')),
    sa.CheckConstraint("target IN ('product', 'article_type', 'sub_category', 'master_category')", name=op.f('ck_deals_target_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_deals_amount_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_deals_window_ends_after_start')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_deals_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deals'))
    )
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index('ix_deals_live', ['is_active', 'ends_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_product_id'), ['product_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=150), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('is_hidden', sa.Boolean(), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_feedback_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_user_id'), ['user_id'], unique=False)

    op.create_table('product_views',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('viewed_at', sa.DateTime(), nullable=False),
    sa.Column('view_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_views_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_product_views_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'product_id', name=op.f('pk_product_views'))
    )
    with op.batch_alter_table('product_views', schema=None) as batch_op:
        batch_op.create_index('ix_product_views_user_viewed', ['user_id', 'viewed_at'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('reply', sa.Text(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_reviews_rating_1_to_5')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_reviews_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reviews_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('product_id', 'user_id', name='uq_reviews_product_user')
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_reviews_product_published', ['product_id', 'is_published'], unique=False)
        batch_op.create_index(batch_op.f('ix_reviews_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coupon_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('coupon_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('discount_cents', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index(batch_op.f('ix_orders_coupon_id'), ['coupon_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_orders_coupon_id_coupons'), 'coupons', ['coupon_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(op.f('ck_orders_discount_not_negative'), 'discount_cents >= 0')


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_orders_discount_not_negative'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_orders_coupon_id_coupons'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_orders_coupon_id'))
        batch_op.drop_column('discount_cents')
        batch_op.drop_column('coupon_code')
        batch_op.drop_column('coupon_id')

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_user_id'))
        batch_op.drop_index('ix_reviews_product_published')
        batch_op.drop_index(batch_op.f('ix_reviews_created_at'))

    op.drop_table('reviews')
    with op.batch_alter_table('product_views', schema=None) as batch_op:
        batch_op.drop_index('ix_product_views_user_viewed')

    op.drop_table('product_views')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_user_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_created_at'))

    op.drop_table('feedback')
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deals_product_id'))
        batch_op.drop_index('ix_deals_live')

    op.drop_table('deals')
    op.drop_table('coupons')
