"""Admins manage a product's sizes (add, remove, stock per size) and its pictures (upload, order, main, remove)."""
import io

import pytest

from tests.support.images import jpeg_bytes
from tests.support.web import post_form
from webapp.extensions import db
from webapp.services.catalog import admin as catalog_admin
from webapp.services.catalog.admin import Upload
from webapp.signals import products_changed


@pytest.fixture
def as_admin(client, auth, admin):
    auth.login(admin)
    return client


@pytest.fixture
def announced(app):
    seen: list[int] = []
    with products_changed.connected_to(lambda _sender, product_ids: seen.extend(product_ids), app):
        yield seen


@pytest.fixture
def tee(make_product):
    return make_product(name="Admin Tee", sizes={"S": 4, "M": 0})


def post(client, product, action: str, data: dict | None = None, **kwargs):
    return post_form(client, f"/admin/products/{product.id}/edit", data or {},
                     action=f"/admin/products/{product.id}/{action}", **kwargs)


def labels_and_stock(product) -> list[tuple[str, int]]:
    db.session.expire_all()
    return [(size.label, size.stock) for size in db.session.get(type(product), product.id).sizes]


# --- Sizes ------------------------------------------------------------------------------------------

def test_the_edit_page_lists_each_size_with_its_stock(as_admin, tee):
    page = as_admin.get(f"/admin/products/{tee.id}/edit").text
    assert f'id="stock-{tee.sizes[0].id}">4<' in page and f'id="stock-{tee.sizes[1].id}">0<' in page
    assert 'id="stock-level">4<' in page


def test_an_admin_adds_a_size_at_the_end_of_the_run(as_admin, tee):
    assert post(as_admin, tee, "sizes", {"label": " L ", "stock": "6"}).status_code == 302
    assert labels_and_stock(tee) == [("S", 4), ("M", 0), ("L", 6)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "m", "stock": "1"}, "Admin Tee already comes in size m."),
        ({"label": "", "stock": "1"}, "This field is required"),
        ({"label": "X" * 21, "stock": "1"}, "Field cannot be longer than 20 characters"),
        ({"label": "XL", "stock": "-1"}, "Number must be between"),
        ({"label": "XL", "stock": "many"}, "Not a valid integer"),
    ],
)
def test_a_size_that_cannot_be_added_is_refused_with_the_reason(as_admin, tee, data, message):
    response = post(as_admin, tee, "sizes", data)
    assert response.status_code == 400
    assert message in response.text
    assert labels_and_stock(tee) == [("S", 4), ("M", 0)]


def test_a_sold_out_size_is_removed(as_admin, tee):
    assert post(as_admin, tee, f"sizes/{tee.sizes[1].id}/remove").status_code == 302
    assert labels_and_stock(tee) == [("S", 4)]


@pytest.mark.parametrize(
    ("sizes", "removed", "message"),
    [
        ({"S": 4, "M": 0}, "S", "Size S still has 4 in stock: adjust it to 0 before removing it."),
        ({"One size": 0}, "One size", "Admin Tee needs at least one size"),
    ],
)
def test_a_size_with_stock_or_the_last_size_is_not_removed(as_admin, make_product, sizes, removed, message):
    product = make_product(name="Admin Tee", sizes=sizes)
    size = next(size for size in product.sizes if size.label == removed)
    response = post(as_admin, product, f"sizes/{size.id}/remove")
    assert response.status_code == 400
    assert message in response.text
    assert labels_and_stock(product) == list(sizes.items())


@pytest.mark.parametrize(("delta", "expected"), [("5", 9), ("-4", 0), ("-1", 3)])
def test_stock_adjustments_change_only_that_size(as_admin, tee, delta, expected):
    response = post(as_admin, tee, f"sizes/{tee.sizes[0].id}/stock", {"delta": delta})
    assert response.status_code == 302
    assert labels_and_stock(tee) == [("S", expected), ("M", 0)]


@pytest.mark.parametrize(("delta", "message"), [("-5", "Only 4 in stock in size S: cannot remove 5."),
                                                 ("0", "other than 0"), ("many", "Not a valid integer")])
def test_impossible_stock_adjustments_are_refused(as_admin, tee, delta, message):
    response = post(as_admin, tee, f"sizes/{tee.sizes[0].id}/stock", {"delta": delta})
    assert response.status_code == 400
    assert message in response.text
    assert labels_and_stock(tee) == [("S", 4), ("M", 0)]


@pytest.mark.parametrize("action", ["stock", "remove"])
def test_a_size_of_another_product_is_not_found_and_nothing_changes(as_admin, tee, make_product, action):
    other = make_product(name="Other", sizes={"XL": 0})
    response = post(as_admin, tee, f"sizes/{other.sizes[0].id}/{action}", {"delta": "3"})
    assert response.status_code == 404
    assert labels_and_stock(other) == [("XL", 0)]


# --- Pictures ---------------------------------------------------------------------------------------

RED, GREEN, BLUE = (200, 0, 0), (0, 200, 0), (0, 0, 200)


def pictures(*colours):
    return [(io.BytesIO(jpeg_bytes(colour)), f"{n}.jpg") for n, colour in enumerate(colours)]


def upload(client, product, *colours):
    return post(client, product, "pictures", {"pictures": pictures(*colours)}, content_type="multipart/form-data")


def gallery(product) -> list[str]:
    db.session.expire_all()
    return db.session.get(type(product), product.id).gallery


def test_several_pictures_are_added_after_the_others_and_move_no_look_alike(as_admin, tee, announced):
    main = tee.image_name
    assert upload(as_admin, tee, RED, GREEN).status_code == 302
    assert len(gallery(tee)) == 3 and gallery(tee)[0] == main
    assert announced == []  # look-alikes are found from the main picture, which did not change


def test_one_picture_failing_the_check_adds_none(as_admin, tee):
    files = [*pictures(RED), (io.BytesIO(b"<svg/>"), "drawing.jpg")]
    response = post(as_admin, tee, "pictures", {"pictures": files}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "drawing.jpg: The file is not an image we can read" in response.text
    assert gallery(tee) == [tee.image_name]


def test_uploading_nothing_is_refused(as_admin, tee):
    response = post(as_admin, tee, "pictures", {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose one or more pictures to upload." in response.text


def test_a_product_holds_at_most_twelve_pictures(as_admin, tee):
    response = upload(as_admin, tee, *[(n * 20, 0, 0) for n in range(12)])
    assert response.status_code == 400
    assert "A product has at most 12 pictures." in response.text
    assert len(gallery(tee)) == 1


@pytest.fixture
def three_pictures(tee):
    catalog_admin.add_pictures(tee, [Upload(f"{n}.jpg", jpeg_bytes(colour)) for n, colour in enumerate((RED, GREEN))])
    return gallery(tee)


@pytest.mark.parametrize(
    ("change", "picture", "order"),
    [
        ("main", 2, [2, 0, 1]),
        ("earlier", 2, [0, 2, 1]),
        ("later", 0, [1, 0, 2]),  # the first one moved later: the next one is the main picture now
        ("later", 2, [0, 1, 2]),  # already last
        ("remove", 0, [1, 2]),
        ("remove", 1, [0, 2]),
    ],
)
def test_pictures_are_reordered_made_main_and_removed(as_admin, tee, three_pictures, change, picture, order):
    response = post(as_admin, tee, f"pictures/{change}", {"picture": three_pictures[picture]})
    assert response.status_code == 302
    assert gallery(tee) == [three_pictures[n] for n in order]
    assert tee.image_name == three_pictures[order[0]]


def test_a_new_main_picture_is_announced_for_the_look_alikes(as_admin, tee, three_pictures, announced):
    post(as_admin, tee, "pictures/main", {"picture": three_pictures[1]})
    assert announced == [tee.id]


def test_the_only_picture_is_not_removed(as_admin, tee):
    response = post(as_admin, tee, "pictures/remove", {"picture": tee.image_name})
    assert response.status_code == 400
    assert "A product keeps at least one picture" in response.text
    assert gallery(tee) == [tee.image_name]


def test_a_picture_of_another_product_changes_nothing(as_admin, tee, three_pictures, make_product):
    stranger = make_product().image_name
    response = post(as_admin, tee, "pictures/main", {"picture": stranger})
    assert response.status_code == 400
    assert "That picture does not belong to this product." in response.text
    assert gallery(tee) == three_pictures


def test_an_unknown_change_is_not_found(as_admin, tee):
    assert post(as_admin, tee, "pictures/shuffle", {"picture": tee.image_name}).status_code == 404


def test_the_shop_shows_the_gallery_main_picture_first(client, tee, three_pictures):
    page = client.get(f"/products/{tee.id}").text
    thumbs = page.split('class="gallery-thumbs"', 1)[1].split("</ul>", 1)[0]
    assert [thumbs.index(name) for name in three_pictures] == sorted(thumbs.index(name) for name in three_pictures)
    assert f'src="/media/products/{three_pictures[0]}" alt="Admin Tee" width="450"' in page
