"""Who may reach what: login, session cookie, CSRF, slow-down and lockout, roles."""

from __future__ import annotations

import time

import pytest

from tests.console.conftest import PASSWORD
from tests.console.staff_client import StaffClient
from web.console.app import PUBLIC_ROUTES, ROUTES

pytestmark = pytest.mark.integration


def console_paths() -> list[tuple[str, str]]:
    """Every console route with sample parameters, as (method, path)."""
    samples = {"sender_id": "someone", "name": "intent_histogram", "handoff_id": "1",
               "callback_id": "1"}
    paths = []
    for route in ROUTES:
        if route.name in PUBLIC_ROUTES:
            continue
        path = "/staff" + route.path.format(**samples)
        paths += [(method, path) for method in sorted(route.methods or {"GET"}) if method != "HEAD"]
    return paths


@pytest.mark.parametrize(("method", "path"), console_paths())
def test_every_staff_route_refuses_anyone_not_logged_in(anonymous: StaffClient, method, path):
    response = anonymous.client.request(method, path, follow_redirects=False)
    if method == "GET" and not path.endswith((".csv", ".json", ".yml", ".png")):
        assert response.status_code == 303
        assert response.headers["location"].endswith("/staff/login")
    else:
        assert response.status_code in (401, 403)
    assert "console-" not in response.text  # no conversation leaks into the refusal


def test_a_forged_session_cookie_is_not_a_login(anonymous: StaffClient):
    anonymous.client.cookies.set("harbor_staff", "eyJ1c2VybmFtZSI6ICJhZGEifQ==.forged.sig",
                                 path="/staff")
    assert anonymous.get("/staff/").status_code == 303


def test_the_session_cookie_is_httponly_strict_and_scoped_to_staff(anonymous: StaffClient,
                                                                    make_staff):
    response = anonymous.log_in(make_staff("ada", "admin"), PASSWORD)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/staff" in cookie


def test_the_cookie_is_secure_when_the_setting_says_https(console_env, monkeypatch):
    from web.console.app import SESSION_COOKIE, create_console
    from web.console.config import ConsoleConfig
    from web.console.state import ConsoleState

    monkeypatch.setenv("HARBOR_STAFF_SECURE_COOKIES", "1")
    from starlette.testclient import TestClient

    from harbor.settings import Settings

    config = ConsoleConfig.from_settings(Settings(secret_key="s"))
    console = create_console(ConsoleState(config))
    with TestClient(console, base_url="https://testserver/staff") as client:
        cookie = client.get("/login").headers["set-cookie"].lower()
    assert cookie.startswith(SESSION_COOKIE) and "secure" in cookie


def test_a_right_password_logs_in(anonymous: StaffClient, make_staff):
    response = anonymous.log_in(make_staff("ada", "admin"), PASSWORD)
    assert response.status_code == 303
    assert anonymous.get("/staff/").status_code == 200


@pytest.mark.parametrize("username", ["ada", "nobody"], ids=["wrong password", "unknown name"])
def test_a_failed_login_is_refused_and_slowed_down(anonymous: StaffClient, make_staff, username):
    make_staff("ada", "admin")
    started = time.monotonic()
    response = anonymous.log_in(username, "not the password")
    assert response.status_code == 401
    assert "do not match" in response.text
    assert time.monotonic() - started >= 0.3  # HARBOR_STAFF_LOGIN_DELAY in the fixture


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    anonymous: StaffClient, make_staff
):
    make_staff("ada", "admin")
    for _ in range(5):
        anonymous.log_in("ada", "not the password")
    response = anonymous.log_in("ada", PASSWORD)
    assert response.status_code == 429
    assert "locked" in response.text


def test_a_login_without_the_csrf_token_is_rejected(anonymous: StaffClient, make_staff):
    make_staff("ada", "admin")
    anonymous.csrf()
    response = anonymous.client.post("/staff/login", data={"username": "ada",
                                                           "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.parametrize("path", [
    "/staff/conversations/x/tags", "/staff/conversations/x/notes",
    "/staff/conversations/x/review", "/staff/purge", "/staff/inbox/pick", "/staff/logout",
])
def test_a_form_post_with_a_wrong_csrf_token_is_rejected(admin: StaffClient, path):
    response = admin.client.post(path, data={"csrf_token": "forged", "tag": "x", "days": "0"},
                                 follow_redirects=False)
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/staff/export.csv", "/staff/export.json", "/staff/purge",
                                  "/staff/audit", "/staff/accounts"])
def test_a_reviewer_cannot_export_purge_manage_accounts_or_read_the_audit(reviewer, path):
    assert reviewer.get(path).status_code == 403


def test_a_reviewer_cannot_purge_by_posting_the_form(reviewer: StaffClient, ids):
    response = reviewer.post("/staff/purge", {"days": "0"})
    assert response.status_code == 403
    assert reviewer.get(f"/staff/conversations/{ids['crisis']}").status_code == 200


def test_a_reviewer_cannot_create_an_account(reviewer: StaffClient):
    response = reviewer.post("/staff/accounts", {"username": "mallory", "role": "admin",
                                                 "password": "x" * 20})
    assert response.status_code == 403


def test_logging_out_ends_the_session(admin: StaffClient):
    assert admin.post("/staff/logout").status_code == 303
    assert admin.get("/staff/").status_code == 303


def test_console_pages_are_never_cached(admin: StaffClient, ids):
    response = admin.get(f"/staff/conversations/{ids['crisis']}")
    assert response.headers["cache-control"] == "no-store"
