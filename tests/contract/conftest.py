from collections.abc import Iterator

import httpx
import pytest

from tests.support.database import fresh_database
from tests.support.identity import Account, new_account
from tests.support.project import BakedProject
from tests.support.serving import Server, production_environment, serving

ALLOWED_ORIGIN = "https://allowed.example"
# The contract server sends HSTS; test_served.py checks that a server without the setting does not.
HSTS_SECONDS = 31536000


@pytest.fixture(scope="session")
def server(installed: BakedProject, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One production server per combination, for the whole contract suite."""
    workdir = tmp_path_factory.mktemp("contract")
    with (
        fresh_database(installed.combination.database, workdir) as database_url,
        serving(
            installed,
            production_environment(
                database_url, CORS_ORIGINS=ALLOWED_ORIGIN, HSTS_SECONDS=str(HSTS_SECONDS)
            ),
        ) as server,
    ):
        yield server


@pytest.fixture(scope="session")
def account(server: Server, installed: BakedProject) -> Account | None:
    """The user the suite works as where the skeleton has users; None where it has none."""
    if not installed.combination.has_users:
        return None
    with httpx.Client(base_url=server.url, timeout=10) as anonymous:
        return new_account(anonymous, "contract")


@pytest.fixture
def client(server: Server, account: Account | None) -> Iterator[httpx.Client]:
    """A client as the API's users have one: with the account's token where there are users,
    so the sections of the contract that predate them hold unchanged behind it."""
    headers = {} if account is None else account.headers
    with httpx.Client(base_url=server.url, timeout=10, headers=headers) as client:
        yield client


@pytest.fixture
def anonymous(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client
