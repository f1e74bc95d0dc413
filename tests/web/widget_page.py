"""How the browser tests drive the widget: the steps a visitor takes, by role and label."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Chat with Harbor").click()
    expect(page.get_by_role("dialog", name="Harbor")).to_be_visible()


def say(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()


def bot_bubbles(page: Page) -> Locator:
    return page.locator(".harbor-msg--bot .harbor-bubble")


def visitor_bubbles(page: Page) -> Locator:
    return page.locator(".harbor-msg--visitor .harbor-bubble")
