"""A real OpenID Connect provider for the tests: django-oauth-toolkit in OIDC mode, its own tiny
Django project, started as its own process on loopback by the `oidc_provider` fixture
(`fixture.py`). A municipality's identity provider as the app meets it: discovery, the login
form, the authorisation code with PKCE, RS256 id tokens from a key made at start, user info and
RP-initiated logout."""
