"""One blueprint per resource; `app.api.blueprints` registers them all."""
