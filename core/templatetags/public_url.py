"""{% site_url %}: the public base URL with its trailing slash, for the one mail sign-off
(templates/mail/_signoff.txt), which allauth's account mails include as well as ours; allauth
renders its mails itself, so the address cannot come in through core.mail's context."""

from django import template

from core.public_url import absolute_url

register = template.Library()


@register.simple_tag
def site_url() -> str:
    return absolute_url("/")
