"""The sample resource: tasks. Copy its shape for the next one."""
