"""Reliability harnesses: fuzzing against the OpenAPI document, load with a consistency check, fault injection."""
