"""The retention job: erase employee accounts some time after they were closed."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sqlalchemy import select

from portal.account.rights import delete_account
from portal.auth.models import Role, User
from portal.db import db, utcnow

log = logging.getLogger(__name__)


def accounts_due(days: int, now: dt.datetime | None = None) -> Sequence[int]:
    """Return the ids of employee accounts closed more than `days` days ago.

    Only employees: a closed coach or bedrijfsarts account keeps what it wrote in other
    people's conversations and summaries, which belong to those employees.
    """
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    return db.session.scalars(
        select(User.id)
        .where(
            User.role == Role.EMPLOYEE,
            User.is_active.is_(False),
            User.deactivated_at.is_not(None),
            User.deactivated_at < cutoff,
        )
        .order_by(User.id)
    ).all()


def purge_closed_accounts(days: int, now: dt.datetime | None = None) -> list[int]:
    """Erase every account that is due, one transaction each; return their ids.

    The access log keeps its rows (ids, no content), as with deletion by the employee.
    """
    erased = []
    for user_id in accounts_due(days, now):
        delete_account(user_id, reason="retention period after closing")
        erased.append(user_id)
    return erased
