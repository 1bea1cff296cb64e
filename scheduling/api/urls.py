from __future__ import annotations

from rest_framework.routers import SimpleRouter

from scheduling.api.views import LocationViewSet, PractitionerViewSet

router = SimpleRouter()
router.register("locations", LocationViewSet, basename="location")
router.register("practitioners", PractitionerViewSet, basename="practitioner")

urlpatterns = router.urls
