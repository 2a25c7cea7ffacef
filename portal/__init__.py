"""Eigen Regie: a self-management portal for sick employees."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_migrate import Migrate
from flask_wtf.csrf import CSRFProtect

from portal import config as portal_config

csrf = CSRFProtect()
migrate = Migrate()


def create_app(config_overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the portal: configuration, extensions, blueprints, commands, error pages."""
    app = Flask(__name__, instance_relative_config=False)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(portal_config.load(Path(app.instance_path), config_overrides))
    init_logging(app)
    init_extensions(app)
    from portal.bounds import init_bounds

    init_bounds(app)  # before the blueprints: their <int:...> routes use its converter
    register_blueprints(app)
    register_cli(app)
    init_templates(app)
    return app


def init_logging(app: Flask) -> None:
    """Log to stderr with ids only; the level comes from PORTAL_LOG_LEVEL."""
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("portal").setLevel(app.config["LOG_LEVEL"])


def init_extensions(app: Flask) -> None:
    """Bind database, migrations, CSRF, languages, security, rate limits and errors."""
    from portal.assets import init_assets
    from portal.brochure.content import init_content
    from portal.crypto import init_crypto
    from portal.db import check_engine, db
    from portal.errors import init_errors
    from portal.filesafety import check_files, restrict_new_files
    from portal.i18n import init_i18n
    from portal.learning.content import init_learning
    from portal.observability import init_observability
    from portal.proxy import init_proxy
    from portal.ratelimit import init_ratelimit
    from portal.security import init_security
    from portal.timeline.services import init_timeline

    restrict_new_files()  # before the key file, the database or the outbox is created
    init_crypto(app)
    db.init_app(app)
    try:
        check_engine(app.extensions["portal_db"])
        check_files(app, app.extensions["portal_db"])
        migrate.init_app(app, db, directory=str(portal_config.ROOT / "migrations"))
        init_proxy(app)
        init_observability(app)
        csrf.init_app(app)
        init_i18n(app)
        init_content(app)
        init_learning(app)
        init_timeline(app)
        init_security(app)
        init_ratelimit(app)
        init_errors(app)
        init_assets(app)
    except Exception:
        app.extensions["portal_db"].dispose()  # no pooled connection outlives a refused start
        raise


def register_blueprints(app: Flask) -> None:
    """Register every feature's blueprints, with their route modules."""
    from portal import (
        account,
        admin,
        auth,
        brochure,
        coach,
        codeshare,
        consults,
        dossier,
        evaluation,
        home,
        learning,
        logbook,
        messages,
        professional,
        sharing,
        timeline,
    )

    for feature in (
        home,
        auth,
        account,
        coach,
        professional,
        admin,
        brochure,
        timeline,
        learning,
        logbook,
        consults,
        messages,
        evaluation,
        sharing,
        dossier,
        codeshare,
    ):
        for blueprint in feature.blueprints():
            app.register_blueprint(blueprint)


def register_cli(app: Flask) -> None:
    """Add the flask commands (users, demo, translate)."""
    from portal.cli import register
    from portal.content_cli import register as register_content_cli

    register(app)
    register_content_cli(app)


def init_templates(app: Flask) -> None:
    """Template helpers shared by every page."""
    from portal.templating import init_templating

    init_templating(app)
