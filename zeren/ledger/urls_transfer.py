"""Excel templates, imports and exports of the ledger (included by zeren/ledger/urls.py)."""

from django.urls import path

from zeren.ledger import views_transfer as views

urlpatterns = [
    path("activities/export.xlsx", views.activity_export, name="activity_export"),
    path("activities/template.xlsx", views.activity_template, name="activity_template"),
    path("activities/import/", views.activity_import, name="activity_import"),
    path("articles/export.xlsx", views.article_export, name="article_export"),
    path("articles/template.xlsx", views.article_template, name="article_template"),
    path("articles/import/", views.article_import, name="article_import"),
]
