"""Harbor's risk-detection library: detector, crisis resources and replies.

Shared by the gateway, the Rasa component and the actions; imports no Rasa.

    from safety import assess_risk, crisis_reply
    risk = assess_risk("i think my friend od'd")
    if risk.is_crisis:
        reply = crisis_reply(risk.category, risk.subject)

Names are imported on first use (PEP 562), so the gateway, which only needs
`safety.replies`, never loads spaCy, and `python -m safety.<module>` runs
without importing its own module twice.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "CATEGORY_PRIORITY": "detector",
    "RiskAssessment": "detector",
    "RiskDetector": "detector",
    "RiskLevel": "detector",
    "assess_risk": "detector",
    "Report": "evaluation",
    "evaluate": "evaluation",
    "load_cases": "evaluation",
    "CATEGORIES": "lexicon",
    "DEFAULT_LEXICON_PATH": "lexicon",
    "Lexicon": "lexicon",
    "DEFAULT_PIPELINE_PATH": "nlp",
    "build_pipeline": "nlp",
    "load_pipeline": "nlp",
    "CrisisReply": "replies",
    "carries_line": "replies",
    "concern_check_in": "replies",
    "crisis_line_reminder": "replies",
    "crisis_reply": "replies",
    "first_risk_reply": "replies",
    "service_unavailable_message": "replies",
    "support_after_no": "replies",
    "treatment_referral": "replies",
    "withdrawal_information": "replies",
    "Resource": "resources",
    "ResourceBook": "resources",
    "load_resources": "resources",
    "stale_resources": "resources",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'safety' has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
