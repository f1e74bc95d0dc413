"""Hot spots of Rasa 3.6 relieved in place; `harbor.rasa_server` applies them before Rasa starts.

Both were found with py-spy on a Rasa serving 32 concurrent conversations (README,
Performance); each keeps Rasa's behaviour and only stops repeating work.

The action server's reply is checked against a JSON schema after every custom action
(`RemoteAction._validate_action_result`), with `jsonschema.validate`, which first checks
the schema itself against the JSON Schema meta-schema, every time: that was 37% of
Rasa's CPU under load. The validator is built (and the schema checked) once per action
class; a reply that does not fit raises the same `ValidationError` with the same message.

`rasa.shared.utils.common.all_subclasses` walks a class's whole subclass tree (and asks
`inspect.isabstract` of each) on every call, and `Event.resolve_by_type` calls it for
every event it turns back into an object: each message re-reads its conversation from
the tracker store, so the walk runs once per stored event, per message (see the
Performance section of the README for the profile). The answer changes only when a
new subclass is defined, so it is cached per class and dropped whenever a subclass of
a cached class is created (a hook on the class's `__init_subclass__`). Results are
the same as Rasa's, in the same order; each call gets its own list.
"""

from __future__ import annotations

import functools
import inspect
import threading
from typing import Any

import rasa.shared.utils.common as rasa_common
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

# Rasa's own function, kept to compare against (tests) before `apply` replaces it.
RASA_ALL_SUBCLASSES = rasa_common.all_subclasses
RASA_VALIDATE_ACTION_RESULT = RemoteAction._validate_action_result
_lock = threading.Lock()
_generation = 0
_cache: dict[type, tuple[int, tuple[Any, ...]]] = {}
_watched: set[type] = set()


def _walk(cls: Any) -> list[Any]:
    """Rasa's `all_subclasses`, unchanged: every known non-abstract subclass, in its order."""
    classes = cls.__subclasses__() + [g for s in cls.__subclasses__() for g in _walk(s)]
    return [subclass for subclass in classes if not inspect.isabstract(subclass)]


def _new_generation() -> None:
    global _generation
    with _lock:
        _generation += 1


def _watch(root: type) -> None:
    """Bump the cache's generation whenever a class below `root` is defined."""
    if root in _watched:
        return
    own = root.__dict__.get("__init_subclass__")

    def __init_subclass__(cls: type, **kwargs: Any) -> None:
        _new_generation()
        if own is not None:
            own.__func__(cls, **kwargs)
        else:
            super(root, cls).__init_subclass__(**kwargs)

    root.__init_subclass__ = classmethod(__init_subclass__)  # type: ignore[assignment]
    _watched.add(root)


def cached_all_subclasses(cls: Any) -> list[Any]:
    """What Rasa's `all_subclasses(cls)` returns, computed once per class hierarchy."""
    hit = _cache.get(cls)
    if hit is not None and hit[0] == _generation:
        return list(hit[1])
    generation = _generation
    _watch(cls)
    found = _walk(cls)
    _cache[cls] = (generation, tuple(found))
    return found


@functools.cache
def action_result_validator(action_class: type[RemoteAction]) -> Any:
    """A validator of the action server's reply, its schema checked once."""
    schema = action_class.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """`RemoteAction._validate_action_result` with the validator built once."""
    error = best_match(action_result_validator(type(self)).iter_errors(result))
    if error is None:
        return True
    # Rasa's own wording, so logs and handlers read the same.
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def apply() -> None:
    """Install the patches (idempotent). Rasa calls both through their module or class."""
    rasa_common.all_subclasses = cached_all_subclasses
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
