from zeren.ledger.urls_transfer import urlpatterns as transfer_urlpatterns

app_name = "ledger"

urlpatterns = [
    # pages: activities, review, recycle bin, evidence, categories, commitments, articles, teams
] + transfer_urlpatterns  # Excel import/export (zeren/ledger/urls_transfer.py)
