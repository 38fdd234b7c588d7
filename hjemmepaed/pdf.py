"""Rendering HTML templates to PDF with WeasyPrint, fetching nothing but our static files.

Reports embed text that users typed. WeasyPrint would follow any `<img src>`, `<link>`,
`url()` or `@import` in it, so the fetcher answers only URLs below STATIC_URL, read through
Django's static-file finders: no http(s), no file://, no data outside the project's static
files. Anything else is refused (and logged without the URL's query, which could be personal).

WeasyPrint has no time limit of its own, and a thread cannot be stopped, so the rendering runs in
a forked child process that is killed when it takes longer than the limit
(`PDF_RENDER_TIME_LIMIT`, or the caller's `time_limit`: a view answering a request uses the
shorter `PDF_RENDER_TIME_LIMIT_IN_REQUEST`). The child only lays out the HTML and reads static
files; it never touches the database, and it ends with `os._exit` (multiprocessing), so the
parent's connections are left as they are.
"""

import logging
import mimetypes
import os
import selectors
import signal
import time
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
        self.served: list[str] = []
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
        self.served.append(url)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


class PdfRenderTimeout(Exception):
    """The rendering took longer than its time limit and was stopped."""


class PdfRenderError(Exception):
    """WeasyPrint failed in the rendering process (the reason is logged there)."""


def _write_pdf(html: str) -> tuple[bytes, int]:
    """WeasyPrint itself: the PDF and how many resources the fetcher refused."""
    fetcher = StaticFilesOnlyFetcher()
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    return pdf, len(fetcher.refused)


def _child_render(html: str, write_fd: int) -> None:
    """In the forked child: render, write status, refused count and PDF to the pipe, exit."""
    status = 1
    try:
        pdf, refused = _write_pdf(html)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(b"ok" + refused.to_bytes(4, "big") + pdf)
        status = 0
    except BaseException:
        logger.exception("PDF rendering failed")
    finally:
        os._exit(status)


def _render_with_time_limit(html: str, time_limit: float) -> bytes:
    """Render in a forked child (os.fork, not multiprocessing: Celery's pool workers are daemonic
    and may not start multiprocessing children); kill it at the deadline."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_fd)
        _child_render(html, write_fd)
    os.close(write_fd)
    deadline = time.monotonic() + time_limit
    chunks = []
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(read_fd, selectors.EVENT_READ)
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise PdfRenderTimeout(f"PDF rendering took longer than {time_limit} seconds")
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    data = b"".join(chunks)
    if not data.startswith(b"ok"):
        raise PdfRenderError("the PDF could not be rendered")
    refused = int.from_bytes(data[2:6], "big")
    if refused:
        logger.warning("PDF rendering refused %d resources outside the static files", refused)
    return data[6:]


def render_pdf(template_name: str, context: dict, *, time_limit: float | None = None) -> bytes:
    """The template rendered to PDF bytes; autoescaping keeps typed text as text.

    Raises `PdfRenderTimeout` when WeasyPrint takes longer than `time_limit` seconds
    (default `PDF_RENDER_TIME_LIMIT`).
    """
    html = render_to_string(template_name, context)
    return _render_with_time_limit(html, time_limit or settings.PDF_RENDER_TIME_LIMIT)
