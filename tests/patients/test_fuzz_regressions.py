"""Patient inputs found by fuzzing that once answered a wrong status."""

from __future__ import annotations

import pytest

from tests.factories.patients import PatientFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/patients/"


def test_archived_flag_that_is_not_a_boolean_is_400(reception_api) -> None:  # noqa: ANN001
    response = reception_api.get(URL, {"archived": "maybe"})
    assert response.status_code == 400
    assert list(response.json()) == ["archived"]


@pytest.mark.parametrize(("word", "archived"), [("true", True), ("1", True), ("false", False)])
def test_archived_flag_words(reception_api, word: str, archived: bool) -> None:  # noqa: ANN001
    active, gone = PatientFactory(), PatientFactory()
    reception_api.delete(f"{URL}{gone.pk}/")
    ids = [row["id"] for row in reception_api.get(URL, {"archived": word}).json()["results"]]
    assert ids == [gone.pk if archived else active.pk]
