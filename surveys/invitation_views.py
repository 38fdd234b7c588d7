"""Staff pages of one parent's invitation: the printable letter and the link sent by e-mail,
both in the family's language when the questionnaire is translated into it."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from courses.selectors import course_get_for_user_or_404
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.pdf import PdfRenderTimeout, render_pdf
from surveys import qr, selectors, services
from surveys.access import COURSE_STAFF
from surveys.forms import InvitationEmailForm
from surveys.language_choice import interface_for, letter_language, questionnaire_in_language
from surveys.languages import language_get
from surveys.models import Invitation
from surveys.views import _private


@roles_required(*COURSE_STAFF)
def invitation_letter(request, pk: int, guardian_pk: int):
    """The printable letter for one guardian: each questionnaire's link and QR code, no names."""
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    guardian = get_object_or_404(course.family.guardians, pk=guardian_pk)
    invitations = [
        invitation
        for invitation in selectors.invitations_for_course(course=course)
        if invitation.guardian_id == guardian.pk and invitation.status == Invitation.Status.OPEN
    ]
    if not invitations:
        messages.error(request, _("The parent has no invitation that can still be answered."))
        return redirect("course_detail", pk=course.pk)
    audit_event_record(
        actor=request.user,
        action=Action.DOWNLOAD,
        object_type="invitation_letter",
        object_id=course.pk,
        subject=guardian,
        municipality=course.municipality,
    )
    language = letter_language(invitation=invitations[0])  # one family, one language
    ui = interface_for(questionnaire=invitations[0].questionnaire, municipality=course.municipality, code=language)
    letters = []
    for invitation in invitations:
        link = qr.survey_link(invitation.token)
        questionnaire = questionnaire_in_language(
            invitation.questionnaire, municipality=course.municipality, code=language
        )
        letters.append(
            {
                "title": questionnaire.title,
                "link": link,
                "qr": qr.qr_code(link),
                "personal": ui.text("letter_personal", date=ui.date(invitation.expires_at)),
            }
        )
    try:
        with translation.override(ui.gettext_language):
            pdf = render_pdf(
                "surveys/letter.html",
                {
                    "letters": letters,
                    "language": language,
                    "direction": language_get(language).direction,
                    "ui": ui,
                    "municipality": course.municipality,
                    "municipality_name": course.municipality.authority_name,
                    "title": ui.text("letter_title"),
                },
                time_limit=settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST,
            )
    except PdfRenderTimeout:
        messages.error(request, _("The letter could not be made in time. Try again in a moment."))
        return redirect("course_detail", pk=course.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="brev-spoergeskema.pdf"'
    return _private(response)


@roles_required(*COURSE_STAFF)
def invitation_email(request, pk: int, invitation_pk: int):
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    invitation = get_object_or_404(course.invitations.select_related("guardian", "course"), pk=invitation_pk)
    form = InvitationEmailForm(request.POST or None, initial={"email": invitation.guardian.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_email_send(
                acting_user=request.user, invitation=invitation, email=form.cleaned_data["email"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The link has been sent by e-mail."))
            return redirect("course_detail", pk=course.pk)
    audit_event_record(  # the page shows the parent's name and e-mail address
        actor=request.user,
        action=Action.VIEW,
        object_type="invitation",
        object_id=invitation.pk,
        subject=invitation.guardian,
        municipality=course.municipality,
    )
    return render(request, "surveys/invitation_email.html", {"form": form, "course": course, "invitation": invitation})
