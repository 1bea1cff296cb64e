"""Patient search (`?search=` and the admin search) over 100,000 patients.

Fills the benchmark database with patients (bulk insert, only the missing ones), then times the
selector's query for typical receptionist searches: a surname, a partial first name, a phone
fragment, an MRN, an email fragment, and the first page of the API list for a surname.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from bench.setup import django_setup, report, timed

TARGET = 100_000
FIRST = [
    "Ava",
    "Liam",
    "Maya",
    "Noah",
    "Grace",
    "Arthur",
    "Sofia",
    "Hiro",
    "Chloe",
    "Ethan",
    "Olivia",
    "Lucas",
    "Amelia",
    "Mateo",
    "Isla",
    "Leo",
    "Zara",
    "Owen",
    "Nora",
    "Felix",
]
LAST = [
    "Chen",
    "Singh",
    "Martinez",
    "Thompson",
    "Wilson",
    "Rossi",
    "Tanaka",
    "Dubois",
    "Gagnon",
    "Brooks",
    "Okafor",
    "Kowalski",
    "Nguyen",
    "Haddad",
    "Larsen",
    "Moreau",
    "Ivanova",
    "Fernandes",
    "O'Neil",
    "Whitehorse",
]


def fill(count: int) -> None:
    from tqdm import tqdm

    from patients.models import Patient
    from patients.services import mrn_generate

    have = Patient.objects.count()
    rng = random.Random(7)
    missing = max(0, count - have)
    with tqdm(total=missing, desc="patients", unit="row") as bar:
        while missing > 0:
            batch = []
            for _ in range(min(5000, missing)):
                first, last = rng.choice(FIRST), rng.choice(LAST) + str(rng.randint(1, 400))
                batch.append(
                    Patient(
                        mrn=mrn_generate(),
                        first_name=first,
                        last_name=last,
                        date_of_birth=dt.date(1930, 1, 1)
                        + dt.timedelta(days=rng.randint(0, 30000)),
                        email=f"{first}.{last}{rng.randint(1, 9999)}@example.com".lower(),
                        phone=f"+1604{rng.randint(2000000, 9999999)}",
                        timezone="America/Vancouver",
                    )
                )
            Patient.objects.bulk_create(batch, ignore_conflicts=True)
            missing -= len(batch)
            bar.update(len(batch))


def main() -> None:
    django_setup()
    from django.db import connection

    from patients.models import Patient
    from patients.selectors import patient_search

    start = time.perf_counter()
    fill(TARGET)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE patients_patient")
    total = Patient.objects.count()
    print(f"patients in table: {total} (filled in {time.perf_counter() - start:.1f} s)")
    sample = Patient.objects.order_by("?").first()
    searches = {
        "surname 'Tanaka17'": "Tanaka17",
        "partial first name 'amel'": "amel",
        "two words 'Chloe Rossi'": "Chloe Rossi",
        "phone fragment": sample.phone[-7:],
        "mrn": sample.mrn,
        "email fragment": sample.email.split("@")[0],
    }
    for label, term in searches.items():
        queryset = patient_search(Patient.objects.active(), term)
        report(f"search {label} (first page of 25)", timed(lambda q=queryset: list(q[:25])))
    queryset = patient_search(Patient.objects.active(), "Tanaka17")
    report("search 'Tanaka17' with COUNT(*)", timed(lambda q=queryset: q.count()))


if __name__ == "__main__":
    main()
