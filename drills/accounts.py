"""Accounts the drills sign in with: invented people in the drill database only."""

import secrets
import time

from drills.site import BASE


def advisor(slug_suffix):
    """A published demo advisor's account with a fresh password and a confirmed address."""
    from allauth.account.models import EmailAddress

    from directory.models import Advisor, AdvisorStatus

    published = Advisor.objects.filter(status=AdvisorStatus.PUBLISHED, user__isnull=False).order_by("pk")
    profile = published[slug_suffix % published.count()]
    user = profile.user
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return profile, user.email, password


def staff(username):
    """An OM verifier (superuser) with a TOTP authenticator; returns (username, password, secret)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@drill.invalid", "is_staff": True, "is_superuser": True}
    )
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save()
    user.authenticator_set.all().delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return username, password, secret


def current_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_staff(site, session, username, password, secret):
    """Wagtail's login, then the second factor production requires of staff. Returns whether the
    admin opened, and the two answers (their cookies)."""
    first = site.post_form(session, "/admin/login/", {"username": username, "password": password})
    second = site.post_form(session, "/konto/zweiter-faktor/?next=/admin/", {"code": current_code(secret)})
    ok = second.status_code == 302 and session.get(f"{BASE}/admin/", timeout=30).status_code == 200
    return ok, [first, second]
