"""Money as people read and type it. Amounts are integer cents everywhere; only the edges convert.

Display turns cents into text; forms and filters turn what people type (19.99) into cents and
back, through cents_from_decimal() and decimal_from_cents() only.
"""
from decimal import ROUND_HALF_EVEN, Decimal

from flask import current_app

SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£"}


def format_money(cents: int, currency: str = "eur") -> str:
    symbol = SYMBOLS.get(currency.lower(), currency.upper() + " ")
    sign, cents = ("-", -cents) if cents < 0 else ("", cents)
    return f"{sign}{symbol}{cents // 100:,}.{cents % 100:02d}"


def shop_money(cents: int) -> str:
    """An amount in the shop's currency (CURRENCY), for messages and templates."""
    return format_money(cents, current_app.config["CURRENCY"])


def cents_from_decimal(amount: Decimal) -> int:
    """An amount in currency units as whole cents: 19.99 -> 1999. Half a cent goes to the even cent."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_EVEN))


def decimal_from_cents(cents: int) -> Decimal:
    """Cents as an amount in currency units, always with two places: 1999 -> 19.99, 1200 -> 12.00."""
    return Decimal(cents).scaleb(-2)
