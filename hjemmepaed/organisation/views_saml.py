"""Single sign-on's SAML 2.0 pages, djangosaml2's views with the municipality's provider: the
login (started from `views_sso.sso_start`), the assertion consumer service the IdP posts the
person's assertion to, the service provider's metadata for the IdP's administrator, and the
logout service the IdP's logout answers (or starts) at. The rules are in `services.sso`, the
configuration in `saml`."""

import logging

import saml2
from django.contrib.auth import logout as auth_logout
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from djangosaml2 import views as saml_views
from djangosaml2.cache import IdentityCache, StateCache
from djangosaml2.overrides import Saml2Client
from djangosaml2.utils import get_location
from saml2.client_base import LogoutError
from saml2.response import UnsolicitedResponse
from saml2.s_utils import UnsupportedBinding

from hjemmepaed.organisation import saml, selectors
from hjemmepaed.organisation.oidc import ProviderUnavailable
from hjemmepaed.organisation.services.sso import SingleSignOnRefused, sso_login
from hjemmepaed.organisation.views_sso_shared import refused, session_start, unavailable
from hjemmepaed.ratelimits import sso_callback_limited, too_many_attempts

logger = logging.getLogger(__name__)


class _ProviderConfig:
    """djangosaml2's views configured from the municipality's provider, not the settings."""

    provider = None

    def get_sp_config(self, request):
        self.conf = saml.sp_config(request, self.provider)
        return self.conf


class SamlLoginView(_ProviderConfig, saml_views.LoginView):
    def unknown_idp(self, request, idp):
        logger.warning("sso: SAML provider %s: IdP not in its metadata", self.provider.pk)
        return unavailable(request, self.provider)


def saml_login(request, *, provider, next_url: str):
    """The AuthnRequest to the IdP (HTTP-Redirect), with the page to open afterwards as the
    RelayState (djangosaml2 checks it against the host again at the assertion)."""
    request.GET = request.GET.copy()
    request.GET.pop("idp", None)
    request.GET["next"] = next_url or reverse("home")
    try:
        return SamlLoginView.as_view(provider=provider)(request)
    except ProviderUnavailable as error:
        logger.warning("sso: SAML provider %s unavailable: %s", provider.pk, error)
        return unavailable(request, provider)


# The IdP's site posts here, with no CSRF token of ours: the signed assertion answering a login
# started in this browser (its id in the SAML session) is the proof instead.
@method_decorator([csrf_exempt, never_cache], name="dispatch")
class SamlAssertionConsumerView(_ProviderConfig, saml_views.AssertionConsumerServiceView):
    """The IdP posts the signed assertion here; pysaml2 checks it (the signature, the audience,
    the times, that it answers a login started in this browser), `sso_login` the person."""

    def dispatch(self, request, code: str):
        if sso_callback_limited(request):
            return too_many_attempts(request)
        self.provider = selectors.identity_provider_saml_or_404(code=code)
        try:
            return super().dispatch(request)
        except ProviderUnavailable as error:
            logger.warning("sso: SAML provider %s unavailable: %s", self.provider.pk, error)
            return unavailable(request, self.provider)
        except SingleSignOnRefused as refusal:
            return refused(request, refusal.message, status=403)

    def handle_acs_failure(self, request, exception=None, status=403, **kwargs):
        logger.warning("sso: SAML login with provider %s failed: %s", self.provider.pk, type(exception).__name__)
        if isinstance(exception, UnsolicitedResponse):
            return refused(request, _("The login has expired or was not started here. Log in again."), status=400)
        message = _("%(provider)s did not log you in. Log in again, or ask your municipality's IT department.")
        return refused(request, message % {"provider": self.provider.name}, status=403)

    def authenticate_user(self, request, session_info, attribute_mapping, create_unknown_user, assertion_info):
        user, device = sso_login(provider=self.provider, claims=saml.claims(self.provider, session_info))
        origin = saml.logout_origin(self.conf, self.provider)
        session_start(request, user=user, device=device, provider=self.provider, logout_origin=origin)
        # Kept for the logout request, which names the person's session at the IdP.
        saml_views._set_subject_id(request.saml_session, session_info["name_id"])
        return user


class SamlMetadataView(_ProviderConfig, saml_views.MetadataView):
    """The service provider's metadata, which the municipality's IdP is given (docs/operations.md)."""

    def dispatch(self, request, code: str):
        self.provider = selectors.identity_provider_saml_or_404(code=code)
        try:
            return super().dispatch(request)
        except ProviderUnavailable as error:
            logger.warning("sso: SAML provider %s unavailable: %s", self.provider.pk, error)
            return unavailable(request, self.provider)


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class SamlLogoutServiceView(_ProviderConfig, saml_views.LogoutView):
    """The IdP's answer to the logout (or its own logout request, when the person logs out
    elsewhere): the local session ends either way, and so does the SAML session's state."""

    def dispatch(self, request, code: str):
        self.provider = selectors.identity_provider_saml_or_404(code=code)
        try:
            response = super().dispatch(request)
        except Exception as error:  # a logout answer pysaml2 cannot read still ends the session here
            logger.warning("sso: SAML logout with provider %s: %s", self.provider.pk, type(error).__name__)
            auth_logout(request)
            response = HttpResponseRedirect(reverse("login"))
        request.saml_session.flush()
        return response


def saml_logout_url(request, *, provider) -> str | None:
    """The IdP's logout with a LogoutRequest for the person's session there, or None when the
    IdP offers none (the logout is then local only)."""
    subject_id = saml_views._get_subject_id(request.saml_session)
    if subject_id is None:
        return None
    try:
        state = StateCache(request.saml_session)
        client = Saml2Client(
            saml.sp_config(request, provider), state_cache=state, identity_cache=IdentityCache(request.saml_session)
        )
        result = client.global_logout(subject_id)
    except (ProviderUnavailable, LogoutError, UnsupportedBinding) as error:
        logger.warning("sso: SAML logout with provider %s: %s", provider.pk, type(error).__name__)
        request.saml_session.flush()
        return None
    state.sync()
    for info in (result or {}).values():
        if isinstance(info, tuple) and info[0] == saml2.BINDING_HTTP_REDIRECT:
            return get_location(info[1])
    request.saml_session.flush()
    return None
