"""Deploy checks of single sign-on's server side (`manage.py check --deploy`): the SAML
service provider's key and certificate, the xmlsec1 program pysaml2 checks signatures with,
and the SAML session's cookie. The providers themselves are rows (the admin), which the check
does not read: it runs before the database is reachable."""

import shutil

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def saml_service_provider_check(app_configs=None, **kwargs):
    errors = []
    key_file, cert_file = settings.SAML_SP_KEY_FILE, settings.SAML_SP_CERT_FILE
    if bool(key_file) != bool(cert_file):
        errors.append(
            checks.Error(
                "SAML_SP_KEY_FILE and SAML_SP_CERT_FILE are set together or not at all.",
                id="hjemmepaed.E101",
            )
        )
    for name, path, marker in (
        ("SAML_SP_KEY_FILE", key_file, "PRIVATE KEY"),
        ("SAML_SP_CERT_FILE", cert_file, "CERTIFICATE"),
    ):
        if not path:
            continue
        try:
            with open(path, encoding="ascii", errors="replace") as pem:
                readable = marker in pem.read()
        except OSError:
            readable = False
        if not readable:
            errors.append(checks.Error(f"{name} is not a readable PEM file ({marker}).", id="hjemmepaed.E102"))
    if shutil.which("xmlsec1") is None:
        errors.append(
            checks.Warning(
                "xmlsec1 is not installed: SAML logins cannot be checked and will all fail.",
                hint="apt-get install xmlsec1 (make saml).",
                id="hjemmepaed.W103",
            )
        )
    if settings.SAML_SESSION_COOKIE_SAMESITE == "None" and not settings.SESSION_COOKIE_SECURE:
        errors.append(
            checks.Warning("SAML_SESSION_COOKIE_SAMESITE=None needs SESSION_COOKIE_SECURE.", id="hjemmepaed.W104")
        )
    return errors
