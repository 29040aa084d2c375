"""The photo search page: good photos find look-alikes; every bad upload gets a clear 4xx and stores nothing."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from tests.support.search import card_ids, drawing, encoded, search_with_photo, stored_uploads
from webapp.services.catalog import admin as catalog_admin
from webapp.services.catalog.admin import Upload
from webapp.services.catalog.pictures import MIN_SIDE


def red_tshirt_photo() -> bytes:
    return encoded(drawing((205, 35, 35), "Tshirts"))


def animated_gif() -> bytes:
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (40, 40), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")  # 81 megapixels declared, a few KB sent
    return buffer.getvalue()


SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
       b"<script>alert(1)</script></svg>")
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"

BAD_UPLOADS = {
    # case: (file name, bytes or None for no file at all, status, message)
    "nothing chosen": ("", None, 400, "Choose a photo"),
    "an empty file": ("photo.jpg", b"", 400, "The file is empty."),
    "not an image": ("photo.jpg", b"just some words, not a picture", 400, "not an image we can read"),
    "a wrong extension": ("photo.exe", red_tshirt_photo(), 415,
                          "Upload a photo file: .jpg, .jpeg, .png, .webp or .gif."),
    "a truncated file": ("photo.jpg", encoded(drawing((200, 30, 30)).resize((600, 800)))[:700], 400,
                         "damaged or incomplete"),
    "a file over the size limit": ("photo.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024), 413,
                                   "The photo is too large: the limit is 10 MB."),
    "a decompression bomb": ("photo.png", bomb_png(), 400, "too large (9000×9000 pixels); the limit is 40 megapixels"),
    "a small PNG declaring 6300×6300": ("photo.png", encoded(Image.new("1", (6300, 6300)), "PNG"), 400,
                                        "too large (6300×6300 pixels); the limit is 16 megapixels"),
    "an animated GIF": ("photo.gif", animated_gif(), 400, "Animated images are not supported"),
    "a 1×1 image": ("photo.png", encoded(Image.new("RGB", (1, 1)), "PNG"), 400,
                    f"too small (1×1); it needs at least {MIN_SIDE} pixels a side"),
    "an SVG renamed .jpg": ("photo.jpg", SVG, 400, "not an image we can read"),
    "an HTML file renamed .jpg": ("photo.jpg", HTML, 400, "not an image we can read"),
}


@pytest.mark.parametrize(("filename", "data", "status", "message"), BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_gets_a_clear_message_and_stores_nothing(
    photo_client, indexed_catalogue, filename, data, status, message
):
    response = search_with_photo(photo_client, data, filename)
    assert response.status_code == status
    error = re.search(r'id="photo-error">(.*?)</div>', response.text, re.S)
    assert error and message in error.group(1)
    assert "Traceback" not in response.text
    assert stored_uploads() == []
    # The worker keeps serving: the next good photo is searched.
    assert search_with_photo(photo_client, red_tshirt_photo()).status_code == 200


def test_a_good_photo_shows_five_look_alikes_with_their_similarity(photo_client, indexed_catalogue):
    response = search_with_photo(photo_client, red_tshirt_photo())
    assert response.status_code == 200
    assert len(card_ids(response.text, "photo-results")) == 5
    assert response.text.count("% similar") == 5
    assert response.text.count("Add to cart") == 5


def test_the_nearest_look_alike_is_the_same_kind_in_the_same_colour(photo_client, indexed_catalogue):
    red_tshirt = next(p for p in indexed_catalogue if (p.article_type, p.base_colour) == ("Tshirts", "Red"))
    ids = card_ids(search_with_photo(photo_client, red_tshirt_photo()).text, "photo-results")
    assert ids[0] == red_tshirt.id


def test_the_page_names_the_likely_category_with_its_confidence(photo_client, indexed_catalogue):
    html = search_with_photo(photo_client, red_tshirt_photo()).text
    match = re.search(r'id="predicted-category">.*?<strong>(.*?)</strong>.*?\((\d+)% confidence\)', html, re.S)
    assert match and match.group(1) == "Tshirts" and 0 < int(match.group(2)) <= 100


def test_the_photo_is_kept_under_a_generated_name_and_shown_only_to_its_session(
    photo_client, indexed_catalogue, app
):
    html = search_with_photo(photo_client, red_tshirt_photo(), "my holiday.jpg").text
    [name] = stored_uploads()
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}\.jpg", name) and "holiday" not in name
    url = f"/search/photo/uploads/{name}"
    assert url in html
    own = photo_client.get(url)
    assert own.status_code == 200 and own.mimetype == "image/jpeg"
    assert "private" in own.headers["Cache-Control"]
    assert app.test_client().get(url).status_code == 404


def test_the_kept_photo_carries_no_exif(photo_client, indexed_catalogue):
    image = drawing((205, 35, 35))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    search_with_photo(photo_client, buffer.getvalue())
    [name] = stored_uploads()
    assert b"SecretPhoneMaker" not in photo_client.get(f"/search/photo/uploads/{name}").data


def test_without_an_index_the_page_says_search_is_being_prepared(photo_client, catalogue):
    page = photo_client.get("/search/photo")
    assert page.status_code == 200 and "Photo search is being prepared" in page.text
    response = search_with_photo(photo_client, red_tshirt_photo())
    assert response.status_code == 503
    assert "flask recommender index" in response.text
    assert stored_uploads() == []


@pytest.mark.parametrize("who", ["guest", "customer"])
def test_the_header_links_to_the_photo_search(client, auth, customer, who):
    if who == "customer":
        auth.login(customer)
    assert 'href="/search/photo"' in client.get("/").text
    assert client.get("/search/photo").status_code == 200


def test_the_form_posts_with_a_csrf_token_and_is_refused_without(photo_client, indexed_catalogue):
    page = photo_client.get("/search/photo").text
    assert re.search(r'<form id="photo-form"[^>]*enctype="multipart/form-data"', page)
    assert 'name="csrf_token"' in page.split('id="photo-form"', 1)[1]
    response = photo_client.post("/search/photo", data={"photo": (io.BytesIO(red_tshirt_photo()), "p.jpg")},
                                 content_type="multipart/form-data")
    assert response.status_code == 400


def test_a_product_added_after_a_search_is_found_by_the_next_one(photo_client, indexed_catalogue):
    """The search reloads the saved index once the signal-driven update has replaced it."""
    photo = encoded(drawing((205, 35, 35), "Tshirts"), "PNG")  # lossless: the stored copy has the same pixels
    search_with_photo(photo_client, photo, filename="photo.png")
    fields = {key: getattr(indexed_catalogue[0], key) for key in catalog_admin.DESCRIPTIVE_FIELDS}
    added = catalog_admin.create_product(fields, (), 5, [Upload("same.png", photo)])
    assert card_ids(search_with_photo(photo_client, photo, filename="photo.png").text, "photo-results")[0] == added.id
