"""A real OpenID Connect provider for the sign-in test (see server.py)."""
