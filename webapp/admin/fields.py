"""Form fields the admin forms share."""
from __future__ import annotations

from wtforms import DecimalField


class AmountField(DecimalField):
    """A DecimalField for money and percentages: only finite numbers.

    Decimal reads "NaN", "sNaN" and "Infinity" as numbers, and comparing a signalling NaN raises
    InvalidOperation inside wtforms' NumberRange: refused here, as any other text that is no number.
    """

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value."))
