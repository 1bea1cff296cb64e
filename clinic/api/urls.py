from __future__ import annotations

from django.urls import path

from clinic.api.views import LogoutView, MeView, TokenView

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("me/", MeView.as_view(), name="me"),
]
