"""In Chromium, two windows on the running stack: a visitor asks for a call back in the
widget, clicking its buttons; a staff member logs in to the console, finds the request
in the call-back list and marks it contacted with a note."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.console.conftest import PASSWORD
from tests.web.widget_page import DESKTOP, bot_bubbles, open_widget, say
from web.console.accounts import create_account
from web.conversations.database import create_db_engine, migrate, sqlite_url

pytestmark = [pytest.mark.integration, pytest.mark.browser]


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def staff_name(live_stack) -> str:
    """A reviewer account on the live stack's own database."""
    engine = create_db_engine(sqlite_url(live_stack.settings.tracker_db_path))
    migrate(engine)
    with engine.begin() as connection:
        member = create_account(connection, f"cb{uuid.uuid4().hex[:6]}", PASSWORD, "reviewer")
    engine.dispose()
    return member.username


def test_a_call_back_asked_in_the_widget_is_followed_up_in_the_console(
    page, staff_page, live_stack, staff_name
):
    alias = f"Kit{uuid.uuid4().hex[:4]}"
    open_widget(page, live_stack.settings.gateway_url)
    say(page, "can someone call me back")
    expect(bot_bubbles(page).last).to_contain_text("What name", timeout=30_000)
    say(page, alias)
    expect(bot_bubbles(page).last).to_contain_text("phone number or email", timeout=30_000)
    say(page, "555 0")
    expect(bot_bubbles(page).filter(has_text="only 4 digits")).to_be_visible(timeout=30_000)
    say(page, "555 010 4477")
    page.get_by_role("button", name="Afternoon").click()
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(bot_bubbles(page).last).to_contain_text(f"Thank you, {alias}.", timeout=30_000)
    expect(bot_bubbles(page).last).to_contain_text("expect a call")

    staff_page.goto(f"{live_stack.settings.gateway_url}/staff/login")
    staff_page.get_by_label("Username").fill(staff_name)
    staff_page.get_by_label("Password").fill(PASSWORD)
    staff_page.get_by_role("button", name="Log in").click()
    staff_page.get_by_role("link", name="Call-backs").click()

    row = staff_page.locator("tr.callback", has_text=alias)
    expect(row).to_contain_text("555 010 4477")
    expect(row).to_contain_text("afternoon")
    row.get_by_label("Status").select_option("contacted")
    row.get_by_role("button", name="Save").click()
    row = staff_page.locator("tr.callback", has_text=alias)
    expect(row.locator(".status")).to_have_text("contacted")
    row.get_by_label("Add a note").fill("Called, left a message")
    row.get_by_role("button", name="Add note").click()
    expect(staff_page.locator("tr.callback", has_text=alias)).to_contain_text(
        "Called, left a message")
    assert not page.watch.errors
