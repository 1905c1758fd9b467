"""The sidebar menu, by role. Each entry: (label, url name, icon, capability or None)."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MENU = [
    (_("工作台"), "home", "house", None),
    (_("组织机构"), "org:unit_tree", "diagram-3", "org.view"),
    (_("人员"), "org:person_list", "people", "org.view"),
    (_("分片包抓"), "org:assignment_list", "pin-map", "org.view"),
    (_("账号管理"), "accounts:user_list", "person-gear", "accounts.manage"),
    (_("角色与数据范围"), "accounts:grant_list", "shield-lock", "accounts.grant"),
    (_("审计日志"), "audit:event_list", "journal-text", "audit.read"),
    (_("API 令牌"), "accounts:token_list", "key", "api.tokens"),
]


def menu_for(request) -> list[dict]:
    user = request.user
    items = []
    for label, name, icon, capability in MENU:
        if capability is not None and not user.can(capability):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the page's app is not installed in this deployment
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "icon": icon, "active": active})
    return items
