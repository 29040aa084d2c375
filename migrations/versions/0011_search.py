"""Text search: an FTS5 table kept by triggers on SQLite, a GIN expression index and pg_trgm on PostgreSQL.

The database keeps the index in step with every insert, update and delete of a product, whoever makes
it (the admin, an import, a bulk SQL statement): on SQLite through the three triggers below, on
PostgreSQL because the index is over an expression of the product's own columns. What is indexed
must stay equal to webapp/services/catalog/text_search.py (POSTGRES_DOCUMENT; the FTS5 columns).

A later migration that rebuilds the products table on SQLite (batch_alter_table) drops the triggers
with the old table and must create them again (see create_sqlite_triggers).

Revision ID: 0011_search
Revises: 0010_assistant
"""
from alembic import op

revision = '0011_search'
down_revision = '0010_assistant'
branch_labels = None
depends_on = None

POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, translate(coalesce(article_type, ''), '-''’', '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, translate(coalesce(name, ''), '-''’', '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(gender, '') || ' ' || coalesce(sub_category, '') || ' ' "
    "|| coalesce(master_category, '') || ' ' || coalesce(base_colour, '') || ' ' || coalesce(usage, '')), 'C')"
)


def _joined(column):
    # Hyphens and apostrophes dropped, as the search drops them from what is typed: T-shirt -> Tshirt.
    return f"replace(replace(replace({column}, '-', ''), '''', ''), '’', '')"


def _row(prefix):
    details = " || ' ' || ".join(f"coalesce({prefix}.{column}, '')" for column in
                                 ("gender", "sub_category", "master_category", "base_colour", "usage"))
    return f"{prefix}.id, {_joined(prefix + '.article_type')}, {_joined(prefix + '.name')}, {details}"


def create_sqlite_triggers():
    insert = "INSERT INTO product_search (rowid, article_type, name, details) VALUES ({});"
    op.execute("CREATE TRIGGER product_search_insert AFTER INSERT ON products BEGIN "
               + insert.format(_row("new")) + " END")
    op.execute("CREATE TRIGGER product_search_update AFTER UPDATE ON products BEGIN "
               "DELETE FROM product_search WHERE rowid = old.id; " + insert.format(_row("new")) + " END")
    op.execute("CREATE TRIGGER product_search_delete AFTER DELETE ON products BEGIN "
               "DELETE FROM product_search WHERE rowid = old.id; END")


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute(f"CREATE INDEX ix_products_search ON products USING gin (({POSTGRES_DOCUMENT}))")
        return
    op.execute("CREATE VIRTUAL TABLE product_search USING fts5("
               "article_type, name, details, tokenize = 'unicode61 remove_diacritics 2')")
    op.execute("CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search, 'row')")
    op.execute("INSERT INTO product_search (rowid, article_type, name, details) "
               f"SELECT {_row('products')} FROM products")
    create_sqlite_triggers()


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_products_search")
        op.execute("DROP EXTENSION IF EXISTS pg_trgm")
        return
    for trigger in ("product_search_insert", "product_search_update", "product_search_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS product_search_vocab")
    op.execute("DROP TABLE IF EXISTS product_search")
