"""The console in Debian's Chromium: a visitor has a crisis conversation in the widget,
then a staff member logs in and finds it within two clicks, opens it and tags it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harbor.settings import Settings
from tests.console.conftest import PASSWORD, copy_sqlite
from tests.web.servers import ServedApp
from tests.web.widget_page import bot_bubbles, open_widget, say
from web.app import create_app
from web.console.accounts import create_account
from web.conversations.database import create_db_engine, migrate, sqlite_url

pytestmark = [pytest.mark.integration, pytest.mark.browser]

VISITOR_TEXT = "i want to end my life tonight"


@pytest.fixture
def console_url(live_stack, page, tmp_path, monkeypatch):
    """A visitor's crisis chat through the live widget, then a console over a copy of the
    tracker store with one admin account (the live store stays as other tests expect)."""
    open_widget(page, live_stack.settings.gateway_url)
    say(page, VISITOR_TEXT)
    expect(bot_bubbles(page).last).to_contain_text("988", timeout=30_000)

    copy = tmp_path / "tracker.db"
    copy_sqlite(live_stack.settings.tracker_db_path, copy)  # the -wal file too
    engine = create_db_engine(sqlite_url(copy))
    migrate(engine)
    with engine.begin() as connection:
        create_account(connection, "casey", PASSWORD, "reviewer")
    engine.dispose()
    monkeypatch.setenv("HARBOR_TRACKER_DB_URL", sqlite_url(copy))
    with ServedApp(create_app(Settings(secret_key="browser-test"))) as served:
        yield f"{served.url}/staff"


def test_staff_find_a_crisis_the_widget_just_had_in_two_clicks_and_tag_it(page, console_url):
    missing: list[str] = []
    page.on("response", lambda r: r.status >= 400 and missing.append(r.url))
    page.goto(console_url)
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.locator('[data-filter="risk_level=crisis"]').click()  # click 1
    expect(page.locator('[data-filter="risk_level=crisis"]')).to_have_class("chip active crisis")
    page.locator("table.list tbody tr").first.get_by_role("link").last.click()  # click 2

    expect(page.get_by_text(VISITOR_TEXT)).to_be_visible()
    expect(page.locator(".message.visitor.risk-crisis")).to_have_count(1)

    page.get_by_label("Add a tag").fill("followed-up")
    page.get_by_role("button", name="Add tag").click()
    expect(page.locator(".tags .tag")).to_have_text(["followed-up"])
    assert not missing and not page.watch.outside_requests
