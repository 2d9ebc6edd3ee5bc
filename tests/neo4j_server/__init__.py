"""A real Neo4j 5.26 Community server for the test suite (see server.py and fixtures.py)."""
