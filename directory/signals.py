"""Files follow their records (a deleted or replaced proof leaves nothing behind, GDPR Art. 17),
Wagtail's search index follows the advisors, and failed logins are logged."""

import logging

from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.images import get_image_model

from core.clientip import client_ip
from directory.models import Advisor, Qualification


@receiver(post_delete, sender=Advisor)
def delete_portrait(sender, instance, **kwargs):
    """However a profile goes (erasure, retention, admin), its portrait goes with it."""
    if instance.photo_id:
        get_image_model().objects.filter(pk=instance.photo_id).delete()


@receiver(post_save, sender=Advisor)
def update_admin_search(sender, instance, update_fields=None, **kwargs):
    """Wagtail's index (the admin's search) is updated unless the save names none of its fields."""
    if update_fields is None or not {field.field_name for field in Advisor.search_fields}.isdisjoint(update_fields):
        post_save_signal_handler(instance, **kwargs)


@receiver(post_delete, sender=Advisor)
def remove_from_admin_search(sender, instance, **kwargs):
    post_delete_signal_handler(instance, **kwargs)


@receiver(post_delete, sender=Qualification)
def delete_proof_file(sender, instance, **kwargs):
    if instance.proof:
        instance.proof.storage.delete(instance.proof.name)


@receiver(pre_save, sender=Qualification)
def delete_replaced_proof_file(sender, instance, **kwargs):
    if not instance.pk:
        return
    old = Qualification.objects.filter(pk=instance.pk).values_list("proof", flat=True).first()
    if old and old != instance.proof.name:
        instance.proof.storage.delete(old)


security_log = logging.getLogger("om_site.security")


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    """Every failed login is logged (account and address) so that attacks can be traced."""
    who = credentials.get("email") or credentials.get("username") or "?"
    address = client_ip(request) if request else "?"  # the client's, also behind a proxy
    security_log.warning("Anmeldung fehlgeschlagen: konto=%s adresse=%s", who, address)
