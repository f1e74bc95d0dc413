"""The patches of harbor/rasa_patches.py answer exactly as Rasa's own code does, only faster."""

from __future__ import annotations

import pytest
import rasa.shared.utils.common as rasa_common
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.slots import BooleanSlot, Slot, TextSlot

from harbor import rasa_patches
from harbor.rasa_server import main as rasa_server_main

ROOTS = [Event, Slot, UserUttered]


@pytest.mark.parametrize("root", ROOTS, ids=lambda root: root.__name__)
def test_cached_subclasses_equal_rasas_in_order(root: type) -> None:
    expected = rasa_patches.RASA_ALL_SUBCLASSES(root)

    assert rasa_patches.cached_all_subclasses(root) == expected
    assert rasa_patches.cached_all_subclasses(root) == expected  # the cached answer


def test_a_subclass_defined_after_caching_is_found() -> None:
    rasa_patches.cached_all_subclasses(Event)

    class LateEvent(UserUttered):
        type_name = "late_event_for_test"

    assert LateEvent in rasa_patches.cached_all_subclasses(Event)
    assert rasa_patches.cached_all_subclasses(Event) == rasa_patches.RASA_ALL_SUBCLASSES(Event)


def test_a_subclass_keeps_its_own_init_subclass() -> None:
    seen: list[str] = []

    class Base(UserUttered):
        def __init_subclass__(cls, **kwargs: object) -> None:
            super().__init_subclass__(**kwargs)
            seen.append(cls.__name__)

    rasa_patches.cached_all_subclasses(Base)

    class Child(Base):
        pass

    assert seen == ["Child"]
    assert Child in rasa_patches.cached_all_subclasses(Base)


def test_callers_cannot_change_the_cached_answer() -> None:
    rasa_patches.cached_all_subclasses(Slot).clear()

    assert rasa_patches.cached_all_subclasses(Slot) == rasa_patches.RASA_ALL_SUBCLASSES(Slot)


@pytest.mark.parametrize(("type_name", "cls"), [
    ("user", UserUttered), ("bot", BotUttered), ("slot", SlotSet), ("action", ActionExecuted),
])
def test_events_resolve_by_type_as_before_once_applied(type_name: str, cls: type) -> None:
    rasa_patches.apply()

    assert Event.resolve_by_type(type_name) is cls


@pytest.mark.parametrize(("type_name", "cls"), [("text", TextSlot), ("bool", BooleanSlot)])
def test_slots_resolve_by_type_as_before_once_applied(type_name: str, cls: type) -> None:
    rasa_patches.apply()

    assert Slot.resolve_by_type(type_name) is cls


def test_the_rasa_server_applies_the_patches(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasa.__main__

    monkeypatch.setattr(rasa_common, "all_subclasses", rasa_patches.RASA_ALL_SUBCLASSES)
    monkeypatch.setattr(RemoteAction, "_validate_action_result",
                        rasa_patches.RASA_VALIDATE_ACTION_RESULT)
    monkeypatch.setattr(rasa.__main__, "main", lambda: None)

    rasa_server_main()

    assert rasa_common.all_subclasses is rasa_patches.cached_all_subclasses
    assert RemoteAction._validate_action_result is rasa_patches.validate_action_result


VALID_ACTION_RESULTS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "topic", "value": "dbt", "timestamp": None}],
     "responses": [{"text": "hi", "buttons": [{"title": "DBT", "payload": "/x"}]}]},
    {},
]
INVALID_ACTION_RESULTS = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"responses": [["not an object"]]},
]


@pytest.mark.parametrize("result", VALID_ACTION_RESULTS)
def test_a_valid_action_result_passes_as_in_rasa(result: dict) -> None:
    action = RemoteAction("action_answer_question", None)

    assert rasa_patches.validate_action_result(action, result) is True
    assert rasa_patches.RASA_VALIDATE_ACTION_RESULT(action, result) is True


@pytest.mark.parametrize("result", INVALID_ACTION_RESULTS)
def test_an_invalid_action_result_raises_rasas_error(result: dict) -> None:
    action = RemoteAction("action_answer_question", None)
    with pytest.raises(ValidationError) as rasas:
        rasa_patches.RASA_VALIDATE_ACTION_RESULT(action, result)

    with pytest.raises(ValidationError) as ours:
        rasa_patches.validate_action_result(action, result)

    assert ours.value.message == rasas.value.message


def test_remote_actions_validate_with_the_patch_once_applied() -> None:
    rasa_patches.apply()

    assert RemoteAction._validate_action_result is rasa_patches.validate_action_result
