"""Schemathesis hooks for scripts/api-fuzz.sh (loaded via SCHEMATHESIS_HOOKS).

1. Idempotency-Key: the API documents that re-sending a key with a *different*
   body gets 422 `idempotency_key_reused`. Hypothesis draws keys from a tiny
   space ("0", "00", ...), so unrelated requests collide on one key and the
   correct 422 was reported as "schema-valid request rejected" (ST202). Every
   request that carries a schema-valid key (1..255 chars) gets a fresh random
   key; keys that are invalid on purpose (negative tests: empty, too long) are
   left alone, so the server's validation of the header is still exercised.

2. The fuzzer's own API key: Schemathesis reuses ids it sees in responses, and
   `GET /v1/me` / `GET /v1/api-keys` reveal the id of the key it authenticates
   with, so it soon sends `DELETE /v1/api-keys/<own id>`. After that every
   request is 401 and, past 30 failed authentications, the per-address lockout
   answers 429 to everything: the rest of the run tests nothing. Such a request
   is pointed at a well-formed id that does not exist (expect 404) instead,
   and failures that only report that 404 (e.g. ST302 "created resource not
   found" when a stateful scenario reached our key) are dropped; a 5xx is
   still reported. PARLEY_FUZZ_API_KEY_ID holds the id to protect.

3. Revocation is not deletion: DELETE /v1/api-keys/{id} and
   DELETE /v1/invitations/{id} *revoke*, and the schema documents that the
   record stays readable (APIKey has `revoked_at`, Invitation has status
   `revoked`). A later GET answering 200 with the record marked revoked is the
   documented behaviour, so that "deleted resource still available" (ST301,
   use_after_free) report is dropped. Only then: a GET that shows the record
   *not* revoked, and every other resource (memberships are really deleted),
   is still reported.

4. Agent configurations: the AgentConfiguration schema only fixes the shape
   (an object with `name` and a `brain` of type flow or llm); the rest of the
   format (docs/flows.md) has graph rules JSON Schema cannot state (nodes
   reachable, branch targets known, a question in every cycle) and many
   nested fields. A schema-valid configuration the server refuses with 400
   naming a `configuration.` field is the documented behaviour, so that
   "schema-valid request rejected" (ST202) report is dropped for agent
   writes only. A 5xx or any other rejection is still reported.

5. Webhook targets: CreateWebhookInput's `url` pattern fixes the URL's shape,
   but the server also refuses hosts that are `localhost` or a numeric
   loopback/private/link-local address (`http://0`, `http://10.1`; the rule
   reads numbers as the system resolver does, which no JSON Schema pattern can
   follow; docs/api.md, Webhooks). Hypothesis draws such hosts often, so the
   "schema-valid request rejected" (ST202) report is dropped for exactly that
   400: field `url` and the message of that rule. Any other rejection is
   still reported.

6. 429 watch: with --api-rate-limit 0 the only 429 left is the per-address
   lockout after failed authentications, which would silently turn the rest
   of the run into 429s. Each 429 is appended to PARLEY_FUZZ_429_LOG so that
   scripts/api-fuzz.sh can fail the run as not meaningful.
"""

import os
import uuid

import schemathesis

OWN_KEY_ID = os.environ.get("PARLEY_FUZZ_API_KEY_ID", "")
ABSENT_KEY_ID = "key_" + "0" * 26
RATE_LIMIT_LOG = os.environ.get("PARLEY_FUZZ_429_LOG", "")
REVOCABLE = {"/v1/api-keys/{id}", "/v1/invitations/{id}"}
AGENT_WRITES = {("POST", "/v1/agents"), ("PATCH", "/v1/agents/{id}")}
WEBHOOK_TARGET_RULE = "webhook endpoints must be on public addresses"
# Ids of the cases whose target was rewritten away from our own key.
_REDIRECTED: set = set()


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    headers = case.headers
    if headers:
        for name in list(headers):
            if name.lower() != "idempotency-key":
                continue
            value = headers[name]
            if isinstance(value, str) and 1 <= len(value) <= 255:
                headers[name] = uuid.uuid4().hex

    if (
        OWN_KEY_ID
        and case.method.upper() == "DELETE"
        and case.path == "/v1/api-keys/{id}"
        and case.path_parameters
        and case.path_parameters.get("id") == OWN_KEY_ID
    ):
        case.path_parameters["id"] = ABSENT_KEY_ID
        _REDIRECTED.add(case.id)


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    code = getattr(failure, "code", None)
    if case.id in _REDIRECTED and code != "ST101":
        return False
    if code == "ST202" and (case.method.upper(), case.path) in AGENT_WRITES and response.status_code == 400:
        try:
            field = (response.json().get("error") or {}).get("field") or ""
        except Exception:
            field = ""
        if field.startswith("configuration"):
            return False
    if code == "ST202" and (case.method.upper(), case.path) == ("POST", "/v1/webhooks") and response.status_code == 400:
        try:
            error = response.json().get("error") or {}
        except Exception:
            error = {}
        if error.get("field") == "url" and WEBHOOK_TARGET_RULE in (error.get("message") or ""):
            return False
    if code != "ST301":
        return True
    if case.method.upper() != "GET" or case.path not in REVOCABLE:
        return True
    try:
        body = response.json()
    except Exception:
        return True
    if isinstance(body, dict) and (body.get("revoked_at") or body.get("status") == "revoked"):
        return False
    return True


@schemathesis.hook
def after_call(ctx, case, response):
    if RATE_LIMIT_LOG and response.status_code == 429:
        with open(RATE_LIMIT_LOG, "a", encoding="utf-8") as f:
            f.write(f"{case.method.upper()} {case.formatted_path}\n")
