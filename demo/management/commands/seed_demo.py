import io

import segno
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from demo.organisation import (
    DEMO_PASSWORD,
    demo_apps_seed,
    demo_data_seed,
    demo_parent_link,
)
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.second_factor import otpauth_uri, secret_for_typing


class Command(BaseCommand):
    help = "Create the demo municipalities, daycares and one login per role (idempotent)."

    @translation.override("da")
    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demodata må ikke oprettes her: demo-logins har en offentlig adgangskode "
                "(DEMO_DATA_ALLOWED er slået fra)."
            )
        logins = demo_data_seed()
        app = demo_apps_seed()
        labels = dict(Role.choices)
        shown = set()
        self.stdout.write("")
        link = demo_parent_link()
        if link:
            self.stdout.write("Forældrespørgeskema (demo, København): %s" % link)
        self.stdout.write("Demo-logins (adgangskode for alle: %s)" % DEMO_PASSWORD)
        for login in logins:
            if login.extra_roles:
                roles = " + ".join(str(labels[role]) for role in (login.role, *login.extra_roles))
                self.stdout.write(f"  {roles:<22} {login.username} ({login.municipality})")
                continue
            if login.role in shown:
                continue
            shown.add(login.role)
            place = f" ({login.municipality})" if login.municipality else ""
            self.stdout.write(f"  {str(labels[login.role]):<22} {login.username}{place}")
        self.stdout.write(
            "  Helsingør, Svendborg, Thisted og Ishøj har de samme roller med forstavelserne "
            "hel-, sve-, thi- og ish- (fx ish-leder)."
        )
        self.stdout.write("  Hver kommune kører sin egen model (Vores model), bygget på kommunens skabelon.")
        self.stdout.write("")
        uri = otpauth_uri(app, label="demo")
        self.stdout.write("Totrinsbekræftelse: alle demo-logins deler én ny tilfældig nøgle ved hver kørsel.")
        self.stdout.write("  Scan QR-koden med en godkendelsesapp, eller tilføj linket eller nøglen:")
        qr = io.StringIO()
        segno.make(uri, error="m").terminal(out=qr, compact=True, border=2)
        self.stdout.write(qr.getvalue(), ending="")
        self.stdout.write(f"  {uri}")
        self.stdout.write(f"  Nøgle (tidsbaseret): {secret_for_typing(app)}")
        self.stdout.write(
            "  Uden app viser `.venv/bin/python manage.py demo_code kbh-tovholder` koden (kun på en udviklingsmaskine)."
        )
        self.stdout.write("")
