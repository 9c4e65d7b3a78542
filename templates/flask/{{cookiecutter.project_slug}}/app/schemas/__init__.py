"""Request and response shapes: the API contract, apart from the database models."""
