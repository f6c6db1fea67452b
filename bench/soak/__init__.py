"""`make soak`: the operator's promises tried under load and faults, on loopback only.

gunicorn runs with the shipped gunicorn.conf.py under a supervisor that restarts it as systemd
would; PostgreSQL is a throw-away cluster of the soak's own; the slow clients go through nginx
with the shipped proxy settings. `python -m bench.soak` runs every scenario and ends in a
table; the exit code is 1 when a promise is broken (a lost or duplicated story, a withdrawn
story back after a restore, a bare 5xx while PostgreSQL restarts, normal requests starved
behind the proxy) or the harness could not run.
"""
