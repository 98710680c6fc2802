"""``nox -s bench``: cost of the evidence site against a plain MyST build."""
