from flask.testing import FlaskClient, FlaskCliRunner


def test_seed_creates_sample_tasks(runner: FlaskCliRunner, client: FlaskClient) -> None:
    result = runner.invoke(args=["seed", "--count", "7"])

    assert result.exit_code == 0, result.output
    assert result.output == "Created 7 sample tasks.\n"
    listed = client.get("/api/tasks", query_string={"per_page": 100}).json
    assert listed["total"] == 7
    assert all(task["title"] for task in listed["items"])


def test_seed_refuses_a_count_out_of_range(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["seed", "--count", "0"])

    assert result.exit_code == 2
    assert "--count" in result.output
