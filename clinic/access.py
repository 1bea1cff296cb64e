"""Who may do what: the role table of API.md, in one place that every app uses.

The API checks it through clinic.api.permissions.RoleAccess; the Django admin gets the model
permissions derived from it (`sync_role_permissions`, run after every migrate).
"""

from __future__ import annotations

from enum import IntEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from clinic.roles import ALL_ROLES, PATIENT, PHYSICIAN, RECEPTION, THERAPIST, is_admin, user_roles


class Access(IntEnum):
    NONE = 0
    READ = 1
    WRITE = 2


NONE, READ, WRITE = Access.NONE, Access.READ, Access.WRITE

# resource -> role -> access. Patients only ever reach their own rows (see module doc).
ACCESS: dict[str, dict[str, Access]] = {
    # demographics, contact, consent
    "patients": {RECEPTION: WRITE, PHYSICIAN: WRITE, THERAPIST: READ, PATIENT: READ},
    # the patient's own contact preferences (me/preferences/)
    "preferences": {RECEPTION: NONE, PHYSICIAN: NONE, THERAPIST: NONE, PATIENT: WRITE},
    # appointments and availability; patients book and cancel their own
    "appointments": {RECEPTION: WRITE, PHYSICIAN: WRITE, THERAPIST: READ, PATIENT: WRITE},
    # locations, practitioners, appointment types: everybody reads, administrators write
    "reference": {RECEPTION: READ, PHYSICIAN: READ, THERAPIST: READ, PATIENT: READ},
    # diagnoses, braces, rest periods, medications
    "clinical": {RECEPTION: NONE, PHYSICIAN: WRITE, THERAPIST: READ, PATIENT: READ},
    # imaging orders: reception reaches only orders without results, to schedule them
    "imaging": {RECEPTION: WRITE, PHYSICIAN: WRITE, THERAPIST: READ, PATIENT: READ},
    # pt-sessions and outcome measures: therapists write their own sessions
    "therapy": {RECEPTION: NONE, PHYSICIAN: READ, THERAPIST: WRITE, PATIENT: READ},
    "reminders": {RECEPTION: READ, PHYSICIAN: READ, THERAPIST: READ, PATIENT: READ},
}


def access_level(user: AbstractBaseUser | AnonymousUser, resource: str) -> Access:
    """The best access any of the user's roles grants on `resource`."""
    if is_admin(user):
        return WRITE
    table = ACCESS[resource]
    return max((table.get(role, NONE) for role in user_roles(user)), default=NONE)


# resource -> the models behind it ("app_label.model"), for the admin's model permissions.
# Apps add their models here when they add a model to a resource.
RESOURCE_MODELS: dict[str, tuple[str, ...]] = {
    "patients": ("patients.patient",),
    "preferences": (),
    "appointments": (
        "scheduling.appointment",
        "scheduling.workinghours",
        "scheduling.timeoff",
        "scheduling.locationdayview",
    ),
    "reference": (
        "scheduling.location",
        "scheduling.practitioner",
        "scheduling.appointmenttype",
        "scheduling.room",
    ),
    "clinical": (
        "treatments.diagnosis",
        "treatments.braceprescription",
        "treatments.restperiod",
        "treatments.medication",
    ),
    "imaging": ("treatments.imagingorder",),
    "therapy": ("treatments.ptsession", "treatments.outcomemeasure"),
    "reminders": ("scheduling.reminder",),
}


def admin_permissions_for(role: str) -> set[str]:
    """Model permission codenames ("patients.view_patient") a role gets in the admin.

    Patients never use the admin. Staff get view for READ and view/add/change for WRITE;
    nothing clinical is deleted (records are archived or amended, with history).
    """
    if role == PATIENT:
        return set()
    granted: set[str] = set()
    for resource, models in RESOURCE_MODELS.items():
        level = ACCESS[resource].get(role, NONE)
        actions = {READ: ("view",), WRITE: ("view", "add", "change")}.get(level, ())
        for label in models:
            app_label, model = label.split(".")
            granted.update(f"{app_label}.{action}_{model}" for action in actions)
    return granted


def sync_role_permissions() -> None:
    """Give each role group exactly the admin permissions the table grants."""
    from django.contrib.auth.models import Group, Permission

    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = admin_permissions_for(role)
        perms = [
            perm
            for perm in Permission.objects.select_related("content_type")
            if f"{perm.content_type.app_label}.{perm.codename}" in wanted
        ]
        group.permissions.set(perms)
