"""WSGI entry point: `gunicorn -c gunicorn.conf.py` serves `wsgi:app`."""

from storybank import create_app

app = create_app()
