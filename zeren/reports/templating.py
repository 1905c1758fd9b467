"""Custom Word templates for the work report (Jinja inside a .docx, rendered by docxtpl).

An upload is checked by its content before anything is stored: it must be a .docx (a zip
holding word/document.xml), its Jinja must parse, every variable it uses must be one of
zeren.reports.content.VARIABLES, and a trial render must succeed. A broken upload gets a
Chinese message naming the problem and the paragraph where it is, stores nothing, and
whatever template was in use stays in use.
"""

import io
import re
import uuid
import zipfile
from pathlib import PurePath

import jinja2
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from docxtpl import DocxTemplate
from lxml import etree

from zeren.core import audit
from zeren.core.models import AuditEvent
from zeren.reports.content import VARIABLES, ReportContent
from zeren.reports.models import ReportTemplate

MAX_BYTES = 10 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# docxtpl's tag prefixes ({%p for %}, {%tr %}, {{r x }}) mean nothing to plain Jinja.
DOCXTPL_PREFIX = re.compile(r"({%|{{)(-?)(p|tr|tc|r)\s+")

SNAPSHOT_FIELDS = ("name", "original_name", "variables", "is_active", "uploaded_by", "replaces")
SAMPLE_CONTEXT = {
    "title": "示范县教育局关于2023年上半年意识形态工作责任制落实情况的报告",
    "recipient": "县委宣传部",
    "opening": "现将有关情况报告如下：",
    "sections": [{"number": "一", "heading": "加强组织领导", "title": "一、加强组织领导",
                  "paragraphs": ["一是召开专题会议4次。"]}],
    "problems": ["一是学习还不够深入。"],
    "next_steps": ["一是强化责任意识。"],
    "closing": "特此报告。",
    "signature": "示范县教育局",
    "date": "2023年7月31日",
    "period_start": "2023年1月1日",
    "period_end": "2023年7月31日",
    "unit": "示范县教育局",
    "counts": {},
    "participants": {},
    "areas": {},
    "articles": {},
    "teams": 20,
    "team_members": 96,
    "supervisors": 60,
    "publicists": 10,
    "informants": 10,
}


def _error(message: str):
    return ValidationError({"upload": message})


def _read(upload) -> tuple[bytes, str]:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload), "template.docx"
    data = upload.read()
    return data, PurePath(getattr(upload, "name", "") or "template.docx").name


def _check_docx(data: bytes) -> None:
    if not data:
        raise _error("上传的文件是空的，请选择一个 Word（.docx）模板。")
    if len(data) > MAX_BYTES:
        raise _error("模板文件超过 10 MB，请压缩图片后再上传。")
    not_docx = "上传的文件不是 Word（.docx）文档，请在 Word 或 WPS 中“另存为 .docx”后再上传。"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _error(not_docx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "word/document.xml" not in z.namelist():
                raise _error(not_docx)
            etree.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
        raise _error("模板文件已损坏（Word 内容无法读取），请重新保存后再上传。")


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(where, text) of every paragraph — body (tables included), headers, footers — in
    document order, as a person sees it in Word."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = ["word/document.xml"] + sorted(
            n for n in z.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        for name in names:
            root = etree.fromstring(z.read(name))
            part = "正文" if name == "word/document.xml" else (
                "页眉" if "header" in name else "页脚")
            for n, p in enumerate(root.iter(f"{W}p"), start=1):
                text = "".join(t.text or "" for t in p.iter(f"{W}t"))
                out.append((f"{part}第{n}段", text))
    return out


def _explain(message: str) -> str:
    """Jinja's English message, said in Chinese."""
    block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if block:
        return f"“{{% {block[1]} %}}”没有对应的“{{% end{block[1]} %}}”"
    if message.startswith("Unexpected end of template"):
        return "模板意外结束，缺少结束标签（如 {% endfor %}、{% endif %}）"
    tag = re.search(r"Encountered unknown tag '(\w+)'", message)
    if tag:
        return f"无法识别的标签“{tag[1]}”（标签的拼写或嵌套有误）"
    unexpected = re.search(r"unexpected '(.+?)'", message)
    if unexpected:
        return f"多余或不匹配的“{unexpected[1]}”（检查 {{{{ }}}} 和 {{% %}} 是否成对）"
    token = re.search(r"expected token '(.+?)', got '(.+?)'", message)
    if token:
        return f"表达式写法有误，在“{token[2]}”处"
    if "no filter named" in message.lower():
        name = re.search(r"no filter named '(\w+)'", message, re.IGNORECASE)
        return f"没有名为“{name[1] if name else ''}”的过滤器"
    return f"Jinja 语法错误（{message}）"


def _syntax_check(paragraphs: list[tuple[str, str]]) -> None:
    """Parse a plain-Jinja mirror of the template (one line a paragraph), so that an error's
    line number names the paragraph a person can find in Word."""
    source = "\n".join(DOCXTPL_PREFIX.sub(r"\1\2 ", text) for _, text in paragraphs)
    try:
        jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        index = min(max((exc.lineno or 1) - 1, 0), len(paragraphs) - 1)
        where, text = paragraphs[index] if paragraphs else ("正文", "")
        snippet = text.strip()[:40]
        at = f"{where}（“{snippet}”）" if snippet else where
        block = re.search(r"needs to be closed is '(\w+)'", exc.message or "")
        if block:  # point at the opening tag left unclosed, not at the end of the file
            opening = re.compile(rf"{{%-?\w*\s+{block[1]}\b")
            found = [(w, t) for w, t in paragraphs if opening.search(t)]
            at = (f"{found[-1][0]}（“{found[-1][1].strip()[:40]}”）" if found else "模板末尾")
        elif (exc.message or "").startswith("Unexpected end of template"):
            at = "模板末尾"
        raise _error(f"模板有语法错误，位于{at}：{_explain(exc.message or '')}。")


def _variables(data: bytes, paragraphs: list[tuple[str, str]]) -> set[str]:
    try:
        used = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except jinja2.TemplateSyntaxError as exc:
        raise _error(f"模板有语法错误：{_explain(exc.message or '')}。")
    except Exception:  # python-docx could not open it after all
        raise _error("模板文件无法作为 Word 文档打开，请在 Word 或 WPS 中重新保存后再上传。")
    unknown = sorted(used - set(VARIABLES))
    if unknown:
        names = "、".join(f"“{v}”" for v in unknown)
        where = [w for w, text in paragraphs
                 if any(re.search(rf"\b{re.escape(v)}\b", text) for v in unknown)]
        at = f"（位于{'、'.join(where[:3])}）" if where else ""
        raise _error(f"模板使用了未知的变量{names}{at}。可用的变量见模板页面的列表。")
    return used


def _render(data: bytes, context: dict) -> bytes:
    template = DocxTemplate(io.BytesIO(data))
    try:
        template.render(context, jinja_env=jinja2.Environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise ValidationError(f"模板有语法错误：{_explain(exc.message or '')}。")
    except jinja2.TemplateError as exc:
        raise ValidationError(f"模板无法生成文档：{_explain(str(exc))}。")
    except (TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(f"模板无法生成文档（{exc}）。")
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def check_template(data: bytes) -> list[str]:
    """Every check of an upload, without storing anything; the variables it uses."""
    _check_docx(data)
    paragraphs = _paragraphs(data)
    _syntax_check(paragraphs)
    used = _variables(data, paragraphs)
    try:
        _render(data, SAMPLE_CONTEXT)
    except ValidationError as exc:
        raise _error(exc.messages[0])
    return sorted(used)


@transaction.atomic
def template_upload(*, actor, name: str, upload) -> ReportTemplate:
    """Store a checked custom template; it replaces the active template of the same name.

    Requires reports.templates. A broken upload raises ValidationError (Chinese, naming the
    problem and where) before anything is written, so the previous template stays active.
    Records CREATE for the new template and DEACTIVATE for the one it replaces."""
    if actor is not None and not actor.can("reports.templates"):
        raise PermissionDenied("您没有管理汇报模板的权限。")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写模板名称。"})
    if len(name) > 100:
        raise ValidationError({"name": "模板名称不能超过100个字。"})
    data, original = _read(upload)
    variables = check_template(data)

    previous = (ReportTemplate.objects.select_for_update()
                .filter(name=name, is_active=True).order_by("-created_at").first())
    template = ReportTemplate(name=name, original_name=original[:200], variables=variables,
                              is_active=True, uploaded_by=actor, replaces=previous)
    template.file.save(f"{uuid.uuid4().hex}.docx", ContentFile(data), save=False)
    template.save()
    audit.record(AuditEvent.Action.CREATE, actor=actor, obj=template,
                 after={**audit.snapshot(template, SNAPSHOT_FIELDS), "file": template.file.name},
                 detail=f"上传汇报模板“{name}”（{original}）")
    if previous is not None:
        ReportTemplate.objects.filter(pk=previous.pk).update(is_active=False,
                                                             version=previous.version + 1)
        audit.record(AuditEvent.Action.DEACTIVATE, actor=actor, obj=previous,
                     before={"is_active": True}, after={"is_active": False},
                     detail=f"被新上传的模板（#{template.pk}）替换")
    return template


@transaction.atomic
def template_deactivate(*, actor, template: ReportTemplate) -> ReportTemplate:
    """Stop offering a template (reports already drawn with it keep their reference)."""
    if actor is not None and not actor.can("reports.templates"):
        raise PermissionDenied("您没有管理汇报模板的权限。")
    if template.is_active:
        ReportTemplate.objects.filter(pk=template.pk).update(is_active=False,
                                                             version=template.version + 1)
        audit.record(AuditEvent.Action.DEACTIVATE, actor=actor, obj=template,
                     before={"is_active": True}, after={"is_active": False})
        template.refresh_from_db()
    return template


def render_template(template: ReportTemplate, content: ReportContent) -> bytes:
    """The report drawn with a custom template, as .docx bytes (values XML-escaped)."""
    with template.file.open("rb") as f:
        data = f.read()
    return _render(data, content.as_context())

