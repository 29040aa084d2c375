"""Date ranges: one parser for every report and filter; nonsense is a 400 page that says why, never a 500."""
from datetime import date

import pytest

from webapp.services.reports.date_ranges import MAX_DAYS, DateRange, DateRangeError, optional_range, parse_range

TODAY = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, DateRange(date(2026, 3, 2), TODAY)),
        ({"from": "2026-03-01"}, DateRange(date(2026, 3, 1), TODAY)),
        ({"to": "2026-02-28"}, DateRange(date(2026, 1, 30), date(2026, 2, 28))),
        ({"from": "2026-01-01", "to": "2026-01-31"}, DateRange(date(2026, 1, 1), date(2026, 1, 31))),
        ({"from": "2026-01-01", "to": "2026-01-01"}, DateRange(date(2026, 1, 1), date(2026, 1, 1))),
        ({"from": " 2026-01-01 ", "to": ""}, DateRange(date(2026, 1, 1), TODAY)),
    ],
)
def test_a_range_defaults_to_the_30_days_ending_today(args, expected):
    assert parse_range(args, today=TODAY) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"from": "yesterday"}, "is not a date"),
        ({"from": "2026-02-30"}, "is not a date"),
        ({"to": "2026-13-01"}, "is not a date"),
        ({"from": "20260101"}, "is not a date"),
        ({"from": "2026-1-1"}, "is not a date"),
        ({"from": "1066-10-14"}, "outside the dates"),
        ({"to": "9999-12-31"}, "outside the dates"),
        ({"from": "2026-03-31", "to": "2026-03-01"}, "is after the end date"),
        ({"from": "2024-01-01", "to": "2026-01-01"}, f"at most {MAX_DAYS} days"),
    ],
)
def test_nonsense_is_refused_with_a_message(args, message):
    with pytest.raises(DateRangeError, match=message):
        parse_range(args, today=TODAY)


def test_a_list_without_dates_has_no_range_and_an_open_start_reaches_back():
    assert optional_range({}) is None
    assert optional_range({"to": "2026-01-31"}).start == date(2000, 1, 1)
    assert optional_range({"from": "2020-01-01", "to": "2026-01-31"}).days > MAX_DAYS  # lists have no limit


def test_the_previous_period_is_as_long_and_ends_the_day_before():
    assert DateRange(date(2026, 3, 1), date(2026, 3, 31)).previous() == DateRange(date(2026, 1, 29),
                                                                                   date(2026, 2, 28))


PAGES = ["/admin/sales", "/admin/sales/{product}", "/admin/reports", "/admin/reports/sales?by=gender",
         "/admin/orders", "/admin/reports/export/orders-by-day.csv", "/admin/reports/export/orders.csv",
         "/admin/reports/export/product-buyers.csv?product={product}"]
NONSENSE = ["from=nonsense", "to=2026-02-30", "from=2026-03-31&to=2026-03-01", "from=%00", "from=99999-01-01",
            "from=2026-01-01T00:00"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("dates", NONSENSE)
def test_every_page_answers_nonsense_dates_with_a_400_that_says_why(admin_client, make_product, page, dates):
    url = page.format(product=make_product().id)
    response = admin_client.get(url + ("&" if "?" in url else "?") + dates)
    assert response.status_code == 400
    assert "Traceback" not in response.text
    assert 'id="range-error"' in response.text or "NUL" in response.text


def test_the_400_page_offers_the_page_without_the_dates(admin_client):
    page = admin_client.get("/admin/sales?from=2026-03-31&to=2026-03-01").text
    assert "is after the end date" in page
    assert 'href="/admin/sales"' in page
