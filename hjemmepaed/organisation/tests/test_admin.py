"""The administration's changes to staff accounts are audit events: who changed which account
and which fields (never a password), as on the staff pages."""

import re

import pytest
from django.contrib.admin.widgets import AdminSplitDateTime

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role, User
from hjemmepaed.organisation.tests.factories import PASSWORD, user_for_role

pytestmark = pytest.mark.django_db


def _staff(role, municipality):
    return user_for_role(role, municipality=municipality)


def _change_url(person) -> str:
    return f"/admin/organisation/user/{person.pk}/change/"


def _form_as_posted(client, url) -> dict:
    """What the browser posts for the admin's form as it opens, unchanged."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    html = page.content.decode()
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, AdminSplitDateTime):  # as the page shows it
            for part in (f"{name}_0", f"{name}_1"):
                shown = re.search(rf'name="{part}"(?: value="([^"]*)")?', html)
                data[part] = (shown.group(1) or "") if shown else ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "" if value is None else str(value)
    # A field with a callable default (date_joined) posts its initial value too, hidden.
    data.update(re.findall(r'<input type="hidden" name="(initial-[^"]+)" value="([^"]*)"', html))
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
    return data


@pytest.fixture
def administrator(client):
    user = user_for_role(Role.ADMINISTRATOR, is_staff=True)
    client.force_login(user)
    return user


def _events_about(person):
    return list(AuditEvent.objects.filter(object_type="staff_user", object_id=str(person.pk)).order_by("pk"))


def test_moving_an_account_to_another_municipality_and_role_is_audited_in_both(
    client, administrator, municipality, other_municipality
):
    person = _staff(Role.HOME_EDUCATOR, municipality)
    data = _form_as_posted(client, _change_url(person))
    data.update(municipality=str(other_municipality.pk), role=Role.COORDINATOR, profession="", anchoring="")
    response = client.post(_change_url(person), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert (person.municipality, person.role) == (other_municipality, Role.COORDINATOR)
    events = _events_about(person)
    assert {event.municipality_id for event in events} == {municipality.pk, other_municipality.pk}
    for event in events:
        assert (event.actor, event.action) == (administrator, "update")
        assert "in the administration" in event.criterion
        assert "role home_educator -> coordinator" in event.criterion
        assert f"municipality {municipality.code} -> {other_municipality.code}" in event.criterion


def test_deactivating_in_the_administration_is_audited(client, administrator, municipality):
    person = _staff(Role.COORDINATOR, municipality)
    data = _form_as_posted(client, _change_url(person))
    del data["is_active"]
    assert client.post(_change_url(person), data).status_code == 302
    [event] = _events_about(person)
    assert (event.actor, event.municipality) == (administrator, municipality)
    assert event.criterion == "changed in the administration: is_active"


def test_a_new_password_set_in_the_administration_is_audited_without_the_password(client, administrator, municipality):
    person = _staff(Role.COORDINATOR, municipality)
    url = f"/admin/organisation/user/{person.pk}/password/"
    new_password = "Et-helt-nyt-kodeord-2026"
    response = client.post(url, {"password1": new_password, "password2": new_password, "set_usable_password": "true"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)
    [event] = _events_about(person)
    assert (event.actor, event.action, event.municipality) == (administrator, "update", municipality)
    assert event.criterion == "changed in the administration: password"
    assert new_password not in str(AuditEvent.objects.values_list())
    assert person.password not in str(AuditEvent.objects.values_list())


def test_an_account_created_in_the_administration_is_audited_without_the_password(client, administrator, municipality):
    data = {
        "username": "ny-koordinator",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "usable_password": "true",
        "role": Role.COORDINATOR,
        "municipality": str(municipality.pk),
        "staffrole_set-TOTAL_FORMS": "0",
        "staffrole_set-INITIAL_FORMS": "0",
    }
    add_page = client.get("/admin/organisation/user/add/")
    for inline in add_page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
    response = client.post("/admin/organisation/user/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(username="ny-koordinator")
    [event] = _events_about(person)
    assert (event.actor, event.action, event.municipality) == (administrator, "create", municipality)
    assert event.criterion.startswith("created in the administration: ")
    assert "password" in event.criterion and PASSWORD not in event.criterion


def test_an_unchanged_save_writes_nothing(client, administrator, municipality):
    person = _staff(Role.COORDINATOR, municipality)
    assert client.post(_change_url(person), _form_as_posted(client, _change_url(person))).status_code == 302
    assert _events_about(person) == []
