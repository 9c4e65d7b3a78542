"""The HTTP layer the apps share: parsing, validation, pagination, errors, OpenAPI."""
