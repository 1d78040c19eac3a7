"""/api/v1/: reach reports and the reference data partner systems need."""

urlpatterns = []
