"""Admin forms for deals and coupons. Amounts are typed as people say them: 20 (%) or 5.00 (€)."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from webapp.admin.fields import AmountField
from webapp.models._base import utcnow
from webapp.models.promotions import Coupon, Deal, DealTarget, DiscountKind
from webapp.services.pricing.money import cents_from_decimal, decimal_from_cents
from webapp.services.pricing.promotions import CouponSpec, DealSpec

MAX_AMOUNT = Decimal("100000")
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DEFAULT_DAYS = 7


def _strip(value: str | None) -> str:
    return (value or "").strip()


class DiscountForm(FlaskForm):
    """What deals and coupons share: how much off, and when."""

    kind = SelectField("Discount", choices=[SelectChoice(kind.value, kind.label) for kind in DiscountKind])
    amount = AmountField(
        "Amount (a percentage, or euros off)",
        places=2,
        validators=[InputRequired(), NumberRange(Decimal("0.01"), MAX_AMOUNT)],
    )
    starts_at = DateTimeLocalField("Starts (UTC)", format=DATETIME_FORMAT, validators=[InputRequired()])
    ends_at = DateTimeLocalField("Ends (UTC)", format=DATETIME_FORMAT, validators=[InputRequired()])
    is_active = BooleanField("Active", default=True)

    def validate_amount(self, field: AmountField) -> None:
        if self.kind.data == DiscountKind.PERCENT and field.data is not None and (field.data % 1 or field.data > 100):
            raise ValidationError("A percentage off is a whole number from 1 to 100.")

    def validate_ends_at(self, field: DateTimeLocalField) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError("The end must come after the start.")

    def amount_units(self) -> int:
        """The amount as stored: whole percent, or cents."""
        if self.kind.data == DiscountKind.PERCENT:
            return int(self.amount.data)
        return cents_from_decimal(self.amount.data)

    def fill_discount(self, promotion: Deal | Coupon | None) -> None:
        """Show a stored promotion's values (or a week from now, for a new one) on a GET."""
        if promotion is None:
            start = utcnow().replace(second=0, microsecond=0)
            self.starts_at.data, self.ends_at.data = start, start + timedelta(days=DEFAULT_DAYS)
            return
        self.kind.data, self.is_active.data = promotion.kind, promotion.is_active
        self.starts_at.data, self.ends_at.data = promotion.starts_at, promotion.ends_at
        percent = promotion.kind == DiscountKind.PERCENT
        self.amount.data = Decimal(promotion.amount) if percent else decimal_from_cents(promotion.amount)

    def window(self) -> tuple[datetime, datetime]:
        return self.starts_at.data, self.ends_at.data


class DealForm(DiscountForm):
    name = StringField("Name (customers see it)", validators=[DataRequired(), Length(max=120)], filters=[_strip])
    target = SelectField("Covers", choices=[SelectChoice(target.value, target.label) for target in DealTarget])
    target_value = StringField(
        "Which one (product id or article number; or the type, sub-category or category name)",
        validators=[DataRequired(), Length(max=60)],
        filters=[_strip],
    )

    def fill(self, deal: Deal | None) -> None:
        self.fill_discount(deal)
        if deal is not None:
            self.name.data, self.target.data, self.target_value.data = deal.name, deal.target, deal.target_value

    def spec(self) -> DealSpec:
        starts_at, ends_at = self.window()
        return DealSpec(
            name=self.name.data, kind=self.kind.data, amount=self.amount_units(), target=self.target.data,
            target_value=self.target_value.data, starts_at=starts_at, ends_at=ends_at, is_active=self.is_active.data,
        )


class CouponForm(DiscountForm):
    code = StringField("Code", validators=[DataRequired(), Length(3, 32)], filters=[lambda v: _strip(v).upper()])
    usage_limit = IntegerField("Uses in all", validators=[InputRequired(), NumberRange(1, 1_000_000)])
    min_order = AmountField(
        "Minimum order, after deals (euros; optional)",
        places=2,
        validators=[Optional(), NumberRange(Decimal("0"), MAX_AMOUNT)],
    )
    is_public = BooleanField("Public: the shopping assistant offers it to anyone asking for deals", default=False)

    def fill(self, coupon: Coupon | None) -> None:
        self.fill_discount(coupon)
        if coupon is None:
            self.usage_limit.data = 100
            return
        self.code.data, self.usage_limit.data = coupon.code, coupon.usage_limit
        self.is_public.data = coupon.is_public
        self.min_order.data = decimal_from_cents(coupon.min_order_cents)

    def spec(self) -> CouponSpec:
        starts_at, ends_at = self.window()
        min_order = self.min_order.data or Decimal(0)
        return CouponSpec(
            code=self.code.data, kind=self.kind.data, amount=self.amount_units(), usage_limit=self.usage_limit.data,
            starts_at=starts_at, ends_at=ends_at, min_order_cents=cents_from_decimal(min_order),
            is_active=self.is_active.data, is_public=self.is_public.data,
        )
