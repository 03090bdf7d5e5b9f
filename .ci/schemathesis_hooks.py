"""Schemathesis hooks for .ci/schemathesis.sh.

1. Keep the signed-in account usable for the whole run.

A fuzzed request that changes the caller's own account ends its token (a role or unit change
bumps the account's token version) or locks it out (deactivation), and every later request of
the run would then answer 401 and test nothing. These requests are pointed at an id no user has
(so they answer 404, which every check accepts for a schema-valid request naming a missing
object); the same operations on every other account are fuzzed as generated.

2. Send a whole number in a JSON body as JSON integer text (`5`, not `5.0`). To JSON Schema the
two are one value, an integer, so the generator may write either; the service reads an integer
field only from integer text, and answers `5.0` with a 422 on that field (a number field, such as
an activity's `hours`, takes both). Every other value, valid or not, is sent as generated.
"""

import os

import schemathesis

# The signed-in user's id, from GET /api/v1/auth/me (set by the script).
SELF_ID = int(os.environ["PEIDAI_FUZZ_SELF_ID"])
# An id above every row the demo and the run create.
NO_SUCH_USER = 2**62

# The operations whose success ends or locks the caller's own session when aimed at itself.
SELF_ENDING = {
    ("PATCH", "/api/v1/users/{id}"),
    ("POST", "/api/v1/users/{id}/deactivate"),
}


def whole_numbers_as_integers(value):
    """The JSON value with every float that holds a whole number written as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [whole_numbers_as_integers(v) for v in value]
    if isinstance(value, dict):
        return {k: whole_numbers_as_integers(v) for k, v in value.items()}
    return value


@schemathesis.hook
def before_call(context, case, kwargs):
    if isinstance(case.body, (dict, list, float)):
        body = whole_numbers_as_integers(case.body)
        if body != case.body or type(body) is not type(case.body):
            case.body = body
    operation = (case.operation.method.upper(), case.operation.path)
    if operation not in SELF_ENDING:
        return
    params = case.path_parameters or {}
    if str(params.get("id")) == str(SELF_ID):
        params["id"] = NO_SUCH_USER
