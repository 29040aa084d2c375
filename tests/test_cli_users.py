"""`flask users create-admin EMAIL`."""
from webapp.models import Role
from webapp.services.accounts.users import find_user_by_email


def test_create_admin_makes_a_new_admin(runner, app):
    result = runner.invoke(args=["users", "create-admin", "boss@shop.example.com", "--password", "strong-pass-99"])
    assert result.exit_code == 0, result.output
    user = find_user_by_email("boss@shop.example.com")
    assert user.role == Role.ADMIN.value
    assert user.check_password("strong-pass-99")


def test_create_admin_promotes_an_existing_account(runner, customer):
    result = runner.invoke(args=["users", "create-admin", customer.email, "--password", "ignored-pass-1"])
    assert result.exit_code == 0
    assert "is now an admin" in result.output
    assert find_user_by_email(customer.email).is_admin


def test_create_admin_refuses_a_weak_password_clearly(runner, app):
    result = runner.invoke(args=["users", "create-admin", "boss@shop.example.com", "--password", "short"])
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert "Traceback" not in result.output
    assert find_user_by_email("boss@shop.example.com") is None


def test_create_admin_refuses_a_malformed_email(runner, app):
    result = runner.invoke(args=["users", "create-admin", "not-an-email", "--password", "strong-pass-99"])
    assert result.exit_code != 0
    assert "not a valid email address" in result.output
