"""The synth-time yardstick: a CDK app with one empty stack, synthesized like the real app."""

from aws_cdk import App, Stack

app = App()
Stack(app, "Empty")
app.synth()
