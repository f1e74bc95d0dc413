"""The library stays a library: no Rasa, and the gateway's imports stay light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_module_in_safety_imports_rasa():
    for path in (ROOT / "safety").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import rasa" not in source and "from rasa" not in source, path.name


def test_importing_the_replies_does_not_load_spacy():
    """The gateway shows the service-unavailable text; it must not pull in the NLP stack."""
    probe = "import sys, safety.replies; print('spacy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == "False"


def test_the_package_exports_the_public_api():
    import safety

    for name in (
        "assess_risk",
        "RiskDetector",
        "RiskAssessment",
        "RiskLevel",
        "crisis_reply",
        "concern_check_in",
        "support_after_no",
        "treatment_referral",
        "service_unavailable_message",
        "load_resources",
        "stale_resources",
        "build_pipeline",
        "load_pipeline",
        "evaluate",
        "load_cases",
    ):
        assert getattr(safety, name) is not None
