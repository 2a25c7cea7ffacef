"""Unit tests for the timeline services; every test passes its own frozen ``today``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from portal.timeline.services import (
    DatedMilestone,
    Timeline,
    TimelineError,
    absence_week,
    load_timeline,
    schedule,
    validate_first_day,
    week_end,
    week_start,
)

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "timeline.yaml"
FIRST_DAY = date(2026, 1, 5)  # a Monday


def _milestone(id_: str, start: int | None = None, end: int | None = None, **extra: Any) -> dict:
    """Return a valid milestone mapping; ``extra`` overrides or adds fields."""
    item: dict[str, Any] = {
        "id": id_,
        "kind": "law",
        "actor": "both",
        "title": {"nl": f"Titel {id_}", "en": f"Title {id_}"},
        "what": {"nl": "Wat er gebeurt.", "en": "What happens."},
        "prepare": {"nl": "Wat je kunt doen.", "en": "What you can do."},
        "chapter": "stap-voor-stap",
        "source": {"nl": "Bron", "en": "Source"},
    }
    if start is not None:
        item["start_week"] = start
        item["end_week"] = start if end is None else end
    item.update(extra)
    return item


def _document(milestones: list[dict]) -> dict[str, Any]:
    """Return a whole valid timeline document around ``milestones``."""
    return {
        "checked": date(2026, 11, 22),
        "day_one_note": {"nl": "Dag 1 is je eerste ziektedag.", "en": "Day 1 is your first."},
        "milestones": milestones,
    }


@pytest.fixture
def write_timeline(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Return a function that writes a timeline document to a file and returns its path."""

    brochure = tmp_path / "brochure"  # the chapters a milestone may link to
    if not brochure.exists():
        brochure.symlink_to(CONTENT_FILE.parent / "brochure")

    def write(document: dict[str, Any]) -> Path:
        path = tmp_path / "timeline.yaml"
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        return path

    return write


@pytest.fixture
def small_timeline(write_timeline: Callable[[dict[str, Any]], Path]) -> Timeline:
    """Return a hand-made timeline with known weeks, loaded through load_timeline."""
    return load_timeline(
        write_timeline(
            _document(
                [
                    _milestone("late", 10),
                    _milestone("anchored-at-start", 6, at="start"),
                    _milestone("early", 2),
                    _milestone("window", 4, 5),
                    _milestone("plan", 8),
                    _milestone("whenever", kind="any-time"),
                ]
            )
        )
    )


@pytest.fixture(scope="module")
def real_timeline() -> Timeline:
    """Return the project's own content/timeline.yaml."""
    return load_timeline(CONTENT_FILE)


def _by_id(items: list[DatedMilestone]) -> dict[str, DatedMilestone]:
    """Index dated milestones by their (occurrence) id."""
    return {item.id: item for item in items}


def _statuses(timeline: Timeline, today: date) -> dict[str, str]:
    """Return id -> status for the schedule starting on FIRST_DAY."""
    return {item.id: item.status for item in schedule(timeline, FIRST_DAY, today)}


# --- week arithmetic --------------------------------------------------------------------


def test_week_ends_of_the_reference_absence() -> None:
    assert week_end(FIRST_DAY, 6) == date(2026, 2, 15)
    assert week_end(FIRST_DAY, 6).weekday() == 6  # a Sunday, the day before the next Monday
    assert week_end(FIRST_DAY, 8) == date(2026, 3, 1)
    assert week_end(FIRST_DAY, 104) == date(2028, 1, 2)


def test_week_one_is_the_first_sick_day_through_day_seven() -> None:
    assert week_start(FIRST_DAY, 1) == FIRST_DAY
    assert week_end(FIRST_DAY, 1) == date(2026, 1, 11)
    assert week_start(FIRST_DAY, 6) == date(2026, 2, 9)


def test_weeks_follow_each_other_without_gap_or_overlap() -> None:
    for week in range(1, 104):
        assert week_end(FIRST_DAY, week) - week_start(FIRST_DAY, week) == timedelta(days=6)
        assert week_start(FIRST_DAY, week + 1) == week_end(FIRST_DAY, week) + timedelta(days=1)


def test_week_numbers_below_one_are_refused() -> None:
    with pytest.raises(ValueError):
        week_start(FIRST_DAY, 0)
    with pytest.raises(ValueError):
        week_end(FIRST_DAY, -1)


def test_sick_report_on_a_sunday() -> None:
    sunday = date(2026, 1, 4)
    assert sunday.weekday() == 6
    assert week_end(sunday, 1) == date(2026, 1, 10)  # the Saturday
    assert week_start(sunday, 2) == date(2026, 1, 11)
    assert week_end(sunday, 6) == date(2026, 2, 14)
    assert absence_week(sunday, date(2026, 1, 10)) == 1
    assert absence_week(sunday, date(2026, 1, 11)) == 2


def test_first_day_on_new_years_eve_before_a_leap_year() -> None:
    first = date(2027, 12, 31)
    assert week_end(first, 8) == date(2028, 2, 24)
    assert week_end(first, 9) == date(2028, 3, 2)  # the window holds 29 February 2028
    assert week_end(first, 104) == date(2029, 12, 27)


def test_first_day_on_leap_day() -> None:
    first = date(2028, 2, 29)
    assert week_end(first, 1) == date(2028, 3, 6)
    assert week_end(first, 52) == date(2029, 2, 26)
    assert week_end(first, 104) == date(2030, 2, 25)


def test_week_that_ends_on_leap_day() -> None:
    first = date(2028, 2, 23)
    assert week_end(first, 1) == date(2028, 2, 29)
    assert week_start(first, 2) == date(2028, 3, 1)
    assert absence_week(first, date(2028, 2, 29)) == 1
    assert absence_week(first, date(2028, 3, 1)) == 2


# --- absence_week -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 4), None),  # the day before the first sick day
        (date(2026, 1, 5), 1),
        (date(2026, 1, 11), 1),  # day 7
        (date(2026, 1, 12), 2),  # day 8
        (date(2026, 2, 15), 6),
        (date(2026, 2, 16), 7),
        (date(2028, 1, 2), 104),
        (date(2028, 1, 3), 105),  # past the 104 weeks: the count goes on
    ],
)
def test_absence_week(today: date, expected: int | None) -> None:
    assert absence_week(FIRST_DAY, today) == expected


# --- validate_first_day -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 22), None),  # reported sick today
        (date(2026, 11, 23), "future"),
        (date(2027, 1, 1), "future"),
        (date(1990, 1, 1), None),
        (date(1989, 12, 31), "too_old"),
    ],
)
def test_validate_first_day(value: date, expected: str | None) -> None:
    assert validate_first_day(value, today=date(2026, 11, 22)) == expected


# --- schedule ---------------------------------------------------------------------------


def test_schedule_is_sorted_by_due_date_and_leaves_out_any_time(small_timeline: Timeline) -> None:
    items = schedule(small_timeline, FIRST_DAY, today=FIRST_DAY)
    assert [item.id for item in items] == ["early", "window", "anchored-at-start", "plan", "late"]
    assert [item.due_on for item in items] == sorted(item.due_on for item in items)
    assert [m.id for m in small_timeline.any_time] == ["whenever"]


def test_due_date_is_end_of_range_unless_anchored_at_start(small_timeline: Timeline) -> None:
    items = _by_id(schedule(small_timeline, FIRST_DAY, today=FIRST_DAY))
    window = items["window"]
    assert (window.starts_on, window.ends_on, window.due_on) == (
        date(2026, 1, 26),
        date(2026, 2, 8),
        date(2026, 2, 8),
    )
    anchored = items["anchored-at-start"]
    assert anchored.starts_on == anchored.due_on == date(2026, 2, 9)
    assert anchored.ends_on == date(2026, 2, 15)


def test_statuses_before_the_first_sick_day(small_timeline: Timeline) -> None:
    statuses = _statuses(small_timeline, today=date(2025, 12, 1))
    assert statuses == {
        "early": "next",
        "window": "upcoming",
        "anchored-at-start": "upcoming",
        "plan": "upcoming",
        "late": "upcoming",
    }


def test_status_on_the_due_date_and_the_day_after(small_timeline: Timeline) -> None:
    due = week_end(FIRST_DAY, 2)  # "early" is due at the end of week 2
    on_due = _statuses(small_timeline, today=due)
    assert on_due["early"] == "current"
    assert on_due["window"] == "next"
    assert on_due["plan"] == "upcoming"

    day_after = _statuses(small_timeline, today=due + timedelta(days=1))
    assert day_after["early"] == "past"
    assert day_after["window"] == "next"  # week 4 has not started yet


def test_status_on_the_first_day_of_a_window(small_timeline: Timeline) -> None:
    start = week_start(FIRST_DAY, 4)
    before = _statuses(small_timeline, today=start - timedelta(days=1))
    assert before["window"] == "next"
    on_start = _statuses(small_timeline, today=start)
    assert on_start["window"] == "current"
    assert on_start["anchored-at-start"] == "next"
    assert on_start["plan"] == on_start["late"] == "upcoming"


def test_milestone_anchored_at_start_stays_current_through_its_week(
    small_timeline: Timeline,
) -> None:
    assert _statuses(small_timeline, week_start(FIRST_DAY, 6))["anchored-at-start"] == "current"
    assert _statuses(small_timeline, week_end(FIRST_DAY, 6))["anchored-at-start"] == "current"
    after = week_end(FIRST_DAY, 6) + timedelta(days=1)
    assert _statuses(small_timeline, after)["anchored-at-start"] == "past"


def test_exactly_one_next_while_anything_is_ahead(small_timeline: Timeline) -> None:
    for offset in range(-3, 7 * 10 + 3):
        today = FIRST_DAY + timedelta(days=offset)
        statuses = list(_statuses(small_timeline, today).values())
        future = [s for s in statuses if s in ("next", "upcoming")]
        assert statuses.count("next") == (1 if future else 0), today


def test_everything_past_after_the_last_milestone(small_timeline: Timeline) -> None:
    today = week_end(FIRST_DAY, 10) + timedelta(days=1)
    assert set(_statuses(small_timeline, today).values()) == {"past"}


def test_changing_the_first_day_shifts_every_date(real_timeline: Timeline) -> None:
    shift = timedelta(days=17)
    today = date(2026, 11, 22)
    before = schedule(real_timeline, FIRST_DAY, today)
    after = schedule(real_timeline, FIRST_DAY + shift, today)
    assert [item.id for item in before] == [item.id for item in after]
    for old, new in zip(before, after, strict=True):
        assert new.starts_on - old.starts_on == shift
        assert new.ends_on - old.ends_on == shift
        assert new.due_on - old.due_on == shift


def test_repeating_milestone_expands_up_to_week_104(
    write_timeline: Callable[[dict[str, Any]], Path],
) -> None:
    timeline = load_timeline(
        write_timeline(
            _document([_milestone("review", 14, repeat_weeks=6), _milestone("tail", 100, 101)])
        )
    )
    timeline_tail = load_timeline(
        write_timeline(_document([_milestone("tail", 100, 101, repeat_weeks=3)]))
    )
    reviews = [i for i in schedule(timeline, FIRST_DAY, FIRST_DAY) if i.milestone.id == "review"]
    assert [i.start_week for i in reviews] == list(range(14, 105, 6))
    assert reviews[0].id == "review"
    assert [i.id for i in reviews[1:3]] == ["review-2", "review-3"]
    assert reviews[-1].id == "review-16"
    assert reviews[-1].ends_on == week_end(FIRST_DAY, 104)
    assert [i.occurrence for i in reviews] == list(range(1, 17))

    tails = schedule(timeline_tail, FIRST_DAY, FIRST_DAY)
    assert [(i.start_week, i.end_week) for i in tails] == [(100, 101), (103, 104)]


def test_repeats_get_their_own_status(write_timeline: Callable[[dict[str, Any]], Path]) -> None:
    timeline = load_timeline(write_timeline(_document([_milestone("review", 14, repeat_weeks=6)])))
    today = week_end(FIRST_DAY, 20) + timedelta(days=1)
    statuses = _statuses(timeline, today)
    assert statuses["review"] == statuses["review-2"] == "past"
    assert statuses["review-3"] == "next"
    assert statuses["review-4"] == "upcoming"


# --- load_timeline errors ---------------------------------------------------------------


def _without(item: dict, *fields: str) -> dict:
    """Return a copy of ``item`` without ``fields``."""
    return {key: value for key, value in item.items() if key not in fields}


MALFORMED: list[tuple[str, Callable[[dict[str, Any]], None], list[str]]] = [
    (
        "missing checked",
        lambda doc: doc.pop("checked"),
        ["'checked'", "missing"],
    ),
    (
        "missing milestones",
        lambda doc: doc.pop("milestones"),
        ["'milestones'", "missing"],
    ),
    (
        "day_one_note without en",
        lambda doc: doc["day_one_note"].pop("en"),
        ["'day_one_note'", "'en'"],
    ),
    (
        "milestone without actor",
        lambda doc: doc["milestones"].__setitem__(0, _without(doc["milestones"][0], "actor")),
        ["'probe'", "'actor'", "missing"],
    ),
    (
        "milestone without id",
        lambda doc: doc["milestones"].__setitem__(0, _without(doc["milestones"][0], "id")),
        ["milestone #1", "'id'", "missing"],
    ),
    (
        "id not kebab-case",
        lambda doc: doc["milestones"][0].update(id="Plan_van_Aanpak"),
        ["'Plan_van_Aanpak'", "'id'"],
    ),
    (
        "unknown kind",
        lambda doc: doc["milestones"][0].update(kind="wish"),
        ["'probe'", "'kind'", "'wish'"],
    ),
    (
        "unknown actor",
        lambda doc: doc["milestones"][0].update(actor="manager"),
        ["'probe'", "'actor'", "'manager'"],
    ),
    (
        "unknown chapter",
        lambda doc: doc["milestones"][0].update(chapter="nowhere"),
        ["'probe'", "'chapter'"],
    ),
    (
        "unknown at",
        lambda doc: doc["milestones"][0].update(at="middle"),
        ["'probe'", "'at'"],
    ),
    (
        "end before start",
        lambda doc: doc["milestones"][0].update(start_week=8, end_week=6),
        ["'probe'", "'end_week'", "'start_week'"],
    ),
    (
        "week zero",
        lambda doc: doc["milestones"][0].update(start_week=0),
        ["'probe'", "'start_week'", "between 1 and 104"],
    ),
    (
        "week after 104",
        lambda doc: doc["milestones"][0].update(end_week=105),
        ["'probe'", "'end_week'", "between 1 and 104"],
    ),
    (
        "week not a number",
        lambda doc: doc["milestones"][0].update(start_week="six"),
        ["'probe'", "'start_week'"],
    ),
    (
        "week given as a boolean",
        lambda doc: doc["milestones"][0].update(end_week=True),
        ["'probe'", "'end_week'"],
    ),
    (
        "dated milestone without start_week",
        lambda doc: doc["milestones"].__setitem__(0, _without(doc["milestones"][0], "start_week")),
        ["'probe'", "'start_week'", "missing"],
    ),
    (
        "any-time milestone with weeks",
        lambda doc: doc["milestones"][0].update(kind="any-time"),
        ["'probe'", "'start_week'", "any-time"],
    ),
    (
        "title without nl",
        lambda doc: doc["milestones"][0]["title"].pop("nl"),
        ["'probe'", "'title'", "'nl'"],
    ),
    (
        "what without en",
        lambda doc: doc["milestones"][0]["what"].pop("en"),
        ["'probe'", "'what'", "'en'"],
    ),
    (
        "prepare with empty en",
        lambda doc: doc["milestones"][0]["prepare"].update(en="  "),
        ["'probe'", "'prepare'", "'en'"],
    ),
    (
        "range_note without en",
        lambda doc: doc["milestones"][0].update(range_note={"nl": "Bronnen verschillen."}),
        ["'probe'", "'range_note'", "'en'"],
    ),
    (
        "misspelt field",
        lambda doc: doc["milestones"][0].update(end_weeks=9),
        ["'probe'", "'end_weeks'", "unknown"],
    ),
    (
        "duplicate id",
        lambda doc: doc["milestones"].append(_milestone("probe", 9)),
        ["'probe'", "'id'", "duplicate"],
    ),
]


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [(fix, expected) for _, fix, expected in MALFORMED],
    ids=[name for name, _, _ in MALFORMED],
)
def test_load_timeline_rejects_malformed_file(
    write_timeline: Callable[[dict[str, Any]], Path],
    breakage: Callable[[dict[str, Any]], None],
    expected: list[str],
) -> None:
    document = _document([_milestone("probe", 6, 8), _milestone("other", 10)])
    load_timeline(write_timeline(document))  # the unbroken document is valid
    breakage(document)
    path = write_timeline(document)
    with pytest.raises(TimelineError) as caught:
        load_timeline(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in expected:
        assert fragment in message


def test_load_timeline_names_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    with pytest.raises(TimelineError, match=r"absent\.yaml"):
        load_timeline(path)


def test_load_timeline_names_a_file_that_is_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("milestones: [unclosed\n", encoding="utf-8")
    with pytest.raises(TimelineError, match=r"broken\.yaml"):
        load_timeline(path)


def test_load_timeline_uses_safe_load(tmp_path: Path) -> None:
    path = tmp_path / "unsafe.yaml"
    path.write_text("checked: !!python/object/apply:os.getcwd []\n", encoding="utf-8")
    with pytest.raises(TimelineError, match=r"unsafe\.yaml"):
        load_timeline(path)


# --- the real content file --------------------------------------------------------------

REQUIRED = {
    # id: (kind, start_week, end_week)
    "ziekmelding": ("law", 1, 1),
    "melding-arbodienst": ("law", 1, 1),
    "eerste-contact-bedrijfsarts": ("good-practice", 2, 2),
    "analyse-en-plan-week-5": ("good-practice", 5, 5),
    "probleemanalyse": ("law", 6, 6),
    "plan-van-aanpak": ("law", 8, 8),
    "evaluatie-plan": ("law", 14, 14),
    "vervroegde-iva": ("law", 4, 68),
    "melding-uwv-week-42": ("law", 42, 42),
    "eerstejaarsevaluatie": ("law", 46, 52),
    # WIA art. 64: UWV's letter comes after about 88 weeks; apply from then, by week 93.
    "uwv-brief-wia": ("law", 88, 89),
    "re-integratieverslag": ("law", 88, 93),
    "wia-aanvraag": ("law", 88, 93),
    "einde-loondoorbetaling": ("law", 104, 104),
    "deskundigenoordeel": ("any-time", None, None),
    "second-opinion-bedrijfsarts": ("any-time", None, None),
    "toestemming-behandelaar": ("any-time", None, None),
    "ontslag-en-vaststellingsovereenkomst": ("any-time", None, None),
    "ziek-uit-dienst": ("any-time", None, None),
    "voorstel-tweede-ziektejaar-kleine-werkgevers": ("proposal", None, None),
}


def test_real_timeline_has_every_required_milestone(real_timeline: Timeline) -> None:
    assert real_timeline.checked == date(2026, 12, 2)
    found = {m.id: (m.kind, m.start_week, m.end_week) for m in real_timeline.milestones}
    assert found == REQUIRED


def test_real_timeline_details(real_timeline: Timeline) -> None:
    ziekmelding = real_timeline.get("ziekmelding")
    evaluatie = real_timeline.get("evaluatie-plan")
    assert ziekmelding is not None and ziekmelding.at == "start"
    assert evaluatie is not None and evaluatie.repeat_weeks == 6
    for disputed in ("eerstejaarsevaluatie", "uwv-brief-wia", "wia-aanvraag"):
        milestone = real_timeline.get(disputed)
        assert milestone is not None and milestone.range_note is not None, disputed
    for milestone in real_timeline.milestones:
        assert milestone.source == milestone.sources["nl"]  # Dutch outside a request
        assert set(milestone.sources) == {"nl", "en"}
        assert milestone.sources["nl"] != milestone.sources["en"]
        for texts in (milestone.title, milestone.what, milestone.prepare):
            assert set(texts) == {"nl", "en"}
    assert {"nl", "en"} == set(real_timeline.day_one_note)


def test_real_timeline_dates_for_the_reference_absence(real_timeline: Timeline) -> None:
    items = _by_id(schedule(real_timeline, FIRST_DAY, today=date(2026, 11, 22)))
    assert items["ziekmelding"].due_on == FIRST_DAY
    assert items["probleemanalyse"].due_on == date(2026, 2, 15)
    assert items["plan-van-aanpak"].due_on == date(2026, 3, 1)
    assert items["einde-loondoorbetaling"].due_on == date(2028, 1, 2)
    # The WIA application is due 11 weeks before the end of week 104.
    assert items["wia-aanvraag"].due_on == date(2028, 1, 2) - timedelta(weeks=11)
    assert items["evaluatie-plan"].due_on == week_end(FIRST_DAY, 14)
    assert items["evaluatie-plan-16"].due_on == date(2028, 1, 2)
    assert "evaluatie-plan-17" not in items
    assert not any(item.milestone.kind in ("any-time", "proposal") for item in items.values())
    # 22 November 2026 is in week 46: the first-year evaluation window has just opened.
    assert absence_week(FIRST_DAY, date(2026, 11, 22)) == 46
    assert items["eerstejaarsevaluatie"].status == "current"
    assert items["melding-uwv-week-42"].status == "past"
    assert [item.id for item in items.values() if item.status == "next"] == ["evaluatie-plan-7"]
