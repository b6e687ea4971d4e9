"""Who is calling: CDS Hooks 2.0 § Trusting CDS Clients.

- `caller`: the authenticated `Caller` and the `Verifier` interface every scheme meets;
- `tokens`: the CDS Hooks JWT verifier (header, issuer, key, signature, claims, replay);
- `keys`: each trusted issuer's JWKS (URL, pinned file, allow-listed `jku`), cached;
- `replay`: the `jti` guard, shared by every process on the database;
- `request`: the FastAPI dependency that turns a request's bearer token into a `Caller`.
"""

from service.auth.caller import AuthFailure, Caller, Verifier

__all__ = ["AuthFailure", "Caller", "Verifier"]
