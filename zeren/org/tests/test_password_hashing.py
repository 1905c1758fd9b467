import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher

from zeren.org import accounts
from zeren.org.models import User


@pytest.mark.argon2
def test_passwords_are_stored_as_argon2_hashes(db, county):
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = User.objects.get(username="member_b")
    accounts.password_change(user=user, new_password="Nevermind#2027")
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$")
