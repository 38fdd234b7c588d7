"""Starts the test identity provider: `python -m tests.idp.serve <port> <redirect uri>...`.

Makes an RSA key for this run, migrates a fresh SQLite file, creates `people.PEOPLE` and the
app's client, then serves on 127.0.0.1:<port> until killed."""

import os
import secrets
import sys
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def _environment(port: str) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.idp.settings",
            "IDP_PORT": port,
            "IDP_SECRET_KEY": secrets.token_urlsafe(32),
            "IDP_RSA_PRIVATE_KEY": pem,
            "IDP_DATABASE": os.path.join(tempfile.mkdtemp(prefix="idp-"), "idp.sqlite3"),
        }
    )


def _populate(redirect_uris: list[str]) -> None:
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    from tests.idp import people

    for person in people.PEOPLE:
        user = User.objects.create_user(
            username=person["username"],
            password=people.PASSWORD,
            first_name=person["first_name"],
            last_name=person["last_name"],
            email=person["username"],
        )
        user.groups.set(Group.objects.get_or_create(name=name)[0] for name in person["groups"])
    Application.objects.create(
        name="Hjemmepaed",
        client_id=people.CLIENT_ID,
        client_secret=people.CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        algorithm=Application.RS256_ALGORITHM,
        redirect_uris=" ".join(redirect_uris),
        post_logout_redirect_uris=" ".join(
            uri.replace("/log-ind/kommune/retur/", "/log-ind/") for uri in redirect_uris
        ),
        skip_authorization=True,
    )


def main() -> None:
    port, redirect_uris = sys.argv[1], sys.argv[2:]
    _environment(port)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    _populate(redirect_uris)
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True, verbosity=0)


if __name__ == "__main__":
    main()
