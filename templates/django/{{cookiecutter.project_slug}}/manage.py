#!/usr/bin/env python
"""Django's command-line utility: `python manage.py help`."""

import sys

from config.env import use_environment


def main() -> None:
    use_environment()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
