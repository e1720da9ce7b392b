"""The full app as it was synthesized before: the same build_app, with CDK's built-in template validation on."""

from aws_cdk import App

from app import build_app

app = App()
build_app(app)
app.synth()
