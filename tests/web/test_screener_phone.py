"""A self-screener in the widget on a phone, in front of the real assistant."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.web.widget_page import bot_bubbles, open_widget, say

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def assert_fits_the_screen(page: Page, buttons: Locator) -> None:
    width = page.viewport_size["width"]
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.locator(".harbor-log").evaluate("log => log.scrollWidth <= log.clientWidth")


def test_a_screener_fits_a_phone_and_ends_with_its_result(phone_page, live_stack, artifacts):
    page = phone_page
    open_widget(page, live_stack.settings.gateway_url)
    say(page, "am i depressed?")
    expect(bot_bubbles(page).last).to_contain_text("Question 1 of 2.")

    answers = page.locator(".harbor-quick-reply")
    expect(answers).to_have_count(5)  # four answers and Stop
    assert_fits_the_screen(page, answers)
    page.screenshot(path=artifacts / "screener-phone.png")

    page.get_by_role("button", name="Not at all").click()
    expect(bot_bubbles(page).last).to_contain_text("Question 2 of 2.")
    page.get_by_role("button", name="Not at all").click()

    expect(page.locator(".harbor-log")).to_contain_text("Your PHQ-2 score is 0 out of 6.")
    expect(page.get_by_role("button", name="Talk to a person")).to_be_visible()


def test_the_drinking_limits_answer_fits_a_phone_and_its_button_starts_the_audit_c(
        phone_page, live_stack, artifacts):
    page = phone_page
    open_widget(page, live_stack.settings.gateway_url)
    say(page, "how much drinking is too much")
    expect(bot_bubbles(page).last).to_contain_text("Binge drinking means")

    assert_fits_the_screen(page, page.locator(".harbor-quick-reply"))
    page.screenshot(path=artifacts / "drinking-limits-phone.png")
    page.get_by_role("button", name="Check my drinking").click()

    expect(bot_bubbles(page).last).to_contain_text("Question 1 of 3.")
    expect(page.get_by_role("button", name="Stop")).to_be_visible()


def test_the_menus_self_check_button_lists_the_screeners_on_a_phone(phone_page, live_stack):
    page = phone_page
    open_widget(page, live_stack.settings.gateway_url)
    say(page, "what can you do")
    page.get_by_role("button", name="Take a self-check").click()

    expect(page.get_by_role("button", name="Drinking check")).to_be_visible()
    assert_fits_the_screen(page, page.locator(".harbor-quick-reply"))
