"""Admins create, edit and deactivate products; bad pictures and values are refused."""
import io

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from tests.support.images import jpeg_bytes
from tests.support.web import post_form
from webapp.extensions import db
from webapp.models import Product
from webapp.services.catalog.media import product_images_dir
from webapp.signals import products_changed

FIELDS = {
    "name": "Linen Summer Shirt", "gender": "Men", "master_category": "Apparel", "sub_category": "Topwear",
    "article_type": "Shirts", "base_colour": "White", "season": "Summer", "usage": "Casual", "year": "2024",
    "price": "49.90", "stock": "7",
}


@pytest.fixture
def as_admin(client, auth, admin):
    auth.login(admin)
    return client


@pytest.fixture
def announced(app):
    """Product ids announced through products_changed during the test."""
    seen: list[int] = []

    def record(_sender, product_ids):
        seen.extend(product_ids)

    products_changed.connect(record)
    yield seen
    products_changed.disconnect(record)


def picture(data: bytes = b"", name: str = "shirt.jpg"):
    return (io.BytesIO(data or jpeg_bytes()), name)


def create(client, **changes):
    data = {**FIELDS, "pictures": picture(), **changes}
    return post_form(client, "/admin/products/new", data, content_type="multipart/form-data")


def test_an_admin_creates_a_product_with_a_picture(as_admin, announced):
    response = create(as_admin)
    assert response.status_code == 302
    product = db.session.query(Product).one()
    assert (product.name, product.price_cents, product.article_type) == ("Linen Summer Shirt", 4990, "Shirts")
    assert product.image_name and product.sku.startswith("SHOP-")
    assert announced == [product.id]
    assert as_admin.get(f"/products/{product.id}").status_code == 200


@pytest.mark.parametrize(
    ("typed", "category", "sizes"),
    [
        ("", "Apparel", ["XS", "S", "M", "L", "XL", "XXL"]),  # nothing typed: the type's usual run
        ("", "Accessories", ["One size"]),
        ("S, M,L", "Apparel", ["S", "M", "L"]),
        (" 38 , 39, 40 ", "Footwear", ["38", "39", "40"]),
    ],
)
def test_a_new_product_gets_the_sizes_typed_or_the_usual_run_each_with_the_stock_given(
    as_admin, typed, category, sizes
):
    assert create(as_admin, sizes=typed, master_category=category).status_code == 302
    product = db.session.query(Product).one()
    assert [(size.label, size.stock) for size in product.sizes] == [(label, 7) for label in sizes]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("S, M, s", "Each size once, please: S is given more than once."),
        ("S, " + "X" * 21, "at most 20 characters"),
        (", ".join(str(n) for n in range(31)), "at most 30 sizes"),
    ],
)
def test_sizes_that_make_no_run_are_refused_and_nothing_is_created(as_admin, typed, message):
    response = create(as_admin, sizes=typed)
    assert response.status_code == 400
    assert message in response.text
    assert db.session.query(Product).count() == 0


def test_several_pictures_are_kept_in_the_order_given_the_first_is_the_main_one(as_admin):
    colours = [(200, 0, 0), (0, 200, 0), (0, 0, 200)]
    pictures = [(io.BytesIO(jpeg_bytes(colour)), f"{n}.jpg") for n, colour in enumerate(colours)]
    assert create(as_admin, pictures=pictures).status_code == 302
    product = db.session.query(Product).one()
    assert len(product.gallery) == 3 and product.gallery[0] == product.image_name
    assert product.gallery == [name for name in product.gallery if name.endswith(".jpg")]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 255, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


def gif_bytes(frames: int) -> bytes:
    buffer = io.BytesIO()
    images = [Image.new("P", (40, 40), i) for i in range(frames)]
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, format="PNG")  # 81 MP declared, a few KB on disk
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "", "needs a picture"),
        (b"just text", "shirt.jpg", "not an image we can read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "shirt.jpg", "not an image we can read"),
        (b"<html><script>alert(1)</script></html>", "shirt.png", "not an image we can read"),
        (jpeg_bytes(size=(400, 500))[:700], "shirt.jpg", "damaged or incomplete"),
        (jpeg_bytes(), "shirt.exe", "Upload a .jpg, .png or .webp"),
        (gif_bytes(3), "shirt.gif", "Upload a .jpg, .png or .webp"),
        (jpeg_bytes(size=(1, 1)), "shirt.jpg", "too small"),
        (bomb_png(), "shirt.png", "too large"),
    ],
)
def test_a_bad_picture_is_refused_and_nothing_is_stored(as_admin, app, data, name, message):
    response = create(as_admin, pictures=(io.BytesIO(data), name))
    assert response.status_code == 400
    assert message in response.text
    assert db.session.query(Product).count() == 0
    media = app.config["MEDIA_ROOT"] / "products"
    assert not media.exists() or not any(media.iterdir())


def test_one_bad_picture_among_good_ones_stores_none_of_them(as_admin, app):
    response = create(as_admin, pictures=[picture(), (io.BytesIO(b"not a picture"), "second.jpg")])
    assert response.status_code == 400
    assert "second.jpg: The file is not an image we can read" in response.text
    assert db.session.query(Product).count() == 0
    media = app.config["MEDIA_ROOT"] / "products"
    assert not media.exists() or not any(media.iterdir())


def test_a_png_picture_is_accepted(as_admin):
    assert create(as_admin, pictures=(io.BytesIO(png_bytes()), "shirt.png")).status_code == 302


APPENDED = b"<?php system($_GET['c']); ?>"


def phone_photo(orientation: int = 1) -> bytes:
    """A 60x80 JPEG as phones write them: camera, GPS position, orientation; and a script appended."""
    exif = Image.Exif()
    exif[ExifTags.Base.Model] = "Pocket Camera 7"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (52.0, 22.0, 7.5)}
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue() + APPENDED


def labelled_png() -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "shot at Keizersgracht 1")
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 255, 128)).save(buffer, format="PNG", pnginfo=text)
    return buffer.getvalue() + APPENDED


def stored_picture(as_admin, data: bytes, name: str) -> bytes:
    assert create(as_admin, pictures=(io.BytesIO(data), name)).status_code == 302
    return (product_images_dir() / db.session.query(Product).one().image_name).read_bytes()


# What a stored picture must never carry, and what it must keep: (upload, name, format, size, mode, alpha).
PICTURES_STORED = {
    "phone JPEG": (phone_photo(), "shirt.jpg", "JPEG", (60, 80), "RGB", None),
    "phone JPEG taken sideways": (phone_photo(orientation=6), "shirt.jpg", "JPEG", (80, 60), "RGB", None),
    "PNG with text and transparency": (labelled_png(), "shirt.png", "PNG", (40, 40), "RGBA", 128),
}


@pytest.mark.parametrize(("data", "name", "format", "size", "mode", "alpha"), PICTURES_STORED.values(),
                         ids=PICTURES_STORED.keys())
def test_an_uploaded_picture_is_stored_re_encoded_upright_without_metadata_or_appended_data(
    as_admin, data, name, format, size, mode, alpha
):
    stored = stored_picture(as_admin, data, name)
    picture = Image.open(io.BytesIO(stored))
    assert (picture.format, picture.size, picture.mode) == (format, size, mode)
    assert APPENDED not in stored and b"Pocket Camera" not in stored and b"Keizersgracht" not in stored
    assert dict(picture.getexif()) == {}
    assert getattr(picture, "text", {}) == {}  # PNG text chunks
    if alpha is not None:
        assert picture.getpixel((0, 0))[3] == alpha


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("name", "", "This field is required"), ("price", "-1", "Number must be between"),
     ("price", "abc", "Not a valid decimal"), ("price", "sNaN", "Not a valid decimal"),
     ("price", "NaN", "Not a valid decimal"), ("price", "Infinity", "Not a valid decimal"),
     ("stock", "-3", "Number must be between"),
     ("year", "3000", "Number must be between"), ("name", "x" * 201, "Field cannot be longer")],
)
def test_bad_values_are_refused_with_a_message(as_admin, field, value, message):
    response = create(as_admin, **{field: value})
    assert response.status_code == 400
    assert message in response.text
    assert db.session.query(Product).count() == 0


def test_editing_changes_fields_and_keeps_the_picture(as_admin, make_product, announced):
    product = make_product(name="Old Name", price_cents=1000)
    old_picture = product.image_name
    data = {**FIELDS, "name": "New Name", "price": "12.50"}
    data.pop("stock")
    response = post_form(as_admin, f"/admin/products/{product.id}/edit", data)
    assert response.status_code == 302
    assert (product.name, product.price_cents, product.image_name) == ("New Name", 1250, old_picture)
    assert announced == [product.id]


def test_the_description_is_saved_and_shown_as_escaped_paragraphs(as_admin, make_product):
    product = make_product()
    text = "Soft <b>linen</b> & cotton.\n\nCare: wash at 30 °C.\nDo not tumble dry."
    data = {**FIELDS, "description": text}
    data.pop("stock")
    assert post_form(as_admin, f"/admin/products/{product.id}/edit", data).status_code == 302
    assert product.description == text
    page = as_admin.get(f"/products/{product.id}").text
    assert ("<p>Soft &lt;b&gt;linen&lt;/b&gt; &amp; cotton.</p><p>Care: wash at 30 °C.<br>Do not tumble dry.</p>"
            in page)


def test_deactivating_hides_the_product_from_the_shop(as_admin, make_product, announced):
    product = make_product()
    post_form(as_admin, f"/admin/products/{product.id}/edit", {}, action=f"/admin/products/{product.id}/active")
    assert not product.is_active
    assert as_admin.get(f"/products/{product.id}").status_code == 404
    assert announced == [product.id]


def test_editing_an_unknown_product_is_a_404(as_admin):
    assert as_admin.get("/admin/products/424242/edit").status_code == 404


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("linen", {"Linen Shirt"}),
        ("100%", {"100% Cotton Tee"}),
        ("%", {"100% Cotton Tee"}),
        ("_", {"Tee_Shirt Combo"}),
        ("e_s", {"Tee_Shirt Combo"}),
        ("0% c", {"100% Cotton Tee"}),
    ],
)
def test_the_admin_catalogue_search_matches_percent_and_underscore_literally(as_admin, make_product, typed, found):
    for name in ("Linen Shirt", "100% Cotton Tee", "Tee_Shirt Combo"):
        make_product(name=name, article_type="Tops")
    page = as_admin.get("/admin/products", query_string={"q": typed}).text
    shown = {name for name in ("Linen Shirt", "100% Cotton Tee", "Tee_Shirt Combo") if f">{name}</a>" in page}
    assert shown == found
