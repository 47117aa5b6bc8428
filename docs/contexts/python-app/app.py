"""A small Flask app: the notes' Python image serves it."""

import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    """Say hello, with the environment the container runs in."""
    return {"message": "Hello from Flask", "env": os.environ.get("APP_ENV", "development")}


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000)
