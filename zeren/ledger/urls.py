from django.urls import path

from zeren.ledger.urls_transfer import urlpatterns as transfer_urlpatterns
from zeren.ledger.views import activities, articles, categories, commitments, evidence, teams

app_name = "ledger"

a = activities
urlpatterns = [  # the transfer routes are appended below
    # activities, review, recycle bin
    path("activities/", a.activity_list, name="activity_list"),
    path("activities/new/", a.activity_create, name="activity_create"),
    path("activities/<int:pk>/", a.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", a.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/submit/", a.activity_submit, name="activity_submit"),
    path("activities/<int:pk>/approve/", a.activity_approve, name="activity_approve"),
    path("activities/<int:pk>/return/", a.activity_return, name="activity_return"),
    path("activities/<int:pk>/delete/", a.activity_delete, name="activity_delete"),
    path("activities/<int:pk>/restore/", a.activity_restore, name="activity_restore"),
    path("review/", a.review_queue, name="review_queue"),
    path("review/approve/", a.review_bulk_approve, name="review_bulk_approve"),
    path("recycle-bin/", a.recycle_bin, name="recycle_bin"),
    # evidence (never under /static/ or /media/)
    path("activities/<int:pk>/evidence/", evidence.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/thumbnail/", evidence.evidence_thumbnail,
         name="evidence_thumbnail"),
    path("evidence/<int:pk>/delete/", evidence.evidence_delete, name="evidence_delete"),
    # categories (bureau staff)
    path("categories/", categories.category_list, name="category_list"),
    path("categories/new/", categories.category_create, name="category_create"),
    path("categories/<int:pk>/edit/", categories.category_edit, name="category_edit"),
    path("categories/<int:pk>/active/", categories.category_set_active,
         name="category_set_active"),
    path("categories/<int:pk>/delete/", categories.category_delete, name="category_delete"),
    # commitments
    path("commitments/", commitments.commitment_list, name="commitment_list"),
    path("commitments/new/", commitments.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/", commitments.commitment_detail, name="commitment_detail"),
    path("commitments/<int:pk>/edit/", commitments.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/fulfil/", commitments.fulfilment_add, name="fulfilment_add"),
    # articles
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_create, name="article_create"),
    path("articles/<int:pk>/edit/", articles.article_edit, name="article_edit"),
    path("articles/<int:pk>/delete/", articles.article_delete, name="article_delete"),
    path("articles/<int:pk>/evidence/", articles.article_evidence, name="article_evidence"),
    # teams
    path("teams/", teams.team_list, name="team_list"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
] + transfer_urlpatterns  # Excel import/export (zeren/ledger/urls_transfer.py)
