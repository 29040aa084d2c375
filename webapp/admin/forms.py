"""Admin forms for the catalogue."""
from decimal import Decimal

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from webapp.admin.fields import AmountField
from webapp.services.pricing.money import cents_from_decimal

MAX_PRICE = Decimal("100000")
MAX_DESCRIPTION = 5000


def _text(label: str, max_length: int, required: bool = True) -> StringField:
    validators = [DataRequired()] if required else [Optional()]
    return StringField(label, validators=[*validators, Length(max=max_length)], filters=[lambda v: (v or "").strip()])


class ProductForm(FlaskForm):
    name = _text("Name", 200)
    gender = _text("Gender", 20)
    master_category = _text("Category", 40)
    sub_category = _text("Sub-category", 40)
    article_type = _text("Type", 60)
    base_colour = _text("Colour", 40, required=False)
    season = _text("Season", 20, required=False)
    usage = _text("Usage", 30, required=False)
    year = IntegerField("Year", validators=[Optional(), NumberRange(1900, 2100)])
    description = TextAreaField(
        "Description and care (plain text; a blank line starts a new paragraph)",
        validators=[Optional(), Length(max=MAX_DESCRIPTION)],
        filters=[lambda v: (v or "").strip()],
    )
    price = AmountField("Price", places=2, validators=[InputRequired(), NumberRange(Decimal("0"), MAX_PRICE)])
    is_featured = BooleanField("Feature on the home page")

    def product_fields(self) -> dict[str, object]:
        """The submitted values in the model's terms (price in cents)."""
        return {
            "name": self.name.data,
            "gender": self.gender.data,
            "master_category": self.master_category.data,
            "sub_category": self.sub_category.data,
            "article_type": self.article_type.data,
            "base_colour": self.base_colour.data or "",
            "season": self.season.data or "",
            "usage": self.usage.data or "",
            "year": self.year.data,
            "description": self.description.data or "",
            "price_cents": cents_from_decimal(self.price.data),
            "is_featured": self.is_featured.data,
        }


def _pictures_field(label: str) -> MultipleFileField:
    return MultipleFileField(f"{label} (JPEG, PNG or WebP, up to 10 MB each)")


class NewProductForm(ProductForm):
    sizes = StringField(
        "Sizes, smallest first (empty: XS to XXL for apparel, EU 35 to 47 for footwear, one size otherwise)",
        validators=[Optional(), Length(max=600)],
    )
    stock = IntegerField("Stock of each size", validators=[InputRequired(), NumberRange(0, 1_000_000)])
    pictures = _pictures_field("Pictures, the main one first")


class StockForm(FlaskForm):
    delta = IntegerField("Change", validators=[InputRequired(), NumberRange(-1_000_000, 1_000_000)])


class SizeForm(FlaskForm):
    label = StringField("Size", validators=[DataRequired(), Length(max=20)])
    stock = IntegerField("Stock", default=0, validators=[InputRequired(), NumberRange(0, 1_000_000)])


class PicturesForm(FlaskForm):
    pictures = _pictures_field("Add pictures")
