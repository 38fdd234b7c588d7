"""Entry points for Celery: ids in, one service call, nothing personal in arguments or results."""

from celery import shared_task


@shared_task(name="reporting.tasks.report_build", acks_late=True, reject_on_worker_lost=True)
def report_build(report_id: int) -> bool:
    from reporting.services import report_build as build

    return build(report_id=report_id)


@shared_task(name="reporting.tasks.reports_requeue")
def reports_requeue() -> int:
    from reporting.services import reports_requeue as requeue

    return requeue()
