"""`flask catalog import PATH`: the Kaggle layout, idempotent, bad rows reported, good rows kept."""
import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from tests.support.images import jpeg_bytes
from tests.support.paths import shared_data_dir
from webapp.extensions import db
from webapp.models import Product
from webapp.services.catalog.defaults import default_price_cents, default_stock
from webapp.services.catalog.importer import import_catalog
from webapp.services.catalog.media import product_images_dir

HEADER = "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName"
ROWS = [
    "1001,Men,Apparel,Topwear,Tshirts,Navy Blue,Summer,2012,Casual,Roadster Men Navy Tee",
    "1002,Women,Apparel,Bottomwear,Jeans,Blue,Fall,2015,Casual,Levis Women Blue Jeans",
    "1003,Unisex,Accessories,Watches,Watches,Black,Winter,2016,Formal,Titan Unisex Black Watch",
    "1004,Women,Footwear,Sandal,Sandals,NA,Summer,,NA,NA",
    "1005,Men,Apparel,Topwear,Shirts,White,Summer,2012,Formal,Arrow Men White, Slim Shirt",  # unquoted comma
    "1006,Men,Apparel,Topwear",  # too few fields
    "1007,Men,Apparel,Topwear,,Red,Summer,2012,Casual,No Type Tee",  # empty articleType
    "abc,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Bad Id Tee",
    "1001,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Duplicate Tee",
    "1008,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Tee Without Picture",
    "1009,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Tee With Truncated Picture",
    "1010,Men,Apparel,Topwear,Tshirts,Red,Summer,2012,Casual,Tee With Text Picture",
]


@pytest.fixture
def crafted_dataset(tmp_path: Path) -> Path:
    images = tmp_path / "images"
    images.mkdir()
    (tmp_path / "styles.csv").write_text(HEADER + "\n" + "\n".join(ROWS) + "\n")
    for item_id, colour in [(1001, (20, 30, 90)), (1002, (40, 60, 200)), (1003, (10, 10, 10)),
                            (1004, (200, 180, 150)), (1005, (250, 250, 250)), (1007, (200, 0, 0))]:
        (images / f"{item_id}.jpg").write_bytes(jpeg_bytes(colour))
    (images / "1009.jpg").write_bytes(jpeg_bytes(size=(400, 500))[:600])
    (images / "1010.jpg").write_text("this is not a picture")
    return tmp_path


def product_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Product))


def test_good_rows_are_imported_and_every_problem_is_reported(app, crafted_dataset):
    report = import_catalog(crafted_dataset)
    assert (report.created, report.updated, report.unchanged) == (5, 0, 0)
    assert report.skipped_by_kind() == {
        "malformed row": 1,
        "empty required field": 1,
        "id is not a number": 1,
        "duplicate id": 1,
        "missing image": 1,
        "unreadable image": 2,
    }
    assert len(report.repaired) == 1
    assert product_count() == 5


def test_an_unquoted_comma_in_the_name_is_rejoined(app, crafted_dataset):
    import_catalog(crafted_dataset)
    shirt = db.session.scalar(select(Product).where(Product.dataset_id == 1005))
    assert shirt.name == "Arrow Men White, Slim Shirt"


def test_missing_values_become_empty_and_a_name_is_made_up(app, crafted_dataset):
    import_catalog(crafted_dataset)
    sandal = db.session.scalar(select(Product).where(Product.dataset_id == 1004))
    assert (sandal.base_colour, sandal.usage, sandal.year) == ("", "", None)
    assert sandal.name == "Women Sandals"


def test_prices_and_stock_follow_the_documented_rule(app, crafted_dataset):
    import_catalog(crafted_dataset)
    watch = db.session.scalar(select(Product).where(Product.dataset_id == 1003))
    assert watch.price_cents == default_price_cents(1003, "Accessories", "Watches")
    assert watch.units_in_stock == default_stock(1003)
    assert watch.sku == "KG-1003"


@pytest.mark.parametrize(
    ("dataset_id", "sizes"),
    [
        (1001, ["XS", "S", "M", "L", "XL", "XXL"]),  # apparel
        (1003, ["One size"]),  # a watch
        (1004, ["EU 35", "EU 36", "EU 37", "EU 38", "EU 39", "EU 40", "EU 41", "EU 42", "EU 43", "EU 44", "EU 45",
                "EU 46", "EU 47"]),  # footwear
    ],
)
def test_each_product_gets_the_size_run_of_its_type_holding_its_stock(app, crafted_dataset, dataset_id, sizes):
    import_catalog(crafted_dataset)
    product = db.session.scalar(select(Product).where(Product.dataset_id == dataset_id))
    assert [size.label for size in product.sizes] == sizes
    assert product.units_in_stock == default_stock(dataset_id)


def test_pictures_are_copied_into_media_storage(app, crafted_dataset):
    import_catalog(crafted_dataset)
    stored = sorted(p.name for p in product_images_dir().iterdir())
    assert len(stored) == 5
    assert all(name.startswith("kg-10") for name in stored)


def test_importing_again_changes_nothing(app, crafted_dataset):
    import_catalog(crafted_dataset)
    before = {p.sku: (p.updated_at, p.image_name) for p in db.session.scalars(select(Product))}
    report = import_catalog(crafted_dataset)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)
    assert {p.sku: (p.updated_at, p.image_name) for p in db.session.scalars(select(Product))} == before


def test_a_changed_row_updates_the_product_but_keeps_the_shops_price(app, crafted_dataset):
    import_catalog(crafted_dataset)
    tee = db.session.scalar(select(Product).where(Product.dataset_id == 1001))
    tee.price_cents = 1234
    db.session.commit()
    styles = crafted_dataset / "styles.csv"
    styles.write_text(styles.read_text().replace("Roadster Men Navy Tee", "Roadster Men Navy Crew Tee"))
    (crafted_dataset / "images" / "1001.jpg").write_bytes(jpeg_bytes((0, 120, 0)))
    old_image = tee.image_name
    report = import_catalog(crafted_dataset)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    assert tee.name == "Roadster Men Navy Crew Tee"
    assert tee.image_name != old_image
    assert tee.price_cents == 1234


def test_the_command_prints_counts_and_reasons(runner, crafted_dataset):
    result = runner.invoke(args=["catalog", "import", str(crafted_dataset)])
    assert result.exit_code == 0, result.output
    assert "Imported 5 products: 5 new, 0 updated, 0 unchanged." in result.output
    assert "Skipped 7 rows" in result.output
    assert "unreadable image" in result.output and "duplicate id" in result.output
    assert "Traceback" not in result.output


def png_declaring(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header claims `width`×`height` pixels (its CRC recomputed, so it opens)."""
    buffer = io.BytesIO()
    Image.new("1", (16, 16)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    data[16:24] = struct.pack(">II", width, height)  # IHDR's width and height, after signature, length, type
    data[29:33] = struct.pack(">I", zlib.crc32(data[12:29]))  # the CRC over IHDR's type and data
    return bytes(data)


def test_a_png_declaring_30000_by_30000_pixels_is_skipped_and_the_import_goes_on(runner, tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "styles.csv").write_text(HEADER + "\n" + "\n".join(ROWS[:2]) + "\n")
    (tmp_path / "images" / "1001.jpg").write_bytes(png_declaring(30_000, 30_000))
    (tmp_path / "images" / "1002.jpg").write_bytes(jpeg_bytes())
    result = runner.invoke(args=["catalog", "import", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "Imported 1 products: 1 new" in result.output
    assert "Skipped 1 rows" in result.output and "unreadable image" in result.output
    assert db.session.scalars(select(Product.dataset_id)).all() == [1002]


def test_a_picture_over_the_upload_limit_is_skipped(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)  # what MAX_UPLOAD_MB=1 gives
    (tmp_path / "images").mkdir()
    (tmp_path / "styles.csv").write_text(HEADER + "\n" + "\n".join(ROWS[:2]) + "\n")
    (tmp_path / "images" / "1001.jpg").write_bytes(jpeg_bytes() + bytes(1024 * 1024))
    (tmp_path / "images" / "1002.jpg").write_bytes(jpeg_bytes())
    report = import_catalog(tmp_path)
    assert report.created == 1
    assert [(s.where, s.kind, s.detail) for s in report.skipped] == [
        ("id 1001", "unreadable image", "The photo is too large: the limit is 1 MB.")
    ]


def test_the_command_refuses_a_folder_without_styles_csv(runner, tmp_path):
    result = runner.invoke(args=["catalog", "import", str(tmp_path)])
    assert result.exit_code != 0
    assert "styles.csv not found" in result.output
    assert "Traceback" not in result.output


FASHION_SAMPLE = shared_data_dir() / "fashion-sample"


@pytest.mark.shared_data
@pytest.mark.one_database  # the rows it writes are the import's ordinary ones, tested on both databases above
@pytest.mark.skipif(not (FASHION_SAMPLE / "styles.csv").exists(), reason="SHOP_SHARED_DATA/fashion-sample not present")
def test_the_3000_image_kaggle_sample_imports_completely(app):
    report = import_catalog(FASHION_SAMPLE)
    assert report.created == 3000
    assert report.skipped == []
    types = db.session.scalar(select(func.count(func.distinct(Product.article_type))))
    assert types == 113


def test_new_and_changed_products_are_announced_once(app, crafted_dataset):
    from webapp.signals import products_changed

    seen: list[list[int]] = []

    def record(_sender, product_ids):
        seen.append(sorted(product_ids))

    products_changed.connect(record)
    try:
        import_catalog(crafted_dataset)
        import_catalog(crafted_dataset)
    finally:
        products_changed.disconnect(record)
    assert len(seen) == 1 and len(seen[0]) == 5
