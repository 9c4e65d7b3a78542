"""Cross-cutting pieces every request relies on: logging, request ids, domain errors."""
