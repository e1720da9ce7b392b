"""The build stage's supply-chain gates: secrets detection, SAST, SCA and SBOM, one CLI module each.

Each gate prints what it checked and exits non-zero on a finding; none reports a pass for something it did
not check (docs/pipeline.md, "Build-stage gates").
"""
