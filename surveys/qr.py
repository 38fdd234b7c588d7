"""The link a parent opens, and its QR code (segno), for letters and the open-link page."""

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe


def survey_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("survey_answer", args=[token])


def qr_svg(url: str, *, scale: int = 4) -> str:
    """An inline SVG; made by segno from our own URL, never from anything a user typed."""
    svg = segno.make(url, error="m").svg_inline(scale=scale, title="QR-kode", border=4)
    return mark_safe(svg)  # noqa: S308 - the SVG is generated from a URL we built
