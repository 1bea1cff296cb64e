"""List endpoints: the number of queries does not grow with the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.treatments.conftest import RESOURCES, records_of, url

pytestmark = pytest.mark.django_db


def _count_queries(client, resource: str, page_size: int) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(resource), {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(ctx.captured_queries)


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_queries_do_not_grow_with_page_size(
    admin_api, therapist, resource: str, django_assert_max_num_queries
) -> None:  # noqa: ANN001
    from tests.factories.patients import PatientFactory

    for _ in range(12):
        records_of(PatientFactory(), therapist)
    small = _count_queries(admin_api, resource, 2)
    with django_assert_max_num_queries(small):
        response = admin_api.get(url(resource), {"page_size": 12})
    assert len(response.json()["results"]) == 12
