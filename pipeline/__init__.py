"""The delivery pipeline: a self-mutating CDK Pipeline in the tooling account that deploys dev, then prod."""
