# Read by gunicorn from the directory it starts in (README: `gunicorn config.wsgi ...`).
# Questionnaire and calendar tokens are redacted from its access log (hjemmepaed/log_redaction.py).
logger_class = "config.gunicorn_logging.GunicornLogger"
