"""Excel templates, imports and exports of the ledger (included by zeren/ledger/urls.py)."""

urlpatterns = []
