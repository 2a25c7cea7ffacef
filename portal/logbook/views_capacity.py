"""The weekly belastbaarheid self-rating page: six headings, about a minute, with the trend."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import RadioField, StringField
from wtforms.validators import Optional

from portal import clock
from portal.auth.models import Role
from portal.consults import services as consults
from portal.db import db
from portal.forms import INVALID_CHOICE, BaseForm, MaxLength, NoControlCharacters, options
from portal.i18n import _, _l
from portal.logbook import bp, capacity
from portal.security import roles

log = logging.getLogger(__name__)


class OptionalLevel(RadioField):
    """A level that may be left empty; a value that is not offered is refused."""

    def pre_validate(self, form: Any) -> None:
        """Skip the choice check when nothing was chosen."""
        if self.raw_data and self.raw_data != [""]:
            super().pre_validate(form)


def rating_form(**kwargs: Any) -> BaseForm:
    """Return the form: per heading a level and an example, all optional."""
    fields: dict[str, Any] = {}
    for key, (title, _hint) in capacity.RUBRICS.items():
        fields[f"level_{key}"] = OptionalLevel(
            title,
            choices=options(capacity.LEVELS.items()),
            coerce=lambda value: int(value) if str(value).isdigit() else None,
            invalid_choice_message=INVALID_CHOICE,
        )
        fields[f"example_{key}"] = StringField(
            _l("%(heading)s: an example or how long, in your words (optional)", heading=title),
            filters=[lambda value: value.strip() if isinstance(value, str) else value],
            validators=[Optional(), MaxLength(capacity.MAX_EXAMPLE), NoControlCharacters()],
        )
    return type("CapacityForm", (BaseForm,), fields)(**kwargs)


def answers_from(form: BaseForm) -> dict[str, dict[str, Any]] | None:
    """Return the answers, or None (with the errors on the form) when they do not fit."""
    answers: dict[str, dict[str, Any]] = {}
    for key in capacity.RUBRICS:
        level, example = form[f"level_{key}"].data, form[f"example_{key}"].data
        if example and level is None:
            form[f"level_{key}"].errors = [_("Choose how it goes, or leave the example empty.")]
            return None
        if level is not None:
            answers[key] = {"level": level, "example": example or ""}
    if not answers:
        form["level_personal"].errors = [_("Choose how it goes for at least one heading.")]
        return None
    return answers


def last_talk_day(user_id: int) -> dt.date | None:
    """Return the day of the last talk that took place, if any."""
    now = clock.now()
    past = [t.starts_at for t in consults.talks_of(user_id) if t.starts_at <= now]
    return clock.local_date(max(past)) if past else None


@bp.route("/belastbaarheid", endpoint="capacity", methods=["GET", "POST"])
@roles(Role.EMPLOYEE)
def capacity_page() -> str | Response:
    """Rate this week's capacity in six headings and see the change since the last talk."""
    week = capacity.monday(clock.today())
    rating = capacity.rating_of(current_user.id, week)
    saved = rating.answers if rating is not None else {}
    data = {f"level_{k}": v.get("level") for k, v in saved.items()}
    data.update({f"example_{k}": v.get("example") for k, v in saved.items()})
    form = rating_form(data=data if request.method == "GET" else None)
    if form.validate_on_submit():
        answers = answers_from(form)
        if answers is not None:
            if rating is None:
                rating = capacity.CapacityRating(user_id=current_user.id, week_of=week)
                db.session.add(rating)
            rating.answers = answers
            db.session.commit()
            log.info("employee %s rated capacity of week %s", current_user.id, week)
            flash(_("Saved. You can change it all week."), "success")
            return redirect(url_for("logbook.capacity"))
    talk_day = last_talk_day(current_user.id)
    then = capacity.since_talk(current_user.id, talk_day, week)
    return render_template(
        "logbook/capacity.html",
        form=form,
        week=week,
        rubrics=capacity.RUBRICS,
        trend=capacity.trend(saved, then.answers if then else None),
        talk_day=talk_day,
        compared=then,
    )
