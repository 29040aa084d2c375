"""Text is compressed for browsers that accept it (Flask-Compress); validators and security headers survive."""
import pytest


@pytest.mark.parametrize(("accepts", "encoding"), [("gzip", "gzip"), ("br", "br"), ("gzip, deflate, br, zstd", "zstd")])
def test_pages_are_compressed_as_the_browser_accepts(client, make_product, accepts, encoding):
    for number in range(12):
        make_product(name=f"Shirt {number}")
    response = client.get("/products", headers={"Accept-Encoding": accepts})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_a_browser_that_accepts_no_compression_gets_plain_text(client):
    response = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert "<html" in response.text


def test_a_compressed_stylesheet_still_answers_not_modified(client):
    # Files are streamed, and Flask-Compress streams br, zstd or deflate (gzip needs the whole body).
    first = client.get("/static/css/shop.css", headers={"Accept-Encoding": "gzip, br"})
    assert first.headers["Content-Encoding"] == "br"
    assert first.headers["ETag"].endswith(':br"')  # a strong validator of the compressed bytes
    again = client.get("/static/css/shop.css", headers={"Accept-Encoding": "gzip, br",
                                                         "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_pictures_are_not_compressed_again(client, make_product):
    product = make_product(name="Shirt")
    response = client.get(f"/media/products/{product.image_name}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers


def test_the_favicon_is_served(client):
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").text


def test_favicon_ico_points_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"] == "/static/favicon.svg"
