"""Forms of the ledger pages. They parse input; the services in services.py write.

Every model choice is narrowed to the user's data scope (narrow_form_choices via StyledForm).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeren.ledger.models import (
    Activity,
    Article,
    CampaignTag,
    Category,
    Commitment,
    WorkArea,
)
from zeren.org.forms import DateInput, StyledForm, UnitChoiceField
from zeren.org.models import Person, Unit

EVIDENCE_ACCEPT = ("image/*,.jpg,.jpeg,.png,.gif,.webp,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,"
                   "application/pdf")
EXTRA_FIELDS = {
    "venue": "venue", "round_no": "round", "festival": "festival", "topics": "meeting",
    "resolutions": "meeting", "expected_count": "meeting", "present_count": "meeting",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>; they are checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT,
                                                            "class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def evidence_field(label=None):
    return MultipleFileField(
        label=label or _("照片或文件"),
        help_text=_("可多选；支持图片、PDF、Word、Excel、PowerPoint，每个不超过上限。"
                    "手机上可直接拍照。"))


class CategorySelect(forms.Select):
    """Each option carries what its category asks for (data-asks="venue meeting …"), read by
    the small script of the activity form to show only the extra fields that apply."""

    def __init__(self, *args, asks: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.asks = asks or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = getattr(value, "value", value)
        if key in self.asks:
            option["attrs"]["data-asks"] = self.asks[key]
        return option


def _asks(category: Category) -> str:
    flags = [("venue", category.asks_venue), ("round", category.asks_round),
             ("festival", category.asks_festival), ("meeting", category.asks_meeting)]
    return " ".join(name for name, on in flags if on)


def grouped_category_choices(categories) -> list:
    """[(area name, [(pk, name), …]), …] for a <select> with <optgroup>s."""
    groups: dict = {}
    for category in categories:
        groups.setdefault(category.area.name, []).append((category.pk, category.name))
    return [("", "---------"), *groups.items()]


class ActivityForm(StyledForm):
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.none())
    unit = UnitChoiceField(label=_("单位"), queryset=Unit.objects.filter(is_active=True))
    date = forms.DateField(label=_("日期"), widget=DateInput(), initial=timezone.localdate)
    title = forms.CharField(label=_("标题"), max_length=200)
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    participants = forms.IntegerField(label=_("参加人数"), initial=0,
                                      widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    description = forms.CharField(label=_("内容"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    venue = forms.ChoiceField(label=_("宣讲场所"), required=False,
                              choices=[("", "---------"), *Activity.Venue.choices])
    round_no = forms.IntegerField(label=_("轮次"), required=False, min_value=1)
    festival = forms.ChoiceField(label=_("节日"), required=False,
                                 choices=[("", "---------"), *Activity.Festival.choices])
    topics = forms.CharField(label=_("议题"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    resolutions = forms.CharField(label=_("决议"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    expected_count = forms.IntegerField(label=_("应到人数"), required=False, min_value=0)
    present_count = forms.IntegerField(label=_("实到人数"), required=False, min_value=0)
    tags = forms.ModelMultipleChoiceField(label=_("专项标签"), required=False,
                                          queryset=CampaignTag.objects.filter(is_active=True),
                                          widget=forms.CheckboxSelectMultiple)
    is_highlight = forms.BooleanField(label=_("亮点"), required=False)

    def __init__(self, *args, user=None, activity: Activity | None = None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        categories = Category.objects.select_related("area").order_by(
            "area__order", "order", "id")
        if activity is None:
            categories = categories.filter(is_active=True)
        else:  # a record keeps its (possibly deactivated) category
            from django.db.models import Q

            categories = categories.filter(Q(is_active=True) | Q(pk=activity.category_id))
        categories = list(categories)
        field = self.fields["category"]
        field.queryset = Category.objects.filter(pk__in=[c.pk for c in categories])
        field.widget = CategorySelect(attrs={"class": "form-select", "data-category-select": ""},
                                      asks={c.pk: _asks(c) for c in categories})
        field.choices = grouped_category_choices(categories)
        for name, extra in EXTRA_FIELDS.items():
            self.fields[name].widget.attrs["data-extra"] = extra
        self.fields["tags"].widget.attrs.pop("class", None)

    def clean_date(self):
        date = self.cleaned_data["date"]
        today = timezone.localdate()
        if date and date > today:
            raise ValidationError(_("日期不能晚于今天（%(today)s）。") % {
                "today": f"{today:%Y年%-m月%-d日}"})
        return date

    def clean_participants(self):
        value = self.cleaned_data["participants"]
        if value is not None and value < 0:
            raise ValidationError(_("参加人数不能为负数。"))
        if value is not None and value > 100000:
            raise ValidationError(_("参加人数不能超过 100000。"))
        return value

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("files", None)
        data["tags"] = list(data.get("tags") or [])
        for name in ("place", "description", "venue", "festival", "topics", "resolutions"):
            data[name] = data.get(name) or ""
        return data

    @classmethod
    def initial_for(cls, activity: Activity) -> dict:
        fields = ("category", "unit", "date", "title", "place", "participants", "description",
                  "venue", "round_no", "festival", "topics", "resolutions", "expected_count",
                  "present_count", "is_highlight")
        initial = {name: getattr(activity, name + "_id" if name in ("category", "unit")
                                 else name) for name in fields}
        initial["tags"] = [t.pk for t in activity.tags.all()]
        initial["version"] = activity.version
        return initial


class ActivityCreateForm(ActivityForm):
    files = evidence_field()


class ActivityEditForm(ActivityForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class EvidenceUploadForm(forms.Form):
    files = evidence_field()


class ActivityFilterForm(StyledForm):
    """The activity list's filters. The GET names (unit, area, category, start, end, status,
    tag, highlight, q) are linked to by the reports: keep them."""

    unit = UnitChoiceField(label=_("单位（含下级）"), queryset=Unit.objects.all(),
                           required=False, empty_label=_("全部单位"))
    area = forms.ModelChoiceField(label=_("工作领域"), queryset=WorkArea.objects.all(),
                                  required=False, empty_label=_("全部领域"))
    category = forms.ModelChoiceField(label=_("类别"), queryset=Category.objects.all(),
                                      required=False, empty_label=_("全部类别"))
    start = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态")), *Activity.Status.choices])
    tag = forms.ModelChoiceField(label=_("专项标签"), queryset=CampaignTag.objects.all(),
                                 required=False, empty_label=_("全部标签"))
    highlight = forms.BooleanField(label=_("只看亮点"), required=False)
    q = forms.CharField(label=_("搜索标题和内容"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = list(Category.objects.select_related("area").order_by(
            "area__order", "order", "id"))
        self.fields["category"].choices = [("", _("全部类别")),
                                           *grouped_category_choices(categories)[1:]]

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["unit"] is not None:
            qs = qs.within(data["unit"])
        if data["area"] is not None:
            qs = qs.filter(category__area=data["area"])
        if data["category"] is not None:
            qs = qs.filter(category=data["category"])
        if data["start"]:
            qs = qs.filter(date__gte=data["start"])
        if data["end"]:
            qs = qs.filter(date__lte=data["end"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["tag"] is not None:
            qs = qs.filter(tags=data["tag"])
        if data["highlight"]:
            qs = qs.filter(is_highlight=True)
        if data["q"]:
            from django.db.models import Q

            text = data["q"].strip()
            qs = qs.filter(Q(title__icontains=text) | Q(description__icontains=text))
        return qs


# Categories ------------------------------------------------------------------------------

class CategoryForm(StyledForm):
    area = forms.ModelChoiceField(label=_("工作领域"), queryset=WorkArea.objects.all())
    name = forms.CharField(label=_("名称"), max_length=50)
    description = forms.CharField(label=_("说明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("工作汇报中介绍此类工作的文字。"))
    unit_noun = forms.CharField(label=_("计数单位"), max_length=10, initial="次",
                                help_text=_("汇报中数字后的量词，如 次、场次、轮次、篇。"))
    figure_phrase = forms.CharField(label=_("汇报用语"), max_length=30, required=False,
                                    help_text=_("汇报中数字前的说法，如“共召开专题会议”；"
                                                "留空则为“共开展”加类别名称。"))
    order = forms.IntegerField(label=_("排序"), initial=0, min_value=0)
    asks_venue = forms.BooleanField(label=_("需填写宣讲场所"), required=False)
    asks_round = forms.BooleanField(label=_("需填写轮次"), required=False)
    asks_festival = forms.BooleanField(label=_("需填写节日"), required=False)
    asks_meeting = forms.BooleanField(label=_("需填写议题、决议和应到/实到"), required=False)

    @classmethod
    def initial_for(cls, category: Category) -> dict:
        names = ("name", "description", "unit_noun", "figure_phrase", "order", "asks_venue",
                 "asks_round",
                 "asks_festival", "asks_meeting", "version")
        return {"area": category.area_id, **{n: getattr(category, n) for n in names}}


class CategoryCreateForm(CategoryForm):
    code = forms.SlugField(label=_("编码"), max_length=32,
                           help_text=_("英文字母、数字、下划线，创建后不可修改。"))
    field_order = ["area", "code", "name"]


class CategoryEditForm(CategoryForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


# Commitments -----------------------------------------------------------------------------

class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


def _this_year() -> int:
    return timezone.localdate().year


class CommitmentForm(StyledForm):
    person = PersonChoiceField(label=_("承诺人"),
                               queryset=Person.objects.active().select_related("unit"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100,
                              initial=_this_year)
    promise = forms.CharField(label=_("承诺事项"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, own_person=None, **kwargs):
        super().__init__(*args, **kwargs)
        if own_person is not None:  # a member keeps only their own commitments
            self.fields["person"].queryset = Person.objects.filter(pk=own_person.pk)
            self.fields["person"].initial = own_person.pk


class CommitmentEditForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    promise = forms.CharField(label=_("承诺事项"), widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("状态"), choices=Commitment.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FulfilmentForm(StyledForm):
    date = forms.DateField(label=_("日期"), widget=DateInput(), initial=timezone.localdate)
    description = forms.CharField(label=_("践诺情况"), widget=forms.Textarea(attrs={"rows": 3}))
    files = evidence_field(_("佐证材料（可选）"))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天。"))
        return date


# Articles --------------------------------------------------------------------------------

class ArticleForm(StyledForm):
    title = forms.CharField(label=_("标题"), max_length=200)
    unit = UnitChoiceField(label=_("单位"), queryset=Unit.objects.filter(is_active=True))
    author = forms.CharField(label=_("作者"), max_length=100, required=False)
    platform = forms.ChoiceField(label=_("报送平台"), choices=Article.Platform.choices)
    submitted_date = forms.DateField(label=_("报送日期"), widget=DateInput(),
                                     initial=timezone.localdate)
    is_adopted = forms.BooleanField(label=_("已采用"), required=False)
    adopted_date = forms.DateField(label=_("采用日期"), widget=DateInput(), required=False)
    link = forms.URLField(label=_("链接"), required=False, assume_scheme="https")

    @classmethod
    def initial_for(cls, article: Article) -> dict:
        names = ("title", "author", "platform", "submitted_date", "is_adopted", "adopted_date",
                 "link", "version")
        return {"unit": article.unit_id, **{n: getattr(article, n) for n in names}}

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("files", None)
        return data


class ArticleCreateForm(ArticleForm):
    files = evidence_field(_("佐证材料（可选）"))


class ArticleEditForm(ArticleForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ArticleFilterForm(StyledForm):
    ADOPTED = [("", _("全部")), ("1", _("已采用")), ("0", _("未采用"))]

    unit = UnitChoiceField(label=_("单位（含下级）"), queryset=Unit.objects.all(),
                           required=False, empty_label=_("全部单位"))
    platform = forms.ChoiceField(label=_("报送平台"), required=False,
                                 choices=[("", _("全部平台")), *Article.Platform.choices])
    adopted = forms.ChoiceField(label=_("采用情况"), required=False, choices=ADOPTED)
    start = forms.DateField(label=_("起始日期"), required=False, widget=DateInput())
    end = forms.DateField(label=_("截止日期"), required=False, widget=DateInput())

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["unit"] is not None:
            qs = qs.within(data["unit"])
        if data["platform"]:
            qs = qs.filter(platform=data["platform"])
        if data["adopted"]:
            qs = qs.filter(is_adopted=data["adopted"] == "1")
        if data["start"]:
            qs = qs.filter(submitted_date__gte=data["start"])
        if data["end"]:
            qs = qs.filter(submitted_date__lte=data["end"])
        return qs


# Teams -----------------------------------------------------------------------------------

class TeamFilterForm(StyledForm):
    """The teams behind the report's 宣传队 figure: same rule as counting.team_counts."""

    unit = UnitChoiceField(label=_("单位（含下级）"), queryset=Unit.objects.all(),
                           required=False, empty_label=_("全部单位"))
    on = forms.DateField(label=_("在册日期"), required=False, widget=DateInput(),
                         help_text=_("只列出该日已成立且在册的宣传队。"))

    def filter(self, qs):
        if not self.is_valid():
            return qs
        data = self.cleaned_data
        if data["unit"] is not None:
            qs = qs.within(data["unit"])
        if data["on"]:
            qs = qs.filter(is_active=True).filter(
                Q(founded_on__isnull=True) | Q(founded_on__lte=data["on"]))
        return qs


class ActivitiesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.date:%Y-%m-%d} {obj.title}"


class TeamForm(StyledForm):
    name = forms.CharField(label=_("名称"), max_length=100)
    unit = UnitChoiceField(label=_("单位"), queryset=Unit.objects.filter(is_active=True))
    leader = PersonChoiceField(label=_("队长"), required=False,
                               queryset=Person.objects.active().select_related("unit"))
    members = PeopleChoiceField(label=_("队员"), required=False,
                                queryset=Person.objects.active().select_related("unit"),
                                widget=forms.SelectMultiple(attrs={"size": 8}),
                                help_text=_("按住 Ctrl（手机上直接点选）可多选。"))
    founded_on = forms.DateField(label=_("成立日期"), widget=DateInput(), required=False)


class TeamEditForm(TeamForm):
    activities = ActivitiesChoiceField(label=_("开展的活动"), required=False,
                                       queryset=Activity.objects.none(),
                                       widget=forms.SelectMultiple(attrs={"size": 8}))
    is_active = forms.BooleanField(label=_("在册"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    ACTIVITY_CHOICES = 300  # the most recent ones (plus those already linked) are offered

    def __init__(self, *args, user, team, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["unit"]  # a team stays with its unit
        people = (Person.objects.visible_to(user).active()
                  .within(team.unit).select_related("unit"))
        self.fields["members"].queryset = people
        self.fields["leader"].queryset = people
        activities = (Activity.objects.visible_to(user).alive()
                      .within(team.unit))
        field = self.fields["activities"]
        field.queryset = activities
        linked = set(team.activities.values_list("pk", flat=True))
        offered = list(activities.order_by("-date", "-id")[: self.ACTIVITY_CHOICES])
        offered_ids = {a.pk for a in offered}
        offered += list(activities.filter(pk__in=linked - offered_ids))
        field.choices = [(a.pk, field.label_from_instance(a)) for a in offered]

    @classmethod
    def initial_for(cls, team) -> dict:
        return {"name": team.name, "leader": team.leader_id, "founded_on": team.founded_on,
                "is_active": team.is_active, "version": team.version,
                "members": list(team.members.values_list("pk", flat=True)),
                "activities": list(team.activities.values_list("pk", flat=True))}
