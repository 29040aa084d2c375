"""Home, listing with filters, search, sorting and pagination, product pages, pictures."""
import re
from html import unescape

import pytest

from webapp.extensions import db


def product_names(html: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", html)


def facet_option(html: str, facet: str, value: str) -> tuple[int, bool]:
    """(count, ticked) of one filter option as the page shows it."""
    match = re.search(
        rf'name="{facet}" value="{value}" (checked)?>\s*{value} <span class="count">\((\d+)\)', html
    )
    assert match, f"no option {facet}={value}"
    return int(match.group(2)), bool(match.group(1))


@pytest.fixture
def wardrobe(make_product):
    """Six products with distinct attributes and prices, oldest first."""
    return [
        make_product(name="Red Tee", gender="Men", base_colour="Red", price_cents=1500),
        make_product(name="Blue Tee", gender="Men", base_colour="Blue", price_cents=2500),
        make_product(name="Blue Jeans", gender="Women", sub_category="Bottomwear", article_type="Jeans",
                     base_colour="Blue", price_cents=4500, season="Winter"),
        make_product(name="Black Watch", gender="Unisex", master_category="Accessories", sub_category="Watches",
                     article_type="Watches", base_colour="Black", price_cents=9900, usage="Formal"),
        make_product(name="Hidden Tee", is_active=False),
        make_product(name="Sold Out Sandal", master_category="Footwear", sub_category="Sandal",
                     article_type="Sandals", price_cents=3000, stock=0),
    ]


def test_home_shows_new_arrivals_and_featured(client, make_product):
    make_product(name="Plain Tee")
    make_product(name="Star Dress", is_featured=True)
    html = client.get("/").text
    assert "New arrivals" in html and "Featured" in html
    assert "Plain Tee" in html and "Star Dress" in html


def test_listing_shows_only_active_products(client, wardrobe):
    names = product_names(client.get("/products").text)
    assert "Hidden Tee" not in names
    assert len(names) == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("gender=Women", {"Blue Jeans"}),
        ("master_category=Accessories", {"Black Watch"}),
        ("sub_category=Sandal", {"Sold Out Sandal"}),
        ("article_type=Jeans&article_type=Watches", {"Blue Jeans", "Black Watch"}),
        ("base_colour=Blue", {"Blue Tee", "Blue Jeans"}),
        ("season=Winter", {"Blue Jeans"}),
        ("usage=Formal", {"Black Watch"}),
        ("price_min=20&price_max=50", {"Blue Tee", "Blue Jeans", "Sold Out Sandal"}),
        ("base_colour=Blue&gender=Men", {"Blue Tee"}),
        ("base_colour=Blue&price_max=30", {"Blue Tee"}),
        ("q=tee", {"Red Tee", "Blue Tee"}),
        ("q=blue+jeans", {"Blue Jeans"}),
        ("q=BLUE&gender=Women", {"Blue Jeans"}),
    ],
)
def test_filters_and_search_combine(client, wardrobe, query, expected):
    assert set(product_names(client.get(f"/products?{query}").text)) == expected


def test_in_stock_only_keeps_products_with_any_size_in_stock_and_counts_facets_so(client, wardrobe, make_product):
    make_product(name="Last Size Shoe", master_category="Footwear", sub_category="Sandal", article_type="Sandals",
                 sizes={"EU 38": 0, "EU 39": 1})
    make_product(name="Gone Shoe", master_category="Footwear", sub_category="Sandal", article_type="Sandals",
                 sizes={"EU 38": 0, "EU 39": 0})
    html = client.get("/products?in_stock=1&sub_category=Sandal").text
    assert set(product_names(html)) == {"Last Size Shoe"}
    assert facet_option(html, "sub_category", "Sandal") == (1, True)
    assert facet_option(html, "sub_category", "Topwear") == (2, False)
    assert 'name="in_stock" value="1" checked' in html


def test_each_filter_option_shows_its_count_ignoring_its_own_selection(client, wardrobe):
    html = client.get("/products?gender=Men").text
    assert facet_option(html, "gender", "Men") == (3, True)
    assert facet_option(html, "gender", "Women") == (1, False)
    assert facet_option(html, "base_colour", "Blue") == (1, False)
    assert facet_option(html, "base_colour", "Red") == (2, False)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_asc", ["Red Tee", "Blue Tee", "Sold Out Sandal", "Blue Jeans", "Black Watch"]),
        ("price_desc", ["Black Watch", "Blue Jeans", "Sold Out Sandal", "Blue Tee", "Red Tee"]),
        ("name", ["Black Watch", "Blue Jeans", "Blue Tee", "Red Tee", "Sold Out Sandal"]),
        ("newest", ["Sold Out Sandal", "Black Watch", "Blue Jeans", "Blue Tee", "Red Tee"]),
    ],
)
def test_sorting(client, wardrobe, sort, expected):
    assert product_names(client.get(f"/products?sort={sort}").text) == expected


def test_pagination_splits_the_listing(app, client, make_product):
    app.config["PRODUCTS_PER_PAGE"] = 2
    try:
        for n in range(5):
            make_product(name=f"Item {n}", price_cents=1000 + n)
        first = client.get("/products?sort=price_asc").text
        third = client.get("/products?sort=price_asc&page=3").text
    finally:
        app.config["PRODUCTS_PER_PAGE"] = 24
    assert product_names(first) == ["Item 0", "Item 1"]
    assert product_names(third) == ["Item 4"]
    assert "Page 1 of 3" in first and 'rel="next"' in first


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("page=abc", "Ignored the page number"),
        ("page=-4", "Ignored the page number"),
        ("page=%C2%B2", "Ignored the page number"),  # "²": a digit to str.isdigit(), not to int()
        ("page=%E2%91%A0", "Ignored the page number"),  # "①"
        ("page=99", "There is no page 99"),
        ("price_min=cheap", "Ignored the minimum price"),
        ("price_max=1e999", "Ignored the maximum price"),
        ("price_max=-5", "Ignored the maximum price"),
        ("sort=DROP TABLE", "Unknown sort order"),
    ],
)
def test_nonsense_listing_values_are_ignored_with_a_notice(client, wardrobe, query, notice):
    response = client.get(f"/products?{query}")
    assert response.status_code == 200
    assert notice in response.text
    assert len(product_names(response.text)) == 5


@pytest.mark.parametrize("query", ["gender=" + "x" * 500, "q=" + "%25" * 300, "gender=Nobody", "q=%01%27--"])
def test_odd_filter_values_never_fail(client, wardrobe, query):
    assert client.get(f"/products?{query}").status_code == 200


def test_search_matches_words_and_ignores_punctuation(client, make_product):
    make_product(name="100% Cotton Tee")
    make_product(name="Plain Tee")
    assert product_names(client.get("/products?q=100%25").text) == ["100% Cotton Tee"]
    assert product_names(client.get("/products?q=cotton%25").text) == ["100% Cotton Tee"]


def test_listing_pictures_are_lazy_with_a_size_but_the_first(client, wardrobe):
    images = re.findall(r"<img [^>]+>", client.get("/products").text)
    assert len(images) == 5
    assert all('width="300"' in tag and 'height="400"' in tag for tag in images)
    # The first picture is the largest the phone paints first: fetched at once, with priority.
    assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0]
    assert all('loading="lazy"' in tag for tag in images[1:])


def test_product_page_shows_every_attribute_price_and_stock(client, wardrobe):
    watch = wardrobe[3]
    html = client.get(f"/products/{watch.id}").text
    for value in ("Black Watch", "Unisex", "Accessories", "Watches", "Black", "Summer", "Formal"):
        assert value in html
    assert "€99.00" in html
    assert "In stock" in html


def test_the_year_is_not_shown_and_the_article_number_only_in_small_print(client, wardrobe):
    watch = wardrobe[3]
    html = client.get(f"/products/{watch.id}").text
    assert "Year" not in html and ">2020<" not in html
    assert f'<p class="sku small muted">Article number {watch.sku}</p>' in html
    assert f"<td>{watch.sku}</td>" not in html


def test_a_sold_out_product_says_so(client, wardrobe):
    assert "Out of stock" in client.get(f"/products/{wardrobe[5].id}").text


@pytest.mark.parametrize("path", ["/products/999999", "/products/abc"])
def test_an_unknown_product_is_a_404_page(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Back to the shop" in response.text


def test_an_inactive_product_is_a_404(client, wardrobe):
    assert client.get(f"/products/{wardrobe[4].id}").status_code == 404


def test_product_pictures_are_served_with_type_cache_and_etag(client, wardrobe):
    url = re.search(r'<img src="([^"]+)"', client.get(f"/products/{wardrobe[0].id}").text).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/jpeg"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    etag = response.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize("name", ["../../config.py", "nothing-0123456789abcdef.jpg", "x.jpg", "%2e%2e%2fshop.db"])
def test_unknown_or_hostile_picture_names_are_404(client, name):
    assert client.get(f"/media/products/{name}").status_code == 404


def test_product_names_are_escaped(client, make_product):
    make_product(name="<script>alert(1)</script>")
    html = client.get("/products").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_listing_runs_a_fixed_number_of_queries(app, client, make_product):
    for n in range(30):
        make_product(name=f"Bulk {n}")
    statements = []
    from sqlalchemy import event

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get("/products?gender=Men&base_colour=Red")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    # which filter values exist, count, page, the page's sizes (sold out or not), 7 facets, price bounds, and the
    # live deals behind the prices
    assert len(statements) <= 13


def test_a_nul_character_in_the_query_string_is_a_clear_400(client):
    response = client.get("/products?q=%00")
    assert response.status_code == 400
    assert "character we cannot accept" in response.text


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("path", ["/products/99999999999", "/admin/orders/99999999999", "/account/orders/99999999999"])
def test_an_id_too_large_for_any_row_is_a_404(client, auth, admin, path):
    auth.login(admin)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("cents", "text"), [(0, "€0.00"), (150, "€1.50"), (-150, "-€1.50"), (123456789, "€1,234,567.89")]
)
def test_money_is_formatted_with_sign_symbol_and_thousands(cents, text):
    from webapp.services.pricing.money import format_money

    assert format_money(cents) == text


@pytest.mark.parametrize(("text", "expected"), [("42", 42), (" 7 ", 7), ("2147483647", 2147483647),
                                                ("2147483648", None), ("99999999999", None), ("-1", None),
                                                ("1e3", None), ("", None), (None, None), ("٣", None)])
def test_row_ids_from_outside_are_parsed_strictly(text, expected):
    from webapp.models._base import parse_row_id

    assert parse_row_id(text) == expected


def test_an_unknown_filter_value_is_ignored_with_a_notice(client, wardrobe):
    html = client.get("/products?gender=Alien&base_colour=Blue").text
    assert "No product has gender “Alien”: that filter was ignored." in html
    assert 'value="Alien"' not in html and "gender=Alien" not in html  # neither ticked nor carried in links
    assert set(product_names(html)) == {"Blue Tee", "Blue Jeans"}


@pytest.mark.parametrize(
    ("query", "heading"),
    [
        ("", "All products"),
        ("gender=Women&article_type=Dresses", "Women's dresses"),
        ("gender=Men&sub_category=Topwear", "Men's topwear"),
        ("gender=Women", "Women's products"),
        ("article_type=Jeans&article_type=Watches", "Jeans and watches"),
        ("gender=Men&gender=Women&master_category=Footwear", "Footwear"),
        ("q=blue", "Results for “blue”"),
    ],
)
def test_the_heading_says_what_is_shown(client, wardrobe, make_product, query, heading):
    make_product(name="Wrap Dress", gender="Women", article_type="Dresses")
    make_product(name="Runner", master_category="Footwear")
    shown = re.search(r'<h1 id="listing-title">([^<]*)</h1>', client.get(f"/products?{query}").text).group(1)
    assert unescape(shown) == heading


def test_each_active_filter_is_a_chip_that_removes_it(client, wardrobe):
    html = client.get("/products?gender=Men&base_colour=Blue&base_colour=Red&in_stock=1").text
    chips = {unescape(href): label
             for href, label in re.findall(r'<a class="chip" href="([^"]+)"[^>]*aria-label="Remove ([^"]+)"', html)}
    assert chips == {
        "/products?gender=Men&base_colour=Red&in_stock=1": "Blue",
        "/products?gender=Men&base_colour=Blue&in_stock=1": "Red",
        "/products?base_colour=Blue&base_colour=Red&in_stock=1": "Men",
        "/products?gender=Men&base_colour=Blue&base_colour=Red": "In stock",
    }
    assert '<a class="chip-clear" href="/products" data-listing-link>Clear all</a>' in html


def test_ticked_values_come_first_in_their_facet(client, wardrobe):
    html = client.get("/products?base_colour=Red").text
    colours = re.findall(r'type="checkbox" name="base_colour" value="([^"]+)"', html)
    assert colours == ["Red", "Black", "Blue"]


def test_a_long_facet_shows_eight_values_and_the_rest_behind_show_more(client, make_product):
    for number in range(11):
        make_product(name=f"Kind {number}", article_type=f"Type {number:02d}")
    html = client.get("/products").text
    assert "Show 3 more" in html
    assert html.index("Type 07") < html.index("Show 3 more") < html.index("Type 08")
    assert 'aria-label="Find a type"' in html


def test_the_listing_fragment_is_the_changing_part_alone(client, wardrobe):
    response = client.get("/products?gender=Men", headers={"X-Listing-Fragment": "1"})
    assert "X-Listing-Fragment" in response.headers["Vary"]
    assert "<html" not in response.text and '<h1 id="listing-title">Men&#39;s products</h1>' in response.text
    assert set(product_names(response.text)) == {"Red Tee", "Blue Tee", "Sold Out Sandal"}
