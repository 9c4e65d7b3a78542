"""Cross-cutting pieces every request relies on: settings, database, logging, errors."""
