"""Business logic: async functions over a session, free of HTTP, so they outlive the framework."""
