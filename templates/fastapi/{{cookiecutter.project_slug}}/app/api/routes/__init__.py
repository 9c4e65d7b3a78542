"""One router per resource; `app.api.router` lists them all."""
