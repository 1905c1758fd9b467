"""Password policy (等保 2.0 8.1.4.1): length, character classes, no reuse of the last five."""

import re

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

HISTORY_DEPTH = 5

CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "符号"),
]


class MinimumLengthValidator:
    """At least eight characters (Django's own message has no Chinese translation in 5.2)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                "密码长度不能少于 %(n)d 个字符。",
                code="password_too_short",
                params={"n": self.min_length},
            )

    def get_help_text(self):
        return f"至少 {self.min_length} 个字符。"


class CharacterClassValidator:
    """At least three of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。",
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self):
        return f"至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。"


class PasswordHistoryValidator:
    """None of the user's last five passwords (the current one included)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        hashes = list(user.password_history.values_list("password", flat=True)[:HISTORY_DEPTH])
        if user.password:
            hashes.append(user.password)
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(
                "新密码不能与最近 %(n)d 次使用过的密码相同。",
                code="password_reused",
                params={"n": HISTORY_DEPTH},
            )

    def get_help_text(self):
        return f"不能与最近 {HISTORY_DEPTH} 次使用过的密码相同。"
