from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scheduling.models import Location, Practitioner


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "timezone", "address", "phone"]
    search_fields = ["name", "address"]


@admin.register(Practitioner)
class PractitionerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "discipline", "location", "is_active"]
    list_filter = ["discipline", "location", "is_active"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["user"]
