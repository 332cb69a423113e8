"""The Wagtail admin's own login form with the same lockout as the advisors' login (allauth):
after 5 failed attempts for one account, or 20 from one address, within 15 minutes, no password
is checked until the window is over. Each failure is logged by directory.signals, each refusal
while locked here. Without the shared cache (Redis away) failures cannot be counted: then no password
is checked at all until it is back."""

import logging
from typing import Any

from django import forms
from wagtail.admin.forms.auth import LoginForm

from core import ratelimit
from core.cache import available
from core.clientip import client_ip

WINDOW = 15 * 60
LIMITS = [("admin-login-account", 5), ("admin-login-ip", 20)]
LOCKED = "Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut."
UNCOUNTED = "Die Anmeldung ist gerade vorübergehend nicht möglich. Bitte versuchen Sie es in einigen Minuten erneut."
security_log = logging.getLogger("om_site.security")


class ThrottledLoginForm(LoginForm):  # type: ignore[misc]  # Wagtail ships no types
    def clean(self) -> dict[str, Any]:
        keys = {
            "admin-login-account": (self.cleaned_data.get("username") or "").strip().lower(),
            "admin-login-ip": client_ip(self.request),
        }
        if not available():  # failures could not be counted: no password is checked (fails closed)
            security_log.warning(
                "Admin-Anmeldung abgewiesen (Cache nicht erreichbar): konto=%s adresse=%s", *keys.values()
            )
            raise forms.ValidationError(UNCOUNTED, code="uncounted")
        if any(ratelimit.attempts(scope, keys[scope], WINDOW) >= limit for scope, limit in LIMITS):
            security_log.warning("Admin-Anmeldung abgewiesen (gesperrt): konto=%s adresse=%s", *keys.values())
            raise forms.ValidationError(LOCKED, code="locked")
        try:
            cleaned: dict[str, Any] = super().clean()
            return cleaned
        except forms.ValidationError:
            if any([ratelimit.count(scope, keys[scope], WINDOW) >= limit for scope, limit in LIMITS]):
                security_log.warning("Admin-Anmeldung gesperrt: konto=%s", keys["admin-login-account"])
            raise
