"""The project's user model, for the admin today and for authentication when it comes."""
