"""Validates the persona FHIR Bundles with fhir.resources (R4B models), an
implementation independent of ours.

    python tests/fhir/validate.py target/tmp/fhir
    python tests/fhir/validate.py --bundle FILE   # one Bundle, as a widget sent it

The Bundles are written by `cargo test -p candor-core --test fhir`. Each Bundle is
validated as a whole and every entry's resource again with its own model. The script
first proves it can fail: a Bundle with a required element removed must be refused.
fhir.resources checks structure and cardinality, not terminology bindings.

The receiver's incident test writes an `AdverseEvent` per seeded incident to
`adverse-events/` beside the Bundles; each is validated with its model, after proving
that one without its subject, a suspect entity without its instance, or a malformed
date is refused.
"""

import copy
import importlib
import json
import pathlib
import sys

from fhir.resources.R4B.bundle import Bundle

PERSONAS = ("neurotoxin", "laser", "massage")
EXPECTED = {"Patient", "QuestionnaireResponse", "Consent", "DetectedIssue", "Provenance"}


def model(resource_type):
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def validate(bundle):
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model(resource["resourceType"]).model_validate(resource)


def must_fail(bundle, what, change):
    broken = copy.deepcopy(bundle)
    change(broken)
    try:
        validate(broken)
    except Exception:
        return
    sys.exit(f"validator accepted a bundle with {what}: it cannot be trusted")


def adverse_events(directory):
    paths = sorted((pathlib.Path(directory) / "adverse-events").glob("*.json"))
    if not paths:
        sys.exit("fhir: no AdverseEvent written (cargo test -p candor-receiver --test it incidents)")
    AdverseEvent = model("AdverseEvent")
    for path in paths:
        event = json.loads(path.read_text(encoding="utf-8"))
        if event.get("resourceType") != "AdverseEvent":
            sys.exit(f"fhir: {path.name} is not an AdverseEvent")
        AdverseEvent.model_validate(event)
    for what, change in (
        ("no subject", lambda e: e.pop("subject")),
        ("a suspectEntity without its instance", lambda e: e.__setitem__("suspectEntity", [{}])),
        ("a malformed date", lambda e: e.__setitem__("date", "07/12/2026")),
    ):
        broken = copy.deepcopy(event)
        change(broken)
        try:
            AdverseEvent.model_validate(broken)
        except Exception:
            continue
        sys.exit(f"validator accepted an AdverseEvent with {what}: it cannot be trusted")
    print(f"fhir: {len(paths)} incident AdverseEvents valid; broken ones refused")


def main(directory):
    seen = set()
    for name in PERSONAS:
        path = pathlib.Path(directory) / f"{name}.json"
        bundle = json.loads(path.read_text(encoding="utf-8"))
        validate(bundle)
        kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
        seen |= kinds
        print(f"fhir: {name}: {len(bundle['entry'])} entries valid ({', '.join(sorted(kinds))})")
        if name == "neurotoxin":
            def drop_consent_scope(b):
                next(e for e in b["entry"] if e["resource"]["resourceType"] == "Consent")["resource"].pop("scope")

            def drop_response_status(b):
                next(e for e in b["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse")["resource"].pop("status")

            def bad_date(b):
                next(e for e in b["entry"] if e["resource"]["resourceType"] == "Patient")["resource"]["birthDate"] = "14/05/1990"

            must_fail(bundle, "no Consent.scope", drop_consent_scope)
            must_fail(bundle, "no QuestionnaireResponse.status", drop_response_status)
            must_fail(bundle, "a malformed birthDate", bad_date)
    missing = (EXPECTED | {"AllergyIntolerance", "MedicationStatement"}) - seen
    if missing:
        sys.exit(f"fhir: no persona produced {sorted(missing)}")
    print("fhir: all persona bundles valid; broken bundles refused")
    adverse_events(directory)


def one(path):
    bundle = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    validate(bundle)
    kinds = sorted({e["resource"]["resourceType"] for e in bundle["entry"]})
    print(f"fhir: {path}: {len(bundle['entry'])} entries valid ({', '.join(kinds)})")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bundle":
        one(sys.argv[2])
    else:
        main(sys.argv[1] if len(sys.argv) > 1 else "target/tmp/fhir")
