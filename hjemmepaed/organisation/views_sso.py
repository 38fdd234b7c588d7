"""Single sign-on's pages: the login page's buttons, the start of a login at a municipality's
identity provider, its callback, the refusal page and the logout that ends the provider's
session too. The rules are in `services.sso`, the protocols in `oidc` and `saml` (whose pages
are `views_saml`)."""

import logging

from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hjemmepaed.organisation import oidc, selectors, views_saml
from hjemmepaed.organisation.services.sso import SingleSignOnRefused, sso_login
from hjemmepaed.organisation.views_sso_shared import refused, session_start, unavailable
from hjemmepaed.ratelimits import sso_callback_limited, too_many_attempts

logger = logging.getLogger(__name__)


class StaffLoginView(LoginView):
    """Django's login, with a button for each municipality that signs its staff in itself."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identity_providers"] = selectors.identity_provider_list_for_login()
        return context


def _callback_url(request) -> str:
    return request.build_absolute_uri(reverse("sso_callback"))


@never_cache
@require_GET
def sso_start(request, code: str):
    provider = selectors.identity_provider_for_login_or_404(code=code)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    if provider.is_saml:
        return views_saml.saml_login(request, provider=provider, next_url=next_url)
    try:
        url = oidc.authorisation_url(request, provider, redirect_uri=_callback_url(request), next_url=next_url)
    except oidc.ProviderUnavailable as error:
        logger.warning("sso: provider %s unavailable: %s", provider.pk, error)
        return unavailable(request, provider)
    return redirect(url)


@never_cache
@require_GET
def sso_callback(request):
    if sso_callback_limited(request):
        return too_many_attempts(request)
    entry = oidc.state_take(request, request.GET.get("state", ""))
    provider = selectors.identity_provider_for_callback(pk=entry.get("provider")) if entry else None
    if provider is None:
        return refused(request, _("The login has expired or was not started here. Log in again."), status=400)
    if request.GET.get("error") or not request.GET.get("code"):
        message = _("%(provider)s did not log you in. Log in again, or ask your municipality's IT department.")
        return refused(request, message % {"provider": provider.name}, status=403)
    try:
        claims, id_token = oidc.ProviderClient(provider).claims(
            code=request.GET["code"],
            redirect_uri=_callback_url(request),
            nonce=entry["nonce"],
            code_verifier=entry["code_verifier"],
        )
        user, device = sso_login(provider=provider, claims=claims)
    except (oidc.ProviderUnavailable, SuspiciousOperation) as error:
        logger.warning("sso: login with provider %s failed: %s", provider.pk, error)
        return unavailable(request, provider)
    except SingleSignOnRefused as refusal:
        return refused(request, refusal.message, status=403)
    session_start(request, user=user, device=device, provider=provider, logout_origin=oidc.end_session_origin(provider))
    request.session[oidc.SESSION_ID_TOKEN] = id_token
    return redirect(entry.get("next") or "home")


class SingleSignOnLogoutView(LogoutView):
    """Django's logout; a session logged in through a provider then goes on to the provider's
    own logout, when it offers one, and comes back to the login page."""

    def post(self, request, *args, **kwargs):
        provider = selectors.identity_provider_for_callback(pk=request.session.get(oidc.SESSION_PROVIDER))
        id_token = request.session.get(oidc.SESSION_ID_TOKEN, "")
        if provider is not None and provider.is_saml:
            # The SAML logout request is made before the local session ends (it names the
            # person's session at the IdP); the IdP's answer comes back to `saml_logout_service`.
            url = views_saml.saml_logout_url(request, provider=provider)
            response = super().post(request, *args, **kwargs)
            return response if url is None else redirect(url)
        response = super().post(request, *args, **kwargs)
        if provider is None:
            return response
        url = oidc.end_session_url(
            provider, id_token=id_token, post_logout_redirect_uri=request.build_absolute_uri(reverse("login"))
        )
        return response if url is None else redirect(url)
