import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.organisation import demo_usernames
from hjemmepaed.organisation.second_factor import next_accepted_code


class Command(BaseCommand):
    help = "Print the code a demo user's authenticator app shows now (development only, where DEMO_DATA_ALLOWED is on)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="a demo login, e.g. kbh-tovholder")

    def handle(self, *args, username, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Demokoder kan ikke vises her: kun på en udviklingsmaskine (DEMO_DATA_ALLOWED er slået fra)."
            )
        if username not in demo_usernames():
            raise CommandError(f"{username} er ikke et demo-login.")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} har ingen godkendelsesapp. Kør `manage.py seed_demo`.")
        while (code := next_accepted_code(device, time.time())) is None:
            time.sleep(1)  # the current code was used; the next one comes within 30 seconds
        self.stdout.write(code)
