"""Second factor for everyone with admin access (TOTP via allauth.mfa), required when
OM_REQUIRE_STAFF_MFA is on (production). Wagtail keeps its own login; this gate stands behind it:
no admin page is served in a session that has not passed a current TOTP code.

Wrong codes are budgeted like wrong passwords, per account and per client address across every
session (allauth's "login_failed" limits, ACCOUNT_RATE_LIMITS, under the key allauth's own MFA
forms use, so the staff gate and /konto/2fa/authenticate/ share one budget); recovery codes count
the same. Every wrong code and every refusal while locked writes an om_site.security line."""

import logging
from collections.abc import Callable
from urllib.parse import quote

from allauth.core import context, ratelimit
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.signals import authentication_failed, authenticator_added
from allauth.mfa.totp.internal.auth import TOTP
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.clientip import client_ip

SESSION_KEY = "om_staff_mfa_ok"
MAX_ATTEMPTS = 5
EXEMPT_PREFIXES = ("/admin/login/", "/admin/logout/")
security_log = logging.getLogger("om_site.security")


class _SignedInRequest(HttpRequest):
    """A request behind login_required (for the type checker): its user is signed in."""

    user: User


def needs_second_factor(request: HttpRequest) -> bool:
    return (
        settings.OM_REQUIRE_STAFF_MFA
        and request.path.startswith("/admin/")
        and not request.path.startswith(EXEMPT_PREFIXES)
        and request.user.is_authenticated
        and request.user.has_perm("wagtailadmin.access_admin")
        and not request.session.get(SESSION_KEY)
    )


class StaffMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request):
            next_url = quote(request.get_full_path())
            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                return redirect(f"{reverse('mfa_activate_totp')}?next={next_url}")
            return redirect(f"{reverse('staff_second_factor')}?next={next_url}")
        return self.get_response(request)


@receiver(authenticator_added)
def trust_session_after_activation(
    sender: type[Authenticator],
    request: HttpRequest | None,
    user: AbstractBaseUser,
    authenticator: Authenticator,
    **kwargs: object,
) -> None:
    """Setting up TOTP proves a current code, so this session has passed the second factor."""
    if request is not None:
        request.session[SESSION_KEY] = True


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Sechsstelliger Code aus Ihrer Authenticator-App oder ein Wiederherstellungscode",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def code_is_valid(user: AbstractBaseUser, totp: Authenticator, code: str) -> bool:
    """A current TOTP code, or one of the unused recovery codes (each works once)."""
    if TOTP(totp).validate_code(code):
        return True
    recovery = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    return recovery is not None and RecoveryCodes(recovery).validate_code(code)


LOCKED = "Zu viele falsche Codes. Bitte versuchen Sie es in 15 Minuten erneut."


def budget_key(user: AbstractBaseUser) -> str:
    """allauth's own key for MFA attempts (allauth.mfa.base.internal.flows.check_rate_limit)."""
    return f"mfa-auth-user-{user.pk}"


def log_wrong_code(request: HttpRequest, user: AbstractBaseUser) -> None:
    security_log.warning("Zweiter Faktor falsch: konto=%s adresse=%s", user.get_username(), client_ip(request))


def log_locked(request: HttpRequest, user: AbstractBaseUser) -> None:
    security_log.warning(
        "Zweiter Faktor abgewiesen (gesperrt): konto=%s adresse=%s", user.get_username(), client_ip(request)
    )


@receiver(authentication_failed)
def log_allauth_wrong_code(
    sender: type[Authenticator], request: HttpRequest | None, user: AbstractBaseUser, **kwargs: object
) -> None:
    """allauth's own MFA forms count the attempt themselves; the log line is ours."""
    if request is not None:
        log_wrong_code(request, user)


class _LogsLockedRefusals:
    user: AbstractBaseUser  # set by allauth's form, the next class in the MRO

    def clean_code(self) -> str:
        try:
            code: str = super().clean_code()  # type: ignore[misc]  # a mixin: allauth's form defines clean_code
            return code
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                log_locked(context.request, self.user)
            raise


class LoggedAuthenticateForm(_LogsLockedRefusals, AuthenticateForm):  # type: ignore[misc]  # allauth has no py.typed
    """allauth's second-factor step of the login (MFA_FORMS["authenticate"])."""


class LoggedReauthenticateForm(_LogsLockedRefusals, ReauthenticateForm):  # type: ignore[misc]  # allauth has no py.typed
    """allauth's reauthentication by code (MFA_FORMS["reauthenticate"])."""


@login_required
def second_factor(request: _SignedInRequest) -> HttpResponse:
    next_url = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/admin/"
    authenticator = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return redirect(f"{reverse('mfa_activate_totp')}?next={quote(next_url)}")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Every attempt is counted before its code is checked (as allauth's own forms do), so that
        # guesses sent in parallel cannot all pass a check that has not seen the others yet.
        if not ratelimit.consume(request, action="login_failed", key=budget_key(request.user)):
            log_locked(request, request.user)
            form.add_error("code", LOCKED)  # not even a right code passes until the window ends
            return render(request, "account/staff_second_factor.html", {"form": form}, status=429)
        if code_is_valid(request.user, authenticator, form.cleaned_data["code"].strip()):
            ratelimit.clear(request, action="login_failed", key=budget_key(request.user))
            request.session[SESSION_KEY] = True
            request.session.pop("om_staff_mfa_failures", None)
            return redirect(next_url)
        log_wrong_code(request, request.user)
        failures = request.session.get("om_staff_mfa_failures", 0) + 1
        request.session["om_staff_mfa_failures"] = failures
        if failures >= MAX_ATTEMPTS:  # this session starts over at the password; the budget stays
            logout(request)
            return redirect(f"{reverse('wagtailadmin_login')}?next={quote(next_url)}")
        form.add_error("code", "Der Code stimmt nicht oder ist abgelaufen. Bitte den aktuellen Code eingeben.")
    return render(request, "account/staff_second_factor.html", {"form": form})
