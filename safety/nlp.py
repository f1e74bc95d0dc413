"""The small spaCy pipeline shared by the risk detector and Rasa's SpacyNLP.

It is `spacy.blank("en")` plus a lookup lemmatizer: no statistical model, so it
needs no download, loads in well under a second and behaves the same on every
machine. The folder written by `build_pipeline` is what Rasa's `SpacyNLP`
loads, so the detector and the NLU pipeline see the same tokens and lemmas.

    python -m safety.nlp build [PATH]     # used by the Makefile
"""

from __future__ import annotations

import argparse
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PIPELINE_PATH = REPO_ROOT / "build" / "spacy-en"

PIPELINE_NAME = "harbor_en"
PIPELINE_VERSION = "1.0.0"


def _blank_pipeline() -> Language:
    nlp = spacy.blank("en")
    # Lookup mode needs no part-of-speech tags; its table ships in
    # spacy-lookups-data and is copied into the folder by to_disk.
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta["description"] = "Blank English tokenizer + lookup lemmatizer for Harbor"
    return nlp


def build_pipeline(path: Path) -> None:
    """Build the pipeline and write it to `path` (a folder spacy.load reads)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _blank_pipeline().to_disk(path)


@lru_cache(maxsize=4)
def load_pipeline(path: Path = DEFAULT_PIPELINE_PATH) -> Language:
    """Load the pipeline from `path`, or build it in memory if it is missing.

    Building in memory instead of failing keeps the detector working in a
    fresh checkout before `make` has run: a risk check must never be the
    thing that breaks.
    """
    path = Path(path)
    if path.is_dir():
        return spacy.load(path)
    return _blank_pipeline()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m safety.nlp", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="write the pipeline folder")
    build.add_argument("path", nargs="?", type=Path, default=DEFAULT_PIPELINE_PATH)
    args = parser.parse_args(argv)
    if args.command == "build":
        build_pipeline(args.path)
        print(f"spaCy pipeline written to {args.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
