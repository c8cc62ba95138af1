"""The message plan: the reader's answers pick letters and put them in the order they are sent.

Pure model code: no files, no HTML. The questions and steps come from ``snippets/plan.yml``,
each letter's part from the ``plan:`` block of its front matter. The index renderer, the rules
and the tests all ask these functions, and the browser script applies the same three ideas
(a letter fits when every question it names has one of its answers; letters go in step order;
a link carries the options the answers imply and the letter accepts).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import product
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - import for type hints only (model.Library holds a Plan)
    from .model import Letter, Library, Source

Answers = Mapping[str, str]  # question id -> answer id
# The index's own list filters keep their choice in the page address under these names, so no question may use them.
FILTER_PARAMS = ("channel", "reason")


@dataclass(frozen=True)
class Answer:
    id: str
    label: str
    reason: str | None = None
    extras: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    default: str
    answers: tuple[Answer, ...]

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)


@dataclass(frozen=True)
class Step:
    id: str
    label: str
    how_many: str = "any"  # any | at-most-one | exactly-one


@dataclass(frozen=True)
class PlanPart:
    """A letter's place in plans: the ``plan:`` block of its front matter."""

    letter: str
    step: str
    why: str
    when: Mapping[str, tuple[str, ...]]
    source: "Source"
    order: int = 0
    carry_reason: bool = False
    carry_extras: tuple[str, ...] = ()


@dataclass
class Plan:
    questions: tuple[Question, ...] = ()
    steps: tuple[Step, ...] = ()
    parts: dict[str, PlanPart] = field(default_factory=dict)  # by letter id
    source: "Source | None" = None

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def defaults(self) -> dict[str, str]:
        return {q.id: q.default for q in self.questions}


def fits(part: PlanPart, answers: Answers) -> bool:
    """Every question the part names has one of the answers it lists."""
    return all(answers.get(qid) in allowed for qid, allowed in part.when.items())


def ordered_parts(plan: Plan) -> list[PlanPart]:
    """Every letter's part, in the order a plan sends them: by step, then order, then letter id."""
    rank = {s.id: i for i, s in enumerate(plan.steps)}
    return sorted(plan.parts.values(), key=lambda p: (rank.get(p.step, len(rank)), p.order, p.letter))


def plan_for(plan: Plan, answers: Answers) -> list[PlanPart]:
    """The messages for one set of answers, in the order they go out."""
    return [p for p in ordered_parts(plan) if fits(p, answers)]


def chosen(plan: Plan, answers: Answers) -> list[Answer]:
    """The answer objects picked, in question order; unknown ids are skipped."""
    found = (q.answer(answers.get(q.id, "")) for q in plan.questions)
    return [a for a in found if a is not None]


def options_for(plan: Plan, part: PlanPart, answers: Answers) -> dict[str, str]:
    """The URL parameters the link to a letter carries: the options the answers imply that the letter takes."""
    picked = chosen(plan, answers)
    options: dict[str, str] = {}
    reason = next((a.reason for a in picked if a.reason), None)
    if part.carry_reason and reason:
        options["reason"] = reason
    extras = [x for a in picked for x in a.extras if x in part.carry_extras]
    if extras:
        options["extras"] = ",".join(dict.fromkeys(extras))
    return options


def every_answer_set(plan: Plan) -> Iterator[dict[str, str]]:
    """Every combination of answers, one answer per question."""
    ids = [q.id for q in plan.questions]
    for combo in product(*([a.id for a in q.answers] for q in plan.questions)):
        yield dict(zip(ids, combo))


def describe(plan: Plan, answers: Answers) -> str:
    """Answers in words a contributor can find in plan.yml: 'stage=offer, search=search-firm'."""
    return ", ".join(f"{q.id}={answers[q.id]}" for q in plan.questions if q.id in answers)


def plan_letters(library: "Library", answers: Answers) -> list["Letter"]:
    """The letters of one plan, in order (parts whose letter is missing are left out)."""
    return [library.letters[p.letter] for p in plan_for(library.plan, answers) if p.letter in library.letters]
