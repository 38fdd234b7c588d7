"""Entry points for Celery: an upload's id in, one service call, nothing personal in arguments
or results (a count of rows at most)."""

from celery import shared_task


@shared_task(name="sheets.tasks.sheet_upload_check", acks_late=True, reject_on_worker_lost=True)
def sheet_upload_check(upload_id: int) -> int | None:
    from sheets import services

    try:
        result = services.sheet_upload_check(upload_id=upload_id)
    except Exception:
        services.sheet_upload_failed(upload_id=upload_id)
        raise
    return None if result is None else result.created


@shared_task(name="sheets.tasks.sheet_upload_import", acks_late=True, reject_on_worker_lost=True)
def sheet_upload_import(upload_id: int) -> int | None:
    from sheets import services

    try:
        result = services.sheet_upload_import(upload_id=upload_id)
    except Exception:
        services.sheet_upload_failed(upload_id=upload_id)
        raise
    return None if result is None else result.created
