"""Products made straight through the models, for tests and session-wide scenes alike (needs an app context)."""
from __future__ import annotations

from collections.abc import Callable

from tests.support.images import jpeg_bytes
from webapp.extensions import db
from webapp.models import Product
from webapp.models.catalog import ONE_SIZE
from webapp.services.catalog.media import store_product_image
from webapp.services.catalog.sizes import size_rows


def product_maker() -> Callable[..., Product]:
    """make(**fields): one size holding `stock` (10), or the sizes given as sizes={"S": 2, "M": 0}."""
    counter = iter(range(1, 100_000))

    def make(**fields: object) -> Product:
        number = next(counter)
        sku = str(fields.pop("sku", f"T-{number:04d}"))
        stock = fields.pop("stock", 10)
        sizes = size_rows(fields.pop("sizes", None) or {ONE_SIZE: stock})
        values = {
            "name": f"Test Product {number}",
            "gender": "Men",
            "master_category": "Apparel",
            "sub_category": "Topwear",
            "article_type": "Tshirts",
            "base_colour": "Red",
            "season": "Summer",
            "usage": "Casual",
            "year": 2020,
            "price_cents": 1999,
            "image_name": store_product_image(sku, jpeg_bytes(), ".jpg"),
            **fields,
        }
        product = Product(sku=sku, sizes=sizes, **values)
        db.session.add(product)
        db.session.commit()
        return product

    return make
