"""The link a parent opens, and its QR code (segno), for letters and the open-link page."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@dataclass(frozen=True)
class QrCode:
    """A QR code as an SVG path: `templates/surveys/partials/qr.html` draws it, autoescaped."""

    size: int
    path: str


def survey_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("survey_answer", args=[token])


def qr_code(url: str) -> QrCode:
    """One horizontal run of dark modules per path segment; only digits and M, h, v, z."""
    matrix = segno.make(url, error="m").matrix
    segments = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                segments.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return QrCode(size=len(matrix) + 2 * QUIET_ZONE, path="".join(segments))
