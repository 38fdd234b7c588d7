"""The coordinator's filters over the municipality's courses (django-filter)."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Case, DateField, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.choices import RecruitedBy
from courses.models import Course, Phase
from courses.selectors import course_list_with_visits, course_list_with_warnings
from families.selectors import in_daycare_on


class CourseFilter(django_filters.FilterSet):
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=_("All phases"))
    educator = django_filters.ModelChoiceFilter(
        label=_("Home educator"), queryset=None, method="filter_educator", empty_label=_("All home educators")
    )
    daycare = django_filters.ModelChoiceFilter(
        label=_("Daycare"),
        queryset=None,
        method="filter_daycare",
        empty_label=_("All daycares"),
    )
    recruited_by = django_filters.ChoiceFilter(
        label=_("Recruited by"),
        choices=RecruitedBy.choices,
        field_name="referral__recruited_by",
        empty_label=_("All"),
    )
    week_from = django_filters.NumberFilter(
        label=_("In week … or later"),
        method="filter_week_from",
        min_value=1,
        max_value=60,
    )
    with_warnings = django_filters.BooleanFilter(
        label=_("Only courses with warnings"), method="filter_with_warnings", widget=forms.CheckboxInput
    )

    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("started_newest", _("Start date, newest first")),
            ("started_oldest", _("Start date, oldest first")),
            ("last_visit", _("Longest since the last visit first")),
        ],
        method="filter_sort",
        empty_label=_("Phase"),
    )

    class Meta:
        model = Course
        fields = ["phase", "educator", "daycare", "recruited_by", "week_from", "with_warnings", "sort"]

    def __init__(self, *args, educators, daycares, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices need an id and a name only: full rows (and their municipality) for 100
        # options were a quarter of the course list's time.
        self.filters["educator"].queryset = educators.select_related(None).only(
            "pk", "first_name", "last_name", "username"
        )
        self.filters["daycare"].queryset = daycares.select_related(None).only("pk", "name")

    def filter_educator(self, queryset, name, value):
        return queryset.filter(primary_educator=value) | queryset.filter(second_educator=value)

    def filter_daycare(self, queryset, name, value):
        # The daycare at the time: a closed course counts where the child went when it ended,
        # any other where she goes today (a change of daycare keeps the earlier ones' dates).
        on = Case(
            When(phase=Phase.CLOSED, end_date__isnull=False, then=F("end_date")),
            default=Value(timezone.localdate()),
            output_field=DateField(),
        )
        return queryset.alias(daycare_on=on).filter(in_daycare_on(daycare=value, on="daycare_on"))

    def filter_week_from(self, queryset, name, value):
        latest_start = timezone.localdate() - timedelta(weeks=int(value) - 1)
        return queryset.filter(phase=Phase.STARTED, start_date__lte=latest_start)

    def filter_sort(self, queryset, name, value):
        # Every order ends in the primary key, so that a course is on exactly one page.
        orders = {
            "started_newest": [F("start_date").desc(nulls_last=True), "-created_at", "-pk"],
            "started_oldest": [F("start_date").asc(nulls_last=True), "created_at", "pk"],
            "last_visit": [F("last_visit").asc(nulls_first=True), F("start_date").asc(nulls_last=True), "pk"],
        }
        if value == "last_visit":
            queryset = course_list_with_visits(courses=queryset)
        return queryset.order_by(*orders[value])

    def filter_with_warnings(self, queryset, name, value):
        # The same rules as the rows' warnings (courses.selectors.course_rows), in SQL, so the
        # page is cut after the filter.
        return course_list_with_warnings(courses=queryset) if value else queryset
