"""`flask content check`: validate every content file (as `file:line`) before it goes live."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from portal import content_audit
from portal.brochure import content
from portal.content_reader import ContentError
from portal.learning import content as learning_content
from portal.learning.selfchecks import load_selfchecks
from portal.timeline.services import load_timeline

content_cli = AppGroup("content", help="Check the editorial content.")


@content_cli.command("check")
@click.option(
    "--dir",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Content folder to check (default: the one the portal uses).",
)
def check_command(content_dir: Path | None) -> None:
    """Validate chapters, obstacles, modules, self-checks and timeline; exit 1 on a problem.

    Besides the structure, every shown file is searched for internal working references
    (source file names, repository paths, line numbers, the content brief, "seed").
    """
    folder = content_dir or Path(current_app.config["CONTENT_DIR"])
    problems = content.check(folder) + learning_content.check(folder) + content_audit.check(folder)
    problems += _problems(folder)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise click.exceptions.Exit(1)
    library = content.load(folder)
    counts = ", ".join(
        f"{len(items)} chapters ({lang})" for lang, items in library.chapters.items()
    )
    modules = learning_content.load(folder)
    timeline = load_timeline(folder / "timeline.yaml")
    click.echo(
        f"OK: {counts}, {len(library.obstacles['nl'])} obstacle rows, "
        f"{len(modules['nl'])} learning modules, {len(timeline.milestones)} timeline steps"
    )


def _problems(folder: Path) -> list[str]:
    """Return the problems of the self-checks and the timeline, and their links elsewhere."""
    problems: list[str] = []
    try:
        checks = load_selfchecks(folder)
        problems += learning_content.cross_links(folder, checks, learning_content.load(folder))
    except ContentError as error:
        problems += error.problems
    try:
        load_timeline(folder / "timeline.yaml")
    except ContentError as error:
        prefix = f"{folder}/"
        problems += [p.removeprefix(prefix) for p in error.problems]
    return problems


def register(app: Flask) -> None:
    """Attach the content command group to the app."""
    app.cli.add_command(content_cli)
