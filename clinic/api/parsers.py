"""The JSON body parser: every malformed body becomes a 400, never a 500."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from rest_framework import parsers, serializers
from rest_framework.exceptions import ParseError
from rest_framework.settings import api_settings

# Our payloads nest two levels (PT-session exercises); anything far deeper is an attack or a bug.
MAX_JSON_DEPTH = 32
TOO_DEEP = "JSON parse error - the document is nested too deeply."
# PostgreSQL cannot store NUL in text or jsonb, and a lone surrogate cannot even be encoded as
# UTF-8 (echoed back in an error message it would crash the renderer): refuse both on the way in.
BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
BAD_TEXT_MESSAGE = "Null characters and unpaired surrogates are not allowed."


def _walk(data: Any) -> Iterator[tuple[Any, int, str]]:
    """Every value and key in `data` with its depth and the top-level field it sits under."""
    top = api_settings.NON_FIELD_ERRORS_KEY
    roots = data.items() if isinstance(data, Mapping) else [(top, data)]
    stack = [(value, 2, str(key), key) for key, value in roots]
    while stack:  # iterative: a deep document must not recurse
        item, depth, field, key = stack.pop()
        yield key, depth - 1, field
        yield item, depth, field
        if isinstance(item, Mapping):
            stack.extend((v, depth + 1, field, k) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, depth + 1, field, None) for v in item)


def check_json(data: Any) -> None:
    """Raise a 400 for nesting deeper than MAX_JSON_DEPTH or text PostgreSQL cannot hold."""
    for value, depth, field in _walk(data):
        if depth > MAX_JSON_DEPTH:
            raise ParseError(TOO_DEEP)
        if isinstance(value, str) and BAD_TEXT.search(value):
            if BAD_TEXT.search(field):
                field = api_settings.NON_FIELD_ERRORS_KEY
            raise serializers.ValidationError({field: [BAD_TEXT_MESSAGE]})


class JSONParser(parsers.JSONParser):
    """DRF's parser, plus the checks of `check_json`; the stdlib decoder's own recursion limit
    is a parse error too."""

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping | None = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(TOO_DEEP) from exc
        check_json(data)
        return data
