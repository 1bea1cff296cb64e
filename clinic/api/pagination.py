from __future__ import annotations

from typing import Any

from rest_framework import pagination, serializers
from rest_framework.request import Request


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        # `?page=abc` or `?page=0` is bad input (400); a page past the end stays DRF's 404.
        number = super().get_page_number(request, paginator)
        if number in self.last_page_strings:
            return number
        try:
            valid = int(number) >= 1
        except (TypeError, ValueError):
            valid = False
        if not valid:
            raise serializers.ValidationError(
                {self.page_query_param: ["Give a page number of 1 or more."]}
            )
        return number
