"""The self-checks at /leren/zelfcheck/: take a check, see the result and the history."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.models import Role
from portal.brochure import content as brochure
from portal.db import db
from portal.i18n import _, current_language
from portal.learning import bp, content
from portal.learning.models import SelfCheckResult, results_of
from portal.learning.selfchecks import (
    KINDS,
    SIGNAL_ANSWERS,
    SIGNALEN,
    ZELFMANAGEMENT,
    SelfChecks,
    low_domains,
    parse_answers,
    score_zelfmanagement,
    signal_topics,
    suggested_modules,
)
from portal.security import get_owned_or_404, roles

log = logging.getLogger(__name__)

#: Size of the history chart (SVG user units).
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 160, 24


@bp.route("/zelfcheck/")
@roles(Role.EMPLOYEE)
def selfchecks() -> str:
    """List both self-checks with the history of the Zelfmanagement-check."""
    history = results_of(current_user.id, ZELFMANAGEMENT)
    signals = results_of(current_user.id, SIGNALEN)
    checks: SelfChecks = content.selfchecks()
    return render_template(
        "learning/selfchecks.html",
        checks=checks,
        history=history,
        last_signals=signals[-1] if signals else None,
        chart=history_chart(checks, history),
    )


@bp.route("/zelfcheck/<kind>", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def take_check(kind: str) -> str | Response | tuple[str, int]:
    """Show a self-check; POST stores the answers and shows the result."""
    if kind not in KINDS:
        abort(404)
    checks: SelfChecks = content.selfchecks()
    missing: list[str] = []
    answers: dict[str, Any] = {}
    if request.method == "POST":
        answers, missing = parse_answers(checks, kind, request.form)
        if not missing:
            result = SelfCheckResult(user_id=current_user.id, kind=kind)
            result.answers_json = json.dumps(answers)
            result.scores_json = json.dumps(scores_for(checks, kind, answers))
            db.session.add(result)
            db.session.commit()
            log.info("user %s took self-check %s", current_user.id, kind)
            flash(_("Your answers are saved. Only you can see them."), "success")
            return redirect(url_for("learning.check_result", result_id=result.id))
    return render_template(
        "learning/take_check.html",
        kind=kind,
        checks=checks,
        answers=answers,
        missing=missing,
        signal_answers=SIGNAL_ANSWERS,
    ), (400 if missing else 200)


def scores_for(checks: SelfChecks, kind: str, answers: dict[str, Any]) -> dict[str, float]:
    """Return the numbers stored with a result (no content, so not sealed)."""
    if kind == ZELFMANAGEMENT:
        return score_zelfmanagement(checks, answers)
    topics = signal_topics(checks, answers)
    return {answer: float(len(items)) for answer, items in topics.items()}


@bp.route("/zelfcheck/uitslag/<int:result_id>")
@roles(Role.EMPLOYEE)
def check_result(result_id: int) -> str:
    """Show one of the employee's own results; another person's answers 404."""
    result = get_owned_or_404(SelfCheckResult, result_id)
    checks: SelfChecks = content.selfchecks()
    lang = current_language()
    context: dict[str, Any] = {"result": result, "checks": checks}
    if result.kind == ZELFMANAGEMENT:
        scores = result.scores
        context["scores"] = scores
        context["low"] = low_domains(checks, scores)
        context["modules"] = [
            found
            for slug in suggested_modules(checks, scores)
            if (found := content.module(lang, slug)) is not None
        ]
        context["chapters"] = _chapters(lang, context["low"])
    else:
        context["topics"] = signal_topics(checks, result.answers)
    return render_template("learning/check_result.html", **context)


def _chapters(lang: str, domains: list[Any]) -> list[Any]:
    """Return the Werkwijzer chapters suggested for the low domains (unknown ones skipped)."""
    found: list[Any] = []
    for domain in domains:
        for slug in domain.chapters:
            chapter = brochure.chapter(lang, slug)
            if chapter is not None and chapter not in found:
                found.append(chapter)
    return found


def history_chart(checks: SelfChecks, history: list[SelfCheckResult]) -> dict[str, Any] | None:
    """Return the points of a small line chart of the mean score over time, or None."""
    if not history:
        return None
    low, high = checks.scale_min, checks.scale_max
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    shown = history[-10:]
    step = inner_w / max(len(shown) - 1, 1)
    points = []
    for index, result in enumerate(shown):
        scores = result.scores
        mean = sum(scores.values()) / len(scores) if scores else low
        x = CHART_PAD + index * step
        y = CHART_PAD + (high - mean) / (high - low) * inner_h
        points.append(
            {"x": round(x, 1), "y": round(y, 1), "mean": round(mean, 1), "result": result}
        )
    grid = [
        {"value": v, "y": round(CHART_PAD + (high - v) / (high - low) * inner_h, 1)}
        for v in range(low, high + 1)
    ]
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "pad": CHART_PAD,
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "grid": grid,
    }
