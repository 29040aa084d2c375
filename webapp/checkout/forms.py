from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from webapp.services.buying.countries import shipping_choices


class AddressForm(FlaskForm):
    full_name = StringField("Full name", validators=[DataRequired(), Length(max=120)])
    line1 = StringField("Street and number", validators=[DataRequired(), Length(max=200)])
    line2 = StringField("Apartment, floor (optional)", validators=[Optional(), Length(max=200)])
    postal_code = StringField(
        "Postal code",
        validators=[
            DataRequired(),
            Length(max=20),
            Regexp(r"^[A-Za-z0-9 -]+$", message="Use letters, digits and spaces only."),
        ],
    )
    city = StringField("City", validators=[DataRequired(), Length(max=100)])
    country = SelectField(
        "Country",
        choices=[SelectChoice(code, name) for code, name in shipping_choices()],
    )
