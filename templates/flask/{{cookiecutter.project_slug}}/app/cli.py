"""`flask` commands for operators, beside Flask-Migrate's `flask db ...`."""

import click
from flask import Flask
from flask.cli import with_appcontext

from app.services import tasks as service

__all__ = ["register_commands"]

SAMPLE_TITLES = (
    "Write the quarterly report",
    "Review the pull request",
    "Book the team offsite",
    "Renew the TLS certificate",
    "Plan the next sprint",
)


@click.command("seed")
@click.option(
    "--count",
    default=len(SAMPLE_TITLES),
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many sample tasks to create.",
)
@with_appcontext
def seed(count: int) -> None:
    """Create sample tasks, for a demo or a first look at the API."""
    for n in range(count):
        service.create_task(title=SAMPLE_TITLES[n % len(SAMPLE_TITLES)], done=n % 3 == 0)
    click.echo(f"Created {count} sample tasks.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed)
