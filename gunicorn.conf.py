"""gunicorn settings for storybank: access logs without addresses or user agents."""

import os

bind = os.environ.get("STORYBANK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("STORYBANK_WORKERS", "2"))
wsgi_app = "wsgi:app"
# Method, path (no query string), status, size and duration: nothing that identifies a person.
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# Trust X-Forwarded-* only through the application's own STORYBANK_PROXY_COUNT setting.
forwarded_allow_ips = ""
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_addresses": {"()": "storybank.logging.AddressScrubber"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_addresses"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
