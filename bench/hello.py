"""The yardstick: the smallest Flask application, served exactly like storybank."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The whole application."""
    return "Hello, World!"
