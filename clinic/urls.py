from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import permissions

from clinic.api.schema import SchemaView
from clinic.api.views import ApiRootView, HealthView, api_not_found

api_v1 = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("", include("clinic.api.urls")),
    path("", include("patients.api.urls")),
    path("", include("scheduling.api.urls")),
    path("", include("treatments.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path(
        "api/schema/",
        SchemaView.as_view(permission_classes=[permissions.AllowAny]),
        name="schema",
    ),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(
            url_name="schema", permission_classes=[permissions.AllowAny]
        ),
        name="docs",
    ),
    path("health/", HealthView.as_view(), name="health"),
]

# Unknown paths under /api/ answer API.md's JSON 404 also with DEBUG on (`make run`); it must
# stay the last pattern. Without the trailing slash, APPEND_SLASH redirects here first.
urlpatterns.append(re_path(r"^api/.*/$", api_not_found, name="api-not-found"))

handler404 = "clinic.api.views.not_found"
handler500 = "clinic.api.views.server_error"
