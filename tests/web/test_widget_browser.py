"""The chat widget in Debian's Chromium, as a visitor would use it.

These run against the gateway served on a free port, with the echoing stand-in for
Rasa (or with nothing where Rasa should be); the answers of the real assistant are
tested in test_widget_live.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harbor.center import load_center
from safety.replies import service_unavailable_message
from tests.web.widget_page import PHONE, bot_bubbles, open_widget, say, visitor_bubbles
from web.visitor.widget_config import crisis_link

pytestmark = pytest.mark.browser


# --- opening and closing ----------------------------------------------------------------


def test_the_demo_page_shows_the_center_and_a_closed_launcher(page, gateway_url):
    page.goto(gateway_url)
    expect(page.get_by_text(load_center().name).first).to_be_visible()
    expect(page.get_by_role("button", name="Chat with Harbor")).to_have_attribute(
        "aria-expanded", "false"
    )
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_opening_the_panel_moves_focus_into_it(page, gateway_url):
    open_widget(page, gateway_url)
    expect(page.get_by_label("Your message")).to_be_focused()


def test_the_notice_comes_before_the_first_message(page, gateway_url):
    open_widget(page, gateway_url)
    notice = page.locator(".harbor-log > :first-child")
    expect(notice).to_contain_text("automated assistant, not a clinician")
    expect(notice).to_contain_text("don't share your full name or address")


def test_the_crisis_link_is_in_the_panel_header(page, gateway_url):
    open_widget(page, gateway_url)
    link = page.locator(".harbor-header").get_by_role("link", name=crisis_link().label)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", crisis_link().href)


@pytest.mark.parametrize(
    "close", [lambda p: p.keyboard.press("Escape"), lambda p: p.get_by_label("Close chat").click()],
    ids=["Escape", "close button"],
)
def test_closing_the_panel_returns_focus_to_the_launcher(page, gateway_url, close):
    open_widget(page, gateway_url)
    close(page)
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(page.get_by_role("button", name="Chat with Harbor")).to_be_focused()


# --- talking -----------------------------------------------------------------------------


def test_a_message_gets_a_reply_with_its_time(page, gateway_url):
    open_widget(page, gateway_url)
    say(page, "hello")
    expect(visitor_bubbles(page)).to_have_text(["You: hello"])
    expect(bot_bubbles(page)).to_have_text(["Harbor: You said: hello"])
    expect(page.locator(".harbor-msg time[datetime]")).to_have_count(2)


def test_enter_sends_and_shift_enter_starts_a_new_line(page, gateway_url):
    open_widget(page, gateway_url)
    box = page.get_by_label("Your message")
    box.type("first line")
    box.press("Shift+Enter")
    box.type("second line")
    box.press("Enter")
    expect(bot_bubbles(page)).to_have_text(["Harbor: You said: first line\nsecond line"])
    expect(box).to_have_value("")


def test_the_typing_indicator_shows_while_waiting(page, gateway_url):
    open_widget(page, gateway_url)
    page.evaluate(
        """() => new MutationObserver(() => {
               if (!document.querySelector('.harbor-typing').hidden) window.sawTyping = true;
           }).observe(document.querySelector('.harbor-log'), {childList: true, subtree: true,
                                                              attributes: true})"""
    )
    say(page, "hello")
    expect(bot_bubbles(page)).to_have_count(1)
    assert page.evaluate("window.sawTyping") is True
    expect(page.locator(".harbor-typing")).to_be_hidden()


def test_a_quick_reply_sends_its_payload_and_shows_its_title(page, gateway_url, session_stub_rasa):
    open_widget(page, gateway_url)
    say(page, "buttons please")
    page.get_by_role("button", name="Tell me about DBT").click()
    expect(visitor_bubbles(page).last).to_have_text("You: Tell me about DBT")
    expect(bot_bubbles(page).last).to_have_text('Harbor: Picked /pick{"topic": "dbt"}')
    assert session_stub_rasa.received[-1]["message"] == '/pick{"topic": "dbt"}'
    expect(page.locator(".harbor-quick")).to_have_count(0)


def test_bot_text_is_shown_as_text_with_links_made_clickable(page, gateway_url):
    open_widget(page, gateway_url)
    say(page, '<img src=x id="injected"> see https://example.org/page.')
    reply = bot_bubbles(page).last
    expect(reply).to_contain_text('<img src=x id="injected">')
    expect(page.locator("#injected")).to_have_count(0)
    link = reply.get_by_role("link", name="https://example.org/page")
    expect(link).to_have_attribute("href", "https://example.org/page")
    expect(link).to_have_attribute("rel", "noopener noreferrer")


def test_the_conversation_survives_a_reload(page, gateway_url, session_stub_rasa):
    open_widget(page, gateway_url)
    say(page, "remember me")
    expect(bot_bubbles(page)).to_have_count(1)
    page.reload()
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(bot_bubbles(page)).to_have_text(["Harbor: You said: remember me"])
    sender = session_stub_rasa.received[-1]["sender"]
    say(page, "still me")
    expect(bot_bubbles(page)).to_have_count(2)
    assert session_stub_rasa.received[-1]["sender"] == sender


def test_a_new_conversation_starts_afresh(page, gateway_url, session_stub_rasa):
    open_widget(page, gateway_url)
    say(page, "first conversation")
    expect(bot_bubbles(page)).to_have_count(1)
    first_sender = session_stub_rasa.received[-1]["sender"]
    page.get_by_role("button", name="Start a new conversation").click()
    expect(bot_bubbles(page)).to_have_count(0)
    expect(page.locator(".harbor-notice")).to_be_visible()
    say(page, "second conversation")
    expect(bot_bubbles(page)).to_have_count(1)
    assert session_stub_rasa.received[-1]["sender"] != first_sender


# --- when things go wrong ---------------------------------------------------------------


def test_a_failed_send_keeps_the_message_and_retry_delivers_it(page, gateway_url):
    open_widget(page, gateway_url)
    page.route("**/messages", lambda route: route.abort("internetdisconnected"))
    say(page, "are you there")
    expect(page.get_by_label("Your message")).to_have_value("are you there")
    expect(page.locator(".harbor-status")).to_contain_text("Couldn't send")
    expect(visitor_bubbles(page)).to_have_count(0)
    page.unroute("**/messages")
    page.get_by_role("button", name="Retry").click()
    expect(bot_bubbles(page)).to_have_text(["Harbor: You said: are you there"])
    expect(page.get_by_label("Your message")).to_have_value("")
    expect(page.locator(".harbor-status")).to_be_empty()


def test_a_quick_reply_that_fails_stays_offered_and_retry_sends_it(page, gateway_url):
    open_widget(page, gateway_url)
    say(page, "buttons please")
    # The reply must be in before the network goes, or its own request is the one cut.
    expect(page.get_by_role("button", name="Tell me about DBT")).to_be_visible()
    page.route("**/messages", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("button", name="Tell me about DBT").click()
    # Wait for the failure to show before the network comes back, or the race is lost.
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    expect(page.get_by_role("button", name="Tell me about DBT")).to_be_visible()
    page.unroute("**/messages")
    page.get_by_role("button", name="Retry").click()
    expect(visitor_bubbles(page).last).to_have_text("You: Tell me about DBT")
    expect(bot_bubbles(page).last).to_have_text('Harbor: Picked /pick{"topic": "dbt"}')


def test_with_rasa_down_the_widget_shows_the_service_message(page, gateway_without_rasa_url):
    open_widget(page, gateway_without_rasa_url)
    say(page, "hello")
    expect(bot_bubbles(page)).to_have_text([f"Harbor: {service_unavailable_message()}"])
    expect(page.get_by_label("Your message")).to_have_value("hello")
    expect(page.get_by_role("button", name="Retry")).to_be_visible()


# --- keyboard only -----------------------------------------------------------------------


def test_a_whole_conversation_works_from_the_keyboard(page, gateway_url):
    page.goto(gateway_url)
    launcher = page.get_by_role("button", name="Chat with Harbor")
    for _ in range(10):  # the demo page has a few links before the launcher at most
        page.keyboard.press("Tab")
        if launcher.evaluate("node => node === document.activeElement"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your message")).to_be_focused()
    page.keyboard.type("buttons please")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Yes")).to_be_visible()
    page.keyboard.press("Shift+Tab")  # from the text box back to the last quick reply
    expect(page.get_by_role("button", name="Yes")).to_be_focused()
    page.keyboard.press("Enter")
    expect(bot_bubbles(page).last).to_have_text("Harbor: Picked /pick_yes")
    page.keyboard.press("Escape")
    expect(launcher).to_be_focused()


# --- layouts, and what the page does not do ------------------------------------------------


def test_on_a_phone_the_open_panel_fills_the_screen(phone_page, gateway_url, artifacts):
    open_widget(phone_page, gateway_url)
    say(phone_page, "buttons please")
    expect(bot_bubbles(phone_page)).to_have_count(1)
    box = phone_page.get_by_role("dialog").bounding_box()
    assert (box["x"], box["y"]) == (0, 0)
    assert (box["width"], box["height"]) == (PHONE["width"], PHONE["height"])
    expect(phone_page.get_by_role("button", name="Chat with Harbor")).to_be_hidden()
    phone_page.screenshot(path=artifacts / "widget-phone.png")


def test_on_a_phone_opening_focuses_the_heading_so_no_keyboard_covers_the_notice(
    phone_page, gateway_url
):
    open_widget(phone_page, gateway_url)
    expect(phone_page.get_by_role("heading", name="Harbor")).to_be_focused()


def test_on_a_desktop_the_panel_floats_bottom_right(page, gateway_url, artifacts):
    open_widget(page, gateway_url)
    say(page, "buttons please")
    expect(bot_bubbles(page)).to_have_count(1)
    box = page.get_by_role("dialog").bounding_box()
    viewport = page.viewport_size
    assert box["width"] < viewport["width"] / 2
    assert box["x"] + box["width"] > viewport["width"] - 40
    page.screenshot(path=artifacts / "widget-desktop.png")


def test_the_page_breaks_no_csp_rule_and_calls_nothing_outside(page, gateway_url):
    open_widget(page, gateway_url)
    say(page, "buttons please")
    page.get_by_role("button", name="Yes").click()
    expect(bot_bubbles(page)).to_have_count(2)
    assert page.watch.errors == []
    assert page.watch.outside_requests == []
