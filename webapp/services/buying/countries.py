"""Where the shop ships, and how a country is named wherever an address is shown (pages, mail, CSV).

Addresses store the ISO 3166 code; people read the country's English name from CLDR, through Babel,
so the review page, the order pages, the admin, the mails and the CSV all say "Germany", never "DE".
"""
from __future__ import annotations

from functools import cache

from babel import Locale

# Where we ship: the euro area, since prices are in euros.
SHIPPING_COUNTRIES: tuple[str, ...] = ("AT", "BE", "DE", "ES", "FI", "FR", "IE", "IT", "LU", "NL", "PT")
SHOP_LOCALE = "en"


@cache
def _names() -> dict[str, str]:
    return dict(Locale.parse(SHOP_LOCALE).territories)


def country_name(code: str | None) -> str:
    """The country's name for an ISO 3166 code; a code CLDR does not know is shown as it is."""
    if not code:
        return ""
    return _names().get(code.upper(), code)


def ships_to(code: str) -> bool:
    return code in SHIPPING_COUNTRIES


def shipping_choices() -> list[tuple[str, str]]:
    """(code, name) of every country the shop ships to, by name: the address form's choices."""
    return sorted(((code, country_name(code)) for code in SHIPPING_COUNTRIES), key=lambda choice: choice[1])
