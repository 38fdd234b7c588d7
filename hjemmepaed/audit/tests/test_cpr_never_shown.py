"""A CPR number shows in full only on the deliberate, audited reveal; nowhere else."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import ALL_ROLES
from hjemmepaed.tests.test_access_matrix import CASES, world  # noqa: F401  (the fixture)
from visitation.services import ChildData
from visitation.tests.factories import course_started

pytestmark = pytest.mark.django_db


@pytest.fixture
def cpr_course(world):
    born = timezone.localdate() - timedelta(days=250)
    digits = f"{born:%d%m%y}4987"
    course = course_started(
        coordinator=world.users[Role.COORDINATOR],
        educator=world.users[Role.HOME_EDUCATOR],
        children=[ChildData(name="Ida Holm", birth_date=born, cpr=digits)],
    )
    # The matrix's own course is this one, so every page it visits is about the child with the number.
    world.objects["course"]["own"] = course
    return course, digits


def _pdf_text(content: bytes) -> str:
    import io

    import pypdf  # noqa: PLC0415

    try:
        return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    except pypdf.errors.PdfReadError:  # a test report's stand-in file: its bytes are checked as they are
        return ""


@pytest.mark.parametrize("role", ALL_ROLES)
def test_no_page_or_file_the_matrix_opens_shows_the_full_cpr(client, world, cpr_course, caplog, role):
    """Every page and file of the matrix that the role may open, as that role (logged in once:
    one test per role, which xdist's workers can share)."""
    course, digits = cpr_course
    last_four = digits[6:]
    caplog.set_level(logging.DEBUG)
    client.force_login(world.users[role])
    opened = 0
    for case in CASES:
        if role not in case.roles:
            continue
        url = case.url(world, "own")
        assert digits not in url
        response = client.get(url)
        # The one login holds for every page: none sends the role back to the login.
        assert not response.get("Location", "").startswith("/log-ind/"), case.url_name
        opened += 1
        # A download streamed from the storage (a report's PDF) is read whole too.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.get("Content-Type") == "application/pdf":
            body += _pdf_text(body).encode()
        assert digits.encode() not in body and f"{digits[:6]}-{last_four}".encode() not in body, (
            case.url_name,
            role,
        )
        for header, value in response.items():
            assert digits not in value, (case.url_name, header)
    assert opened, f"{role} may open no page of the matrix"
    assert digits not in caplog.text


def test_the_reveal_is_a_post_with_a_purpose_and_one_audit_event(client, world, cpr_course, caplog):
    course, digits = cpr_course
    child = course.family.children.get()
    client.force_login(world.users[Role.COORDINATOR])
    url = reverse("child_cpr_reveal", args=[course.pk, child.pk])
    page = client.get(url).content.decode()
    assert digits not in page and f"{digits[:6]}-XXXX" in page
    caplog.set_level(logging.DEBUG)
    before = AuditEvent.objects.count()
    response = client.post(url, {"purpose": "Underretning til familieafdelingen"})
    assert f"{digits[:6]}-{digits[6:]}" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert (event.action, event.object_type, event.subject_type, event.criterion) == (
        "view",
        "child_cpr",
        "child",
        "Underretning til familieafdelingen",
    )
    assert digits not in event.criterion and digits not in caplog.text
    assert not AuditEvent.objects.filter(criterion__contains=digits).exists()


def test_without_a_purpose_the_number_stays_hidden(client, world, cpr_course):
    course, digits = cpr_course
    child = course.family.children.get()
    client.force_login(world.users[Role.COORDINATOR])
    response = client.post(reverse("child_cpr_reveal", args=[course.pk, child.pk]), {"purpose": " "})
    assert digits not in response.content.decode()
    assert not AuditEvent.objects.filter(object_type="child_cpr").exists()
