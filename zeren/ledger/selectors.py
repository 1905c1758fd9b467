"""Reads of ledger data for the pages, always through visible_to(user).

These list and show records; they never count them for a report (that is
zeren/reports/counting.py's job alone).
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from zeren.core.models import AuditEvent
from zeren.core.scoping import scope_path
from zeren.ledger.models import Activity, Article, Commitment, Evidence, Team
from zeren.org.roles import Role


def evidence_count():
    """Evidence per activity as a correlated subquery: unlike a JOIN + COUNT it is left out
    of the paginator's COUNT(*) and computed only for the rows shown."""
    counts = (Evidence.objects.filter(activity=OuterRef("pk")).order_by()
              .values("activity").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def page_of(rows, number, per_page: int):
    """One page of `rows`, paginated by id first: the count and the sort then read only an
    index, and the joins and the evidence subquery run for the page's rows alone."""
    from django.core.paginator import Paginator

    page = Paginator(rows.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    by_id = rows.order_by().in_bulk(ids)
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def activity_rows(user):
    """Live activities in scope, with what the list shows (category, unit, evidence count)
    fetched in the same query."""
    return (Activity.objects.visible_to(user).alive()
            .select_related("category", "category__area", "unit")
            .annotate(evidence_count=evidence_count())
            .order_by("-date", "-id"))


def reviewable(user):
    """Submitted records `user` may review (mirrors services.can_review): bureau staff any in
    scope; a unit admin those of the units below their own."""
    if not user.can("ledger.review"):
        return Activity.objects.none()
    qs = (Activity.objects.visible_to(user).alive()
          .filter(status=Activity.Status.SUBMITTED))
    if not user.has_role(Role.STAFF):
        qs = qs.exclude(unit__path=scope_path(user))
    return qs


def review_rows(user):
    return (reviewable(user).select_related("category", "unit", "created_by",
                                            "created_by__person")
            .annotate(evidence_count=evidence_count())
            .order_by("submitted_at", "id"))


def recycle_bin(user):
    return (Activity.objects.visible_to(user).filter(deleted_at__isnull=False)
            .select_related("category", "unit").order_by("-deleted_at", "-id"))


def activity_history(activity: Activity):
    """The record's audit events, oldest first: its status history."""
    return (AuditEvent.objects.filter(object_type="ledger.activity", object_id=str(activity.pk))
            .order_by("time", "id"))


def evidence_of(user, **owner):
    return Evidence.objects.visible_to(user).filter(**owner).order_by("created_at", "id")


def commitment_rows(user):
    """Members see their own commitments; admins and staff those of their units."""
    qs = Commitment.objects.visible_to(user).filter(deleted_at__isnull=True)
    if not user.can("ledger.record"):
        qs = qs.filter(person_id=user.person_id) if user.person_id else qs.none()
    return qs.select_related("person", "unit")


def commitment_detail_qs(user):
    return commitment_rows(user).prefetch_related(
        Prefetch("fulfilments__evidence", queryset=Evidence.objects.order_by("created_at")))


def article_rows(user):
    return (Article.objects.visible_to(user).filter(deleted_at__isnull=True)
            .select_related("unit")
            .annotate(evidence_count=Count("evidence", distinct=True))
            .order_by("-submitted_date", "-id"))


def team_rows(user):
    return (Team.objects.visible_to(user).select_related("unit", "leader")
            .annotate(member_count=Count("members", distinct=True),
                      activity_count=Count("activities", distinct=True,
                                           filter=Q(activities__deleted_at__isnull=True)))
            .order_by("unit__path", "name"))
