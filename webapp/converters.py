"""URL converters. `<int:...>` is capped at the largest id a row can have.

Without the cap, /products/99999999999 reaches PostgreSQL as an out-of-range integer and fails
instead of being the 404 it is.
"""
from werkzeug.routing import IntegerConverter, Map

from webapp.models._base import MAX_ID


class RowIdConverter(IntegerConverter):
    def __init__(
        self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID, signed: bool = False
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
