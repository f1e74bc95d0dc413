"""Reads the words around a risk match: negation, jokes, the past, general
questions, and whom the message is about.

The reading is local, like NegEx: negation is looked for in the match's own
clause, a few tokens back, and stops at a new subject ("I don't know why I
want to...") or a clause break ("I'm not suicidal, but I wish I was dead").
That is what keeps one negated clause from silencing the rest of a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .lexicon import Entry, Lexicon


class Role(Enum):
    """Who a word refers to."""

    FIRST = "first"  # the visitor: I, me, my
    THIRD = "third"  # someone else: he, my brother
    GENERIC = "generic"  # anyone: you, someone, people
    NONPERSON = "nonperson"  # it, that, the job


PERSONS = (Role.FIRST, Role.THIRD, Role.GENERIC)
POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "your"})
INDEFINITES = frozenset({"a", "an", "any", "some", "every"})
# Words skipped when looking for the word that opens a sentence.
# Words that, right after "did"/"is"/..., show the sentence is a statement
# with its subject dropped ("did too much", "is so bad").
NOT_A_SUBJECT = frozenset(
    {
        "too",
        "so",
        "really",
        "just",
        "like",
        "way",
        "literally",
        "totally",
        "still",
        "already",
        "all",
        "more",
        "gonna",
        "going",
        "about",
    }
)
OPENERS = frozenset(
    {"so", "ok", "okay", "well", "also", "and", "but", "hey", "hi", "um", "uh", "quick", "question"}
)


@dataclass(frozen=True)
class Reading:
    """How one match reads in its context."""

    negated: bool
    hedged: bool
    historical: bool
    general: bool  # a general question or hypothetical ("what happens if you...")
    question: bool  # its sentence is a question or a conditional
    whole_message: bool  # the match is all the message says ("overdose!!")
    subject: str  # "self" or "other"
    person_before: Role | None  # nearest person (or non-person subject) before it
    # Said as a figure of speech: a joke marker, "rather ... than" something
    # that is not life itself, or an everyday annoyance in the message - and
    # nothing saying it is meant seriously.
    figurative: bool = False
    # A general question about other people ("what are the signs someone is
    # suicidal?"): information, not a disclosure.
    about_others: bool = False
    _compared: bool = False

    @property
    def compared(self) -> bool:
        """ "I'd rather <match> than <not life itself>": a figure, at most a check-in."""
        return self._compared

    @property
    def lowered(self) -> tuple[str, ...]:
        """Why a crisis match would be read as concern only."""
        names = ("negated", "hedged", "historical", "general", "compared")
        return tuple(name for name in names if getattr(self, name))


class ContextReader:
    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        cues = lexicon.cues
        self.cues = cues
        self.window = lexicon.settings.negation_window
        self._relatives = frozenset(lexicon.terms.get("relative", ())) | frozenset(
            lexicon.terms.get("reflexive_other", ())
        )
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        for label, phrases in (
            ("pseudo", cues.pseudo_negation),
            ("retraction", cues.retraction),
            ("hedge", cues.hedge),
            ("serious", cues.serious),
            ("history", cues.history),
            ("conditional", cues.conditional),
            ("everyday", cues.everyday),
            ("loss", cues.loss),
        ):
            self._phrases.add(label, [nlp.make_doc(p) for p in phrases])

    def read(self, doc: Doc) -> DocContext:
        return DocContext(doc, self)

    # Token tests used by DocContext -------------------------------------
    def role(self, token: Token) -> Role | None:
        word = token.lower_
        cues = self.cues
        if word in self._relatives:
            return Role.THIRD
        if word in cues.first_person:
            return Role.FIRST
        if word in cues.third_party:
            return Role.THIRD
        if word in cues.generic_person:
            return Role.GENERIC
        if word in cues.nonperson:
            return Role.NONPERSON
        return None

    def is_negation(self, token: Token) -> bool:
        return token.lower_ in self.cues.negation or token.norm_ in self.cues.negation

    def is_belief_verb(self, token: Token) -> bool:
        return token.lemma_ in self.cues.belief_verbs

    def breaks(self, token: Token) -> tuple[bool, bool, bool]:
        """(ends sentence, starts clause, ends negation scope)."""
        word = token.lower_
        cues = self.cues
        sentence = word in cues.sentence_breaks or (token.is_space and "\n" in token.text)
        clause = sentence or word in cues.clause_breaks
        scope = clause or word in cues.scope_breaks
        return sentence, clause, scope

    def is_question_opener(self, tokens: list[Token]) -> bool:
        """Does the sentence open like a question ("what is...", "can you...")?

        An auxiliary counts only when a subject follows it: crisis messages
        often drop the subject ("did too much fent", "is not breathing").
        """
        words = [t for t in tokens if not t.is_punct and not t.is_space and t.lower_ not in OPENERS]
        if not words:
            return False
        first = words[0].lower_
        if first in self.cues.question_wh:
            return True
        if first not in self.cues.question_auxiliaries or len(words) < 2:
            return False
        after = words[1]
        return not (
            self.is_negation(after)
            or after.lower_ in NOT_A_SUBJECT
            or after.lower_.endswith(("ing", "ed"))
        )

    def is_filler(self, token: Token) -> bool:
        return token.is_punct or token.is_space or token.lower_ in self.cues.filler


class DocContext:
    """Per-message facts computed once and shared by all its matches."""

    def __init__(self, doc: Doc, reader: ContextReader) -> None:
        self.doc = doc
        self._reader = reader
        n = len(doc)
        self.sentence = [0] * n
        self.clause = [0] * n
        self.scope_break = [False] * n
        sentence = clause = 0
        for token in doc:
            ends_sentence, starts_clause, ends_scope = reader.breaks(token)
            if starts_clause and not ends_sentence:
                clause += 1  # the break word opens the new clause ("but ...")
            self.sentence[token.i] = sentence
            self.clause[token.i] = clause
            self.scope_break[token.i] = ends_scope
            if ends_sentence:
                sentence += 1
                clause += 1

        self.roles = [reader.role(t) for t in doc]
        for token in doc:
            if self.roles[token.i] is not Role.THIRD or token.lower_ in reader.cues.third_party:
                continue
            before = range(max(0, token.i - 3), token.i)
            # "a friend who..." is anyone; "my brother" is a particular person
            # (and the "my" is not the visitor).
            if any(doc[j].lower_ in INDEFINITES for j in before if j >= token.i - 2):
                self.roles[token.i] = Role.GENERIC
            for j in before:
                if doc[j].lower_ in POSSESSIVES:
                    self.roles[j] = None

        masked: set[int] = set()
        self.retractions: list[int] = []
        self.hedges: set[int] = set()  # sentence ids
        self.history: set[int] = set()  # clause ids
        self.conditionals: list[int] = []  # token index where a conditional starts
        self.everyday = False  # the message names an everyday annoyance
        self.loss = False  # the message names a loss ("lost everything")
        spans = reader._phrases(doc)
        strings = doc.vocab.strings
        serious: set[int] = set()  # sentences whose joke markers are cancelled ("no joke")
        for match_id, start, end in spans:
            if strings[match_id] in ("pseudo", "serious"):
                masked.update(range(start, end))
            if strings[match_id] == "serious":
                serious.add(self.sentence[start])
        for match_id, start, end in spans:
            label = strings[match_id]
            if label == "retraction":
                self.retractions.append(start)
            elif label == "hedge" and not masked.intersection(range(start, end)):
                if self.sentence[start] not in serious:
                    self.hedges.add(self.sentence[start])
            elif label == "history":
                self.history.add(self.clause[start])
            elif label == "conditional":
                self.conditionals.append(start)
            elif label == "everyday":
                self.everyday = True
            elif label == "loss":
                self.loss = True
        self.serious = bool(serious)
        self.negations = {t.i for t in doc if reader.is_negation(t) and t.i not in masked}

        self.questions: set[int] = set()
        by_sentence: dict[int, list[Token]] = {}
        for token in doc:
            by_sentence.setdefault(self.sentence[token.i], []).append(token)
        for sid, tokens in by_sentence.items():
            if any(
                t.text == "?" or t.text.endswith("?") for t in tokens
            ) or reader.is_question_opener(tokens):
                self.questions.add(sid)

    # ------------------------------------------------------------------ reading
    def read(self, start: int, end: int, entry: Entry) -> Reading:
        sentence = self.sentence[start]
        question = sentence in self.questions or any(
            c < start and self.clause[c] == self.clause[start] for c in self.conditionals
        )
        before = self.nearest_role(start)
        inside = self._role_inside(start, end)
        general = (
            question
            and inside not in (Role.FIRST, Role.THIRD)
            and before in (Role.GENERIC, None, Role.NONPERSON)
        )
        hedged = sentence in self.hedges
        compared = self._compared(start, end)
        figurative = not self.serious and (hedged or self.everyday or compared)
        return Reading(
            negated=self._negated(start, end),
            hedged=hedged,
            historical=self.clause[start] in self.history,
            general=general,
            question=question,
            whole_message=all(
                self._reader.is_filler(t) for t in self.doc if not start <= t.i < end
            ),
            subject=self._subject(start, end, entry, before, inside),
            person_before=self.nearest_role(start, persons_only=False),
            figurative=figurative,
            about_others=general and before is Role.GENERIC,
            _compared=compared and not self.serious,
        )

    def _compared(self, start: int, end: int) -> bool:
        """ "rather <match> than <something that is not life itself>"."""
        sentence = self.sentence[start]
        tokens = [t for t in self.doc if self.sentence[t.i] == sentence]
        if not any(t.lower_ == "rather" and t.i < start for t in tokens):
            return False
        after = [t for t in tokens if t.i >= end]
        than = next((t.i for t in after if t.lower_ == "than"), None)
        if than is None:
            return False
        living = self._reader.cues.living
        return not any(t.lemma_ in living or t.lower_ in living for t in after if t.i > than)

    def nearest_role(self, start: int, persons_only: bool = True) -> Role | None:
        """Role of the nearest person (or, if allowed, non-person subject) before `start`."""
        for i in range(start - 1, -1, -1):
            role = self.roles[i]
            if role is None or (persons_only and role is Role.NONPERSON):
                continue
            return role
        return None

    def _role_inside(self, start: int, end: int) -> Role | None:
        for i in range(start, end):
            if self.roles[i] in (Role.FIRST, Role.THIRD):
                return self.roles[i]
        return None

    def _subject(
        self, start: int, end: int, entry: Entry, before: Role | None, inside: Role | None
    ) -> str:
        if entry.subject in ("self", "other"):
            return entry.subject
        if entry.subject != "actor" and inside is not None:
            return "self" if inside is Role.FIRST else "other"
        if before is None:
            return "self"
        return "self" if before is Role.FIRST else "other"

    def _negated(self, start: int, end: int) -> bool:
        sentence = self.sentence[start]
        if any(self.sentence[r] == sentence and r >= end for r in self.retractions):
            return True
        crossed_subject = False
        clause = self.clause[start]
        for j in range(start - 1, max(-1, start - 1 - self._reader.window), -1):
            if self.clause[j] != clause:
                break
            if j in self.negations:
                if not crossed_subject:
                    return True
                # "I don't think I'd ..." still negates across the new subject.
                return any(
                    self._reader.is_belief_verb(self.doc[k])
                    for k in range(j + 1, min(j + 3, start))
                )
            if self.scope_break[j]:
                break
            if self.roles[j] is not None:
                crossed_subject = True
        return False
