"""allauth's adapter with one addition: a login refused because the account or address is locked
is logged like a failed one (allauth checks the lock before the password, so no signal fires);
the client's address comes from core.clientip like every other limiter's. While the shared cache is
away no login is tried: allauth could not count the failures (its lock on the counter cannot be
taken either, so sign-ups, password resets and second-factor codes are refused by allauth itself)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.cache import available
from core.clientip import client_ip

security_log = logging.getLogger("om_site.security")


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth has no py.typed
    def get_client_ip(self, request: HttpRequest) -> str:
        """The same address every other limiter uses (core.clientip, TRUSTED_PROXY_COUNT)."""
        return client_ip(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: str) -> None:
        if not available():  # fails closed, at once (allauth would wait a second for its lock first)
            who = credentials.get("email") or credentials.get("username") or "?"
            security_log.warning(
                "Anmeldung abgewiesen (Cache nicht erreichbar): konto=%s adresse=%s", who, self.get_client_ip(request)
            )
            raise self.validation_error("too_many_login_attempts")
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            who = credentials.get("email") or credentials.get("username") or "?"
            security_log.warning(
                "Anmeldung abgewiesen (gesperrt): konto=%s adresse=%s", who, self.get_client_ip(request)
            )
            raise
