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
    from portal.content import init_content
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
        init_security(app)
        init_ratelimit(app)
        init_errors(app)
        init_assets(app)
    except Exception:
        app.extensions["portal_db"].dispose()  # no pooled connection outlives a refused start
        raise


def register_blueprints(app: Flask) -> None:
    """Register one blueprint per feature."""
    import portal.account.email_change  # noqa: F401 - adds its routes to the account blueprint
    from portal.account.views import bp as account_bp
    from portal.admin.views import bp as admin_bp
    from portal.auth.views import bp as auth_bp
    from portal.brochure.views import bp as brochure_bp
    from portal.coach.views import bp as coach_bp
    from portal.codeshare import bp as codeshare_bp
    from portal.codeshare import public_bp as viewer_bp
    from portal.consults.views import bp as consults_bp
    from portal.dossier import bp as dossier_bp
    from portal.evaluation.outcome_views import bp as outcomes_bp
    from portal.evaluation.views import bp as evaluation_bp
    from portal.home.views import bp as home_bp
    from portal.learning.views import bp as learning_bp
    from portal.logbook.views import bp as logbook_bp
    from portal.messages.views import bp as messages_bp
    from portal.professional.views import bp as professional_bp
    from portal.sharing.views import bp as sharing_bp
    from portal.timeline.views import bp as timeline_bp

    app.register_blueprint(home_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(coach_bp)
    app.register_blueprint(professional_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(brochure_bp)
    app.register_blueprint(timeline_bp)
    app.register_blueprint(learning_bp)
    app.register_blueprint(logbook_bp)
    app.register_blueprint(consults_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(evaluation_bp)
    app.register_blueprint(outcomes_bp)
    app.register_blueprint(sharing_bp)
    app.register_blueprint(dossier_bp)
    app.register_blueprint(codeshare_bp)
    app.register_blueprint(viewer_bp)


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
