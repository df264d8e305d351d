"""The deliveries a test's webhook receiver got, verified with the official Standard
Webhooks library for Python (PyPI `standardwebhooks`), as a clinic's Python service
would: every delivery verifies with each secret listed beside it; the same delivery with
a changed body, or verified ten minutes later (a replay), is refused.

    python tests/interop/verify_webhooks.py DELIVERIES.json

DELIVERIES.json: [{"headers": {...}, "body": "...", "secrets": ["whsec_..."]}, ...]
"""

import json
import sys
from datetime import datetime, timedelta

import standardwebhooks.webhooks as library
from standardwebhooks import Webhook, WebhookVerificationError


def refused(secret, body, headers):
    try:
        Webhook(secret).verify(body, headers)
    except WebhookVerificationError as error:
        return str(error)
    return None


def main(path):
    deliveries = json.load(open(path, encoding="utf-8"))
    checked = 0
    for d in deliveries:
        for secret in d["secrets"]:
            payload = Webhook(secret).verify(d["body"], d["headers"])
            assert payload["type"] and "data" in payload, payload
            checked += 1
    first = deliveries[0]
    secret = first["secrets"][0]
    tampered = first["body"].replace('"data":{', '"data":{"x":1,', 1)
    assert tampered != first["body"]
    why = refused(secret, tampered, first["headers"])
    assert why == "No matching signature found", why

    real = library.datetime

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) + timedelta(minutes=10)

    library.datetime = Later
    try:
        why = refused(secret, first["body"], first["headers"])
    finally:
        library.datetime = real
    assert why == "Message timestamp too old", why
    print(f"python standardwebhooks: {checked} signatures verified; a changed body and a replay ten minutes later refused")


if __name__ == "__main__":
    main(sys.argv[1])
