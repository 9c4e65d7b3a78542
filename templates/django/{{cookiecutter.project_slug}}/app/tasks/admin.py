from django.contrib import admin

from app.tasks.models import Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin[Task]):
    list_display = ("id", "title", "done", "created_at")
    list_filter = ("done",)
    search_fields = ("title",)
    readonly_fields = ("created_at",)
