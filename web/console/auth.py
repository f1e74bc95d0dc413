"""Who is logged in, what they may do, and the CSRF token every form carries.

The session is a signed cookie (Starlette's SessionMiddleware: HttpOnly, SameSite
Strict, Secure behind HTTPS) holding the username and the CSRF token; each request
re-reads the account, so a deleted account is out at once.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.console.accounts import StaffMember, find_account
from web.console.state import console_state

Handler = Callable[[Request], Awaitable[Response]]
CSRF_FIELD = "csrf_token"
FORM_LIMIT_BYTES = 64 * 1024
# Downloads answer 401 rather than a redirect to an HTML form they cannot show.
DOWNLOAD_SUFFIXES = (".csv", ".json", ".yml", ".png")


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the session's; 403 otherwise."""
    if int(request.headers.get("content-length") or 0) > FORM_LIMIT_BYTES:
        raise HTTPException(413, "The form is too large.")
    form = await request.form(max_files=0, max_fields=50)
    expected = request.session.get(CSRF_FIELD, "")
    sent = form.get(CSRF_FIELD, "")
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(expected, sent):
        raise HTTPException(403, "The form expired or did not come from the console. "
                                 "Reload the page and try again.")
    return form


async def current_staff(request: Request) -> StaffMember | None:
    username = request.session.get("username")
    if not username:
        return None
    member = await console_state(request).run(lambda c: find_account(c, username))
    if member is None:
        request.session.clear()
    return member


def login_required(handler: Handler) -> Handler:
    """Pages redirect to the login form; anything else gets 401."""

    @functools.wraps(handler)
    async def guarded(request: Request) -> Response:
        member = await current_staff(request)
        if member is None:
            if request.method == "GET" and not request.url.path.endswith(DOWNLOAD_SUFFIXES):
                return RedirectResponse(request.url_for("login"), status_code=303)
            raise HTTPException(401, "Log in first.")
        request.state.staff = member
        return await handler(request)

    return guarded


def admin_required(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def guarded(request: Request) -> Response:
        if not request.state.staff.is_admin:
            raise HTTPException(403, "Only an admin may do this.")
        return await handler(request)

    return login_required(guarded)
