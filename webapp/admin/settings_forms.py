"""The admin form for the shop's settings: shipping charges in euros as people type them, and two texts."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import DecimalField, Field, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, StopValidation

from webapp.services.pricing.money import cents_from_decimal, decimal_from_cents
from webapp.services.shop_settings import MAX_ESTIMATE_LENGTH, MAX_FEE_CENTS, MAX_POLICY_LENGTH, Settings

MAX_AMOUNT = decimal_from_cents(MAX_FEE_CENTS)
MAX_THRESHOLD = Decimal("100000")


def _finite(_form: FlaskForm, field: Field) -> None:
    # Decimal reads "NaN" and "sNaN" too, and a range check cannot compare them.
    if field.data is not None and not field.data.is_finite():
        raise StopValidation("Enter an amount such as 4.95.")


class SettingsForm(FlaskForm):
    shipping_fee = DecimalField(
        "Shipping fee per order", places=2,
        validators=[InputRequired(), _finite, NumberRange(Decimal("0"), MAX_AMOUNT)],
    )
    free_shipping_from = DecimalField(
        "Free shipping from (goods after deals and coupon; empty: never free)", places=2,
        validators=[Optional(), _finite, NumberRange(Decimal("0"), MAX_THRESHOLD)],
    )
    delivery_estimate = StringField(
        "Delivery estimate", validators=[DataRequired(), Length(max=MAX_ESTIMATE_LENGTH)],
        filters=[lambda v: (v or "").strip()],
    )
    returns_policy = TextAreaField(
        "Returns policy", validators=[DataRequired(), Length(max=MAX_POLICY_LENGTH)],
        filters=[lambda v: (v or "").strip()],
    )

    @classmethod
    def showing(cls, settings: Settings) -> SettingsForm:
        """The form filled with the settings in force (amounts in euros)."""
        threshold = settings.free_shipping_from_cents
        return cls(
            shipping_fee=decimal_from_cents(settings.shipping_fee_cents),
            free_shipping_from=None if threshold is None else decimal_from_cents(threshold),
            delivery_estimate=settings.delivery_estimate,
            returns_policy=settings.returns_policy,
        )

    def settings(self) -> Settings:
        """The submitted values in the service's terms (cents)."""
        threshold = self.free_shipping_from.data
        return Settings(
            shipping_fee_cents=cents_from_decimal(self.shipping_fee.data),
            free_shipping_from_cents=None if threshold is None else cents_from_decimal(threshold),
            delivery_estimate=self.delivery_estimate.data,
            returns_policy=self.returns_policy.data,
        )
