from django.urls import path

from zeren.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/text/", views.report_text, name="report_text"),
    path("<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("<int:pk>/stats.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/compare/", views.report_compare, name="report_compare"),
    path("templates/", views.template_list, name="template_list"),
    path("templates/upload/", views.template_upload, name="template_upload"),
    path("templates/<int:pk>/deactivate/", views.template_deactivate,
         name="template_deactivate"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
