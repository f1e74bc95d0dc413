"""Training examples in people's own words: references into the pinned corpus, written out.

    python -m scripts.real_examples [--out build/nlu/real_examples.yml]

The examples in data/ are the project's own: short and general ("what is ptsd"). What
visitors type is longer and more personal, and often asks a particular of a condition
that no curated answer covers. nlu_real/real_examples.yml holds questions people posted
publicly, labelled by hand like the held-out split (tests/answers/real_questions.yml):
a topic whose answer fits, a screener, or `none`. Their text is not committed
(safety/corpora/README.md): the file holds references into the construct-tracker wheel
that `make train-risk` downloads and checks, and `make train` writes them out here as a
Rasa NLU file that Rasa trains on beside data/.

No post that holds a question of the held-out split is referenced (a test checks it),
so the split still measures questions the model never saw.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

from scripts.real_questions import NONE, read_references

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_EXAMPLES = PROJECT_ROOT / "nlu_real" / "real_examples.yml"
OUTPUT = PROJECT_ROOT / "build" / "nlu" / "real_examples.yml"
RETRIEVAL_INTENT = "faq"
UNCOVERED_INTENT = "uncovered_question"  # data/nlu.yml: the honest "no answer for that"
SCREENER_PREFIX = "screen_"
_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_END_PUNCTUATION = re.compile(r"[\s?!.]+$")


def as_written_examples(text: str) -> str:
    """A real question in the form of the project's written examples.

    The written examples in data/ are lower case and almost never end in a question
    mark; the real ones always do, and start with a capital. Left as they are, case and
    the question mark would teach the classifier that a question in that form is one
    no curated answer covers ("cognitive-behavioral approach?" declined), a cue that
    has nothing to do with what is asked.
    """
    text = text.translate(_PLAIN_QUOTES).lower()
    return " ".join(_END_PUNCTUATION.sub("", text).split())


def intent_of(label: str) -> str:
    """The Rasa intent a label trains: a screener, the honest decline, or a topic."""
    if label == NONE:
        return UNCOVERED_INTENT
    if label.startswith(SCREENER_PREFIX):
        return label
    return f"{RETRIEVAL_INTENT}/{label}"


def training_intent(labels: tuple[str, ...]) -> str | None:
    """The intent an entry trains, or None: an entry with two labels (a decline and a
    topic would both serve) would teach each intent that the other is wrong."""
    return intent_of(labels[0]) if len(labels) == 1 else None


def examples_by_intent(path: Path = REAL_EXAMPLES, wheel: Path | None = None
                       ) -> dict[str, list[str]]:
    """Each intent's real examples, in the form of the written ones."""
    found: dict[str, list[str]] = defaultdict(list)
    for text, labels, _, _, _ in read_references(path, wheel):
        intent = training_intent(labels)
        if intent is not None:
            found[intent].append(as_written_examples(text))
    return dict(found)


def nlu_document(examples: dict[str, list[str]]) -> str:
    """A Rasa NLU file, laid out as data/ is (literal example blocks)."""
    lines = ["# Written by `python -m scripts.real_examples` from nlu_real/real_examples.yml;"
             " do not edit.", 'version: "3.1"', "nlu:"]
    for intent, texts in sorted(examples.items()):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()
    examples = examples_by_intent()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(nlu_document(examples), encoding="utf-8")
    print(f"{sum(map(len, examples.values()))} real examples for {len(examples)} intents "
          f"written to {args.out}")


if __name__ == "__main__":
    main()
