"""A live hand-off in two browsers against the real assistant: a visitor in the widget, a
staff member in the console.

The stack is the shared live stack (Rasa, the action server and the gateway, as `make run`
starts them) with its center file staffed at every hour for each test, so no test
depends on the clock: the action server reads HARBOR_CENTER_FILE at each question.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from harbor.stack import Stack, free_port
from harbor.staffed_hours import HandoffSettings, StaffedHours
from tests.console.conftest import PASSWORD
from tests.stacks import LiveCenter
from tests.web.servers import ServedApp
from tests.web.test_widget_live import crisis_number, curated_opening
from tests.web.widget_page import bot_bubbles, open_widget, say
from web.app import create_app
from web.console.accounts import create_account
from web.conversations.database import create_db_engine, sqlite_url
from web.handoff.visitor_texts import load_handoff_texts

pytestmark = [pytest.mark.integration, pytest.mark.browser]

EVERY_DAY = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Its own name: the live store is shared with the console's tests.
STAFF = f"casey{uuid.uuid4().hex[:6]}"
TEXTS = load_handoff_texts()  # what the visitor is told, from domain.yml


@pytest.fixture(scope="module")
def staff_account(live_stack: Stack) -> str:
    """A reviewer account on the live stack's own database."""
    engine = create_db_engine(sqlite_url(live_stack.settings.tracker_db_path))
    with engine.begin() as connection:
        create_account(connection, STAFF, PASSWORD, "reviewer")
    engine.dispose()
    return STAFF


@pytest.fixture
def handoff_stack(live_stack: Stack, live_center: LiveCenter, staff_account: str
                  ) -> Iterator[Stack]:
    """The live stack, staffed at every hour for this test."""
    with live_center.handoff(staffed_hours={day: "00:00-24:00" for day in EVERY_DAY}):
        yield live_stack


@pytest.fixture
def staff_page(browser) -> Iterator[Page]:
    """The staff member's browser: a context of its own, so no cookie is shared."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def ask_for_a_person(page: Page, url: str) -> None:
    open_widget(page, url)
    say(page, "can I talk to a real person")
    expect(bot_bubbles(page).last).to_contain_text("asking a member of our team",
                                                   timeout=30_000)


def log_in_to_the_queue(page: Page, url: str) -> None:
    page.goto(f"{url}/staff/login")
    page.get_by_label("Username").fill(STAFF)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Waiting for a person").click()


def log_in_and_claim(page: Page, url: str) -> None:
    log_in_to_the_queue(page, url)
    page.locator("tr.handoff.waiting").last.get_by_role("link", name="Open").click()
    page.get_by_role("button", name="Claim and join the chat").click()
    expect(page.locator("#handoff-status")).to_have_text(f"with {STAFF}")


def staff_says(page: Page, text: str) -> None:
    page.get_by_label("Your reply").fill(text)
    page.get_by_role("button", name="Send").click()


def test_a_visitor_gets_a_person_and_then_the_assistant_again(page, staff_page, handoff_stack):
    url = handoff_stack.settings.gateway_url
    ask_for_a_person(page, url)
    log_in_and_claim(staff_page, url)
    expect(page.locator(".harbor-msg--system").last).to_have_text(TEXTS.joined)

    staff_says(staff_page, "Hi, I'm Casey from the team. How can I help?")
    staff_reply = page.locator(".harbor-msg--staff")
    expect(staff_reply.last).to_contain_text("Hi, I'm Casey from the team.")
    expect(staff_reply.last.locator(".harbor-author")).to_have_text("Team member")

    bot_replies_before = bot_bubbles(page).count()
    say(page, "thanks, I wanted to ask about visiting hours")
    expect(staff_page.locator(".message.visitor").last).to_contain_text("visiting hours")
    assert bot_bubbles(page).count() == bot_replies_before  # the assistant stayed silent

    staff_page.get_by_role("button", name="End hand-off").click()
    expect(page.locator(".harbor-msg--system").last).to_have_text(TEXTS.back)
    say(page, "what is dual diagnosis")
    expect(bot_bubbles(page).last).to_contain_text(curated_opening("dual_diagnosis"),
                                                   timeout=30_000)
    assert not page.watch.errors


def test_a_crisis_during_the_live_chat_gets_the_line_and_flags_the_staff(
        page, staff_page, handoff_stack):
    url = handoff_stack.settings.gateway_url
    ask_for_a_person(page, url)
    log_in_and_claim(staff_page, url)
    expect(page.locator(".harbor-msg--system").last).to_have_text(TEXTS.joined)

    say(page, "I want to kill myself")
    expect(bot_bubbles(page).last).to_contain_text(crisis_number(), timeout=30_000)
    expect(staff_page.locator("#crisis-flag")).to_be_visible()
    expect(staff_page.locator(".message.visitor.risk-crisis")).to_have_count(1)
    staff_page.get_by_role("button", name="End hand-off").click()


def test_a_crisis_while_waiting_gets_the_line_and_puts_the_visitor_first_in_the_queue(
        page, staff_page, handoff_stack):
    url = handoff_stack.settings.gateway_url
    ask_for_a_person(page, url)
    say(page, "I want to kill myself")
    expect(bot_bubbles(page).last).to_contain_text(crisis_number(), timeout=30_000)

    log_in_to_the_queue(staff_page, url)
    first = staff_page.locator("tr.handoff").first
    expect(first).to_have_class(re.compile(r"\brisk-crisis\b"))
    first.get_by_role("link", name="Open").click()
    expect(staff_page.locator("#crisis-flag")).to_be_visible()
    # Leave the queue as it was found for the next test.
    staff_page.get_by_role("button", name="Claim and join the chat").click()
    staff_page.get_by_role("button", name="End hand-off").click()


def test_a_person_joining_works_on_a_phone(phone_page, staff_page, handoff_stack):
    url = handoff_stack.settings.gateway_url
    ask_for_a_person(phone_page, url)
    log_in_and_claim(staff_page, url)
    staff_says(staff_page, "Hello from the team")
    reply = phone_page.locator(".harbor-msg--staff").last
    expect(reply).to_contain_text("Hello from the team")
    box = reply.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    staff_page.get_by_role("button", name="End hand-off").click()


@pytest.fixture
def impatient_gateway(handoff_stack: Stack) -> Iterator[str]:
    """A second gateway in front of the same assistant, whose visitors wait 5 seconds."""
    settings = dataclasses.replace(handoff_stack.settings, gateway_port=free_port())
    waits_briefly = HandoffSettings(StaffedHours(ZoneInfo("UTC")), join_wait_seconds=5,
                                    take_callback_requests=True)
    with ServedApp(create_app(settings, handoff_settings=waits_briefly)) as served:
        yield served.url


def test_nobody_joining_in_time_moves_the_visitor_to_the_call_back_form(page, impatient_gateway):
    ask_for_a_person(page, impatient_gateway)
    expect(page.locator(".harbor-msg--system").last).to_have_text(TEXTS.expired,
                                                                  timeout=30_000)
    # The call-back form's first question, asked by the real assistant.
    expect(bot_bubbles(page).last).to_contain_text("first name", timeout=30_000)
    say(page, "Sam")
    expect(bot_bubbles(page).last).to_contain_text("phone", timeout=30_000)
