"""One aggregate table for the page and the CSV: sections of rows, withheld cells as None."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import format_decimal

from portal.brochure.content import chapters
from portal.consults.services import PILOT_FIGURES, PILOT_TALKS
from portal.evaluation.figures import TALK_MEASURES, Figures, Mean, Proportion, Rating
from portal.feedback.models import Subject
from portal.i18n import _, _l
from portal.learning.content import modules
from portal.logbook.services import csv_cell

#: The pilot's "77% said the project helped them reach their goals" (seed 002).
PILOT_HELPED = 77

TALK_LABELS = {
    "prepared": _l("Prepared with goals"),
    "goals_reached": _l("Goals (largely) reached"),
    "went_well": _l("Went (largely) well"),
    "felt_understood": _l("Felt understood"),
}
OUTCOME_LABELS = {
    "working_full": _l("Working: full hours"),
    "working_partly": _l("Working: part of the hours"),
    "working_not": _l("Not working"),
    "hours": _l("Hours a week, when working part of the hours (mean)"),
    "insight_complaints": _l("Insight into own complaints (mean, 1-7)"),
    "insight_capacity": _l("Insight into own capacity (mean, 1-7)"),
    "treatment_changed": _l("Treatment new or adjusted since joining"),
}


@dataclass(frozen=True)
class Row:
    """One line of the table: values (None = too little data), the people behind it, the pilot."""

    label: str
    cells: tuple[str | None, ...]
    people: int | None
    pilot: str = ""

    @property
    def is_withheld(self) -> bool:
        """Return whether the whole row is withheld."""
        return self.people is None and all(cell is None for cell in self.cells)


@dataclass(frozen=True)
class Section:
    """A titled part of the table with its column headings."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    has_pilot: bool = False


@dataclass(frozen=True)
class Table:
    """The figures and the sections made from them."""

    figures: Figures
    sections: tuple[Section, ...]


def decimal(value: float) -> str:
    """Return a number with one decimal in the user's language (8,1 or 8.1)."""
    return str(format_decimal(value, format="0.0"))


def percent(share: Proportion) -> str:
    """Return a share as a whole percentage."""
    return f"{share.percent}%"


def withheld(label: str, width: int, pilot: str = "") -> Row:
    """Return a row whose values are all withheld."""
    return Row(label, (None,) * width, None, pilot)


def rating_row(label: str, rating: Rating | None, pilot: str = "") -> Row:
    """Return the pilot's measures of one instrument, or a withheld row."""
    if rating is None:
        return withheld(label, 3, pilot)
    cells = (decimal(rating.rating.value), decimal(rating.recommend.value))
    return Row(label, (*cells, percent(rating.recommending)), rating.people, pilot)


def rating_columns() -> tuple[str, ...]:
    """Return the headings of a ratings section."""
    return (
        _("Mean rating (1-10)"),
        _("Mean would recommend (0-10)"),
        _("Recommending (8 or more)"),
    )


def pilot_rating(rating: float, recommend: float, n: int) -> str:
    """Return the pilot's rating, would-recommend and n as text."""
    return _(
        "%(rating)s · recommend %(recommend)s · n=%(n)d",
        rating=decimal(rating),
        recommend=decimal(recommend),
        n=n,
    )


def instruments(figures: Figures) -> Section:
    """Return the three instruments as a whole, beside the pilot's figures."""
    beta = _(
        "e-learning beta %(rating)s · %(share)d%% recommending · n=%(n)d",
        rating=decimal(7.4),
        share=83,
        n=29,
    )
    ratings = figures.ratings
    rows = (
        rating_row(
            _("Werkwijzer, all chapters"),
            ratings.get((Subject.CHAPTER.value, "*")),
            pilot_rating(8.1, 8.6, 24),
        ),
        rating_row(
            _("Modules, all together"),
            ratings.get((Subject.MODULE.value, "*")),
            _("training %(figures)s; %(beta)s", figures=pilot_rating(8.4, 8.8, 23), beta=beta),
        ),
        rating_row(
            _("Coaching"), ratings.get((Subject.COACHING.value, "*")), pilot_rating(7.8, 8.1, 17)
        ),
    )
    return Section("instruments", _("The instruments"), rating_columns(), rows, has_pilot=True)


def per_item(figures: Figures, subject: Subject, titles: dict[str, str], title: str) -> Section:
    """Return one row per chapter or module, in content order (unknown slugs last)."""
    keys = [
        *titles,
        *sorted(
            k for s, k in figures.ratings if s == subject.value and k != "*" and k not in titles
        ),
    ]
    rows = tuple(
        rating_row(titles.get(key, key), figures.ratings.get((subject.value, key))) for key in keys
    )
    return Section(subject.value, title, rating_columns(), rows)


def talk_section(figures: Figures) -> Section:
    """Return the pilot's four talk measures, as shares of looked-back talks."""
    rows = []
    for name in TALK_MEASURES:
        share = figures.talks.get(name)
        pilot = _("%(share)d%% of %(n)d talks", share=PILOT_FIGURES[name], n=PILOT_TALKS)
        if share is None:
            rows.append(withheld(str(TALK_LABELS[name]), 2, pilot))
        else:
            rows.append(
                Row(str(TALK_LABELS[name]), (percent(share), str(share.total)), share.people, pilot)
            )
    columns = (_("Share of talks"), _("Talks"))
    return Section("talks", _("Talks"), columns, tuple(rows), has_pilot=True)


def portal_section(figures: Figures) -> Section:
    """Return "did it help?" and how many employees use the logbook, talks and sharing."""
    rows = []
    helped = [
        ("yes", _("Eigen Regie helped reach my goals: yes")),
        ("partly", _("Eigen Regie helped reach my goals: partly")),
    ]
    for key, label in helped:
        share = figures.helped.get(key)
        pilot = _("%(share)d%% yes", share=PILOT_HELPED) if key == "yes" else ""
        rows.append(
            withheld(label, 1, pilot)
            if share is None
            else Row(label, (percent(share),), share.people, pilot)
        )
    use = [
        ("logbook", _("Employees with a logbook")),
        ("prepared_talk", _("Employees with a prepared talk")),
        ("share", _("Employees who shared a summary")),
    ]
    for key, label in use:
        share = figures.usage.get(key)
        rows.append(
            withheld(label, 1) if share is None else Row(label, (percent(share),), share.people)
        )
    return Section("portal", _("The portal"), (_("Share"),), tuple(rows), has_pilot=True)


def outcome_section(figures: Figures, round_name: str, title: str) -> Section:
    """Return the outcome questions of one round: at enrolment, or the later rounds."""
    rows = []
    for name, label in OUTCOME_LABELS.items():
        value = figures.outcomes.get((round_name, name))
        if value is None:
            rows.append(withheld(str(label), 1))
        elif isinstance(value, Mean):
            rows.append(Row(str(label), (decimal(value.value),), value.people))
        else:
            rows.append(Row(str(label), (percent(value),), value.people))
    return Section(f"outcomes_{round_name}", title, (_("Value"),), tuple(rows))


def table(figures: Figures, lang: str) -> Table:
    """Build every section of the page for a language."""
    if figures.is_refused:
        return Table(figures, ())
    chapter_titles = {c.slug: c.title for c in chapters(lang)}
    module_titles = {m.slug: m.title for m in modules(lang)}
    return Table(
        figures,
        (
            instruments(figures),
            per_item(figures, Subject.CHAPTER, chapter_titles, _("Per chapter of the Werkwijzer")),
            per_item(figures, Subject.MODULE, module_titles, _("Per module")),
            talk_section(figures),
            portal_section(figures),
            outcome_section(figures, "baseline", _("Outcome questions at enrolment")),
            outcome_section(figures, "follow_up", _("Outcome questions, later rounds")),
        ),
    )


def to_csv(report: Table) -> str:
    """Return the table as CSV: one line per value; withheld values say so, without n."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    too_little = _("too little data")
    writer.writerow(
        [
            _("Section"),
            _("Subject"),
            _("Measure"),
            _("Value"),
            _("People (n)"),
            _("Pilot (reference)"),
        ]
    )
    period = report.figures.period
    writer.writerow(
        [_("Period"), period.first_month or _("from the start"), "", period.last_month, "", ""]
    )
    if report.figures.is_refused:
        writer.writerow([_("All"), "", "", too_little, "", ""])
    for section in report.sections:
        for row in section.rows:
            for column, cell in zip(section.columns, row.cells, strict=True):
                people = "" if row.people is None else str(row.people)
                value = too_little if cell is None else cell
                writer.writerow(
                    [
                        csv_cell(v)
                        for v in (section.title, row.label, column, value, people, row.pilot)
                    ]
                )
    return "\ufeff" + out.getvalue()
