"""Fixed lists the preparation offers: the steps, suggested questions, things to bring along."""

from __future__ import annotations

from typing import Any

from portal.consults.models import AgreementWho, GoalResult, WithWhom
from portal.i18n import _l

#: Labels of who a talk is with.
WITH_WHOM_LABELS: dict[WithWhom, Any] = {
    WithWhom.BEDRIJFSARTS: _l("Bedrijfsarts (company doctor)"),
    WithWhom.MANAGER: _l("Manager or case manager"),
    WithWhom.COACH: _l("Coach"),
    WithWhom.UWV: _l("UWV or insurance doctor (verzekeringsarts)"),
    WithWhom.LABOUR_EXPERT: _l("Labour expert (arbeidsdeskundige)"),
    WithWhom.OTHER: _l("Someone else"),
}

AGREEMENT_WHO_LABELS: dict[AgreementWho, Any] = {
    AgreementWho.ME: _l("Me"),
    AgreementWho.EMPLOYER: _l("My employer"),
    AgreementWho.BEDRIJFSARTS: _l("The bedrijfsarts"),
    AgreementWho.OTHER: _l("Someone else"),
}

GOAL_RESULT_LABELS: dict[GoalResult, Any] = {
    GoalResult.ACHIEVED: _l("Reached"),
    GoalResult.PARTLY: _l("Partly reached"),
    GoalResult.NOT: _l("Not reached"),
}

#: The preparation steps in order: (URL slug, title). Each saves on its own.
STEPS: list[tuple[str, Any]] = [
    ("doelen", _l("My goals")),
    ("veranderd", _l("What changed")),
    ("kunnen", _l("What I can and cannot do")),
    ("voorstellen", _l("My proposals and step plan")),
    ("vragen", _l("My questions")),
    ("prive", _l("What I keep to myself")),
    ("meenemen", _l("What to bring")),
]
STEP_SLUGS = [slug for slug, _label in STEPS]

#: Suggested questions by key; the key is stored, so the card shows them in either language.
QUESTIONS: dict[str, Any] = {
    "tell_employer": _l("What will you tell my employer?"),
    "next_steps": _l("What happens next, and when do we speak again?"),
    "treatment_capacity": _l("Is my treatment aimed at building up what I can do?"),
    "second_look": _l("Should my diagnosis or treatment get a second look?"),
    "build_up": _l("How can I build up my hours and tasks, step by step?"),
    "contact_doctors": _l("Do you want to contact my doctors? What will you ask them?"),
    "adjusted_tasks": _l("Which tasks could I do now, perhaps in an adjusted way?"),
    "flexible": _l("Can my hours or my place of work be flexible?"),
    "who_at_work": _l("Who can I turn to at work when something does not go well?"),
    "prepare_bedrijfsarts": _l("How can I best prepare my talk with the bedrijfsarts?"),
    "say_clearly": _l("How do I say clearly what I can and cannot do?"),
    "judgement_basis": _l("What do you base your judgement on?"),
    "see_report": _l("Can I read your report, and can I respond to it?"),
    "fitting_work": _l("Which work fits what I can do now?"),
    "income": _l("What does your advice mean for my income?"),
}

#: Which suggestions fit which kind of talk.
QUESTIONS_FOR: dict[WithWhom, list[str]] = {
    WithWhom.BEDRIJFSARTS: [
        "treatment_capacity",
        "second_look",
        "build_up",
        "contact_doctors",
        "tell_employer",
        "next_steps",
    ],
    WithWhom.MANAGER: ["adjusted_tasks", "flexible", "who_at_work", "build_up", "next_steps"],
    WithWhom.COACH: ["prepare_bedrijfsarts", "say_clearly", "next_steps"],
    WithWhom.UWV: ["judgement_basis", "see_report", "income", "next_steps"],
    WithWhom.LABOUR_EXPERT: ["fitting_work", "adjusted_tasks", "income", "see_report"],
    WithWhom.OTHER: ["next_steps", "tell_employer"],
}

#: The "bring along" checklist.
BRING_ITEMS: dict[str, Any] = {
    "card": _l("This talk card, on paper or on your phone"),
    "treaters": _l("The names of your doctors and therapists, and when you last saw them"),
    "medication": _l("A list of the medicines you take"),
    "letters": _l("Letters and reports from your doctors or therapists"),
    "plan": _l("Your plan of approach (plan van aanpak) and its latest evaluation"),
    "activity": _l("What you did in recent weeks: hours, tasks and setbacks"),
    "companion": _l("Someone you trust, if you want company (ask beforehand if that is fine)"),
}
