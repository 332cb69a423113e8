"""allauth's adapter with one addition: a login refused because the account or address is locked
is logged like a failed one (allauth checks the lock before the password, so no signal fires)."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

security_log = logging.getLogger("om_site.security")


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            who = credentials.get("email") or credentials.get("username") or "?"
            security_log.warning(
                "Anmeldung abgewiesen (gesperrt): konto=%s adresse=%s", who, self.get_client_ip(request)
            )
            raise
