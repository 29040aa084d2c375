"""CSV exports: streamed, quoted as RFC 4180 says, and safe to open in a spreadsheet."""
import csv
import io
from decimal import Decimal

import pytest

from tests.support.buying import place_order
from tests.support.reports import ROUTES, S, day, sell
from webapp.admin.csv_export import csv_chunks, safe_cell
from webapp.admin.reports import EXPORTS
from webapp.services import shop_settings


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def written(*values: object) -> str:
    """One row of values as the export writes it, without the header and its byte order mark."""
    return "".join(csv_chunks(["value"] * len(values), [values])).removeprefix("\ufeff").split("\r\n", 1)[1]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1+2", "'\t=1+2"),
        ("\r=1+2", "'\r=1+2"),
        ("=HYPERLINK(\"http://evil\",\"click\")", "'=HYPERLINK(\"http://evil\",\"click\")"),
        ("plain", "plain"),
        ("a=b", "a=b"),  # only the first character can start a formula
        ("", ""),
    ],
)
def test_text_that_would_start_a_formula_is_made_plain_text(value, cell):
    assert safe_cell(value) == cell
    assert read_back(written(value)) == [[cell]]


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("a,b", '"a,b"\r\n'),
        ('quote"inside', '"quote""inside"\r\n'),
        ("two\nlines", '"two\nlines"\r\n'),
        ("plain", "plain\r\n"),
    ],
)
def test_commas_quotes_and_newlines_are_quoted(value, line):
    assert written(value) == line
    assert read_back(written(value)) == [[value]]


@pytest.mark.parametrize(("value", "line"), [(-1, "-1\r\n"), (Decimal("-12.50"), "-12.50\r\n"), (None, '""\r\n')])
def test_numbers_stay_numbers_even_when_negative(value, line):
    assert written(value) == line


def test_a_file_starts_with_the_byte_order_mark_and_its_header():
    text = "".join(csv_chunks(["Day", "=Revenue"], []))
    assert text == "\ufeffDay,'=Revenue\r\n"


def test_long_exports_come_in_many_chunks():
    chunks = list(csv_chunks(["n"], ([number] for number in range(1000))))
    assert len(chunks) > 2
    assert read_back("".join(chunks))[1:] == [[str(number)] for number in range(1000)]


def test_an_export_is_streamed_as_an_attachment(small_shop, admin_client):
    response = admin_client.get("/admin/reports/export/orders.csv?from=2026-01-01&to=2026-01-31")
    assert response.is_streamed
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="orders_2026-01-01_2026-01-31.csv"'
    response.close()


def test_a_customer_named_like_a_formula_is_neutralised_in_the_export(admin_client, make_user, make_product, csv_of):
    buyer = make_user(name="=HYPERLINK(\"http://evil\")", email="evil@shop.example.com")
    sell(buyer, (make_product(), 1), on=day(0), route=ROUTES[S.PAID])
    rows = csv_of("/admin/reports/export/orders.csv")
    assert rows[1][2] == "'=HYPERLINK(\"http://evil\")"


@pytest.mark.parametrize("name", sorted(name for name in EXPORTS if not name.startswith("product-")))
def test_every_export_answers_with_a_header_on_an_empty_shop(csv_of, name):
    rows = csv_of(f"/admin/reports/export/{name}.csv")
    assert rows[0] == EXPORTS[name].table.csv_header()


def test_an_unknown_export_is_404(admin_client):
    assert admin_client.get("/admin/reports/export/passwords.csv").status_code == 404


def test_the_orders_csv_names_the_coupon_the_shipping_and_the_country(admin_client, customer, make_product,
                                                                     make_coupon, csv_of):
    shop_settings.save_settings(shop_settings.Settings(495, 10_000, "Soon.", "Within 30 days."))
    make_coupon(code="SAVE10", kind="fixed", amount=1000)
    order = place_order(customer, (make_product(name="Wool Coat", sku="C-0001", price_cents=6000), 1),
                        coupon_code="SAVE10")
    rows = csv_of("/admin/reports/export/orders.csv")
    assert rows[1] == [str(order.id), order.created_at.isoformat(sep=" ", timespec="seconds"), "Cora Buyer",
                       "cora@shop.example.com", "Pending payment", "Netherlands", "SAVE10", "10.00", "4.95",
                       "54.95", "Wool Coat", "C-0001", "One size", "1", "60.00", "60.00"]


@pytest.mark.parametrize(("name", "cell"), [("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("-2 Socks", "'-2 Socks")])
def test_a_product_named_like_a_formula_is_neutralised_in_the_orders_csv(customer, make_product, csv_of,
                                                                          name, cell):
    place_order(customer, (make_product(name=name), 1))
    assert csv_of("/admin/reports/export/orders.csv")[1][10] == cell
