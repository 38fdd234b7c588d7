"""Many rows of one table in one statement (`hjemmepaed.bulk.rows_insert`), as the sheet import
writes them: each row as `bulk_create` would make it, ids in the rows' order."""

import pytest

from hjemmepaed.bulk import rows_insert
from hjemmepaed.organisation.models import Daycare


def test_the_rows_are_as_bulk_create_makes_them_with_their_ids_in_order(municipality):
    ids = rows_insert(
        Daycare,
        count=3,
        columns={"name": ["Solsikken", "Mælkebøtten", "Æblehaven"], "kind": ["nursery", "kindergarten", "nursery"]},
        same={"municipality": municipality.pk},
        ids=True,
    )

    assert ids == sorted(ids)
    made = {daycare.pk: daycare for daycare in Daycare.objects.filter(pk__in=ids)}
    assert [(made[pk].name, made[pk].kind, made[pk].municipality) for pk in ids] == [
        ("Solsikken", "nursery", municipality),
        ("Mælkebøtten", "kindergarten", municipality),
        ("Æblehaven", "nursery", municipality),
    ]
    assert all(daycare.is_active for daycare in made.values())  # the field's default, as a row made without it


@pytest.mark.parametrize("count", [2, 200])
def test_one_table_is_written_in_the_same_few_statements_however_many_rows(municipality, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ids_wanted:
        rows_insert(
            Daycare,
            count=count,
            columns={"name": [f"Stue {n}" for n in range(count)]},
            same={"municipality": municipality.pk, "kind": "nursery"},
            ids=True,
        )
    with CaptureQueriesContext(connection) as no_ids:
        rows_insert(
            Daycare,
            count=count,
            columns={"name": [f"Hus {n}" for n in range(count)]},
            same={"municipality": municipality.pk, "kind": "nursery"},
        )

    if connection.vendor == "postgresql":
        assert (len(ids_wanted), len(no_ids)) == (2, 1)  # the ids from the sequence, the rows
    else:
        assert len(no_ids) == 1  # one executemany; with ids, bulk_create's batches
    assert Daycare.objects.filter(municipality=municipality).count() == 2 * count


def test_no_rows_write_nothing(municipality, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rows_insert(Daycare, count=0, columns={"name": []}, same={"municipality": municipality.pk}) == []


def test_a_list_of_the_wrong_length_is_refused(municipality):
    with pytest.raises(ValueError):
        rows_insert(Daycare, count=2, columns={"name": ["Solsikken"]}, same={"municipality": municipality.pk})
    assert not Daycare.objects.exists()
