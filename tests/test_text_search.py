"""Text search: whole words, typos forgiven, the product type first; the same answers on SQLite and PostgreSQL."""
import re
import subprocess
import sys

import pytest

from tests.support.paths import REPO_ROOT
from webapp.extensions import db
from webapp.models import Product


def product_names(html: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", html)


# A T-shirt by type and name, then by type, then a bra that is only called one.
TSHIRTS = ["Striped Polo T-shirt", "White Crew Tee", "Seamless T-Shirt Bra"]


@pytest.fixture
def rack(make_product):
    """Products whose names share words across types, as a real catalogue's do."""
    def make(name, article_type, sub_category="Topwear", **fields):
        return make_product(name=name, article_type=article_type, sub_category=sub_category, **fields)
    make("Navy Crew Sweatshirt", "Sweatshirts")
    make("Seamless T-Shirt Bra", "Bra", sub_category="Innerwear", gender="Women")
    make("White Crew Tee", "Tshirts")
    make("Striped Polo T-shirt", "Tshirts")
    make("Black Satin Nightdress", "Nightdress", sub_category="Loungewear and Nightwear", gender="Women")
    make("Black Wrap Dress", "Dresses", sub_category="Dress", gender="Women")
    make("Blue Slim Jeans", "Jeans", sub_category="Bottomwear")
    make("Formal Shirt", "Shirts")
    make("Black Jeans", "Jeans", sub_category="Bottomwear", is_active=False)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tshirt", TSHIRTS),
        ("t-shirt", TSHIRTS),
        ("T-Shirts", TSHIRTS),
        ("tee", TSHIRTS),
        ("jeens", ["Blue Slim Jeans"]),
        ("black dress", ["Black Wrap Dress"]),
        ("dresses", ["Black Wrap Dress"]),
        ("shirt", ["Formal Shirt"]),
        ("sweatshirt", ["Navy Crew Sweatshirt"]),
        ("nightdress", ["Black Satin Nightdress"]),
    ],
)
def test_search_finds_whole_words_with_the_type_first(client, rack, typed, expected):
    names = product_names(client.get("/products", query_string={"q": typed}).text)
    assert names == expected


def test_black_dress_ranks_dresses_before_nightdresses(client, rack, make_product):
    make_product(name="Black Night Dress", article_type="Nightdress", sub_category="Loungewear and Nightwear")
    names = product_names(client.get("/products?q=black+dress").text)
    assert names == ["Black Wrap Dress", "Black Night Dress"]


def test_a_corrected_typo_says_what_was_searched_instead(client, rack):
    html = client.get("/products?q=jeens").text
    assert "Showing results for “jeans”" in html


def test_nothing_found_offers_other_searches_and_photo_search(client, rack):
    html = client.get("/products?q=jeanz+qqqqqq").text
    assert "No products match" in html
    assert 'href="/search/photo"' in html


def test_the_index_follows_product_changes(client, rack):
    product = db.session.scalar(db.select(Product).where(Product.name == "Formal Shirt"))
    product.name, product.article_type = "Formal Kaftan", "Tops"
    db.session.commit()
    assert product_names(client.get("/products?q=kaftan").text) == ["Formal Kaftan"]
    assert "Formal Kaftan" not in product_names(client.get("/products?q=shirt").text)
    db.session.delete(product)
    db.session.commit()
    assert product_names(client.get("/products?q=kaftan").text) == []


@pytest.mark.parametrize("typed", ["%", "_", '"', "*", "AND", "NOT", "a:b", "(", "'", "\\", "💃"])
def test_query_syntax_in_what_is_typed_is_only_text(client, rack, typed):
    response = client.get("/products", query_string={"q": typed})
    assert response.status_code == 200


def test_suggestions_offer_types_and_products_as_json(client, rack):
    response = client.get("/search/suggest?q=jea")
    assert response.status_code == 200, response.text[:300]
    answer = response.get_json()
    assert answer["types"] == [{"label": "Jeans", "url": "/products?article_type=Jeans"}]
    assert answer["products"] == [{"label": "Blue Slim Jeans", "url": answer["products"][0]["url"]}]


def test_suggestions_for_nothing_typed_are_empty(client, rack):
    assert client.get("/search/suggest?q=").get_json() == {"types": [], "products": []}


def test_the_full_text_index_still_works_in_a_process_that_imports_tensorflow_after_the_shop():
    # TensorFlow bundles an SQLite without FTS5; whichever loads first is the process's (webapp loads Python's).
    code = ("import webapp, tensorflow, sqlite3; "
            "sqlite3.connect(':memory:').execute('create virtual table words using fts5(word)')")
    finished = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=120)
    assert finished.returncode == 0, finished.stderr[-500:]
