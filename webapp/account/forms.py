from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange

from webapp.services.engagement import reviews


class ProfileForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=200)])
    password = PasswordField("New password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat new password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")]
    )


class ReviewForm(FlaskForm):
    rating = IntegerField(
        "Your rating",
        validators=[
            InputRequired("Choose a rating from 1 to 5 stars."),
            NumberRange(1, 5, "Choose a rating from 1 to 5 stars."),
        ],
    )
    body = TextAreaField(
        "Your review",
        validators=[
            DataRequired("Write a few words about the product."),
            Length(reviews.MIN_TEXT, reviews.MAX_TEXT),
        ],
    )
