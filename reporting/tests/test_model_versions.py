"""A report says which version(s) of each municipality's model were in force in its period, and
marks a version that deviates from the national model (issue 14)."""

from datetime import date

import pytest
from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from hjemmepaed.variants.models import Variant
from reporting.exports import pdf_context
from reporting.tests.factories import ready_report

pytestmark = pytest.mark.django_db


def test_the_report_page_and_pdf_name_the_versions_and_the_deviation(client, municipality):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    Variant.objects.create(municipality=municipality, valid_from=date(2024, 1, 1), preset="thisted")
    Variant.objects.create(
        municipality=municipality,
        valid_from=date(2025, 6, 1),
        max_weeks=52,
        deviation_reason="Forløbene følger dagtilbudsåret",
    )
    report = ready_report(user=manager, municipalities=[municipality])
    client.force_login(manager)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "fra 01.01.2024, bygger på Thisted" in page
    assert "fra 01.06.2025, bygger på Den nationale model" in page
    assert "afviger fra den nationale model: Forløbene følger dagtilbudsåret" in page
    versions = pdf_context(report)["model_versions"][municipality]
    assert [v.deviates_from_national for v in versions] == [False, True]


def test_a_municipality_without_versions_ran_the_national_model(client, municipality):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    report = ready_report(user=manager, municipalities=[municipality])
    client.force_login(manager)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "den nationale model" in page and "afviger" not in page
