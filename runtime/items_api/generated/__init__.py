"""Code generated from the models by `make generate` (tools/runtime_data.py); committed, checked by a test."""
