"""gunicorn settings for storybank: access logs without addresses or user agents, one line per
request whatever the path holds."""

import os

bind = os.environ.get("STORYBANK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("STORYBANK_WORKERS", "2"))
wsgi_app = "wsgi:app"
# Method, path (no query string), status, size and duration: nothing that identifies a person.
# The path is decoded (%0A is a newline): storybank.logging.LogScrubber escapes its control
# characters, so a request cannot write a line of its own into the log.
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Trust X-Forwarded-* only through the application's own STORYBANK_PROXY_COUNT setting.
forwarded_allow_ips = ""
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record of the access and error logs, and of the application (through the root
    # logger, which uses this handler too), passes the same scrubber: no addresses, control
    # characters escaped, database errors without the values they would quote.
    "filters": {"scrubbed": {"()": "storybank.logging.LogScrubber"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["scrubbed"],
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
