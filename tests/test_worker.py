"""Work off the request path, done by a real worker process (manage.py run_worker): an uploaded
document's text, and e-mails, also those written while the mail server is down or whose worker was
killed mid-delivery. The recurring jobs' schedule is tested in the test process
(tests/test_periodic.py); the import in tests/directory/test_import_admin.py."""

import socket
import subprocess
import sys
from datetime import timedelta
from email.header import decode_header, make_header
from mailbox import Maildir

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from committees.models import MeetingPage
from core import lost_tasks, mail
from core.models import QueuedMail, WorkerHeartbeat
from demo.helpers import demo_document, demo_pdf
from search.models import DocumentText
from tests.factories import make_site_with_home
from tests.search.site_helpers import get
from tests.search.test_site_search import attach
from tests.worker import DATABASE_BACKEND, needs_postgresql, running_worker, wait_for

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queued(settings):
    """This process queues its work for the worker, like the site in production."""
    settings.TASKS = DATABASE_BACKEND
    settings.EMAIL_BACKEND = "core.mail_queue.QueuedEmailBackend"


def found(client, words):
    return [item.title for item in get(client, q=words).context["items"]]


def test_an_uploaded_pdfs_text_becomes_searchable_without_a_request_reading_it(client, queued, search_index):
    home = make_site_with_home()
    document = demo_document("Anlage Compliance", "anlage.pdf", demo_pdf("Anlage", ["Sponsoring wird offengelegt."]))
    attach(home, document)
    assert not DocumentText.objects.exists() and found(client, "Sponsoring") == []  # nothing read yet

    with running_worker():
        wait_for(lambda: DocumentText.objects.filter(document=document).exists(), "the worker reads the PDF")
        search_index()
        assert wait_for(lambda: found(client, "Sponsoring"), "the text is found") == ["Anlage Compliance"]
    assert MeetingPage.objects.get().title == "Sitzung mit Anlage"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_email_written_while_the_mail_server_is_down_arrives_once_it_is_back(queued, tmp_path):
    port = free_port()
    invitation = {"name": "Dr. Erika Muster", "source": "IHK Musterstadt", "link": "https://om.example/einladung"}
    mail.send(["ada.beispiel@example.org"], "claim_invitation", invitation)
    subject, _ = mail.render("claim_invitation", invitation)

    with running_worker(EMAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_RETRY_SECONDS="1"):
        # The first attempt meets no server and queues the second one.
        wait_for(lambda: DBTaskResult.objects.filter(args_kwargs__args__1=2).exists(), "a delivery queued again")
        server = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
             "-c", "aiosmtpd.handlers.Mailbox", str(tmp_path / "mail")],
        )  # fmt: skip
        try:
            box = wait_for(lambda: (tmp_path / "mail").exists() and list(Maildir(tmp_path / "mail")), "delivery")
        finally:
            server.terminate()
            server.wait(timeout=10)
    [message] = box
    assert message["To"] == "ada.beispiel@example.org"
    assert str(make_header(decode_header(message["Subject"]))) == subject
    assert "Dr. Erika Muster" in message.get_payload(decode=True).decode()
    assert not DBTaskResult.objects.filter(status="FAILED").exists() and not QueuedMail.objects.exists()


def test_a_mail_whose_worker_was_killed_mid_delivery_arrives_through_the_next_worker(queued, tmp_path, monkeypatch):
    silent = socket.socket()  # a mail server that accepts the connection and never greets: the delivery hangs
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    port = silent.getsockname()[1]
    mail.send(
        ["ada.beispiel@example.org"],
        "claim_invitation",
        {"name": "Ada", "source": "IHK", "link": "https://om.example/e"},
    )

    with running_worker(EMAIL_URL=f"smtp://127.0.0.1:{port}") as worker:
        lost = wait_for(lambda: DBTaskResult.objects.filter(status="RUNNING").first(), "the delivery under way")
        assert WorkerHeartbeat.objects.filter(worker_id=lost.worker_ids[-1]).exists()  # the worker notes it lives
        worker.kill()  # SIGKILL: no chance to mark anything
        worker.wait(timeout=10)
    silent.close()
    assert DBTaskResult.objects.get(pk=lost.pk).status == "RUNNING" and QueuedMail.objects.exists()

    # Minutes later: the worker has been silent and the task has run longer than LOST_AFTER.
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=10))
    monkeypatch.setattr(lost_tasks, "LOST_AFTER", timedelta(0))
    call_command("requeue_lost_tasks", verbosity=0)
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
         "-c", "aiosmtpd.handlers.Mailbox", str(tmp_path / "mail")],
    )  # fmt: skip
    try:
        with running_worker(EMAIL_URL=f"smtp://127.0.0.1:{port}"):
            box = wait_for(lambda: (tmp_path / "mail").exists() and list(Maildir(tmp_path / "mail")), "delivery")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert [message["To"] for message in box] == ["ada.beispiel@example.org"]
    assert DBTaskResult.objects.get(pk=lost.pk).exception_class_path == "core.lost_tasks.WorkerLost"
    assert not QueuedMail.objects.exists()
