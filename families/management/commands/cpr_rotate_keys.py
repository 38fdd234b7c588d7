from django.core.management.base import BaseCommand

from families.services import cpr_keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt all CPR numbers under the first key of CPR_ENCRYPTION_KEYS. Put the new key "
        "first, keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args, **options):
        count = cpr_keys_rotate()
        self.stdout.write(f"Krypterede {count} CPR-numre igen med den nyeste nøgle.")
