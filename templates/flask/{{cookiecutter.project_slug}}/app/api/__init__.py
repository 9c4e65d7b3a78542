"""The HTTP layer: blueprints, their guards, and how errors become responses."""
