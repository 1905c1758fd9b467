import re

PHONE_RE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
ID_CARD_RE = re.compile(r"(?<![0-9Xx])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9Xx])")


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile; for anything else keep only the last four digits."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_personal_numbers(text: str) -> str:
    """Mask mobile and ID-card numbers in free text before it is stored."""
    text = ID_CARD_RE.sub(lambda m: f"{m.group(1)}********{m.group(2)}", text or "")
    return PHONE_RE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
