"""A norm set loaded from CSV: refused in Danish when its bands leave gaps or overlap or the file
is not such a table; loaded whole, for the coordinator's municipality, and then chosen."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from sdq.models import NormCutoff, NormSet
from sdq.selectors import measurement_results, norm_set_list_visible_to
from sdq.services import municipality_norm_set_choose, norm_set_import
from sdq.tests.factories import course_with_toddler, measurement

pytestmark = pytest.mark.django_db

HEADER = "informant;version;sex;age_from_months;age_to_months;scale;close_to_average;slightly_raised;high;very_high"
SOURCE = "Arnfred m.fl., Danish norms for the SDQ, Dan Med J 2019;66(6):A5546, tabel 2"


def csv(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def load(user, content: bytes, name="Danske normer 2–4 år"):
    return norm_set_import(acting_user=user, name=name, source=SOURCE, content=content)


def refusal(user, content: bytes) -> str:
    with pytest.raises(DomainError) as refused:
        load(user, content)
    assert not NormSet.objects.filter(name="Danske normer 2–4 år").exists()  # nothing of it is kept
    return refused.value.message


def test_a_norm_set_is_loaded_whole_for_the_coordinator_s_municipality(coordinator, municipality):
    norm_set = load(
        coordinator,
        csv(
            "parent;2_4;;24;47;total;0-10;11-13;14-16;17-40",
            "parent;2_4;pige;24;47;total;0-9;10-12;13-15;16-40",
            "forælder;2-4;;24;47;prosocial;8-10;7;6;0-5",
            "staff;2_4;;;;impact;0;1;2-6;",  # three bands: the fourth left empty
        ),
    )
    assert norm_set.municipality == municipality and norm_set.source == SOURCE
    assert norm_set.cutoffs.count() == 4 + 4 + 4 + 3
    girl = norm_set.cutoffs.filter(sex="girl", scale="total").order_by("lowest")
    assert [(c.band, c.lowest, c.highest) for c in girl][-1] == ("very_high", 16, 40)
    assert norm_set.cutoffs.get(informant="staff", band="high").highest == 6
    event = AuditEvent.objects.get(object_type="sdq_norm_set")
    assert (event.action, event.object_id, event.criterion) == ("create", str(norm_set.pk), "15 cut-offs")


def test_bands_that_leave_a_gap_are_refused_naming_the_row_and_scale(coordinator):
    message = refusal(coordinator, csv("parent;2_4;;;;total;0-12;13-15;17-18;19-40"))
    assert message == "Række 2 (Samlet problemscore): båndene efterlader et hul: intet bånd har scorerne 16–16."
    message = refusal(coordinator, csv("parent;2_4;;;;emotional;1-2;3;4;5-10"))
    assert message.startswith("Række 2 (Følelsesmæssige symptomer): båndene efterlader et hul")
    # not up to the scale's highest score (10)
    message = refusal(coordinator, csv("parent;2_4;;;;total;0-12;13-15;16-18;19-40", "staff;2_4;;;;peer;0-2;3;4;5-9"))
    assert message == (
        "Række 3 (Vanskeligheder i forhold til jævnaldrende): båndene efterlader et hul: intet bånd har scorerne 10–10."
    )


def test_bands_that_overlap_are_refused_naming_the_row_and_scale(coordinator):
    message = refusal(coordinator, csv("parent;2_4;;;;total;0-12;12-15;16-18;19-40"))
    assert message == (
        "Række 2 (Samlet problemscore): båndene overlapper: “Let forhøjet” (12–15) begynder i eller under båndet før."
    )
    # prosocial runs the other way: close to average is the highest scores
    message = refusal(coordinator, csv("parent;2_4;;;;prosocial;7-10;5-6;5;0-4"))
    assert message.startswith("Række 2 (Sociale styrkesider): båndene overlapper")
    message = refusal(coordinator, csv("parent;2_4;;;;conduct;0-3;4;5;6-12"))
    assert message == "Række 2 (Adfærdsmæssige symptomer): båndene går over 10, skalaens højeste score."


def test_two_rows_for_the_same_children_are_refused(coordinator):
    message = refusal(
        coordinator,
        csv("parent;2_4;;24;35;total;0-12;13-15;16-18;19-40", "parent;2_4;;30;47;total;0-11;12-15;16-18;19-40"),
    )
    assert message == (
        "Række 3 (Samlet problemscore) overlapper række 2: samme besvarer, udgave, køn og skala for overlappende aldre."
    )


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", "Filen er tom."),
        (b"\xff\xfe\x00garbage", "Filen er ikke en CSV-fil i UTF-8."),
        (b"a;b;c\n1;2;3", "Den første række skal navngive kolonnerne"),
        (csv(), "Filen har ingen grænseværdier under sin første række."),
        (csv("parent;2_4;;;;total;0-12;13-15"), "Række 2 har 8 kolonner; den første række navngiver 10."),
        (csv("parent;2_4;;;;total;0-12;13-15;16-18;1e1000000"), "Række 2 (Samlet problemscore): “1e1000000” for"),
        (csv("parent;2_4;;;;total;0-12;15-13;16-18;19-40"), "“Let forhøjet” går fra 15 ned til 13"),
        (csv("teacher;2_4;;;;total;0-12;13-15;16-18;19-40"), "Række 2: “teacher” er ikke en gyldig informant"),
        (csv("parent;2_4;;;;total;" + "0" * 41 + ";13-15;16-18;19-40"), "Række 2 har en celle på mere end 40 tegn."),
        (
            csv("parent;2_4;;48;24;total;0-12;13-15;16-18;19-40"),
            "Række 2: aldersintervallet slutter, før det begynder.",
        ),
        (csv("parent;2_4;;-1;;total;0-12;13-15;16-18;19-40"), "Række 2: en alder er et antal måneder fra 0 til 216."),
        (b'"parent;2_4\n', "Filen er ikke en læsbar CSV-fil."),
        (csv(*["parent;2_4;;;;total;0-12;13-15;16-18;19-40"] * 2001), "Filen har mere end 2000 rækker."),
        (b"x" * (256 * 1024 + 1), "Filen er større end 256 KB."),
    ],
)
def test_a_malformed_file_is_refused_in_danish(coordinator, content, expected):
    assert expected in refusal(coordinator, content)


def test_name_and_source_are_required_and_the_name_unique(coordinator):
    good = csv("parent;2_4;;;;total;0-12;13-15;16-18;19-40")
    with pytest.raises(DomainError, match="Giv normsættet et navn."):
        load(coordinator, good, name="  ")
    with pytest.raises(DomainError, match="Skriv, hvor normerne er offentliggjort"):
        norm_set_import(acting_user=coordinator, name="X", source=" ", content=good)
    with pytest.raises(DomainError, match="Der findes allerede et normsæt med det navn"):
        load(coordinator, good, name="uk fire-bånds-inddeling (sdqinfo.org), 4–17 år")


def test_only_a_coordinator_or_the_administrator_loads_norms(municipality):
    good = csv("parent;2_4;;;;total;0-12;13-15;16-18;19-40")
    with pytest.raises(DomainError, match="Kun en tovholder eller administratoren kan indlæse et normsæt."):
        load(user_for_role(Role.MANAGER, municipality=municipality), good)
    shared = load(user_for_role(Role.ADMINISTRATOR), good)
    assert shared.municipality is None


def test_a_municipality_s_norms_are_its_own_and_the_administrator_s_are_everyone_s(coordinator):
    good = csv("parent;2_4;;;;total;0-12;13-15;16-18;19-40")
    own = load(coordinator, good)
    shared = load(user_for_role(Role.ADMINISTRATOR), good, name="Fælles normer")
    other = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory(name="Thisted", code="787"))
    assert own in norm_set_list_visible_to(user=coordinator)
    assert own not in norm_set_list_visible_to(user=other)
    assert shared in norm_set_list_visible_to(user=other)
    with pytest.raises(DomainError, match="Det normsæt er indlæst af en anden kommune."):
        municipality_norm_set_choose(acting_user=other, norm_set=own)


def test_sex_specific_rows_band_a_child_whose_sex_is_recorded(coordinator):
    from families.services import child_sex_set

    norm_set = load(
        coordinator,
        csv("parent;2_4;;;;total;0-12;13-15;16-18;19-40", "parent;2_4;girl;;;total;0-10;11-13;14-20;21-40"),
    )
    municipality_norm_set_choose(acting_user=coordinator, norm_set=norm_set)
    course = course_with_toddler(coordinator=coordinator)
    m = measurement(course=course)  # total 20

    def total():
        m.refresh_from_db()
        return next(s.band for s in measurement_results(measurement=m).scales if s.scale == "total")

    assert total() == "very_high"  # sex not stated: the rows for both sexes
    child_sex_set(acting_user=coordinator, course=course, child=m.child, sex="girl")
    assert total() == "high"  # the girls' row: 14–20
    m.child.refresh_from_db()
    child_sex_set(acting_user=coordinator, course=course, child=m.child, sex="girl")  # unchanged: no event
    # a boy has no rows of his own: the rows for both sexes
    child_sex_set(acting_user=coordinator, course=course, child=m.child, sex="boy")
    assert total() == "very_high"
    assert NormCutoff.objects.filter(norm_set=norm_set, sex="boy").count() == 0


def test_the_page_loads_a_file_and_shows_a_refusal_without_an_error_page(client, coordinator):
    client.force_login(coordinator)
    url = reverse("sdq_norm_set_import")
    page = client.get(url).content.decode()
    assert "Indlæs et normsæt fra CSV" in page
    bad = SimpleUploadedFile("normer.csv", csv("parent;2_4;;;;total;0-12;13-15;17-18;19-40"), "text/csv")
    response = client.post(url, {"name": "Danske normer", "source": SOURCE, "file": bad})
    assert response.status_code == 200
    assert escape("båndene efterlader et hul: intet bånd har scorerne 16–16") in response.content.decode()
    hostile = SimpleUploadedFile("normer.csv", b"\x00\xff" * 1000, "text/csv")
    response = client.post(url, {"name": "Danske normer", "source": SOURCE, "file": hostile})
    assert response.status_code == 200 and "Filen er ikke en CSV-fil i UTF-8." in response.content.decode()
    good = SimpleUploadedFile("normer.csv", csv("parent;2_4;;;;total;0-12;13-15;16-18;19-40"), "text/csv")
    response = client.post(url, {"name": "Danske normer", "source": SOURCE, "file": good})
    assert response.status_code == 302 and response["Location"] == reverse("sdq_norm_set_choose")
    page = client.get(response["Location"]).content.decode()
    assert "Normsættet “Danske normer” er indlæst." in page
    assert "Danske normer" in page and escape(SOURCE) in page  # offered for the municipality's choice
