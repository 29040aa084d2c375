"""Product neighbours: precomputed look-alikes.

Revision ID: 0002_similarity
Revises: 0001_initial
Create Date: 2026-11-23 05:11:38.433935

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_similarity'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('product_neighbours',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('neighbour_id', sa.Integer(), nullable=False),
    sa.Column('similarity', sa.Double(), nullable=False),
    sa.ForeignKeyConstraint(['neighbour_id'], ['products.id'], name=op.f('fk_product_neighbours_neighbour_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_neighbours_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'rank', name=op.f('pk_product_neighbours'))
    )
    with op.batch_alter_table('product_neighbours', schema=None) as batch_op:
        batch_op.create_index('ix_product_neighbours_neighbour', ['neighbour_id'], unique=False)



def downgrade():
    with op.batch_alter_table('product_neighbours', schema=None) as batch_op:
        batch_op.drop_index('ix_product_neighbours_neighbour')

    op.drop_table('product_neighbours')
