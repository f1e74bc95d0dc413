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

It fails below the gates. `--sweep` parses the questions again with the loaded gate's
`answer_threshold` and `uncovered_margin` set to a range of values, to calibrate
config.yml on `dev`, the pool's scored part, faq_test.yml and the no-answer split.
The report and every miss go to var/results/answers/.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
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
    AnswerGate,
    GateSettings,
    topic_ranking,
)
from scripts.quiet_agent import load_quiet_agent  # noqa: E402
from scripts.real_questions import (  # noqa: E402
    NONE,
    POOL_TRAINING,
    RealQuestion,
    load_pool,
    load_split,
)

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
# 274), so the gates sit about four questions below the figures.
# With the gate's third judgment and its label model (2026-12-07): named 0.914, topic
# accuracy 0.770, one click 0.978, topic wrong 0.011, no-answer wrong 0.034. The same
# data with DIET's and the response selector's seed 7 instead of 42 gave topic accuracy
# 0.741, one click 0.953 and topic wrong 0.029: those gates keep the room they had.
GATES = {
    "named_topic_accuracy": (">=", 0.87),
    "topic_accuracy": (">=", 0.74),
    "topic_answered_or_one_click_away": (">=", 0.95),
    "topic_confidently_wrong": ("<=", 0.04),
    "no_answer_confidently_wrong": ("<=", 0.07),
}
# The real questions' test part is gated at the issue's targets (issue 14), met since
# the label model (fitting 0.873, confidently wrong 0.027: 96 and 3 of 110).
# The pool's scored part (175 real questions, most with no curated answer) is gated
# against regression, about four questions beyond its figures (fitting 0.983, wrong 0.011).
REAL_GATES = {
    "real_test_fitting": (">=", 0.85), "real_test_confidently_wrong": ("<=", 0.05),
    "real_pool_fitting": (">=", 0.96), "real_pool_confidently_wrong": ("<=", 0.035),
}
SWEEP = (0.4, 0.5, 0.6)
MARGIN_SWEEP = (-0.05, 0.0, 0.05)


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
    """What an abstention offers as buttons, first first (actions/abstention.py): the
    screener the gate offers, if any (its intent), then the closest topics."""
    answer = parse_data.get("answer") or {}
    decided = answer.get("closest")
    topics = list(decided or [t for t, _ in topic_ranking(parse_data, RETRIEVAL_INTENT)])
    screener = answer.get("screener")
    return tuple(([screener] if screener else []) + topics)[:count]


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


async def parse_all(agent: Any, texts: list[str]) -> list[dict[str, Any]]:
    """Every text parsed by a loaded agent (`load_agent`)."""
    return [await agent.parse_message(text) for text in texts]


def loaded_gate(agent: Any) -> AnswerGate:
    """The answer gate inside a loaded agent's graph (for the sweep only: Rasa offers no
    public way to reach a component, so this reads the pinned Rasa's graph runner)."""
    for node in agent.processor.graph_runner._instantiated_nodes.values():
        if isinstance(node._component, AnswerGate):
            return node._component
    raise LookupError("the model has no AnswerGate")


def gate_settings(config_path: Path = PROJECT_ROOT / "config.yml") -> GateSettings:
    config = yaml.safe_load(config_path.read_text())
    entry = next(c for c in config["pipeline"] if c["name"].endswith(AnswerGate.__name__))
    return GateSettings.from_config({**AnswerGate.get_default_config(), **entry})


def print_sweep(agent: Any, questions: list[Question], real: list[RealQuestion]) -> None:
    """Each setting's figures, the questions parsed again by the gate set to it."""
    gate = loaded_gate(agent)
    settings, similarity = gate.settings, gate.similarity
    print("answer_threshold  uncovered_margin  topic_acc  one_click  no_answer_wrong  "
          "dev_fitting  dev_wrong  pool_fitting  pool_wrong")
    tuned = [q for q in real if q.part != "test"]
    for threshold, margin in itertools.product(SWEEP, MARGIN_SWEEP):
        gate.settings = replace(settings, answer_threshold=threshold)
        gate.similarity = replace(similarity, uncovered_margin=margin)
        parses = asyncio.run(parse_all(agent, [q.text for q in questions + tuned]))
        scores = rates([Outcome(q, reply_of(p), offered_topics(p))
                        for q, p in zip(questions, parses[: len(questions)], strict=True)])
        scores |= real_rates(tuned, [(reply_of(p), offered_topics(p))
                                     for p in parses[len(questions):]])
        print(f"{threshold:16.2f}  {margin:16.2f}  {scores['topic_accuracy']:9.3f}  "
              f"{scores['topic_answered_or_one_click_away']:9.3f}  "
              f"{scores['no_answer_confidently_wrong']:15.3f}  "
              f"{scores['real_dev_fitting']:11.3f}  {scores['real_dev_confidently_wrong']:9.3f}  "
              f"{scores['real_pool_fitting']:12.3f}  {scores['real_pool_confidently_wrong']:10.3f}")
    gate.settings, gate.similarity = settings, similarity


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
    # The pool's training part taught the gate: only its scored part measures it.
    real = load_split() + [q for q in load_pool() if q.part != POOL_TRAINING]
    texts = [q.text for q in questions + named_questions + real]
    agent = load_quiet_agent(args.model)
    parses = asyncio.run(parse_all(agent, texts))
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
        print_sweep(agent, questions, real)
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
