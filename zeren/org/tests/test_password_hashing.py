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


def test_password_policy_messages_are_chinese_and_name_the_rule(db, county):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User.objects.get(username="member_b")
    with pytest.raises(ValidationError) as short:
        validate_password("Ab#1", user)
    assert "密码长度不能少于 8 个字符" in " ".join(short.value.messages)
    with pytest.raises(ValidationError) as simple:
        validate_password("abcdefghij", user)
    assert "至少 3 类" in " ".join(simple.value.messages)
