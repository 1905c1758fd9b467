from django.urls import path

from zeren.org.views import assignments, people, transfer, units

app_name = "org"
urlpatterns = [
    path("units/", units.unit_tree, name="unit_tree"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/template.xlsx", transfer.unit_template, name="unit_template"),
    path("units/export.xlsx", transfer.unit_export, name="unit_export"),
    path("units/import/", transfer.unit_import, name="unit_import"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", units.unit_move, name="unit_move"),
    path("units/<int:pk>/active/", units.unit_set_active, name="unit_set_active"),
    path("units/<int:pk>/positions/new/", units.position_create, name="position_create"),
    path("positions/<int:pk>/end/", units.position_end, name="position_end"),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/template.xlsx", transfer.person_template, name="person_template"),
    path("people/export.xlsx", transfer.person_export, name="person_export"),
    path("people/import/", transfer.person_import, name="person_import"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/active/", people.person_set_active, name="person_set_active"),
    path("assignments/", assignments.assignment_list, name="assignment_list"),
    path("assignments/new/", assignments.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/delete/", assignments.assignment_delete,
         name="assignment_delete"),
]
