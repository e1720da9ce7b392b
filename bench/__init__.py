"""Benchmarks: `python -m bench` measures synth time, cold start, warm latency, list cost and local throughput."""
