from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from webapp.services.engagement import feedback


class FeedbackForm(FlaskForm):
    # Optional here: guests must give it (the service says so), customers are answered at their account's.
    email = EmailField("Your email", validators=[Optional(), Email("Enter a valid email address."), Length(max=254)])
    subject = StringField("Subject", validators=[DataRequired(), Length(3, feedback.MAX_SUBJECT)])
    message = TextAreaField("Message", validators=[DataRequired(), Length(10, feedback.MAX_MESSAGE)])
