import datetime
import re

import pytest
from django.core import mail

from ratings import service
from ratings.models import CriteriaVersion
from tests.factories import make_site_with_home, published_advisor

CLIENT_EMAIL = "inhaberin@tischlerei-beispiel.example"


@pytest.fixture
def advisor(db):
    make_site_with_home()
    return published_advisor(name="Petra Prüfer", website="https://www.pruefer-beratung.example")


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Records an engagement the regular way; returns (engagement, token from the e-mail's link)."""

    def record(advisor, email=CLIENT_EMAIL, company="Tischlerei Beispiel GmbH"):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            engagement = service.record_engagement(advisor, company, email, datetime.date(2026, 9, 1))
        token = re.search(r"/bewertung/([\w-]+)/", mail.outbox[-1].body).group(1)
        return engagement, token

    return record


def form_data(email=CLIENT_EMAIL, score=4, **extra):
    data = {f"axis_{c.key}": score for c in CriteriaVersion.current().criteria.all()}
    data.update(email=email, month="2026-09", comment="", consent="on")
    data.update(extra)
    return data


@pytest.fixture
def invited(advisor, invite):
    return invite(advisor)
