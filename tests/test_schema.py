"""Every JSON output validates against the JSON Schema shipped in the package."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from plandrift.cli.main import cli
from plandrift.report.export import SCHEMA, SCHEMA_VERSION


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator({"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]})


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("export", ["export"]),
        ("report", ["report", "--format", "json", "--fail-on", "missed,softened"]),
        ("show", ["show", "m:grain", "--format", "json"]),
        ("show", ["show", "m:gdp", "--format", "json"]),
        ("diff", ["diff", "plan-14th", "report-2024", "--format", "json", "--fail-on", "dropped"]),
        ("docs", ["docs", "--format", "json"]),
    ],
)
def test_json_outputs_validate(built_db_path, name, args):
    res = CliRunner().invoke(cli, [*args, "--db", str(built_db_path)], catch_exceptions=False)
    assert res.exit_code in (0, 1)
    data = json.loads(res.stdout)
    assert data["schema_version"] == SCHEMA_VERSION
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)[:6]}: {e.message[:200]}" for e in errors[:5]]


def test_the_schema_rejects_what_it_does_not_know():
    bad = {"schema_version": SCHEMA_VERSION, "counts": {}, "chains": [{"id": "x"}]}
    assert list(_validator("report").iter_errors(bad))
