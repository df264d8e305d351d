"""Validates the integration API's OpenAPI document with an independent validator
(openapi-spec-validator, pinned in tests/python-requirements.txt), after showing that
it refuses a broken copy: a path whose parameter is not declared, and a response
that names a schema the document does not have.

Usage: validate.py OPENAPI.json
"""

import copy
import json
import sys

from openapi_spec_validator import validate


def refused(spec):
    try:
        validate(spec)
    except Exception:  # the validator's own error types vary by version
        return True
    return False


def main(path):
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    if spec.get("openapi") != "3.1.0":
        sys.exit(f"{path}: not an OpenAPI 3.1.0 document")
    broken = copy.deepcopy(spec)
    broken["paths"]["/api/v1/appointments/{id}/{undeclared}"] = broken["paths"]["/api/v1/appointments/{id}"]
    if not refused(broken):
        sys.exit("the validator accepted a path parameter that is not declared: it checks nothing")
    broken = copy.deepcopy(spec)
    first = next(iter(broken["paths"].values()))
    operation = next(iter(first.values()))
    response = next(iter(operation["responses"].values()))
    response["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Nowhere"}}}
    if not refused(broken):
        sys.exit("the validator accepted a reference to a schema that does not exist: it checks nothing")
    validate(spec)
    operations = sum(len(p) for p in spec["paths"].values())
    print(f"openapi: {path} is a valid OpenAPI {spec['openapi']} document ({len(spec['paths'])} paths, {operations} operations); the validator refused both broken copies")


if __name__ == "__main__":
    main(sys.argv[1])
