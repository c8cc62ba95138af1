"""Rules of the message plan: ids that exist, options that fit, and plans that make sense for every answer."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from .model import Library, reasons_for
from .plan import FILTER_PARAMS, Plan, describe, every_answer_set, plan_for
from .rules import Issue, Severity, check, did_you_mean, quote

ERROR = Severity.ERROR
PLAN_FILE = "snippets/plan.yml"


def unknown(kind: str, value: str, known: Iterable[str], where: str) -> str:
    """"unknown step 'declne'; did you mean `decline`? See snippets/plan.yml." """
    known = list(known)
    hint = did_you_mean(value, known) or (f"; use one of: {', '.join(known)}." if known else ".")
    return f"unknown {kind} {quote(value)}{hint} See {where}."


def _plan_line(plan: Plan, *path: str | int) -> int | None:
    return plan.source.line(*path) if plan.source else None


@check("DWG060", ERROR, "the message plan names an unknown question, answer or step")
def plan_ids(lib: Library) -> Iterator[Issue]:
    plan = lib.plan
    for i, q in enumerate(plan.questions):
        if q.id in FILTER_PARAMS:
            yield PLAN_FILE, f"questions.{i}.id", f"'{q.id}' is taken by the list's filter of the same name; choose another id", _plan_line(plan, "questions", i, "id")
        if q.answer(q.default) is None:
            yield PLAN_FILE, f"questions.{i}.default", unknown("answer", q.default, [a.id for a in q.answers], f"the answers of '{q.id}' in {PLAN_FILE}"), _plan_line(plan, "questions", i, "default")
    if PLAN_FILE in lib.unloaded:
        return  # its own errors are reported; the letters' plan blocks are checked once it loads
    for part in plan.parts.values():
        src, path = part.source, part.source.path
        if plan.source is None:
            yield path, "plan", f"this letter has a plan block, but {PLAN_FILE} (the questions and steps) does not exist", src.line("plan")
            continue
        if part.step not in {s.id for s in plan.steps}:
            yield path, "plan.step", unknown("step", part.step, [s.id for s in plan.steps], PLAN_FILE), src.line("plan", "step")
        for qid, answers in part.when.items():
            question = plan.question(qid)
            if question is None:
                yield path, f"plan.when.{qid}", unknown("question", qid, [q.id for q in plan.questions], PLAN_FILE), src.line("plan", "when", qid)
                continue
            for aid in answers:
                if question.answer(aid) is None:
                    yield path, f"plan.when.{qid}", unknown("answer", aid, [a.id for a in question.answers], f"the answers of '{qid}' in {PLAN_FILE}"), src.line("plan", "when", qid)


def known_extras(lib: Library) -> set[str] | None:
    """The ids of the extra parts (snippets/extras/<id>.yml); None while the library has no extras at all."""
    found = {path.rsplit("/", 1)[1].removesuffix(".yml") for path in lib.sources if path.startswith("snippets/extras/")}
    return found or None


@check("DWG061", ERROR, "a plan option is unknown or does not fit the letter")
def plan_options(lib: Library) -> Iterator[Issue]:
    plan, extras = lib.plan, known_extras(lib)
    for i, q in enumerate(plan.questions):
        for j, a in enumerate(q.answers):
            if a.reason and a.reason not in lib.reasons:
                yield PLAN_FILE, f"questions.{i}.answers.{j}.reason", unknown("reason", a.reason, sorted(lib.reasons), "snippets/reasons/"), _plan_line(plan, "questions", i, "answers", j, "reason")
            for x in a.extras if extras is not None else ():
                if x not in extras:
                    yield PLAN_FILE, f"questions.{i}.answers.{j}.extras", unknown("extra part", x, sorted(extras), "snippets/extras/"), _plan_line(plan, "questions", i, "answers", j, "extras")
    implied = {x for q in plan.questions for a in q.answers for x in a.extras}
    for part in plan.parts.values():
        src, letter = part.source, lib.letters.get(part.letter)
        if part.carry_reason and letter is not None and not letter.is_decline:
            yield src.path, "plan.carry.reason", "a follow-up letter has no reason to carry; remove 'reason: true'", src.line("plan", "carry", "reason")
        for x in part.carry_extras:
            if x not in (extras if extras is not None else implied):
                yield src.path, "plan.carry.extras", unknown("extra part", x, sorted(extras or implied), "snippets/extras/"), src.line("plan", "carry", "extras")
            elif letter is not None and x not in letter.extras:  # the reader would have to write that paragraph
                yield src.path, "plan.carry.extras", f"the plan carries the extra part '{x}', which this letter does not offer; add it to 'extras', or stop carrying it", src.line("plan", "carry", "extras")
        if part.carry_reason and letter is not None and letter.is_decline:
            offered = {r.id for r in reasons_for(lib, letter)}
            for q in plan.questions:
                for a in q.answers:
                    if a.reason and a.reason in lib.reasons and a.reason not in offered and a.id in part.when.get(q.id, (a.id,)):
                        yield src.path, "plan.carry.reason", f"the answer {q.id}={a.id} carries the reason '{a.reason}', which this letter does not offer; offer it, or leave that answer out of plan.when", src.line("plan", "carry", "reason")


@check("DWG062", ERROR, "some answers give a message plan that is empty, out of order or breaks a step's count")
def plan_shapes(lib: Library) -> Iterator[Issue]:
    """Try every combination of answers; report the first combination that breaks each rule."""
    plan = lib.plan
    if not plan.questions or not plan.parts or any(f.startswith("docs/letters/") for f in lib.unloaded):
        return  # a letter left out for its own errors would make every plan look short
    reported: set[tuple[str, str]] = set()
    steps = {s.id for s in plan.steps}  # a part in an unknown step is reported by DWG060 alone

    def once(key: tuple[str, str], issue: Issue) -> Iterator[Issue]:
        if key not in reported:
            reported.add(key)
            yield issue

    for answers in every_answer_set(plan):
        parts = [p for p in plan_for(plan, answers) if p.letter in lib.letters and p.step in steps]
        said = describe(plan, answers)
        if not parts:
            yield from once(("empty", ""), (PLAN_FILE, "questions", f"no letter fits the answers {said}; widen one letter's plan.when", _plan_line(plan, "questions")))
            continue
        for i, step in enumerate(plan.steps):
            here = [p for p in parts if p.step == step.id]
            if step.how_many == "exactly-one" and not here:
                yield from once(("none", step.id), (PLAN_FILE, f"steps.{i}", f"no letter is in step '{step.id}' for the answers {said}; every plan needs one. Widen a letter's plan.when", _plan_line(plan, "steps", i)))
            if step.how_many != "any" and len(here) > 1:
                names = " and ".join(p.letter for p in here)
                last = here[-1]
                yield from once(("many", step.id), (last.source.path, "plan.when", f"{names} both fit the answers {said}, but step '{step.id}' takes {step.how_many}; narrow one letter's plan.when", last.source.line("plan", "when")))
        follow_up = next((i for i, p in enumerate(parts) if not lib.letters[p.letter].is_decline), len(parts))
        late = next((p for p in parts[follow_up:] if lib.letters[p.letter].is_decline), None)
        if late is not None:
            yield from once(("order", late.letter), (late.source.path, "plan.step", f"this decline letter comes after the follow-up {parts[follow_up].letter} for the answers {said}; put it in an earlier step", late.source.line("plan", "step")))
