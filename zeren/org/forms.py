"""Forms of the organisation pages. They parse input; the services in services.py write.

Every model choice is narrowed to the user's data scope (narrow_form_choices), so a
unit or person of another school is "not a valid choice", never a way in.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.core.scoping import narrow_form_choices
from zeren.org.models import Person, Position, Unit

PHONE_RE = re.compile(r"^[0-9+\- ]{5,20}$")


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not PHONE_RE.match(value):
        raise ValidationError(_("请输入有效的电话号码（5–20 位数字，可含 + - 和空格）。"))
    return value


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * obj.depth}{obj.name}（{obj.code}）"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class StyledForm(forms.Form):
    """Bootstrap classes on every widget; model choices narrowed to the user's scope."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            narrow_form_choices(self, user)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# Units -----------------------------------------------------------------------------------

class UnitForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    code = forms.CharField(label=_("编码"), max_length=32,
                           help_text=_("全县唯一，例如学校代码；导入导出时用它识别上级单位。"))
    type = forms.ChoiceField(label=_("类型"), choices=Unit.Type.choices)
    stage = forms.ChoiceField(label=_("学段"), choices=Unit.Stage.choices, required=False)
    order = forms.IntegerField(label=_("排序"), initial=0,
                               help_text=_("同级单位按此数字从小到大排列。"))

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class UnitCreateForm(UnitForm):
    parent = UnitChoiceField(label=_("上级单位"), queryset=Unit.objects.filter(is_active=True))
    field_order = ["parent", "name", "code", "type", "stage", "order"]


class UnitEditForm(UnitForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, unit: Unit) -> dict:
        return {"name": unit.name, "code": unit.code, "type": unit.type, "stage": unit.stage,
                "order": unit.order, "version": unit.version}


class UnitMoveForm(StyledForm):
    new_parent = UnitChoiceField(label=_("新的上级单位"),
                                 queryset=Unit.objects.filter(is_active=True))
    version = forms.IntegerField(widget=forms.HiddenInput)


# People ----------------------------------------------------------------------------------

class PersonForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    unit = UnitChoiceField(label=_("所在单位"), queryset=Unit.objects.filter(is_active=True))
    title = forms.CharField(label=_("职务"), max_length=50, required=False)
    is_party_member = forms.BooleanField(label=_("党员"), required=False)
    is_employee = forms.BooleanField(label=_("教职工"), required=False, initial=True)
    is_cadre = forms.BooleanField(label=_("干部"), required=False)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class PersonEditForm(PersonForm):
    """The stored phone is never sent back to the browser: blank keeps it."""

    clear_phone = forms.BooleanField(label=_("清除手机号"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        if person.phone:
            self.fields["phone"].help_text = _("当前：%(phone)s。留空则不修改。") % {
                "phone": person.masked_phone}
            self.fields["phone"].widget.attrs["placeholder"] = person.masked_phone
        else:
            del self.fields["clear_phone"]

    @classmethod
    def initial_for(cls, person: Person) -> dict:
        return {"name": person.name, "unit": person.unit_id, "title": person.title,
                "is_party_member": person.is_party_member, "is_employee": person.is_employee,
                "is_cadre": person.is_cadre, "version": person.version}

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        clear = data.pop("clear_phone", False)
        if clear:
            data["phone"] = ""
        elif not data["phone"]:
            data.pop("phone")
        return data


class PersonFilterForm(StyledForm):
    STATUS_CHOICES = [("active", _("在册")), ("inactive", _("不在册")), ("all", _("全部"))]

    unit = UnitChoiceField(label=_("单位（含下级）"), queryset=Unit.objects.all(), required=False,
                           empty_label=_("全部单位"))
    q = forms.CharField(label=_("姓名"), required=False, max_length=50)
    party = forms.BooleanField(label=_("党员"), required=False)
    employee = forms.BooleanField(label=_("教职工"), required=False)
    cadre = forms.BooleanField(label=_("干部"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=STATUS_CHOICES, required=False)
    role = forms.ChoiceField(label=_("职责"), required=False,
                             choices=[("", _("全部"))] + list(Position.Role.choices))
    on = forms.DateField(label=_("任职日期"), required=False,
                         widget=forms.DateInput(attrs={"type": "date"}),
                         help_text=_("按职责筛选时，统计该日在任的人员（默认今天）。"))

    def filter(self, qs):
        if not self.is_valid():
            return qs.filter(is_active=True)
        data = self.cleaned_data
        if data["role"]:
            # The same rule as the counting service: people holding the role on the
            # date, in a unit of the chosen subtree.
            positions = Position.objects.current(data["on"]).filter(role=data["role"])
            if data["unit"] is not None:
                positions = positions.within(data["unit"])
            qs = qs.filter(pk__in=positions.values("person_id"))
        elif data["unit"] is not None:
            qs = qs.within(data["unit"])
        if data["q"]:
            qs = qs.filter(name__icontains=data["q"].strip())
        for flag, field in (("party", "is_party_member"), ("employee", "is_employee"),
                            ("cadre", "is_cadre")):
            if data[flag]:
                qs = qs.filter(**{field: True})
        status = data["status"] or "active"
        if status != "all":
            qs = qs.filter(is_active=(status == "active"))
        return qs


# Positions and assignments ---------------------------------------------------------------

class PositionForm(StyledForm):
    person = PersonChoiceField(label=_("人员"),
                               queryset=Person.objects.active().select_related("unit"))
    role = forms.ChoiceField(label=_("职责"), choices=Position.Role.choices)
    start_date = forms.DateField(label=_("起始日期"), required=False, widget=DateInput(),
                                 initial=timezone.localdate)
    end_date = forms.DateField(label=_("结束日期"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期不能早于起始日期。"))
        return data


class PositionEndForm(StyledForm):
    end_date = forms.DateField(label=_("结束日期"), widget=DateInput(),
                               initial=timezone.localdate)


class AssignmentForm(StyledForm):
    leader = PersonChoiceField(label=_("包抓领导"),
                               queryset=Person.objects.active().select_related("unit"))
    unit = UnitChoiceField(label=_("包抓单位"), queryset=Unit.objects.filter(is_active=True))
    start_date = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


# Import ----------------------------------------------------------------------------------

class ImportForm(StyledForm):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = (
            ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ZEREN_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("文件过大（%(size).1f MB），最大允许 %(limit).0f MB。")
                % {"size": upload.size / 1048576, "limit": limit / 1048576})
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(
                _("只能上传 .xlsx 格式的 Excel 文件（不支持 .xls、.csv 或其他格式）。"
                  "请用“下载导入模板”得到的文件填写。"))
        return upload
