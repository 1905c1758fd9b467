"""Forms of the account pages: they parse input; the services in accounts.py decide."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zeren.org.models import Person, Unit
from zeren.org.roles import Role

OUTSIDE_SCOPE = _("所选单位不在您的数据范围内。")


def add_service_errors(form, error: ValidationError, default_field: str | None = None) -> None:
    """Put a service's ValidationError on the form: by field when it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else default_field, errors)
    else:
        form.add_error(default_field, error.messages)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "　" * obj.depth + obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("密码"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="<br>".join(password_validators_help_texts()),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class UserCreateForm(NewPasswordMixin):
    username = forms.CharField(label=_("用户名"), max_length=150)
    person = PersonChoiceField(label=_("人员"), queryset=Person.objects.none(), required=False,
                               help_text=_("只列出您数据范围内、尚无账号的在册人员。"),
                               error_messages={"invalid_choice": _("所选人员不在您的数据范围内，"
                                                                   "或已有账号。")})
    unit = UnitChoiceField(label=_("所属单位"), queryset=Unit.objects.none(),
                           error_messages={"invalid_choice": OUTSIDE_SCOPE})

    field_order = ["username", "person", "unit", "password1", "password2"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            Person.objects.visible_to(actor).active().filter(account__isnull=True)
            .select_related("unit")
        )
        self.fields["unit"].queryset = Unit.objects.visible_to(actor).filter(is_active=True)
        for name in ("username", "password1", "password2"):
            self.fields[name].widget.attrs["class"] = "form-control"
        for name in ("person", "unit"):
            self.fields[name].widget.attrs["class"] = "form-select"


class PasswordResetForm(NewPasswordMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("临时密码")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class GrantForm(forms.Form):
    """Roles and data scope of one account; the unit choices are the granter's own scope."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    roles = forms.MultipleChoiceField(label=_("角色"), choices=Role.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    scope = UnitChoiceField(
        label=_("数据范围"), queryset=Unit.objects.none(), required=False,
        empty_label=_("（默认：所属单位）"),
        help_text=_("可查看该单位及其全部下级单位的数据。只能选择您自己数据范围内的单位。"),
        error_messages={"invalid_choice": OUTSIDE_SCOPE},
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Unit.objects.visible_to(actor)
        self.fields["scope"].widget.attrs["class"] = "form-select"


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("令牌名称"), max_length=100,
                           widget=forms.TextInput(attrs={"class": "form-control",
                                                         "placeholder": _("如：统计平台对接")}))
