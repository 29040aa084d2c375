from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from webapp.services.accounts.users import find_user_by_email, password_problems


class RegisterForm(FlaskForm):
    name = StringField("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email", validators=[DataRequired(), Email("Enter a valid email address."), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(
        "Repeat password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")]
    )

    def validate_email(self, field: EmailField) -> None:
        if find_user_by_email(field.data) is not None:
            raise ValidationError("An account with this email already exists. Log in instead?")

    def validate_password(self, field: PasswordField) -> None:
        problems = password_problems(field.data, self.email.data or "")
        if problems:
            raise ValidationError(" ".join(problems))


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me logged in")

