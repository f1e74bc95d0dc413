"""A trained model loaded for scripts that parse many texts, without Rasa's debug chatter.

Rasa logs every parse at debug level unless told otherwise: thousands of lines that
bury a script's report. Imported lazily, so a script's --help does not load Rasa.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any


def load_quiet_agent(model: Path) -> Any:
    """The `rasa.core.agent.Agent` of `model`, with Rasa's logging at WARNING."""
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    return Agent.load(str(model))
