"""Excel (.xlsx) templates, exports and imports of activities (台账记录) and articles (稿件).

An export holds only the user's visible records (filtered like the list page), carries
each row's ID and imports back unchanged. An import is all-or-nothing: every row goes
through zeren.ledger.services with the importing user as actor (so each row is checked
for capability, scope and content, and audited) inside one transaction; if any row fails,
nothing is kept and every error names its row and column in Chinese
("第57行 类别：“读书活动”不是有效的类别"). The shared machinery is zeren/core/excel.py.
"""

import datetime

import openpyxl
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from zeren.core import audit
from zeren.core.excel import (
    NO,
    YES,
    ImportFileError,
    ImportResult,
    RowError,
    cell_text,
    column_letter,
    flag,
    inline_list,
    list_validation,
    lookup_sheet,
    notes_sheet,
    required_text,
    row_id,
    run_import,
    workbook_bytes,
    write_sheet,
    yes_no,
)
from zeren.core.models import AuditEvent
from zeren.ledger import services
from zeren.ledger.models import Activity, Article, CampaignTag, Category
from zeren.org.models import Unit

__all__ = ["ImportFileError", "ImportResult", "activity_workbook", "article_workbook",
           "export_activities", "export_articles", "import_activities", "import_articles"]

A = AuditEvent.Action
TAG_SEPARATORS = ("、", ",", "，", ";", "；")

# (key, header, width, required on import). Keys starting with "_" are for reading only.
ACTIVITY_COLUMNS = [
    ("id", "ID", 8, False),
    ("category", "类别", 14, True),
    ("unit_code", "单位编码", 14, True),
    ("_unit_name", "单位名称", 22, False),
    ("date", "日期", 12, True),
    ("title", "标题", 30, True),
    ("place", "地点", 16, False),
    ("participants", "参加人数", 10, False),
    ("description", "内容", 40, False),
    ("venue", "宣讲场所", 10, False),
    ("round_no", "轮次", 8, False),
    ("festival", "节日", 10, False),
    ("topics", "议题", 24, False),
    ("resolutions", "决议", 24, False),
    ("expected_count", "应到人数", 10, False),
    ("present_count", "实到人数", 10, False),
    ("tags", "专项标签", 16, False),
    ("is_highlight", "亮点", 8, False),
    ("_status", "状态", 10, False),
]
ARTICLE_COLUMNS = [
    ("id", "ID", 8, False),
    ("title", "标题", 36, True),
    ("unit_code", "单位编码", 14, True),
    ("_unit_name", "单位名称", 22, False),
    ("author", "作者", 12, False),
    ("platform", "报送平台", 12, True),
    ("submitted_date", "报送日期", 12, True),
    ("is_adopted", "已采用", 8, False),
    ("adopted_date", "采用日期", 12, False),
    ("link", "链接", 36, False),
]
ACTIVITY_LABELS = {key: header for key, header, _w, _r in ACTIVITY_COLUMNS}
ARTICLE_LABELS = {key: header for key, header, _w, _r in ARTICLE_COLUMNS}
# Service errors name model fields; the sheet names columns.
ACTIVITY_FIELD_LABELS = {**ACTIVITY_LABELS, "unit": "单位编码", "return_reason": "退回原因"}
ARTICLE_FIELD_LABELS = {**ARTICLE_LABELS, "unit": "单位编码"}

VENUE_BY_LABEL = {str(label): value for value, label in Activity.Venue.choices}
FESTIVAL_BY_LABEL = {str(label): value for value, label in Activity.Festival.choices}
PLATFORM_BY_LABEL = {str(label): value for value, label in Article.Platform.choices}
CATEGORY_SHEET, UNIT_SHEET = "类别表", "单位表"


# Writing ---------------------------------------------------------------------------------

def _date_cells(ws, columns, keys, rows: int) -> None:
    for key in keys:
        letter = column_letter(columns, key)
        for row in range(2, rows + 2):
            ws[f"{letter}{row}"].number_format = "yyyy-mm-dd"


def _unit_dropdown(wb, ws, columns, units) -> None:
    codes = lookup_sheet(wb, UNIT_SHEET, ["单位编码", "单位名称"],
                         [[u.code, u.name] for u in units])
    if codes:
        list_validation(ws, columns, "unit_code", formula=codes, title="单位编码",
                        prompt="选择您数据范围内的单位编码（见隐藏的“单位表”）。")


def _limits_line(number: int) -> str:
    from zeren.core.excel import MAX_ROWS

    return (f"{number}. 文件不超过 {settings.ZEREN_IMPORT_MAX_BYTES // 1048576} MB，"
            f"最多 {MAX_ROWS} 行。")


def activity_workbook(*, user, activities=None) -> tuple[bytes, int]:
    """The activity template (activities=None) or the export of `activities`
    (already scoped and filtered); returns (xlsx bytes, row count)."""
    rows = []
    for a in activities if activities is not None else ():
        rows.append([
            a.pk, a.category.name, a.unit.code, a.unit.name, a.date, a.title, a.place,
            a.participants, a.description, a.get_venue_display() if a.venue else "",
            a.round_no, a.get_festival_display() if a.festival else "", a.topics,
            a.resolutions, a.expected_count, a.present_count,
            "、".join(sorted(t.name for t in a.tags.all())), yes_no(a.is_highlight),
            a.get_status_display(),
        ])
    wb = openpyxl.Workbook()
    ws = write_sheet(wb, "台账记录", ACTIVITY_COLUMNS, rows)
    _date_cells(ws, ACTIVITY_COLUMNS, ["date"], len(rows))
    categories = list(Category.objects.filter(is_active=True).select_related("area"))
    formula = lookup_sheet(wb, CATEGORY_SHEET, ["类别", "工作领域", "需填写"],
                           [[c.name, c.area.name, _asks_text(c)] for c in categories])
    if formula:
        list_validation(ws, ACTIVITY_COLUMNS, "category", formula=formula, title="类别")
    _unit_dropdown(wb, ws, ACTIVITY_COLUMNS,
                   list(Unit.objects.visible_to(user).filter(is_active=True).order_by("path")))
    list_validation(ws, ACTIVITY_COLUMNS, "venue", formula=inline_list(VENUE_BY_LABEL))
    list_validation(ws, ACTIVITY_COLUMNS, "festival", formula=inline_list(FESTIVAL_BY_LABEL))
    list_validation(ws, ACTIVITY_COLUMNS, "is_highlight", formula=f'"{YES},{NO}"')
    tags = "、".join(CampaignTag.objects.filter(is_active=True).values_list("name", flat=True))
    notes_sheet(wb, [
        "台账记录导入说明",
        "1. 在“台账记录”工作表中每行填写一条记录；红色表头为必填列。",
        "2. ID 留空表示新建（导入后为草稿，或在上传时选择直接提交审核）；带 ID 的行会更新该记录"
        "（用“导出”得到的文件修改后再导入即可；只有草稿和已退回的记录可以修改）。",
        "3. 类别、单位编码、宣讲场所、节日、亮点请从下拉列表选择；单位必须在您的数据范围内。"
        "“单位名称”“状态”列仅供查看，导入时忽略。",
        "4. 日期格式为 2023-03-15，不能晚于今天；参加人数、轮次、应到/实到人数为非负整数。",
        "5. 宣讲须填写宣讲场所；思政课练兵须填写轮次；节日活动须填写节日；"
        "专题会议、中心组学习须填写议题（可填决议、应到/实到人数）。其他类别不保存这些列。",
        f"6. 专项标签可填多个，用顿号分隔；可选：{tags or '（暂无）'}。",
        "7. 导入是“全部成功或全部不导入”：任何一行有错，都不会保存任何数据，并列出每行的错误。",
        _limits_line(8),
    ])
    return workbook_bytes(wb), len(rows)


def _asks_text(category: Category) -> str:
    asks = [label for flag_name, label in (("asks_venue", "宣讲场所"), ("asks_round", "轮次"),
                                           ("asks_festival", "节日"), ("asks_meeting", "议题"))
            if getattr(category, flag_name)]
    return "、".join(asks)


def article_workbook(*, user, articles=None) -> tuple[bytes, int]:
    rows = []
    for a in articles if articles is not None else ():
        rows.append([a.pk, a.title, a.unit.code, a.unit.name, a.author,
                     a.get_platform_display(), a.submitted_date, yes_no(a.is_adopted),
                     a.adopted_date, a.link])
    wb = openpyxl.Workbook()
    ws = write_sheet(wb, "稿件", ARTICLE_COLUMNS, rows)
    _date_cells(ws, ARTICLE_COLUMNS, ["submitted_date", "adopted_date"], len(rows))
    _unit_dropdown(wb, ws, ARTICLE_COLUMNS,
                   list(Unit.objects.visible_to(user).filter(is_active=True).order_by("path")))
    list_validation(ws, ARTICLE_COLUMNS, "platform", formula=inline_list(PLATFORM_BY_LABEL))
    list_validation(ws, ARTICLE_COLUMNS, "is_adopted", formula=f'"{YES},{NO}"')
    notes_sheet(wb, [
        "稿件导入说明",
        "1. 在“稿件”工作表中每行填写一篇稿件；红色表头为必填列。",
        "2. ID 留空表示新建；带 ID 的行会更新该稿件（用“导出”得到的文件修改后再导入即可）。",
        "3. 单位编码、报送平台、已采用请从下拉列表选择；单位必须在您的数据范围内。"
        "“单位名称”列仅供查看，导入时忽略。",
        "4. 日期格式为 2023-03-15；报送日期不能晚于今天；已采用的稿件须填写采用日期。",
        "5. 导入是“全部成功或全部不导入”：任何一行有错，都不会保存任何数据，并列出每行的错误。",
        _limits_line(6),
    ])
    return workbook_bytes(wb), len(rows)


def export_activities(*, actor, activities=None, template: bool = False) -> bytes:
    """The xlsx of `activities` (a queryset already scoped by visible_to(actor)) or the empty
    template; audited as EXPORT."""
    if template:
        data, _count = activity_workbook(user=actor)
    else:
        qs = (activities.select_related("category", "unit")
              .prefetch_related(Prefetch("tags", queryset=CampaignTag.objects.order_by()))
              .order_by("-date", "-id"))
        data, count = activity_workbook(user=actor, activities=qs)
    audit.record(A.EXPORT, actor=actor, object_type="ledger.activity",
                 detail="下载台账记录导入模板" if template else f"导出台账记录 {count} 条")
    return data


def export_articles(*, actor, articles=None, template: bool = False) -> bytes:
    if template:
        data, _count = article_workbook(user=actor)
    else:
        qs = articles.select_related("unit").order_by("-submitted_date", "-id")
        data, count = article_workbook(user=actor, articles=qs)
    audit.record(A.EXPORT, actor=actor, object_type="ledger.article",
                 detail="下载稿件导入模板" if template else f"导出稿件 {count} 条")
    return data


# Reading cells ---------------------------------------------------------------------------

def _date(values, key, labels, *, required: bool) -> datetime.date | None:
    value = values.get(key)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        if required:
            raise RowError(labels[key], "不能为空")
        return None
    normalised = (text.replace("年", "-").replace("月", "-").replace("日", "")
                  .replace("/", "-").replace(".", "-"))
    try:
        year, month, day = (int(part) for part in normalised.split(" ")[0].split("-"))
        return datetime.date(year, month, day)
    except ValueError:
        raise RowError(labels[key], f"“{text}” 不是有效的日期（格式如 2023-03-15）")


def _integer(values, key, labels, *, minimum: int = 0) -> int | None:
    value = values.get(key)
    text = cell_text(value)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        raise RowError(labels[key], f"“{text}” 不是整数")
    if number < minimum:
        if minimum == 0:
            raise RowError(labels[key], f"不能为负数（填写的是 {number}）")
        raise RowError(labels[key], f"不能小于 {minimum}（填写的是 {number}）")
    return number


def _choice(values, key, labels, by_label: dict, noun: str) -> str:
    text = cell_text(values.get(key))
    if not text:
        return ""
    if text in by_label:
        return by_label[text]
    if text in by_label.values():
        return text
    raise RowError(labels[key], f"“{text}”不是有效的{noun}（可选：{'、'.join(by_label)}）")


def _text_field(values, key, labels, max_length: int | None = None) -> str:
    text = cell_text(values.get(key))
    if max_length is not None and len(text) > max_length:
        raise RowError(labels[key], f"不能超过 {max_length} 个字")
    return text


def _unit(context, actor, values, labels) -> Unit:
    if "units" not in context:
        context["units"] = {u.code: u for u in Unit.objects.visible_to(actor)}
    code = required_text(values, "unit_code", labels, 32)
    unit = context["units"].get(code)
    if unit is None:
        raise RowError(labels["unit_code"], f"“{code}” 不存在或不在您的数据范围内")
    return unit


def _same(stored, read) -> bool:
    # Cells come back stripped; a stored text that differs only in outer blanks is unchanged.
    if isinstance(stored, str) and isinstance(read, str):
        return stored.strip() == read
    return stored == read


# Activities import -----------------------------------------------------------------------

def _category(context, values) -> Category:
    if "categories" not in context:
        categories = list(Category.objects.all())
        # By name first (what the template offers), then by code.
        context["categories"] = {**{c.code: c for c in categories},
                                 **{c.name: c for c in categories}}
    text = cell_text(values.get("category"))
    if not text:
        raise RowError(ACTIVITY_LABELS["category"], "不能为空")
    category = context["categories"].get(text)
    if category is None:
        raise RowError(ACTIVITY_LABELS["category"], f"“{text}”不是有效的类别")
    return category


def _tags(context, values) -> list[CampaignTag]:
    if "tags" not in context:
        context["tags"] = {t.name: t for t in CampaignTag.objects.all()}
    text = cell_text(values.get("tags"))
    for separator in TAG_SEPARATORS:
        text = text.replace(separator, "、")
    names = [n.strip() for n in text.split("、") if n.strip()]
    unknown = [n for n in names if n not in context["tags"]]
    if unknown:
        raise RowError(ACTIVITY_LABELS["tags"], f"“{'、'.join(unknown)}”不是有效的专项标签")
    return [context["tags"][n] for n in dict.fromkeys(names)]


def _parse_activity(context, actor, values) -> dict:
    labels = ACTIVITY_LABELS
    participants = _integer(values, "participants", labels)
    return {
        "category": _category(context, values),
        "unit": _unit(context, actor, values, labels),
        "date": _date(values, "date", labels, required=True),
        "title": required_text(values, "title", labels, 200),
        "place": _text_field(values, "place", labels, 200),
        "participants": participants if participants is not None else 0,
        "description": _text_field(values, "description", labels),
        "venue": _choice(values, "venue", labels, VENUE_BY_LABEL, "宣讲场所"),
        "round_no": _integer(values, "round_no", labels, minimum=1),
        "festival": _choice(values, "festival", labels, FESTIVAL_BY_LABEL, "节日"),
        "topics": _text_field(values, "topics", labels),
        "resolutions": _text_field(values, "resolutions", labels),
        "expected_count": _integer(values, "expected_count", labels),
        "present_count": _integer(values, "present_count", labels),
        "is_highlight": bool(flag(values, "is_highlight", labels)),
    }


def _check_activity_row(actor, values, context: dict) -> None:
    """Everything that can be told from the row alone, before anything is written."""
    row_id(values)
    fields = _parse_activity(context, actor, values)
    _tags(context, values)
    today = timezone.localdate()
    if fields["date"] > today:
        raise RowError(ACTIVITY_LABELS["date"], f"日期不能晚于今天（{today:%Y年%-m月%-d日}）")


def _import_activity_row(actor, values, result: ImportResult, context: dict) -> None:
    pk = row_id(values)
    fields = _parse_activity(context, actor, values)
    tags = _tags(context, values)
    if pk is None:
        services.activity_create(actor=actor, tags=tags or None,
                                 submit=context.get("submit", False), **fields)
        result.created += 1
        return
    activity = (Activity.objects.visible_to(actor).alive().select_related("category", "unit")
                .prefetch_related("tags").filter(pk=pk).first())
    if activity is None:
        raise RowError("ID", f"“{pk}” 不存在或不在您的数据范围内")
    changes = {k: v for k, v in fields.items() if not _same(getattr(activity, k), v)}
    # A category that does not ask for an extra field keeps it empty: not a change.
    changes = {k: v for k, v in changes.items()
               if not (k in _UNASKED and _UNASKED[k](fields["category"]) and not v
                       and not getattr(activity, k))}
    tags_changed = {t.pk for t in tags} != {t.pk for t in activity.tags.all()}
    if not changes and not tags_changed:
        result.unchanged += 1
        return
    services.activity_update(actor=actor, activity=activity, expected_version=activity.version,
                             tags=tags if tags_changed else None, **changes)
    result.updated += 1


_UNASKED = {
    "venue": lambda c: not c.asks_venue,
    "round_no": lambda c: not c.asks_round,
    "festival": lambda c: not c.asks_festival,
    "topics": lambda c: not c.asks_meeting,
    "resolutions": lambda c: not c.asks_meeting,
    "expected_count": lambda c: not c.asks_meeting,
    "present_count": lambda c: not c.asks_meeting,
}


def import_activities(*, actor, upload, submit: bool = False) -> ImportResult:
    """Create/update activities from an uploaded xlsx, all or nothing; audited as IMPORT.
    New records are drafts, or submitted for review when `submit` is set.

    Raises ImportFileError when the file itself is unreadable; row errors come back
    in the result (and then nothing was saved).
    """

    def handle(actor, values, result, context):
        context["submit"] = submit
        _import_activity_row(actor, values, result, context)

    return run_import(actor=actor, upload=upload, columns=ACTIVITY_COLUMNS, sheet="台账记录",
                      labels=ACTIVITY_FIELD_LABELS, object_type="ledger.activity",
                      noun="台账记录", handle_row=handle, check_row=_check_activity_row)


# Articles import -------------------------------------------------------------------------

def _parse_article(context, actor, values) -> dict:
    labels = ARTICLE_LABELS
    platform = _choice(values, "platform", labels, PLATFORM_BY_LABEL, "报送平台")
    if not platform:
        raise RowError(labels["platform"], "不能为空")
    fields = {
        "title": required_text(values, "title", labels, 200),
        "unit": _unit(context, actor, values, labels),
        "author": _text_field(values, "author", labels, 100),
        "platform": platform,
        "submitted_date": _date(values, "submitted_date", labels, required=True),
        "is_adopted": bool(flag(values, "is_adopted", labels)),
        "adopted_date": _date(values, "adopted_date", labels, required=False),
        "link": _text_field(values, "link", labels, 200),
    }
    return fields


def _check_article_row(actor, values, context: dict) -> None:
    row_id(values)
    fields = _parse_article(context, actor, values)
    if fields["submitted_date"] > timezone.localdate():
        raise RowError(ARTICLE_LABELS["submitted_date"], "报送日期不能晚于今天")


def _import_article_row(actor, values, result: ImportResult, context: dict) -> None:
    pk = row_id(values)
    fields = _parse_article(context, actor, values)
    if pk is None:
        services.article_create(actor=actor, **fields)
        result.created += 1
        return
    article = (Article.objects.visible_to(actor).select_related("unit")
               .filter(pk=pk, deleted_at__isnull=True).first())
    if article is None:
        raise RowError("ID", f"“{pk}” 不存在或不在您的数据范围内")
    if not fields["is_adopted"] and article.adopted_date is None:
        fields["adopted_date"] = None
    changes = {k: v for k, v in fields.items() if not _same(getattr(article, k), v)}
    if not changes:
        result.unchanged += 1
        return
    services.article_update(actor=actor, article=article, expected_version=article.version,
                            **changes)
    result.updated += 1


def import_articles(*, actor, upload) -> ImportResult:
    """Create/update articles from an uploaded xlsx, all or nothing; audited as IMPORT."""
    return run_import(actor=actor, upload=upload, columns=ARTICLE_COLUMNS, sheet="稿件",
                      labels=ARTICLE_FIELD_LABELS, object_type="ledger.article", noun="稿件",
                      handle_row=_import_article_row, check_row=_check_article_row)
