"""The sidebar menu and the landing page's "what next" links, by role.

Both are built in Python so that a page whose app is not installed (or not
written yet) simply drops out of the list instead of breaking every page with
a NoReverseMatch.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

WORK = _("工作")
LEDGER = _("台账")
REPORTS = _("汇报")
ORG = _("组织")
SYSTEM = _("系统")

# (label, url name, icon, capability or None, section)
MENU = [
    (_("工作台"), "home", "house", None, WORK),
    (_("记录活动"), "ledger:activity_create", "plus-circle", "ledger.record", WORK),
    (_("待审核"), "ledger:review_queue", "check2-square", "ledger.review", WORK),
    (_("台账记录"), "ledger:activity_list", "journal-check", "ledger.view", LEDGER),
    (_("承诺践诺"), "ledger:commitment_list", "hand-thumbs-up", "ledger.commitments", LEDGER),
    (_("稿件报送"), "ledger:article_list", "newspaper", "ledger.view", LEDGER),
    (_("宣传队"), "ledger:team_list", "megaphone", "ledger.view", LEDGER),
    (_("回收站"), "ledger:recycle_bin", "trash", "ledger.record", LEDGER),
    (_("台账类别"), "ledger:category_list", "tags", "ledger.categories", LEDGER),
    (_("统计看板"), "reports:dashboard", "bar-chart-line", "reports.view", REPORTS),
    (_("工作汇报"), "reports:report_list", "file-earmark-text", "reports.view", REPORTS),
    (_("汇报模板"), "reports:template_list", "file-earmark-word", "reports.templates", REPORTS),
    (_("组织机构"), "org:unit_tree", "diagram-3", "org.view", ORG),
    (_("人员"), "org:person_list", "people", "org.view", ORG),
    (_("分片包抓"), "org:assignment_list", "pin-map", "org.view", ORG),
    (_("账号管理"), "accounts:user_list", "person-gear", "accounts.manage", SYSTEM),
    (_("角色与数据范围"), "accounts:grant_list", "shield-lock", "accounts.grant", SYSTEM),
    (_("审计日志"), "audit:event_list", "journal-text", "audit.read", SYSTEM),
    (_("API 令牌"), "accounts:token_list", "key", "api.tokens", SYSTEM),
]


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return None  # the page's app is not installed in this deployment (yet)


def menu_for(request) -> list[dict]:
    user = request.user
    items = []
    for label, name, icon, capability, section in MENU:
        if capability is not None and not user.can(capability):
            continue
        url = _reverse(name)
        if url is None:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append(
            {"label": label, "url": url, "icon": icon, "active": active, "section": section}
        )
    # Only the closest match is current (/reports/dashboard/ is not also /reports/).
    longest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == longest
    return items


# (label, description, url name, icon, capability or None, needs the home unit's pk)
NEXT_STEPS = [
    (_("记录活动"), _("在手机或电脑上一分钟记下一项工作，附上照片"), "ledger:activity_create",
     "plus-circle", "ledger.record", False),
    (_("待审核"), _("审核下级单位提交的台账记录"), "ledger:review_queue", "check2-square",
     "ledger.review", False),
    (_("台账记录"), _("按单位、类别、时间查询台账"), "ledger:activity_list", "journal-check",
     "ledger.view", False),
    (_("我的承诺"), _("填写年度承诺和践诺情况"), "ledger:commitment_list", "hand-thumbs-up",
     "ledger.commitments", False),
    (_("生成工作汇报"), _("选择期间和范围，一键生成公文格式的汇报和统计表"),
     "reports:report_create", "file-earmark-text", "reports.build", False),
    (_("统计看板"), _("各领域记录数、月度趋势、各单位情况"), "reports:dashboard",
     "bar-chart-line", "reports.view", False),
    (_("本单位组织机构"), _("查看和维护本单位及下级单位、领导小组"), "org:unit_detail",
     "building", "org.edit_units", True),
    (_("组织机构"), _("按层级浏览全县单位"), "org:unit_tree", "diagram-3", "org.view", False),
    (_("人员"), _("本单位人员名册与职责"), "org:person_list", "people", "org.view", False),
    (_("分片包抓"), _("局领导与包抓单位的对应关系"), "org:assignment_list", "pin-map",
     "org.view", False),
    (_("账号管理"), _("创建账号、重置密码、解锁"), "accounts:user_list", "person-gear",
     "accounts.manage", False),
    (_("角色与数据范围"), _("授予角色，设置账号的数据范围"), "accounts:grant_list",
     "shield-lock", "accounts.grant", False),
    (_("审计日志"), _("查询和导出操作记录"), "audit:event_list", "journal-text",
     "audit.read", False),
    (_("API 令牌"), _("为对接系统申请个人令牌"), "accounts:token_list", "key",
     "api.tokens", False),
    (_("修改密码"), _("定期更换密码，保护账号安全"), "password_change", "lock", None, False),
]


def next_steps_for(user) -> list[dict]:
    """The links a user's roles open, for the landing page (capability-checked)."""
    items = []
    unit_id = user.unit_id
    for label, description, name, icon, capability, needs_unit in NEXT_STEPS:
        if capability is not None and not user.can(capability):
            continue
        if needs_unit and unit_id is None:
            continue
        url = _reverse(name, unit_id) if needs_unit else _reverse(name)
        if url is None:
            continue
        items.append({"label": label, "description": description, "url": url, "icon": icon})
    return items


def unit_url(unit) -> str | None:
    """The unit's detail page, or None while that page does not exist."""
    return _reverse("org:unit_detail", unit.pk) if unit is not None else None
