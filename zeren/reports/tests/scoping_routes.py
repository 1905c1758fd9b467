"""The reports' routes for the route-walking scoping test (tests/test_scoping_routes.py)."""

import datetime

OBJ = "object"


def _school_a_report(county):
    from zeren.reports import services

    return services.report_save(actor=None, unit=county.school_a, period_kind="ytd",
                                start=datetime.date(2023, 1, 1),
                                end=datetime.date(2023, 7, 31), title="甲中学汇报").pk


ROUTES = {
    "reports:report_list": "list",
    "reports:report_create": "list",
    "reports:report_detail": (OBJ, _school_a_report),
    "reports:report_text": (OBJ, _school_a_report),
    "reports:report_docx": (OBJ, _school_a_report),
    "reports:report_xlsx": (OBJ, _school_a_report),
    "reports:report_pdf": (OBJ, _school_a_report),
    "reports:report_compare": (OBJ, _school_a_report),
    "reports:template_list": "list",
    "reports:template_upload": "list",
    "reports:template_deactivate": ("own", "templates are county-wide, managed by bureau staff "
                                           "only (reports.templates); others get 403"),
    "reports:dashboard": "list",
}
API_ROUTES: dict = {}
