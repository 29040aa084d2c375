"""Money as people read it. Amounts are integer cents everywhere; only display turns them into text."""
from flask import current_app

SYMBOLS = {"eur": "€", "usd": "$", "gbp": "£"}


def format_money(cents: int, currency: str = "eur") -> str:
    symbol = SYMBOLS.get(currency.lower(), currency.upper() + " ")
    sign, cents = ("-", -cents) if cents < 0 else ("", cents)
    return f"{sign}{symbol}{cents // 100:,}.{cents % 100:02d}"


def shop_money(cents: int) -> str:
    """An amount in the shop's currency (CURRENCY), for messages and templates."""
    return format_money(cents, current_app.config["CURRENCY"])
