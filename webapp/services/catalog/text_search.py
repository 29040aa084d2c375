"""Text search over the catalogue: whole words, typo-tolerant, ranked. THE place a typed search is answered.

The database's own full-text engine does the matching and ranking; this module only decides what the
words mean. SQLite uses the FTS5 table `product_search`, PostgreSQL a GIN expression index over a
weighted tsvector (both made by migration 0011_search, and kept in step by the database itself:
triggers on SQLite, the expression index on PostgreSQL), with pg_trgm's similarity() for typos.

Words match whole catalogue words from their start ("dress" finds "dresses", never "nightdress"),
hyphens and apostrophes are dropped on both sides ("t-shirt" is "tshirt"), a few shop synonyms are
rewritten ("tee" is "tshirt"), and a word that matches nothing is replaced by the closest word the
catalogue has ("jeens" becomes "jeans"). Matches in the product type rank above matches in the name,
which rank above colour, gender and category.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from sqlalchemy import Float, Integer, Subquery, select, text

from webapp.extensions import db
from webapp.models.catalog import Product

MAX_TERMS = 8
TYPES_FROM = 40
SYNONYMS = {"tee": "tshirt", "tees": "tshirt", "sneaker": "sportsshoe", "sneakers": "sportsshoe",
            "trainers": "sportsshoe", "hoodie": "sweatshirt", "hoodies": "sweatshirt"}
# difflib's ratio on SQLite and pg_trgm's similarity on PostgreSQL: below these a word is no correction.
SQLITE_CLOSENESS = 0.75
POSTGRES_SIMILARITY = 0.3
_JOINERS = re.compile(r"['’\-]")
_WORD = re.compile(r"[^\W_]+")

# What PostgreSQL searches; migration 0011_search indexes exactly this expression (keep them equal).
POSTGRES_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, translate(coalesce(article_type, ''), '-''’', '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, translate(coalesce(name, ''), '-''’', '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(gender, '') || ' ' || coalesce(sub_category, '') || ' ' "
    "|| coalesce(master_category, '') || ' ' || coalesce(base_colour, '') || ' ' || coalesce(usage, '')), 'C')"
)


@dataclass(frozen=True)
class TextMatch:
    """The products a search matches, as a subquery (product_id, rank: lower is better), and the words
    actually searched for (`searched`), which differ from what was typed where a typo was corrected."""

    ranked: Subquery
    searched: str
    corrected: bool


def search_words(typed: str) -> list[str]:
    """The words of a search as the index holds them: lower case, hyphens and apostrophes dropped."""
    return _WORD.findall(_JOINERS.sub("", typed.lower()))[:MAX_TERMS]


def _stem(word: str) -> str:
    # Plural to singular, so that the prefix match finds both ("dresses" -> "dress", "shirts" -> "shirt").
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _ranked(words: list[str]) -> Subquery:
    prefixes = [_stem(SYNONYMS.get(word, word)) for word in words]
    if _dialect() == "postgresql":
        query = " & ".join(f"{prefix}:*" for prefix in prefixes)
        statement = text(
            f"SELECT id AS product_id, -ts_rank({POSTGRES_DOCUMENT}, to_tsquery('simple', :tsquery)) AS rank "  # noqa: S608 - a constant
            f"FROM products WHERE ({POSTGRES_DOCUMENT}) @@ to_tsquery('simple', :tsquery)"
        ).bindparams(tsquery=query)
    else:
        query = " AND ".join(f'"{prefix}"*' for prefix in prefixes)
        statement = text(
            "SELECT rowid AS product_id, bm25(product_search, 10.0, 3.0, 1.0) AS rank "
            "FROM product_search WHERE product_search MATCH :fts_query"
        ).bindparams(fts_query=query)
    return statement.columns(product_id=Integer, rank=Float).subquery("text_match")


def _matches_anything(word: str) -> bool:
    return db.session.execute(_ranked([word]).select().limit(1)).first() is not None


def closest_words(word: str, limit: int = 1, loose: bool = False) -> list[str]:
    """The catalogue's words nearest to `word` (a typo's likely meaning), best first; [] when none is near."""
    if _dialect() == "postgresql":
        rows = db.session.execute(
            text(
                "SELECT word FROM ts_stat($$SELECT " + POSTGRES_DOCUMENT + " FROM products WHERE is_active$$) "  # noqa: S608
                "WHERE similarity(word, :word) >= :floor ORDER BY similarity(word, :word) DESC, nentry DESC, word "
                "LIMIT :limit"
            ),
            {"word": word, "floor": POSTGRES_SIMILARITY * (0.7 if loose else 1), "limit": limit},
        ).scalars()
        return list(rows)
    vocabulary = db.session.execute(text("SELECT term FROM product_search_vocab")).scalars().all()
    cutoff = SQLITE_CLOSENESS * (0.8 if loose else 1)
    return difflib.get_close_matches(word, vocabulary, n=limit, cutoff=cutoff)


def matching(typed: str, correct_typos: bool = True) -> TextMatch | None:
    """THE text search: the products matching `typed`, ranked; None when it holds no word to search for.

    correct_typos=False skips the look for a near word (on PostgreSQL a scan of the catalogue's words):
    suggestions while typing do without, so each keystroke costs one indexed query."""
    words = search_words(typed)
    if not words:
        return None
    searched = []
    for word in words:
        if correct_typos and word not in SYNONYMS and not _matches_anything(word):
            word = next(iter(closest_words(word)), word)
        searched.append(word)
    return TextMatch(ranked=_ranked(searched), searched=" ".join(searched), corrected=searched != words)


def did_you_mean(typed: str, limit: int = 3) -> list[str]:
    """Searches worth trying instead of `typed` when it found nothing: each word swapped for a near one."""
    words = search_words(typed)
    options: list[str] = []
    for index, word in enumerate(words):
        for near in closest_words(word, limit=limit, loose=True):
            option = " ".join([*words[:index], near, *words[index + 1:]])
            if near != word and option not in options:
                options.append(option)
    return options[:limit]


@dataclass(frozen=True)
class Suggestions:
    """What the search box offers while typing: product types and products, best match first."""

    types: list[str]
    products: list[tuple[int, str]]  # (id, name)


def suggestions(typed: str, limit: int = 6) -> Suggestions:
    """The product types and active products that the words typed so far match (the last word as a prefix)."""
    match = matching(typed, correct_typos=False)
    if match is None:
        return Suggestions([], [])
    ranked = match.ranked
    # The best TYPES_FROM matches say which types to offer (bm25() cannot be aggregated on SQLite).
    rows = db.session.execute(
        select(Product.id, Product.name, Product.article_type)
        .join(ranked, ranked.c.product_id == Product.id)
        .where(Product.is_active.is_(True))
        .order_by(ranked.c.rank, Product.id)
        .limit(TYPES_FROM)
    ).all()
    types = list(dict.fromkeys(row.article_type for row in rows))[:3]
    return Suggestions(types=types, products=[(row.id, row.name) for row in rows[:limit]])



# The database objects migration 0011_search makes that no model describes (FTS5's table and its shadow
# tables, the PostgreSQL expression index): schema comparisons leave them out.
SEARCH_INDEX_PREFIXES = ("product_search", "ix_products_search")


def is_search_index(name: str | None) -> bool:
    """Whether a table or index named `name` belongs to the text-search index rather than to a model."""
    return bool(name) and name.startswith(SEARCH_INDEX_PREFIXES)
