"""The crop is applied on the server; filters apply inside the search, so five qualifying products still show."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.support.search import card_ids, drawing, encoded, search_with_photo, stored_uploads
from webapp.extensions import db
from webapp.models import Product

LEFT_HALF = {"crop_x": "0", "crop_y": "0", "crop_w": "0.5", "crop_h": "1"}
RIGHT_HALF = {"crop_x": "0.5", "crop_y": "0", "crop_w": "0.5", "crop_h": "1"}


def two_garments() -> bytes:
    """A red T-shirt on the left and a blue one on the right, as in a photo of a bed with two shirts."""
    photo = Image.new("RGB", (240, 160), "white")
    photo.paste(drawing((205, 35, 35), "Tshirts"), (0, 0))
    photo.paste(drawing((35, 65, 205), "Tshirts"), (120, 0))
    return encoded(photo)


def results(client, photo: bytes, **form: str) -> list[Product]:
    response = search_with_photo(client, photo, **form)
    assert response.status_code == 200
    return [db.session.get(Product, i) for i in card_ids(response.text, "photo-results")]


@pytest.mark.parametrize(("crop", "colour"), [(LEFT_HALF, "Red"), (RIGHT_HALF, "Blue")], ids=["left", "right"])
def test_cropping_to_one_garment_finds_that_garment_first(photo_client, indexed_catalogue, crop, colour):
    found = results(photo_client, two_garments(), **crop)
    assert (found[0].article_type, found[0].base_colour) == ("Tshirts", colour)


def test_the_whole_photo_is_kept_so_the_shopper_can_crop_it_again(photo_client, indexed_catalogue):
    search_with_photo(photo_client, two_garments(), **LEFT_HALF)
    [name] = stored_uploads()
    kept = Image.open(io.BytesIO(photo_client.get(f"/search/photo/uploads/{name}").data))
    assert kept.size == (240, 160)


def test_searching_again_with_a_new_crop_needs_no_upload(photo_client, indexed_catalogue):
    first = search_with_photo(photo_client, two_garments(), **LEFT_HALF)
    [name] = stored_uploads()
    assert f'name="photo_name" id="photo_name" value="{name}"' in first.text
    again = search_with_photo(photo_client, photo_name=name, **RIGHT_HALF)
    found = [db.session.get(Product, i) for i in card_ids(again.text, "photo-results")]
    assert (found[0].article_type, found[0].base_colour) == ("Tshirts", "Blue")
    assert stored_uploads() == [name]  # nothing new written


def test_another_sessions_photo_cannot_be_searched_again(app, photo_client, indexed_catalogue):
    search_with_photo(photo_client, two_garments(), **LEFT_HALF)
    [name] = stored_uploads()
    response = search_with_photo(app.test_client(), photo_name=name, **RIGHT_HALF)
    assert response.status_code == 400
    assert card_ids(response.text, "photo-results") == []


def test_choosing_a_type_chip_keeps_the_search_to_that_type(photo_client, indexed_catalogue):
    found = results(photo_client, two_garments(), article_type_choice="Caps", **LEFT_HALF)
    assert {product.article_type for product in found} == {"Caps"} and len(found) == 5


def test_the_any_type_chip_searches_every_type(photo_client, indexed_catalogue):
    found = results(photo_client, two_garments(), article_type_choice="any", **LEFT_HALF)
    assert len(found) == 5


@pytest.mark.parametrize(
    ("crop", "notice"),
    [
        ({"crop_x": "abc", "crop_y": "0", "crop_w": "1", "crop_h": "1"}, "Ignored the crop box"),
        ({"crop_x": "0.8", "crop_y": "0", "crop_w": "0.9", "crop_h": "1"}, "Ignored the crop box"),
        ({"crop_x": "nan", "crop_y": "0", "crop_w": "1", "crop_h": "1"}, "Ignored the crop box"),
        ({"crop_x": "0", "crop_y": "0", "crop_w": "0.01", "crop_h": "0.01"}, "under 16 pixels a side"),
    ],
    ids=["not a number", "outside the photo", "nan", "too small"],
)
def test_a_nonsense_crop_is_ignored_with_a_notice(photo_client, indexed_catalogue, crop, notice):
    response = search_with_photo(photo_client, two_garments(), **crop)
    assert response.status_code == 200
    assert notice in response.text
    assert len(card_ids(response.text, "photo-results")) == 5


def red_cap() -> bytes:
    return encoded(drawing((205, 35, 35), "Caps"))


def test_a_maximum_price_excludes_the_nearest_items_but_still_shows_five(photo_client, indexed_catalogue):
    unfiltered = results(photo_client, red_cap())
    assert unfiltered[0].article_type == "Caps" and unfiltered[0].price_cents > 2600
    filtered = results(photo_client, red_cap(), price_max="26")
    assert len(filtered) == 5
    assert all(p.price_cents <= 2600 for p in filtered)
    assert not {p.id for p in filtered} & {p.id for p in unfiltered if p.price_cents > 2600}


@pytest.mark.parametrize(("field", "value", "attribute"), [
    ("gender", "Women", "gender"),
    ("master_category", "Accessories", "master_category"),
])
def test_gender_and_category_filters_keep_five_qualifying_results(photo_client, indexed_catalogue, field, value,
                                                                  attribute):
    found = results(photo_client, encoded(drawing((205, 35, 35), "Tshirts")), **{field: value})
    assert len(found) == 5
    assert {getattr(p, attribute) for p in found} == {value}


def test_in_stock_only_skips_sold_out_look_alikes(photo_client, indexed_catalogue):
    nearest = results(photo_client, red_cap())
    nearest[0].sizes[0].stock = 0
    db.session.commit()
    assert nearest[0].id in [p.id for p in results(photo_client, red_cap())]  # shown, marked sold out
    in_stock = results(photo_client, red_cap(), in_stock="1")
    assert nearest[0].id not in [p.id for p in in_stock] and len(in_stock) == 5


def test_inactive_products_are_never_results(photo_client, indexed_catalogue):
    nearest = results(photo_client, red_cap())[0]
    nearest.is_active = False  # behind the signal's back: the search must still not show it
    db.session.commit()
    assert nearest.id not in [p.id for p in results(photo_client, red_cap())]


def test_a_filter_nothing_matches_says_so(photo_client, indexed_catalogue):
    response = search_with_photo(photo_client, red_cap(), gender="Girls")
    assert response.status_code == 200
    assert "No products match these filters" in response.text


def test_a_nonsense_price_is_ignored_with_a_notice(photo_client, indexed_catalogue):
    response = search_with_photo(photo_client, red_cap(), price_max="cheap")
    assert "Ignored the maximum price" in response.text
    assert len(card_ids(response.text, "photo-results")) == 5


@pytest.mark.parametrize("page", ["²", "①"])
def test_a_page_number_no_integer_can_hold_is_ignored_with_a_notice(photo_client, indexed_catalogue, page):
    response = search_with_photo(photo_client, red_cap(), page=page)
    assert response.status_code == 200
    assert "Ignored the page number" in response.text
    assert len(card_ids(response.text, "photo-results")) == 5
