"""One module per check of `make verify`; each returns a CheckResult and never raises on a defect it finds."""
