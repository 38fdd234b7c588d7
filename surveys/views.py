import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hjemmepaed.access import public, roles_required
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role
from hjemmepaed.ratelimits import survey_post_limited
from surveys import qr, selectors, services, translation_services
from surveys.engine import Walk
from surveys.forms import PageForm, QuestionnaireChoiceForm
from surveys.interface import Interface
from surveys.language_choice import (
    interface_for,
    language_chosen,
    languages_offered,
    letter_language,
    questionnaire_in_language,
    walk_in_language,
)
from surveys.languages import LANGUAGES, SOURCE, Language
from surveys.models import Invitation, OpenLink

# What Django raises when the database cannot be reached or drops the connection.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------- the parent's pages (public)


@dataclass
class Answering:
    """Who is answering what: resolved from the token in the link."""

    walk: Walk
    draft_key: str
    invitation: Invitation | None = None
    open_link: OpenLink | None = None
    # The open link's draft is bound to a cookie of its own that outlives the browser session
    # (SURVEY_OPEN_DRAFT_DAYS): (its name, the draft's token) to send again with the page.
    draft_cookie: tuple[str, str] | None = None
    # The language the parent reads (`_in_language`), and the ones she may choose on the first page.
    language: Language = LANGUAGES[SOURCE]
    languages: list[Language] | None = None

    @property
    def municipality(self):
        return self.invitation.course.municipality if self.invitation else self.open_link.municipality


def _private(response):
    """The parent's pages: never cached, never indexed, the token never sent to another site as a referrer (same-origin keeps the Origin header CSRF checks need)."""
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def _unavailable(request):
    """Unknown, expired and cancelled links look exactly the same."""
    return _private(render(request, "surveys/unavailable.html", status=404))


def _answering(request, token: str) -> Answering | HttpResponse:
    invitation, open_link = selectors.token_resolve(token=token)
    if invitation is not None:
        if invitation.answered_at:
            return _already_answered(request, invitation)
        if invitation.status != Invitation.Status.OPEN:
            return _unavailable(request)
        walk = Walk(invitation.questionnaire, child_labels=selectors.child_labels_for_invitation(invitation))
        return Answering(walk, selectors.draft_key_for_invitation(invitation), invitation=invitation)
    if open_link is None or open_link.closed_at:
        return _unavailable(request)
    session_key = f"survey-open-{open_link.pk}"
    cookie_name = _draft_cookie_name(open_link)
    draft_token = request.get_signed_cookie(
        cookie_name, default="", salt=DRAFT_COOKIE_SALT, max_age=timedelta(days=settings.SURVEY_OPEN_DRAFT_DAYS)
    )
    if request.session.get(f"{session_key}-sent"):
        if request.method == "POST":  # the post that sent the answers, repeated (a double click)
            return redirect("survey_thanks", token=token)
        del request.session[f"{session_key}-sent"]  # opening the link again starts a new answer
        draft_token = ""
    if not draft_token:  # signed: a token of ours, never one the browser made up
        draft_token = services.token_new()
    draft_key = f"open-{draft_token}"
    return Answering(
        Walk(open_link.questionnaire), draft_key, open_link=open_link, draft_cookie=(cookie_name, draft_token)
    )


DRAFT_COOKIE_SALT = "survey-open-draft"


def _already_answered(request, invitation: Invitation | None, *, language: Language | None = None):
    """In the language the answers were sent in, else the family's (the letter's)."""
    if language is None and invitation is not None:
        code = request.session.get(THANKS_LANGUAGE) or letter_language(invitation=invitation)
        language = LANGUAGES.get(code)
    language = language or LANGUAGES[SOURCE]
    ui = (
        interface_for(
            questionnaire=invitation.questionnaire, municipality=invitation.course.municipality, code=language.code
        )
        if invitation is not None
        else Interface(language.code)
    )
    with translation.override(language.code):
        response = render(request, "surveys/already_answered.html", {"ui": ui, "survey_language": language})
    response["Content-Language"] = language.code
    return _private(response)


def _draft_cookie_name(open_link: OpenLink) -> str:
    return f"hp_kladde_{open_link.pk}"


def _with_draft_cookie(response, answering: Answering):
    """The open link's page carries its draft's cookie again, for SURVEY_OPEN_DRAFT_DAYS from now."""
    if answering.draft_cookie is not None:
        name, value = answering.draft_cookie
        response.set_signed_cookie(
            name,
            value,
            salt=DRAFT_COOKIE_SALT,
            max_age=int(timedelta(days=settings.SURVEY_OPEN_DRAFT_DAYS).total_seconds()),
            path=reverse("survey_answer", args=[answering.open_link.token]),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _page_context(answering, page, form, *, confirm=None, unsaved=False):
    walk = answering.walk
    pages = walk.pages
    groups = []
    for item in form.items:
        if not groups or groups[-1]["question"] != item.question:
            groups.append({"question": item.question, "items": []})
        groups[-1]["items"].append(
            {
                "item": item,
                "field": form[item.field],
                "other": form[item.other_field] if item.question.other_choice else None,
            }
        )
    ui = walk.ui
    days = settings.SURVEY_OPEN_DRAFT_DAYS if answering.open_link else None
    return {
        "questionnaire": walk.questionnaire,
        "municipality": answering.municipality,
        "survey_language": answering.language,
        "ui": ui,
        "progress": ui.text("progress", page=page, page_count=len(pages)),
        # What the first page promises about the unsent answers (kept per link, or per device).
        "draft_notice": ui.text("draft_kept_days", count=days) if days else ui.text("draft_kept"),
        "low_rating_heading": ui.text("low_rating_heading", value=confirm["value"]) if confirm else "",
        "low_rating_confirm": ui.text("low_rating_confirm", value=confirm["value"]) if confirm else "",
        "languages": answering.languages,
        "groups": groups,
        "form": form,
        "page": page,
        "page_count": len(pages),
        "is_first": page == pages[0],
        "is_last": page == pages[-1],
        "confirm": confirm,
        "unsaved": unsaved,
    }


@public
def survey_answer(request, token: str, page: int | None = None):
    """One page of the questionnaire. Every post keeps the answers in a draft first.

    When the database cannot be reached, a post answers 503 with a page that holds what the
    parent posted, ready to send again: nothing typed is lost, and nothing is stored twice
    (a response is one transaction, and an invitation takes one response).
    """
    try:
        return _survey_answer(request, token, page)
    except DATABASE_UNAVAILABLE:
        if request.method != "POST":
            raise
        logger.warning(
            "Questionnaire post while the database was unavailable; the answers were sent back.", exc_info=True
        )
        fields = [
            (name, value) for name, values in request.POST.lists() if name != "csrfmiddlewaretoken" for value in values
        ]
        return _private(render(request, "surveys/retry.html", {"fields": fields, "ui": Interface()}, status=503))


def _in_language(answering: Answering) -> Answering:
    """The walk in the language the parent chose, or her family's, or Danish (the source)."""
    questionnaire = answering.walk.questionnaire
    offered, translations = languages_offered(questionnaire=questionnaire, municipality=answering.municipality)
    recorded = answering.invitation.course.family.language if answering.invitation else ""
    language = language_chosen(
        draft_language=selectors.draft_language(key=answering.draft_key), recorded=recorded, offered=offered
    )
    answering.walk = walk_in_language(answering.walk, translations.get(language.code), language.code)
    answering.language, answering.languages = language, offered
    return answering


def _language_choose(request, token: str, answering: Answering, page: int | None):
    """The first page's choice of language, kept with the draft; the page again in it."""
    chosen = request.POST.get("language", "")
    if chosen in {language.code for language in answering.languages}:
        translation_services.draft_language_set(
            key=answering.draft_key, questionnaire=answering.walk.questionnaire, language=chosen
        )
    return redirect(_page_url(token, page) if page else reverse("survey_answer", args=[token]))


def _survey_answer(request, token: str, page: int | None):
    answering = _answering(request, token)
    if isinstance(answering, HttpResponse):
        return answering
    answering = _in_language(answering)
    with translation.override(answering.language.code):
        if request.method == "POST" and request.POST.get("action") == "language":
            response = _language_choose(request, token, answering, page)
        else:
            response = _survey_answer_page(request, token, answering, page)
    response["Content-Language"] = answering.language.code
    if answering.open_link is not None and request.session.get(f"survey-open-{answering.open_link.pk}-sent"):
        response.delete_cookie(_draft_cookie_name(answering.open_link), path=reverse("survey_answer", args=[token]))
        return response
    return _with_draft_cookie(response, answering)


def _survey_answer_page(request, token: str, answering: Answering, page: int | None):
    walk = answering.walk
    page = page or walk.pages[0]
    if page not in walk.pages:
        return _unavailable(request)
    draft_answers = selectors.draft_answers(key=answering.draft_key)
    if request.method == "POST":
        posted = {key: value for key, value in request.POST.items() if key.startswith("q")}
        answers = services.draft_merge(walk=walk, saved=draft_answers, posted=posted, page=page)
        if survey_post_limited(request, link_key=answering.draft_key):
            return _too_many_attempts(request, answering, page, answers)
        action = request.POST.get("action", "next")
        form = PageForm(data=answers, items=walk.items(answers, page=page, same_page_conditions=False), ui=walk.ui)
        if form.is_valid() and action == "submit" and page == walk.pages[-1] and not request.headers.get("X-Autosave"):
            return _submit(request, token, answering, answers, page)
        services.draft_save(key=answering.draft_key, walk=walk, answers=posted, page=page)
        if request.headers.get("X-Autosave"):
            return _private(HttpResponse(status=204))
        if action == "back":
            return redirect(_page_url(token, walk.pages[max(walk.pages.index(page) - 1, 0)]))
        if form.is_valid():
            return redirect(_page_url(token, walk.pages[min(walk.pages.index(page) + 1, len(walk.pages) - 1)]))
        form = PageForm(data=answers, items=walk.items(answers, page=page), ui=walk.ui)
        form.is_valid()
    elif request.GET.get("mangler"):
        form = PageForm(data=draft_answers, items=walk.items(draft_answers, page=page), ui=walk.ui)
        form.is_valid()
    else:
        shown = walk.prefilled(draft_answers)  # question 3 from the registered children
        form = PageForm(initial=shown, items=walk.items(shown, page=page), ui=walk.ui)
    return _private(render(request, "surveys/answer_page.html", _page_context(answering, page, form)))


def _too_many_attempts(request, answering, page, answers):
    """Over the rate limit nothing is stored, and the page comes back with every answer typed."""
    if request.headers.get("X-Autosave"):
        return _private(HttpResponse(status=429))
    form = PageForm(initial=answers, items=answering.walk.items(answers, page=page), ui=answering.walk.ui)
    context = {**_page_context(answering, page, form), "too_many_attempts": True}
    return _private(render(request, "surveys/answer_page.html", context, status=429))


def _page_url(token: str, page: int) -> str:
    return reverse("survey_answer_page", args=[token, page])


def _submit(request, token, answering, answers, page):
    try:
        services.response_submit(
            walk=answering.walk,
            answers=answers,
            invitation=answering.invitation,
            open_link=answering.open_link,
            draft_key=answering.draft_key,
            low_rating_confirmed=request.POST.get("confirm_low_rating") == "on",
        )
    except services.AlreadyAnswered:
        return _already_answered(request, answering.invitation, language=answering.language)
    except services.LinkUnavailable:
        return _unavailable(request)
    except services.AnswersIncomplete as error:
        services.draft_save(key=answering.draft_key, walk=answering.walk, answers=answers, page=page)
        return redirect(_page_url(token, error.page) + "?mangler=1")
    except DATABASE_UNAVAILABLE:
        # The database is briefly away: the page comes back with every answer filled in.
        logger.warning("A questionnaire could not be stored now; the parent is asked to try again.", exc_info=True)
        form = PageForm(initial=answers, items=answering.walk.items(answers, page=page), ui=answering.walk.ui)
        context = _page_context(answering, page, form, unsaved=True)
        return _private(render(request, "surveys/answer_page.html", context, status=503))
    except DomainError as error:  # a low rating while every other answer is positive
        services.draft_save(key=answering.draft_key, walk=answering.walk, answers=answers, page=page)
        form = PageForm(initial=answers, items=answering.walk.items(answers, page=page), ui=answering.walk.ui)
        confirm = {"field": error.field, "value": answers.get(error.field)}
        return _private(
            render(request, "surveys/answer_page.html", _page_context(answering, page, form, confirm=confirm))
        )
    if answering.open_link is not None:
        request.session[f"survey-open-{answering.open_link.pk}-sent"] = True
    request.session[THANKS_LANGUAGE] = answering.language.code
    return redirect("survey_thanks", token=token)


# The language the answers were sent in, for the thank-you page after the draft is gone.
THANKS_LANGUAGE = "survey-thanks-language"


@public
def survey_thanks(request, token: str):
    """Answers like the questionnaire page: a cancelled, expired or closed link is unavailable."""
    invitation, open_link = selectors.token_resolve(token=token)
    if invitation is not None and (invitation.answered_at or invitation.status == Invitation.Status.OPEN):
        questionnaire = invitation.questionnaire
    elif open_link is not None and not open_link.closed_at:
        questionnaire = open_link.questionnaire
    else:
        return _unavailable(request)
    municipality = invitation.course.municipality if invitation is not None else open_link.municipality
    language = LANGUAGES.get(request.session.get(THANKS_LANGUAGE, SOURCE)) or LANGUAGES[SOURCE]
    ui = interface_for(questionnaire=questionnaire, municipality=municipality, code=language.code)
    questionnaire = questionnaire_in_language(questionnaire, municipality=municipality, code=language.code)
    with translation.override(language.code):
        context = {"questionnaire": questionnaire, "municipality": municipality, "survey_language": language, "ui": ui}
        response = render(request, "surveys/thanks.html", context)
    response["Content-Language"] = language.code
    return _private(response)


# ---------------------------------------------------------------- staff pages


@roles_required(Role.COORDINATOR)
def survey_settings(request):
    """The coordinator chooses the municipality's questionnaires and makes their open links."""
    municipality = request.user.municipality
    available = selectors.questionnaires_available_to(municipality=municipality)
    chosen = selectors.questionnaires_for_municipality(municipality=municipality)
    form = QuestionnaireChoiceForm(
        request.POST if request.method == "POST" else None, available=available, initial={"questionnaires": chosen}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_choice_set(
                acting_user=request.user, questionnaires=list(form.cleaned_data["questionnaires"])
            )
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The municipality's questionnaires have been saved."))
            return redirect("survey_settings")
    links = selectors.open_links_for_municipality(municipality=municipality)
    rows = [{"questionnaire": questionnaire, "link": links.get(questionnaire.pk)} for questionnaire in chosen]
    for row in rows:
        if row["link"]:
            row["url"] = qr.survey_link(row["link"].token)
            row["qr"] = qr.qr_code(row["url"])
    return render(request, "surveys/settings.html", {"form": form, "rows": rows})


@roles_required(Role.COORDINATOR)
@require_POST
def open_link_create(request, questionnaire_pk: int):
    questionnaire = get_object_or_404(
        selectors.questionnaires_available_to(municipality=request.user.municipality), pk=questionnaire_pk
    )
    try:
        services.open_link_create(acting_user=request.user, questionnaire=questionnaire)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new open link has been made. The previous one no longer works."))
    return redirect("survey_settings")
