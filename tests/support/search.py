"""Look-alikes and photo search: drawn pictures, a stub embedder, the photo form and what it shows.

Pictures are drawn: a garment-like shape per article type, in a colour, on white. The suite runs the
colour-shape fallback embedder (TestingConfig), so no test downloads weights or builds ResNet50.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable

import numpy as np
from flask.testing import FlaskClient
from PIL import Image, ImageDraw
from sqlalchemy import select

from tests.support.web import post_form
from webapp.extensions import db
from webapp.models import Product
from webapp.services.catalog.media import store_product_image
from webapp.services.visual_search.uploads import upload_dir

COLOURS = {
    "Red": (200, 30, 30), "Blue": (30, 60, 200), "Green": (30, 160, 60), "Yellow": (230, 200, 40),
    "Purple": (120, 40, 160), "Orange": (250, 140, 20), "Black": (25, 25, 25), "Grey": (150, 150, 150),
}
SHAPES = {  # article type -> (sub-category, outline on a 120x160 canvas)
    "Tshirts": ("Topwear", [(15, 35), (40, 20), (80, 20), (105, 35), (95, 60), (85, 55), (85, 140), (35, 140),
                            (35, 55), (25, 60)]),
    "Trousers": ("Bottomwear", [(35, 10), (85, 10), (95, 150), (68, 150), (60, 60), (52, 150), (25, 150)]),
    "Caps": ("Headwear", [(20, 100), (30, 60), (60, 45), (90, 60), (100, 100), (115, 110), (20, 110)]),
}


def drawing(colour: tuple[int, int, int], article_type: str = "Tshirts") -> Image.Image:
    image = Image.new("RGB", (120, 160), "white")
    ImageDraw.Draw(image).polygon(SHAPES[article_type][1], fill=colour)
    return image


def encoded(image: Image.Image, format: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


class StubEmbedder:
    """Vectors from a rule, to make expected neighbours obvious: the picture's mean colour by default."""

    input_size = 32  # what it looks at does not matter; customer photos made for it stay small

    def __init__(self, name: str = "stub-mean-colour", dim: int = 3) -> None:
        self.name = name
        self.dim = dim

    def embed(self, images: list[Image.Image]) -> np.ndarray:
        vectors = np.array([np.asarray(image.convert("RGB"), dtype=np.float32).reshape(-1, 3).mean(axis=0)
                            for image in images], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def search_with_photo(client: FlaskClient, data: bytes | None = None, filename: str = "photo.jpg", **form: object):
    """POST the photo search form as a browser does (CSRF token from the page)."""
    fields: dict[str, object] = dict(form)
    if data is not None:
        fields["photo"] = (io.BytesIO(data), filename)
    return post_form(client, "/search/photo", fields, content_type="multipart/form-data")


def stored_uploads() -> list[str]:
    folder = upload_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def card_ids(html: str, section_id: str) -> list[int]:
    """Product ids of the look-alike cards in the section `section_id` (e.g. photo-results), in order."""
    if f'id="{section_id}"' not in html:
        return []
    return [int(i) for i in re.findall(r'data-product-id="(\d+)"', html.split(f'id="{section_id}"', 1)[1])]


def pictured_product_maker(make_product: Callable[..., Product]) -> Callable[..., Product]:
    """make(colour, article_type, shade, **fields): a product with a drawn picture of its type in its colour."""
    counter = iter(range(1, 100_000))
    taken: set[str] | None = None

    def make(colour: str = "Red", article_type: str = "Tshirts", shade: int = 0, **fields: object) -> Product:
        nonlocal taken
        # Past the SKUs already there (read once): a test may add products to a catalogue copied from a snapshot.
        if taken is None:
            taken = set(db.session.scalars(select(Product.sku)))
        sku = next(sku for sku in (f"P-{n:04d}" for n in counter) if sku not in taken)
        taken.add(sku)
        # A small shade step keeps every picture (and so every vector) distinct.
        rgb = tuple(min(255, channel + shade) for channel in COLOURS[colour])
        picture = store_product_image(sku, encoded(drawing(rgb, article_type)), ".jpg")
        values = {"base_colour": colour, "article_type": article_type, "sub_category": SHAPES[article_type][0],
                  "image_name": picture, **fields}
        return make_product(sku=sku, **values)

    return make


def build_catalogue(make_pictured_product: Callable[..., Product]) -> list[Product]:
    """24 products: three article types in eight colours, prices 11.00 to 34.00, alternating gender.

    T-shirts and trousers are Apparel, caps Accessories.
    """
    products = []
    for article_type in SHAPES:
        for colour in COLOURS:
            n = len(products)
            category = "Accessories" if article_type == "Caps" else "Apparel"
            products.append(make_pictured_product(colour, article_type, shade=n % 3, master_category=category,
                                                  price_cents=1100 + n * 100, gender=("Men", "Women")[n % 2]))
    return products
