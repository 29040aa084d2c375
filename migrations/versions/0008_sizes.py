"""Sizes with stock per size, several pictures, a description, shipping charges and the shop's settings.

Every product gets one size, "One size", holding the stock it had; carts and order lines point at
that size, so orders placed before give their stock back to it when cancelled or refunded. The
downgrade adds each product's sizes back up into one stock figure.

products.stock is dropped here, not a release later: a pod of the previous release cannot sell
from sizes, so mixing the two would oversell. Deploy it with the previous pods stopped.

Revision ID: 0008_sizes
Revises: 0006_login_sessions
Create Date: 2026-12-01 22:48:50.249459

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_sizes'
down_revision = '0007_outbox_parking'
branch_labels = None
depends_on = None

ONE_SIZE = 'One size'


def upgrade():
    op.create_table('shop_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shipping_fee_cents', sa.Integer(), nullable=False),
    sa.Column('free_shipping_from_cents', sa.Integer(), nullable=True),
    sa.Column('delivery_estimate', sa.String(length=200), nullable=False),
    sa.Column('returns_policy', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('free_shipping_from_cents >= 0', name=op.f('ck_shop_settings_free_shipping_from_not_negative')),
    sa.CheckConstraint('id = 1', name=op.f('ck_shop_settings_single_row')),
    sa.CheckConstraint('shipping_fee_cents >= 0', name=op.f('ck_shop_settings_shipping_fee_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_settings'))
    )
    op.create_table('product_pictures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('image_name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_pictures_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_pictures'))
    )
    with op.batch_alter_table('product_pictures', schema=None) as batch_op:
        batch_op.create_index('ix_product_pictures_product_position', ['product_id', 'position'], unique=False)

    op.create_table('product_sizes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_product_sizes_stock_not_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_sizes_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_sizes')),
    sa.UniqueConstraint('product_id', 'label', name='uq_product_sizes_product_label')
    )
    op.execute(
        "INSERT INTO product_sizes (product_id, label, position, stock) "
        f"SELECT id, '{ONE_SIZE}', 0, stock FROM products"
    )
    _size_of_product = "(SELECT s.id FROM product_sizes s WHERE s.product_id = {table}.product_id)"

    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size_id', sa.Integer(), nullable=True))
    op.execute(f"UPDATE cart_items SET size_id = {_size_of_product.format(table='cart_items')}")
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.alter_column('size_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index(batch_op.f('ix_cart_items_product_id'))
        batch_op.drop_constraint('uq_cart_items_user_product', type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_cart_items_product_id_products'), type_='foreignkey')
        batch_op.drop_column('product_id')
        batch_op.create_index(batch_op.f('ix_cart_items_size_id'), ['size_id'], unique=False)
        batch_op.create_unique_constraint('uq_cart_items_user_size', ['user_id', 'size_id'])
        batch_op.create_foreign_key(batch_op.f('fk_cart_items_size_id_product_sizes'), 'product_sizes', ['size_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('size_label', sa.String(length=20), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_order_lines_size_id'), ['size_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_order_lines_size_id_product_sizes'), 'product_sizes', ['size_id'], ['id'], ondelete='SET NULL')
    op.execute(
        f"UPDATE order_lines SET size_id = {_size_of_product.format(table='order_lines')}, size_label = '{ONE_SIZE}' "
        "WHERE product_id IS NOT NULL"
    )

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shipping_cents', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(batch_op.f('ck_orders_shipping_not_negative'), 'shipping_cents >= 0')

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.Text(), server_default='', nullable=False))
        batch_op.drop_constraint(batch_op.f('ck_products_stock_not_negative'), type_='check')
        batch_op.drop_column('stock')


def downgrade():
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stock', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_column('description')
    op.execute(
        "UPDATE products SET stock = "
        "(SELECT COALESCE(SUM(s.stock), 0) FROM product_sizes s WHERE s.product_id = products.id)"
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.alter_column('stock', existing_type=sa.Integer(), server_default=None)
        batch_op.create_check_constraint(batch_op.f('ck_products_stock_not_negative'), 'stock >= 0')

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_orders_shipping_not_negative'), type_='check')
        batch_op.drop_column('shipping_cents')

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_order_lines_size_id_product_sizes'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_order_lines_size_id'))
        batch_op.drop_column('size_label')
        batch_op.drop_column('size_id')

    # One cart line per product again: the sizes of one product in a cart add up.
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('product_id', sa.Integer(), nullable=True))
    op.execute("UPDATE cart_items SET product_id = (SELECT s.product_id FROM product_sizes s WHERE s.id = cart_items.size_id)")
    op.execute(
        "UPDATE cart_items SET quantity = (SELECT SUM(c.quantity) FROM cart_items c "
        "WHERE c.user_id = cart_items.user_id AND c.product_id = cart_items.product_id)"
    )
    op.execute("DELETE FROM cart_items WHERE product_id IS NULL OR id NOT IN "
               "(SELECT MIN(c.id) FROM cart_items c GROUP BY c.user_id, c.product_id)")
    with op.batch_alter_table('cart_items', schema=None) as batch_op:
        batch_op.alter_column('product_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f('fk_cart_items_size_id_product_sizes'), type_='foreignkey')
        batch_op.drop_constraint('uq_cart_items_user_size', type_='unique')
        batch_op.drop_index(batch_op.f('ix_cart_items_size_id'))
        batch_op.drop_column('size_id')
        batch_op.create_foreign_key(batch_op.f('fk_cart_items_product_id_products'), 'products', ['product_id'], ['id'], ondelete='CASCADE')
        batch_op.create_unique_constraint('uq_cart_items_user_product', ['user_id', 'product_id'])
        batch_op.create_index(batch_op.f('ix_cart_items_product_id'), ['product_id'], unique=False)

    op.drop_table('product_sizes')
    with op.batch_alter_table('product_pictures', schema=None) as batch_op:
        batch_op.drop_index('ix_product_pictures_product_position')

    op.drop_table('product_pictures')
    op.drop_table('shop_settings')
