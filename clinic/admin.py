from __future__ import annotations

from django.contrib import admin

from clinic.models import ApiToken

admin.site.site_header = "Vertebra administration"
admin.site.site_title = "Vertebra"
admin.site.index_title = "Clinic"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "key_hash", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request: object) -> bool:
        return False  # tokens come from POST /api/v1/auth/token/ only
