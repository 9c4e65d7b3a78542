"""The admin, end to end: its sessions, signed-in user and messages run for its own paths only
(app.core.admin_middleware), and there they all still work, CSRF checks included."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

ADMIN_PASSWORD = "an admin password nobody guesses"
ADMIN_EMAIL = "admin@example.com"


@pytest.fixture
def admin_user() -> Any:
    user_model = get_user_model()
    return user_model.objects.create_superuser(
        **{user_model.USERNAME_FIELD: ADMIN_EMAIL}, password=ADMIN_PASSWORD
    )


def csrf_token(client: Client) -> str:
    return str(client.cookies["csrftoken"].value)


def test_the_admin_signs_in_lists_and_saves_with_a_message(admin_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")
    signed_in = client.post(
        "/admin/login/",
        {
            "username": ADMIN_EMAIL,
            "password": ADMIN_PASSWORD,
            "next": "/admin/",
            "csrfmiddlewaretoken": csrf_token(client),
        },
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/admin/"

    # Groups: a model every skeleton's admin has, whatever resources the project serves.
    assert client.get("/admin/auth/group/").status_code == 200
    client.get("/admin/auth/group/add/")
    saved = client.post(
        "/admin/auth/group/add/",
        {"name": "Editors", "csrfmiddlewaretoken": csrf_token(client)},
        follow=True,
    )

    assert saved.status_code == 200
    assert "was added successfully" in saved.content.decode()
    assert Group.objects.get().name == "Editors"


def test_the_admin_forms_refuse_a_post_without_the_csrf_token(admin_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    refused = client.post("/admin/auth/group/add/", {"name": "No token"})

    assert refused.status_code == 403
    assert not Group.objects.exists()


def test_the_api_sets_no_cookie_and_varies_on_none(client: Client) -> None:
    """Session and CSRF cookies belong to the admin: an API answer carries neither."""
    response = client.get("/health")

    assert response.status_code == 200
    assert not response.cookies
    assert "Vary" not in response
