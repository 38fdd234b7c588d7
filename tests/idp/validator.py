from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.idp import people


class ClaimsValidator(OAuth2Validator):
    """The claims a municipality's provider sends: the username, the names, the e-mail and the
    person's groups (the IdP's Django groups), in the id token and the user info alike."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "email": user.email,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            # How the person logged in, as a municipality's provider says it (OpenID Connect
            # Core 2): the tests' provider asks for a password and calls it one factor more.
            "acr": people.ACR,
            "amr": list(people.AMR),
        }
