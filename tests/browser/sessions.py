"""A logged-in browser without a page load: the session `log_in` gives (password and second
factor passed, as `client.force_login` in the root conftest) set as the browser's cookie.

`tests.browser.conftest.log_in` also opens the start page to check that the session works; for
a walk whose first page is opened next anyway, that load is one too many (a second or more on a
loaded machine). The walks using this check their first page themselves: it must answer as
itself, not as the login (`assert_not_sent_to_login`)."""

from django.conf import settings
from django.test import Client


def session_set(page, user) -> None:
    """The browser's context gets `user`'s session; nothing is opened."""
    client = Client()
    client.force_login(user)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    page.context.add_cookies([{**cookie, "url": page.live_server_url, "httpOnly": True, "sameSite": "Lax"}])


def assert_not_sent_to_login(page) -> None:
    assert "/log-ind/" not in page.url and "/totrinsbekraeftelse/" not in page.url, page.url
