"""What visitors get for topic questions and for questions nothing curated answers.

    python scripts/check_answers.py [--model models/harbor.tar.gz] [--sweep]

`rasa test nlu` scores the intent and the response selector apart and undoes the
fallback, so it cannot say what a visitor receives. This script runs every held-out
question through the trained model, answer gate included, and counts the outcome:

- topic accuracy: questions of tests/nlu/faq_test.yml that get their topic's answer
  (and, apart, "tell me about <topic>" for each topic's key and button titles);
- confidently wrong: questions that get another topic's answer (on faq_test.yml), or
  on tests/answers/no_answer_test.yml any reply but an honest one (HONEST_REPLIES):
  a curated or center answer, or a stray goodbye.

- on the real questions of tests/answers/real_questions.yml (people's own words, read
  from a pinned public corpus: scripts/real_questions.py), apart for the dev part
  (tuned on) and the test part (reported, never tuned on): fitting replies, and
  confidently wrong ones (see `real_verdict`); and the same on the larger pool of
  tests/answers/real_pool.yml, labelled apart (mostly questions nothing curated covers).

It fails below the gates. `--sweep` recomputes the gate's decision for a range of
`answer_threshold` values from the same predictions, to calibrate config.yml.
The report and every miss go to var/results/answers/.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from actions.center_answers import SUBJECT_OF_INTENT  # noqa: E402
from actions.topics import topic_of_payload  # noqa: E402
from components.answer_gate import (  # noqa: E402 (the project root must be importable)
    NLU_FALLBACK_INTENT,
    AnswerGate,
    GateSettings,
    declined_for_particulars,
    gated_intent,
    topic_ranking,
)
from scripts.real_questions import NONE, RealQuestion, load_pool, load_split  # noqa: E402

TOPIC_SPLIT = PROJECT_ROOT / "tests" / "nlu" / "faq_test.yml"
NO_ANSWER_SPLIT = PROJECT_ROOT / "tests" / "answers" / "no_answer_test.yml"
RESPONSES = PROJECT_ROOT / "data" / "faq_responses.yml"
MODEL = PROJECT_ROOT / "models" / "harbor.tar.gz"
RESULTS = PROJECT_ROOT / "var" / "results" / "answers"
RETRIEVAL_INTENT = "faq"
# Replies that are right for a question nothing curated answers: the honest reply, and
# the referral, person, safety and out-of-scope replies. A goodbye or a menu is not.
HONEST_REPLIES = frozenset({
    "nlu_fallback", "uncovered_question", "out_of_scope", "seek_treatment", "request_human",
    "request_callback", "crisis", "risk_concern", "overdose_info",
})
# Measured on the model trained from this commit's data (see the README): a little
# below what it reaches, so a retrain's noise passes and a real regression does not.
# Training is not bit-identical across machines even with the seeds fixed: the same
# data gave topic accuracy 0.726 on one machine and 0.719 on another (199 and 197 of
# 274), so the two topic gates sit about four questions below the lower figure.
GATES = {
    "named_topic_accuracy": (">=", 0.85),
    "topic_accuracy": (">=", 0.70),
    "topic_answered_or_one_click_away": (">=", 0.89),
    "topic_confidently_wrong": ("<=", 0.04),
    "no_answer_confidently_wrong": ("<=", 0.15),
}
# The real questions' test part: until the issue's targets (issue 14) are met, gated
# only against regression, about four questions of 110 below what the model with the
# gate's coverage check gets (fitting 0.782, confidently wrong 0.100). Put
# REAL_TARGETS here once they are met.
# The pool (570 more real questions, 516 of them with no curated answer) is gated the
# same way, about four questions beyond main's figures (fitting 0.795, wrong 0.165).
REAL_GATES = {
    "real_test_fitting": (">=", 0.74), "real_test_confidently_wrong": ("<=", 0.14),
    "real_pool_fitting": (">=", 0.78), "real_pool_confidently_wrong": ("<=", 0.18),
}
REAL_TARGETS = {"real_test_fitting": (">=", 0.85), "real_test_confidently_wrong": ("<=", 0.05)}
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7)
STRONG_SWEEP = (0.8, 0.9, 1.01)


@dataclass(frozen=True)
class Question:
    text: str
    topic: str | None  # None: no curated answer fits


@dataclass(frozen=True)
class Outcome:
    question: Question
    reply: str  # "answer:<topic>", "center:<intent>", or "abstain:<intent>"
    offered: tuple[str, ...] = ()  # the closest topics an abstention offers as buttons

    @property
    def answered_topic(self) -> str | None:
        return self.reply.split(":", 1)[1] if self.reply.startswith("answer:") else None

    @property
    def confidently_wrong(self) -> bool:
        if self.question.topic is None:
            kind, _, intent = self.reply.partition(":")
            return kind != "abstain" or intent not in HONEST_REPLIES
        return self.answered_topic not in (None, self.question.topic)


def topic_questions(path: Path = TOPIC_SPLIT) -> list[Question]:
    data = yaml.safe_load(path.read_text())
    questions = []
    for block in data["nlu"]:
        intent = block["intent"]
        if not intent.startswith(RETRIEVAL_INTENT + "/"):
            continue
        topic = intent.split("/", 1)[1]
        questions += [Question(text, topic) for text in _examples(block["examples"])]
    return questions


def named_topic_questions(path: Path = RESPONSES) -> list[Question]:
    """"Tell me about <topic>", by each topic's key and by its button titles that name it."""
    responses = yaml.safe_load(path.read_text())["responses"]
    names = {key.split("/", 1)[1]: {key.split("/", 1)[1].replace("_", " ")}
             for key in responses if key.startswith(f"utter_{RETRIEVAL_INTENT}/")}
    for variations in responses.values():
        for button in variations[0].get("buttons", []):
            topic = topic_of_payload(button.get("payload", ""))
            title = button["title"].lower().removeprefix("about ")
            if topic in names and not title.endswith("?"):
                names[topic].add(title)
    return [Question(f"tell me about {name}", topic)
            for topic, topic_names in names.items() for name in sorted(topic_names)]


def no_answer_questions(path: Path = NO_ANSWER_SPLIT) -> list[Question]:
    data = yaml.safe_load(path.read_text())
    return [Question(text, None) for texts in data.values() for text in texts]


def _examples(block: str) -> Iterable[str]:
    for line in block.splitlines():
        if line.strip().startswith("- "):
            yield line.strip()[2:].strip()


def reply_of(parse_data: dict[str, Any]) -> str:
    """What the visitor gets for a parsed message, as the rules in data/rules.yml route it."""
    intent = (parse_data.get("intent") or {}).get("name") or ""
    if intent in (RETRIEVAL_INTENT, "choose_topic"):
        topics = topic_ranking(parse_data, RETRIEVAL_INTENT)
        chosen = (parse_data.get("answer") or {}).get("topic") or (topics[0][0] if topics else "")
        return f"answer:{chosen}"
    if intent in SUBJECT_OF_INTENT:  # answered from center.yml: a curated answer too
        return f"center:{intent}"
    return f"abstain:{intent}"


def offered_topics(parse_data: dict[str, Any], count: int = 3) -> tuple[str, ...]:
    """The topics an abstention offers as buttons (actions/abstention.py)."""
    decided = (parse_data.get("answer") or {}).get("closest")
    return tuple(decided or [t for t, _ in topic_ranking(parse_data, RETRIEVAL_INTENT)][:count])


def regated(parse_data: dict[str, Any], settings: GateSettings) -> dict[str, Any]:
    """The parse data as the gate would leave it with other settings (for the sweep).

    The coverage check reuses the uncovered words the gate recorded; it records them
    only for topics it would have answered, so a sweep to a lower `answer_threshold`
    misses some declines for particulars.
    """
    ranking = [e for e in parse_data.get("intent_ranking") or []
               if e.get("name") != NLU_FALLBACK_INTENT]
    if not ranking or ranking[0].get("name") in ("crisis", "risk_concern"):
        return parse_data
    name, decision = gated_intent(ranking, topic_ranking(parse_data, RETRIEVAL_INTENT), settings)
    uncovered = list((parse_data.get("answer") or {}).get("uncovered") or [])
    if decision is not None and uncovered:
        decision = declined_for_particulars(decision, uncovered, settings)
        name = name if decision.answered else NLU_FALLBACK_INTENT
    return {**parse_data, "intent": {"name": name} if name else ranking[0],
            "answer": {"topic": decision.topic, "closest": decision.closest} if decision else None}


def rates(outcomes: list[Outcome], named: list[Outcome] = ()) -> dict[str, float]:
    topical = [o for o in outcomes if o.question.topic is not None]
    uncovered = [o for o in outcomes if o.question.topic is None]
    return {
        "named_topic_accuracy": _share(o.answered_topic == o.question.topic for o in named),
        "topic_accuracy": _share(o.answered_topic == o.question.topic for o in topical),
        "topic_confidently_wrong": _share(o.confidently_wrong for o in topical),
        "topic_abstained": _share(o.reply.startswith("abstain:") for o in topical),
        "topic_answered_or_one_click_away": _share(
            o.answered_topic == o.question.topic
            or (o.reply.startswith("abstain:") and o.question.topic in o.offered)
            for o in topical
        ),
        "no_answer_confidently_wrong": _share(o.confidently_wrong for o in uncovered),
        "no_answer_abstained": _share(o.reply.startswith("abstain:") for o in uncovered),
    }


def real_verdict(reply: str, offered: tuple[str, ...], fits: tuple[str, ...]) -> str:
    """"fitting", "wrong" or "declined": how a labelled real question was answered.

    Fitting: a reply the label names (a topic's answer, a screener, a center answer); an
    honest decline when no curated answer fits; or an honest decline whose first button
    is a fitting topic (one tap away, and the bot did not pretend). Confidently wrong:
    any other curated answer, center answer, screener or non-honest reply. Declined: an
    honest decline of a question that had a fitting answer, not offered first.
    """
    kind, _, name = reply.partition(":")
    if name in fits:
        return "fitting"
    if kind != "abstain" or name not in HONEST_REPLIES:
        return "wrong"
    if NONE in fits or (offered and offered[0] in fits):
        return "fitting"
    return "declined"


def real_rates(questions: list[RealQuestion], replies: list[tuple[str, tuple[str, ...]]]
               ) -> dict[str, float]:
    scores = {}
    for part in dict.fromkeys(q.part for q in questions):
        verdicts = [real_verdict(reply, offered, q.fits)
                    for q, (reply, offered) in zip(questions, replies, strict=True)
                    if q.part == part]
        scores[f"real_{part}_fitting"] = _share(v == "fitting" for v in verdicts)
        scores[f"real_{part}_confidently_wrong"] = _share(v == "wrong" for v in verdicts)
    return scores


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


def failed_gates(scores: dict[str, float],
                 gates: dict[str, tuple[str, float]] = GATES) -> list[str]:
    failed = []
    for name, (direction, limit) in gates.items():
        ok = scores[name] >= limit if direction == ">=" else scores[name] <= limit
        if not ok:
            failed.append(f"{name} {scores[name]:.3f} (gate {direction} {limit:.2f})")
    return failed


async def parse_all(model: Path, texts: list[str]) -> list[dict[str, Any]]:
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    # Without this, Rasa logs every parse at debug level and buries the report.
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def gate_settings(config_path: Path = PROJECT_ROOT / "config.yml") -> GateSettings:
    config = yaml.safe_load(config_path.read_text())
    entry = next(c for c in config["pipeline"] if c["name"].endswith(AnswerGate.__name__))
    return GateSettings.from_config({**AnswerGate.get_default_config(), **entry})


def print_sweep(questions: list[Question], parses: list[dict[str, Any]],
                real: list[RealQuestion], real_parses: list[dict[str, Any]]) -> None:
    settings = gate_settings()
    print("answer_threshold  strong  topic_acc  topic_wrong  no_answer_wrong  "
          "real_dev_fitting  real_dev_wrong")
    for threshold, strong in itertools.product(SWEEP, STRONG_SWEEP):
        trial = replace(settings, answer_threshold=threshold, strong_answer_threshold=strong)
        pairs = zip(questions, parses, strict=True)
        scores = rates([Outcome(q, reply_of(regated(p, trial))) for q, p in pairs])
        regated_real = [regated(p, trial) for p in real_parses]
        scores |= real_rates(real, [(reply_of(p), offered_topics(p)) for p in regated_real])
        print(f"{threshold:16.2f}  {strong:6.2f}  {scores['topic_accuracy']:9.3f}  "
              f"{scores['topic_confidently_wrong']:11.3f}  "
              f"{scores['no_answer_confidently_wrong']:15.3f}  "
              f"{scores['real_dev_fitting']:16.3f}  {scores['real_dev_confidently_wrong']:14.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--sweep", action="store_true", help="calibrate answer_threshold")
    args = parser.parse_args()
    if not args.model.exists():
        print(f"no model at {args.model}: run `make train`", file=sys.stderr)
        return 1
    questions = topic_questions() + no_answer_questions()
    named_questions = named_topic_questions()
    real = load_split() + load_pool()
    texts = [q.text for q in questions + named_questions + real]
    parses = asyncio.run(parse_all(args.model, texts))
    real_parses = parses[len(texts) - len(real):]
    parses = parses[: len(texts) - len(real)]
    outcomes = [Outcome(q, reply_of(p), offered_topics(p))
                for q, p in zip(questions + named_questions, parses, strict=True)]
    named = outcomes[len(questions):]
    outcomes, parses = outcomes[: len(questions)], parses[: len(questions)]
    real_replies = [(reply_of(p), offered_topics(p)) for p in real_parses]
    scores = rates(outcomes, named) | real_rates(real, real_replies)
    write_report(scores, outcomes + named, real, real_replies)
    topical = sum(q.topic is not None for q in questions)
    parts = ", ".join(f"{sum(q.part == part for q in real)} {part}"
                      for part in dict.fromkeys(q.part for q in real))
    print(f"{topical} topic questions, {len(questions) - topical} without a curated answer, "
          f"{len(real)} real questions ({parts})")
    for name, value in scores.items():
        print(f"{name:30} {value:.3f}")
    if args.sweep:
        print_sweep(questions, parses, real, real_parses)
    for failure in failed_gates(scores, REAL_TARGETS):
        print(f"below the issue's target (not gated yet): {failure}")
    failed = failed_gates(scores) + failed_gates(scores, REAL_GATES)
    for failure in failed:
        print(f"BELOW GATE: {failure}", file=sys.stderr)
    print(f"misses: {RESULTS / 'report.json'}")
    return 1 if failed else 0


def write_report(scores: dict[str, float], outcomes: list[Outcome], real: list[RealQuestion],
                 real_replies: list[tuple[str, tuple[str, ...]]]) -> None:
    """Every miss, to var/results/answers/report.json (git-ignored: real texts stay local)."""
    misses = [{"text": o.question.text, "expected": o.question.topic, "got": o.reply}
              for o in outcomes
              if o.confidently_wrong or o.answered_topic != o.question.topic]
    real_misses = [{"ref": q.ref, "part": q.part, "text": q.text, "fits": list(q.fits),
                    "got": reply, "offered": list(offered),
                    "verdict": real_verdict(reply, offered, q.fits)}
                   for q, (reply, offered) in zip(real, real_replies, strict=True)
                   if real_verdict(reply, offered, q.fits) != "fitting"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "report.json").write_text(json.dumps(
        {"scores": scores, "misses": misses, "real_misses": real_misses}, indent=2))


if __name__ == "__main__":
    sys.exit(main())
