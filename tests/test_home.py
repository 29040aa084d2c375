"""The home page of any catalogue: category tiles, deals, best sellers (paid orders only), new arrivals."""
import re


def section_names(html: str, section_id: str) -> list[str]:
    section = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    return re.findall(r"<h3>([^<]+)</h3>", section.group(0)) if section else []


def test_category_tiles_list_the_biggest_sub_categories_with_counts(client, make_product):
    for number in range(3):
        make_product(name=f"Tee {number}", sub_category="Topwear")
    make_product(name="Jeans", sub_category="Bottomwear")
    make_product(name="Hidden", sub_category="Innerwear", is_active=False)
    html = client.get("/").text
    tiles = re.findall(r'href="/products\?sub_category=(\w+)">.*?<span class="tile-count">(\d+) products?', html, re.S)
    assert tiles == [("Topwear", "3"), ("Bottomwear", "1")]


def test_best_sellers_count_paid_orders_only(client, customer, order_for):
    order_for(paid=True, quantity=3, name="Popular Tee")
    order_for(paid=True, quantity=1, name="Quiet Tee")
    order_for(paid=False, quantity=9, name="Unpaid Tee")
    assert section_names(client.get("/").text, "best-sellers") == ["Popular Tee", "Quiet Tee"]


def test_no_sales_no_best_sellers_section(client, make_product):
    make_product(name="Plain Tee")
    html = client.get("/").text
    assert 'id="best-sellers"' not in html
    assert section_names(html, "new-arrivals") == ["Plain Tee"]


def test_the_first_tile_picture_is_fetched_first(client, make_product):
    make_product(name="Plain Tee")
    first = re.search(r'<ul class="tiles".*?<img ([^>]+)>', client.get("/").text, re.S).group(1)
    assert 'fetchpriority="high"' in first and "lazy" not in first


def test_every_page_has_its_own_meta_description(client, make_product):
    product = make_product(name="Wrap Dress", gender="Women", article_type="Dresses", base_colour="Blue")
    descriptions = {path: re.search(r'<meta name="description" content="([^"]+)"', client.get(path).text).group(1)
                    for path in ("/", "/products?gender=Women", f"/products/{product.id}")}
    assert len(set(descriptions.values())) == 3
    assert descriptions[f"/products/{product.id}"].startswith("Wrap Dress: dresses in blue for women")


def test_the_skip_link_leads_to_the_main_content(client):
    html = client.get("/").text
    assert html.index('<a class="skip-link" href="#main">') < html.index("<header")
    assert '<main class="wrap" id="main" tabindex="-1">' in html


