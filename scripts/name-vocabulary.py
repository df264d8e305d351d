#!/usr/bin/env python3
"""Names the vocabulary in clinic profiles: sets each profile's `vocabulary` to the
version and SHA-256 of crates/core/vocabulary.json (what `candor-protocol vocabulary`
prints), keeping the profile's layout (JSON, one-space indent). A profile whose
vocabulary changes is a new profile: bump its `version`, and the medical director
approves it again.

    python3 scripts/name-vocabulary.py crates/core/profiles/demo.json examples/profiles/*.json
"""
import hashlib
import json
import pathlib
import sys

VOCABULARY = pathlib.Path(__file__).resolve().parent.parent / "crates/core/vocabulary.json"


def main(paths):
    data = VOCABULARY.read_bytes()
    named = {
        "version": json.loads(data)["version"],
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    for path in paths:
        profile = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
        if profile.get("vocabulary") == named:
            continue
        profile["vocabulary"] = named
        pathlib.Path(path).write_text(
            json.dumps(profile, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"{path}: vocabulary {named['version']} ({named['sha256'][:12]}…)")


if __name__ == "__main__":
    main(sys.argv[1:])
