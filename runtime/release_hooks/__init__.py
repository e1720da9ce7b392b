"""CodeDeploy lifecycle hooks of the Items API function: tests before traffic shifts, alarm checks after.

Standalone on purpose: it runs in its own small Lambda functions with only what the Lambda runtime provides
(boto3), and never in the items function's package.
"""
