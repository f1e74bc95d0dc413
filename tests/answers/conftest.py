"""What the held-out answer splits are checked against."""

from __future__ import annotations

import yaml

from harbor.settings import PROJECT_ROOT


def training_examples() -> set[str]:
    found = set()
    for path in (PROJECT_ROOT / "data").glob("*.yml"):
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    found.add(line.strip()[2:].strip().lower())
    return found
