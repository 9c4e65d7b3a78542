"""Business logic: functions over the database session, free of HTTP, so they outlive Flask."""
