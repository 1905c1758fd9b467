"""The one scoping mechanism, seen from views, forms and the API.

Querysets: `Model.objects.visible_to(user)` (zeren.core.models.ScopedQuerySet).
Views and the API: `get_visible_or_404`. Forms: `narrow_form_choices`.
An object outside the user's data scope answers 404, never 403-with-content.
"""

from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404


def scope_path(user) -> str | None:
    """The materialized path of the unit whose subtree `user` may see, or None."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_zeren_scope_path", False)
    if cached is not False:
        return cached
    unit = user.scope_unit
    path = unit.path if unit is not None and unit.path else None
    user._zeren_scope_path = path
    return path


def visible(model_or_queryset, user):
    qs = model_or_queryset
    if hasattr(qs, "_default_manager"):
        qs = qs._default_manager.all()
    return qs.visible_to(user)


def get_visible_or_404(model_or_queryset, user, **lookup):
    qs = visible(model_or_queryset, user)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到，或不在您的数据范围内。")


def narrow_form_choices(form, user) -> None:
    """Limit every model choice field of `form` to what `user` may see."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
            qs = field.queryset
            if hasattr(qs, "visible_to"):
                field.queryset = qs.visible_to(user)
