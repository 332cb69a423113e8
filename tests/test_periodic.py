"""The recurring jobs the worker schedules (core/periodic.py): each slot runs once, however many
workers look, and a daily job runs after its hour, once per day."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import periodic
from search.models import UnansweredQuery
from tests.worker import DATABASE_BACKEND

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
JOBS = {"drain_search_outbox": {"every_minutes": 1}, "run_directory_daily": {"daily_at": "03:00"}}


@pytest.fixture
def jobs(settings):
    settings.TASKS = DATABASE_BACKEND  # queued, as for the worker
    settings.PERIODIC_JOBS = JOBS


def queued():
    return sorted(result.args_kwargs["args"][0] for result in DBTaskResult.objects.all())


def at(hour, minute, second=0, day=2):
    return datetime(2026, 12, day, hour, minute, second, tzinfo=BERLIN)


def test_every_slot_is_queued_once_whatever_number_of_workers_look(jobs):
    assert periodic.queue_due(at(2, 10)) == ["drain_search_outbox", "run_directory_daily"]  # yesterday's daily run
    assert periodic.queue_due(at(2, 10, 30)) == []  # a second worker, the same minute
    assert periodic.queue_due(at(2, 11)) == ["drain_search_outbox"]
    assert periodic.queue_due(at(3, 0)) == ["drain_search_outbox", "run_directory_daily"]  # today's, at 03:00
    assert periodic.queue_due(at(23, 59)) == ["drain_search_outbox"]
    assert periodic.queue_due(at(3, 0, day=3)) == ["drain_search_outbox", "run_directory_daily"]
    assert queued() == ["drain_search_outbox"] * 5 + ["run_directory_daily"] * 3


def test_a_queued_job_runs_its_command_and_only_a_periodic_one(settings):
    UnansweredQuery.objects.create(query_string="fax", date=date(2020, 1, 1))
    settings.PERIODIC_JOBS = {"prune_search_log": {"daily_at": "03:30"}}

    periodic.run_job.call("prune_search_log")  # what the worker does with a queued job

    assert not UnansweredQuery.objects.exists()
    with pytest.raises(ValueError, match="not a periodic job"):
        periodic.run_job.call("flush")


def test_finished_tasks_and_the_e_mails_they_hold_are_pruned_after_a_day(jobs, settings):
    settings.PERIODIC_JOBS = {"prune_db_task_results": {"daily_at": "03:45", "options": {"min_age_days": 1}}}
    periodic.run_job.enqueue("prune_search_log")
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=2))
    periodic.run_job.enqueue("prune_search_log")  # still waiting: kept

    periodic.run_job.call("prune_db_task_results")

    assert [result.status for result in DBTaskResult.objects.all()] == ["READY"]
