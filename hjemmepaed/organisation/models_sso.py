"""Single sign-on: a municipality's own identity provider (OpenID Connect or SAML 2.0) for its staff.

A municipality with an `IdentityProvider` offers "Log ind med <name>" on the login page. The
provider names the person in one claim (matched to the username within the municipality, or a
new account made at the first login) and her roles in another, each value mapped to one of the
product's municipal roles by an `IdentityProviderRole` row. The provider's own multi-factor
login counts as the second factor: the session is verified through the person's
`SingleSignOnDevice` (django-otp), which takes no codes. Municipalities without a provider keep
the password and the authenticator app.

The protocol is the provider's: OpenID Connect (Entra ID, OS2faktor) with an issuer, a client id
and a secret, or SAML 2.0 (AD FS, KOMBIT's Context Handler) with the IdP's metadata (a URL or the
XML itself) and entity id. The person's claim, the roles claim and their mapping are the same
fields for both (for SAML they name attributes). A municipality that wants the provider's own
multi-factor login proved names the accepted `acr` values (SAML: AuthnContextClassRef) or the
`amr` values every login must carry.

The client secret is never stored: the row names the environment variable that holds it, and
only variables beginning with `SSO_CLIENT_SECRET_` may be named, so an administrator cannot
make the app send another secret (the SECRET_KEY, a database password) to a provider.
"""

import os

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from hjemmepaed.organisation.models import Anchoring, Municipality, Profession, Role

SECRET_VARIABLE_PREFIX = "SSO_CLIENT_SECRET_"
# The roles an identity provider may give: those of one municipality, except the daycare
# leader's, who leads a daycare the provider knows nothing of (the staff pages give it).
SSO_ROLES = (Role.HOME_EDUCATOR, Role.COORDINATOR, Role.MANAGER)


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class IdentityProvider(models.Model):
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        related_name="identity_provider",
        verbose_name=_("municipality"),
    )
    protocol = models.CharField(_("protocol"), max_length=10, choices=Protocol.choices, default=Protocol.OIDC)
    name = models.CharField(
        _("name on the login page"),
        max_length=60,
        help_text=_("Shown as “Log in with …”, e.g. “Helsingør Kommunes login”."),
    )
    issuer = models.URLField(
        _("issuer"),
        max_length=300,
        blank=True,
        help_text=_(
            "The provider's issuer URL; its discovery document is read from /.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=200, blank=True)
    client_secret_variable = models.CharField(
        _("environment variable of the client secret"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name of the server's environment variable holding the secret, beginning with SSO_CLIENT_SECRET_."
        ),
    )
    username_claim = models.CharField(
        _("claim naming the person"),
        max_length=100,
        default="preferred_username",
        help_text=_("Matched to the username of the municipality's staff, e.g. preferred_username, upn or email."),
    )
    roles_claim = models.CharField(
        _("claim with groups or roles"),
        max_length=100,
        default="groups",
        help_text=_("A list of values (or one value), each mapped to a role below."),
    )
    scopes = models.CharField(_("scopes"), max_length=200, default="openid profile email")
    saml_entity_id = models.CharField(
        _("entity id of the SAML identity provider"),
        max_length=300,
        blank=True,
        help_text=_("E.g. http://adfs.kommune.dk/adfs/services/trust, as in the provider's metadata."),
    )
    saml_metadata_url = models.URLField(
        _("address of the SAML metadata"),
        max_length=500,
        blank=True,
        help_text=_("Read again every hour. Leave empty when the metadata is pasted below."),
    )
    saml_metadata_xml = models.TextField(
        _("SAML metadata (XML)"), blank=True, help_text=_("The provider's metadata, when it has no address.")
    )
    saml_privilege_scope = models.CharField(
        _("scope of the privileges (KOMBIT)"),
        max_length=100,
        blank=True,
        help_text=_(
            "For KOMBIT's Context Handler: the municipality's scope in the privilege list, "
            "e.g. urn:dk:gov:saml:cvrNumberIdentifier:64502018. Only privileges of this scope give roles."
        ),
    )
    # The provider's multi-factor login, when the municipality requires it to be proved.
    accepted_acr_values = models.CharField(
        _("accepted acr values"),
        max_length=500,
        blank=True,
        help_text=_(
            "Separated by spaces. When given, the login must carry one of them (OpenID Connect: the acr claim; "
            "SAML: AuthnContextClassRef)."
        ),
    )
    required_amr_values = models.CharField(
        _("required amr values"),
        max_length=200,
        blank=True,
        help_text=_("Separated by spaces (OpenID Connect). When given, the amr claim must hold every one of them."),
    )
    # A person the provider makes a home educator at her first login has the profession and
    # anchoring the evaluation's Tabel 3.2 counts; the staff pages correct them for her.
    new_educator_profession = models.CharField(
        _("profession of a new home educator"), max_length=30, choices=Profession.choices, blank=True
    )
    new_educator_anchoring = models.CharField(
        _("anchoring of a new home educator"), max_length=20, choices=Anchoring.choices, blank=True
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        constraints = [
            models.CheckConstraint(condition=Q(protocol__in=Protocol.values), name="identity_provider_protocol_known"),
            models.CheckConstraint(
                condition=Q(client_secret_variable__regex=r"^SSO_CLIENT_SECRET_[A-Z0-9_]+$")
                | Q(protocol=Protocol.SAML, client_secret_variable=""),
                name="identity_provider_secret_variable_prefixed",
            ),
            models.CheckConstraint(
                condition=Q(issuer__startswith="http") | Q(protocol=Protocol.SAML, issuer=""),
                name="identity_provider_issuer_url",
            ),
            models.CheckConstraint(
                condition=~Q(username_claim="") & ~Q(roles_claim="") & ~Q(name=""),
                name="identity_provider_fields_given",
            ),
            models.CheckConstraint(
                condition=Q(protocol=Protocol.SAML) | ~Q(client_id=""),
                name="identity_provider_oidc_client_given",
                violation_error_message=_("An OpenID Connect provider needs its issuer, client id and secret."),
            ),
            # A SAML provider is known by its entity id and its metadata (an address or the XML).
            models.CheckConstraint(
                condition=Q(protocol=Protocol.OIDC)
                | (~Q(saml_entity_id="") & (~Q(saml_metadata_url="") | ~Q(saml_metadata_xml=""))),
                name="identity_provider_saml_metadata_given",
                violation_error_message=_(
                    "A SAML provider needs its entity id and its metadata (the address or the XML)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(new_educator_profession="") | Q(new_educator_profession__in=Profession.values),
                name="identity_provider_profession_known",
            ),
            models.CheckConstraint(
                condition=Q(new_educator_anchoring="") | Q(new_educator_anchoring__in=Anchoring.values),
                name="identity_provider_anchoring_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def client_secret(self) -> str:
        """The secret from the environment; empty when the variable is not set."""
        if not self.client_secret_variable.startswith(SECRET_VARIABLE_PREFIX):
            return ""
        return os.environ.get(self.client_secret_variable, "")

    @property
    def is_saml(self) -> bool:
        return self.protocol == Protocol.SAML

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


class IdentityProviderRole(models.Model):
    """One value of the provider's roles claim (a group's name or id) and the role it gives."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="role_mappings", verbose_name=_("identity provider")
    )
    claim_value = models.CharField(_("value in the claim"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in SSO_ROLES])

    class Meta:
        ordering = ["claim_value", "role"]
        verbose_name = _("role from the identity provider")
        verbose_name_plural = _("roles from the identity provider")
        constraints = [
            models.UniqueConstraint(fields=["provider", "claim_value", "role"], name="identity_provider_role_unique"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in SSO_ROLES]), name="identity_provider_role_municipal"
            ),
            models.CheckConstraint(condition=~Q(claim_value=""), name="identity_provider_role_value_given"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_value} → {self.get_role_display()}"


class SingleSignOnDevice(Device):
    """The person's login through her municipality's provider, as django-otp's device: a session
    logged in through it counts as verified (`user.is_verified()`), as one verified with the
    authenticator app does. It accepts no code, so it opens nothing by itself."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="devices", verbose_name=_("identity provider")
    )

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="single_sign_on_device_unique"),
        ]

    def verify_token(self, token) -> bool:
        return False
