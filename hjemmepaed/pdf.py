"""Rendering HTML templates to PDF with WeasyPrint, fetching nothing but our static files.

Reports embed text that users typed. WeasyPrint would follow any `<img src>`, `<link>`,
`url()` or `@import` in it, so the fetcher answers only URLs below STATIC_URL, read through
Django's static-file finders: no http(s), no file://, no data outside the project's static
files. Anything else is refused (and logged without the URL's query, which could be personal).
"""

import logging
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in the templates resolve against this; it is never contacted.
BASE_URL = "https://pdf.hjemmepaed.invalid/"


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `/static/...` from the project's static files and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        static_prefix = settings.STATIC_URL.lstrip("/")
        allowed = (
            parts.scheme == "https"
            and parts.netloc == urlsplit(BASE_URL).netloc
            and parts.path.lstrip("/").startswith(static_prefix)
        )
        relative = parts.path.lstrip("/")[len(static_prefix) :]
        path = finders.find(relative) if allowed and ".." not in relative.split("/") else None
        if not path:
            self.refused.append(url)
            logger.warning("PDF rendering refused a resource outside the static files: %s", parts.scheme)
            raise ValueError("resource outside the project's static files")
        with open(path, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template rendered to PDF bytes; autoescaping keeps typed text as text."""
    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).write_pdf()
