"""The gateway and widget in front of the real assistant (Rasa, actions, gateway).

The expected answers are read from the domain, where they live, and the crisis number
from the safety resources, so these tests never restate either.
"""

from __future__ import annotations

import httpx
import pytest
import yaml
from playwright.sync_api import expect

from harbor.settings import PROJECT_ROOT
from tests.web.widget_page import bot_bubbles, open_widget, say, visitor_bubbles
from web.visitor.widget_config import crisis_link

pytestmark = pytest.mark.integration

CRISIS_MESSAGE = "I want to kill myself"


def curated_opening(topic: str) -> str:
    """The first sentence of the curated answer to `topic`, as the domain has it."""
    responses = yaml.safe_load((PROJECT_ROOT / "data" / "faq_responses.yml").read_text())
    text = responses["responses"][f"utter_faq/{topic}"][0]["text"]
    return text.split(". ")[0]


def crisis_number() -> str:
    return crisis_link().href.removeprefix("tel:")


@pytest.fixture(scope="module")
def live_gateway(live_stack) -> str:
    return live_stack.settings.gateway_url


# --- the API -----------------------------------------------------------------------------


@pytest.fixture
def api(live_gateway):
    with httpx.Client(base_url=live_gateway, timeout=30, trust_env=False) as client:
        yield client


def converse(api: httpx.Client, text: str) -> list[dict]:
    conversation = api.post("/api/conversations").json()
    response = api.post(
        f"/api/conversations/{conversation['conversation_id']}/messages",
        json={"text": text},
        headers={"Authorization": f"Bearer {conversation['token']}"},
    )
    assert response.status_code == 200, response.text
    return response.json()["messages"]


def test_readyz_sees_rasa(api):
    assert api.get("/readyz").json() == {"status": "ok", "rasa": "up"}


def test_a_topic_question_gets_its_curated_answer_through_the_api(api):
    replies = converse(api, "what is dual diagnosis")
    assert curated_opening("dual_diagnosis") in replies[0]["text"]


def test_a_crisis_message_gets_the_crisis_line_through_the_api(api):
    replies = converse(api, CRISIS_MESSAGE)
    assert crisis_number() in " ".join(reply["text"] for reply in replies)


# --- the widget ----------------------------------------------------------------------------


@pytest.mark.browser
def test_a_topic_question_shows_the_curated_answer(page, live_gateway):
    open_widget(page, live_gateway)
    say(page, "what is dual diagnosis")
    expect(bot_bubbles(page).first).to_contain_text(curated_opening("dual_diagnosis"))


@pytest.mark.browser
def test_a_quick_reply_from_the_assistant_gets_its_answer(page, live_gateway):
    open_widget(page, live_gateway)
    say(page, "hi")
    page.get_by_role("button", name="What is a dual diagnosis?").click()
    expect(visitor_bubbles(page).last).to_have_text("You: What is a dual diagnosis?")
    expect(bot_bubbles(page).last).to_contain_text(curated_opening("dual_diagnosis"))


@pytest.mark.browser
def test_the_live_conversation_survives_a_reload(page, live_gateway):
    open_widget(page, live_gateway)
    say(page, "what is dual diagnosis")
    expect(bot_bubbles(page)).not_to_have_count(0)
    before = bot_bubbles(page).all_text_contents()
    page.reload()
    expect(bot_bubbles(page)).to_have_text(before)


@pytest.mark.browser
def test_a_crisis_message_shows_the_crisis_line(page, live_gateway):
    open_widget(page, live_gateway)
    say(page, CRISIS_MESSAGE)
    expect(page.locator(".harbor-log .harbor-msg--bot").first).to_contain_text(crisis_number())


@pytest.mark.browser
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots_of_a_live_conversation(request, live_gateway, artifacts, device):
    page = request.getfixturevalue("page" if device == "desktop" else "phone_page")
    open_widget(page, live_gateway)
    say(page, "hi")
    page.get_by_role("button", name="What is a dual diagnosis?").click()
    expect(bot_bubbles(page).last).to_contain_text(curated_opening("dual_diagnosis"))
    page.screenshot(path=artifacts / f"widget-{device}-live.png")
    assert page.watch.errors == []
