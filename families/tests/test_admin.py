"""The administrator adds a consent text version; a stored version cannot be changed."""

import pytest

from families.models import ConsentText
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role

pytestmark = pytest.mark.django_db


def test_a_new_version_can_be_added_but_a_stored_one_not_changed(client):
    client.force_login(user_for_role(Role.ADMINISTRATOR))
    stored = ConsentText.objects.get(scope="share_with_daycare", version=1)
    response = client.post(
        "/admin/families/consenttext/add/",
        {"scope": "share_with_daycare", "version": 2, "valid_from": "2027-01-01", "text": "Ny ordlyd."},
    )
    assert response.status_code == 302
    assert ConsentText.objects.filter(scope="share_with_daycare", version=2).exists()
    response = client.post(
        f"/admin/families/consenttext/{stored.pk}/change/",
        {"scope": "share_with_daycare", "version": 1, "valid_from": "2020-01-01", "text": "Ændret."},
    )
    assert response.status_code == 403
    stored.refresh_from_db()
    assert stored.text.startswith("Jeg giver samtykke til")
