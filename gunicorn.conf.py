# Read by gunicorn from the directory it starts in (README: `gunicorn config.wsgi ...`).
# Questionnaire and calendar tokens are redacted from its access log (hjemmepaed/log_redaction.py).
logger_class = "config.gunicorn_logging.GunicornLogger"
# An access log switched on (`--access-logfile -`) ends each line with the request's id, the one
# its application log lines carry (the X-Request-ID answer header; docs/operations.md, "Logs").
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s'
