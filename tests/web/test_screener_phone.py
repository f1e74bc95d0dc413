"""A self-screener in the widget on a phone, in front of the real assistant."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.widget_page import bot_bubbles, open_widget, say

pytestmark = [pytest.mark.integration, pytest.mark.browser]


def test_a_screener_fits_a_phone_and_ends_with_its_result(phone_page, live_stack, artifacts):
    page = phone_page
    open_widget(page, live_stack.settings.gateway_url)
    say(page, "am i depressed?")
    expect(bot_bubbles(page).last).to_contain_text("Question 1 of 2.")

    answers = page.locator(".harbor-quick-reply")
    expect(answers).to_have_count(5)  # four answers and Stop
    width = page.viewport_size["width"]
    for index in range(5):
        box = answers.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.locator(".harbor-log").evaluate("log => log.scrollWidth <= log.clientWidth")
    page.screenshot(path=artifacts / "screener-phone.png")

    page.get_by_role("button", name="Not at all").click()
    expect(bot_bubbles(page).last).to_contain_text("Question 2 of 2.")
    page.get_by_role("button", name="Not at all").click()

    expect(page.locator(".harbor-log")).to_contain_text("Your PHQ-2 score is 0 out of 6.")
    expect(page.get_by_role("button", name="Talk to a person")).to_be_visible()
