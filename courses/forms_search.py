"""The search box: one field, read by `courses.selectors_search.course_search_parse`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.selectors_search import CourseSearch, course_search_parse
from hjemmepaed.errors import DomainError, domain_error_to_form


class CourseSearchForm(forms.Form):
    # Not required: an empty search gets the parser's message, which says what to type.
    text = forms.CharField(
        label=_("Name, CPR number or course number"),
        help_text=_("Part of a parent's or a child's name, a CPR number (ddmmyy-xxxx) or a course number."),
        max_length=150,
        required=False,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if "text" in cleaned:
            try:
                cleaned["search"] = course_search_parse(cleaned["text"])
            except DomainError as error:
                domain_error_to_form(self, error)
        return cleaned

    @property
    def search(self) -> CourseSearch:
        return self.cleaned_data["search"]
