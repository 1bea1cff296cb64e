from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from scheduling.api import reminders
from scheduling.api.views import (
    AppointmentTypeViewSet,
    AppointmentViewSet,
    AvailabilityView,
    CalendarFeedView,
    LocationViewSet,
    PractitionerViewSet,
)

router = SimpleRouter()
router.register("locations", LocationViewSet, basename="location")
router.register("practitioners", PractitionerViewSet, basename="practitioner")
router.register("appointment-types", AppointmentTypeViewSet, basename="appointment-type")
router.register("appointments", AppointmentViewSet, basename="appointment")
router.register("reminders", reminders.ReminderViewSet, basename="reminder")

urlpatterns = [
    path(
        "reminders/unsubscribe/<str:token>/",
        reminders.UnsubscribeView.as_view(),
        name="reminder-unsubscribe",
    ),
    path(
        "webhooks/twilio/status/",
        reminders.TwilioStatusCallbackView.as_view(),
        name="twilio-status",
    ),
    path("webhooks/twilio/inbound/", reminders.TwilioInboundView.as_view(), name="twilio-inbound"),
    path("availability/", AvailabilityView.as_view(), name="availability"),
    path(
        "calendars/<str:token>.ics",
        CalendarFeedView.as_view(),
        name="calendar-feed",
    ),
    *router.urls,
]
