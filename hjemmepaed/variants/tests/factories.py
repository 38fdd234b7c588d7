from datetime import date

from hjemmepaed.variants.models import Variant
from hjemmepaed.variants.presets import PRESETS


def variant_from_preset(*, municipality, preset: str, valid_from: date = date(2020, 1, 1), **changes) -> Variant:
    """A version of `municipality`'s model from a shipped preset, with `changes` on top."""
    return Variant.objects.create(municipality=municipality, valid_from=valid_from, **{**PRESETS[preset], **changes})
