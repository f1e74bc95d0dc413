"""The load client holds real conversations: every turn sent in order, buttons pressed."""

from __future__ import annotations

import pytest

from bench.conversations import BUTTONLESS_TURN, PRESS_BUTTON, VISITOR, next_text
from bench.load_client import GatewayChannel, RasaChannel, drive
from tests.web.servers import StubRasa


@pytest.mark.parametrize(("turn", "offered", "sent"), [
    ("what is dbt", ["/pick_yes"], "what is dbt"),
    (PRESS_BUTTON, ['/pick{"topic": "dbt"}', "/pick_yes"], '/pick{"topic": "dbt"}'),
    (PRESS_BUTTON, [], BUTTONLESS_TURN),
])
def test_a_turn_sends_its_words_or_the_first_button_offered(
    turn: str | None, offered: list[str], sent: str
) -> None:
    assert next_text(turn, offered) == sent


@pytest.mark.parametrize(("concurrency", "conversations"), [(1, 2), (4, 6)])
async def test_every_turn_of_every_conversation_reaches_rasa(
    stub_rasa: StubRasa, concurrency: int, conversations: int
) -> None:
    result = await drive(RasaChannel([f"http://127.0.0.1:{stub_rasa.port}"]),
                         concurrency, conversations)

    assert result.errors == 0
    assert len(result.latencies_ms) == conversations * len(VISITOR)
    assert len({message["sender"] for message in stub_rasa.received}) == conversations


async def test_each_visitor_speaks_in_the_scripts_order(stub_rasa: StubRasa) -> None:
    await drive(RasaChannel([f"http://127.0.0.1:{stub_rasa.port}"]), 1, 1)

    sent = [message["message"] for message in stub_rasa.received]
    assert sent == [next_text(turn, []) for turn in VISITOR.turns]


async def test_conversations_through_the_gateway_reach_rasa(
    stub_rasa: StubRasa, gateway_url: str
) -> None:
    result = await drive(GatewayChannel(gateway_url), 3, 3)

    assert result.errors == 0
    assert len(stub_rasa.received) == 3 * len(VISITOR)


async def test_a_failing_server_is_counted_as_errors_not_hidden() -> None:
    with StubRasa("error") as failing:
        result = await drive(RasaChannel([f"http://127.0.0.1:{failing.port}"]), 2, 3)

    assert result.errors == 3
    assert result.latencies_ms == []
