from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hjemmepaed.ui.widgets import DateInput


class Decision:
    APPROVE = "approve"
    WAITLIST = "waitlist"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    CHOICES = [
        (APPROVE, _("Approve and assign home educator")),
        (WAITLIST, _("Approve and place on the waiting list")),
        (REJECT, _("Reject")),
        (WITHDRAW, _("The referral is withdrawn")),
    ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.CHOICES, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Decision date"), widget=DateInput(), help_text=_("The visitation date."))
    primary_educator = forms.ModelChoiceField(
        label=_("Primary home educator"), queryset=None, required=False,
        help_text=_("Required when you approve."),
    )
    second_educator = forms.ModelChoiceField(
        label=_("Second home educator"), queryset=None, required=False,
        help_text=_("E.g. a health visitor working in a pair."),
    )
    position = forms.IntegerField(label=_("Position on the waiting list"), min_value=1, required=False)
    justification = forms.CharField(
        label=_("Justification for approving outside the target group"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("Required when the family has § 52 measures or a complexity that is not low."),
    )
    reason = forms.CharField(
        label=_("Reason for rejection or withdrawal"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("Required when you reject or the referral is withdrawn."),
    )

    def __init__(self, *args, educators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        for name in ("primary_educator", "second_educator"):
            self.fields[name].queryset = educators
            self.fields[name].empty_label = _("Choose home educator")

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.APPROVE and not data.get("primary_educator"):
            self.add_error("primary_educator", _("Choose the primary home educator."))
        if data.get("decision") == Decision.WAITLIST and not data.get("position"):
            self.add_error("position", _("Give the family's position on the waiting list."))
        return data
