"""Amounts typed in euros become cents, and cents become euros, in one place."""
from decimal import Decimal

import pytest

from webapp.services.pricing.money import cents_from_decimal, decimal_from_cents


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        ("19.99", 1999),
        ("12", 1200),
        ("12.5", 1250),
        ("0", 0),
        ("0.01", 1),
        ("-1.50", -150),
        ("0.005", 0),  # half a cent goes to the even cent ...
        ("0.015", 2),  # ... up here
        ("0.025", 2),  # ... down here
        ("19.994", 1999),
        ("19.996", 2000),
        ("1E+3", 100000),
        ("1000000", 100000000),
    ],
)
def test_an_amount_in_euros_becomes_whole_cents(amount, cents):
    assert cents_from_decimal(Decimal(amount)) == cents


@pytest.mark.parametrize(
    ("cents", "amount"),
    [(1999, "19.99"), (1200, "12.00"), (5, "0.05"), (0, "0.00"), (-150, "-1.50"), (123456789, "1234567.89")],
)
def test_cents_become_an_amount_with_two_places(cents, amount):
    assert str(decimal_from_cents(cents)) == amount


@pytest.mark.parametrize("cents", [0, 1, 99, 1999, 1200, -150, 10**9])
def test_cents_survive_the_round_trip(cents):
    assert cents_from_decimal(decimal_from_cents(cents)) == cents
