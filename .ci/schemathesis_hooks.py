"""Schemathesis hooks for .ci/schemathesis.sh: keep the signed-in account usable for the whole run.

A fuzzed request that changes the caller's own account ends its token (a role or unit change
bumps the account's token version) or locks it out (deactivation), and every later request of
the run would then answer 401 and test nothing. These requests are pointed at an id no user has
(so they answer 404, which every check accepts for a schema-valid request naming a missing
object); the same operations on every other account are fuzzed as generated.
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


@schemathesis.hook
def before_call(context, case, kwargs):
    operation = (case.operation.method.upper(), case.operation.path)
    if operation not in SELF_ENDING:
        return
    params = case.path_parameters or {}
    if str(params.get("id")) == str(SELF_ID):
        params["id"] = NO_SUCH_USER
