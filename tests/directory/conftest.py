import pytest

from tests.factories import member_of


@pytest.fixture
def verifier(db):
    return member_of("Verifizierung", "pruefer")
