"""Controlled vocabularies: edited by OM staff only (free_tagging off), never by advisors."""

from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase


class ConsultingTopic(TagBase):
    free_tagging = False

    class Meta:
        verbose_name = "Beratungsthema"
        verbose_name_plural = "Beratungsthemen"
        ordering = ["name"]


class Industry(TagBase):
    free_tagging = False

    class Meta:
        verbose_name = "Branche"
        verbose_name_plural = "Branchen"
        ordering = ["name"]


class TaggedTopic(ItemBase):
    tag = models.ForeignKey(ConsultingTopic, on_delete=models.CASCADE, related_name="tagged_advisors")
    content_object = ParentalKey("directory.Advisor", on_delete=models.CASCADE, related_name="tagged_topics")


class TaggedIndustry(ItemBase):
    tag = models.ForeignKey(Industry, on_delete=models.CASCADE, related_name="tagged_advisors")
    content_object = ParentalKey("directory.Advisor", on_delete=models.CASCADE, related_name="tagged_industries")


class FederalState(models.Model):
    """The 16 Bundesländer (filled by a data migration)."""

    code = models.CharField("Kürzel", max_length=2, unique=True)
    name = models.CharField("Name", max_length=40, unique=True)

    class Meta:
        verbose_name = "Bundesland"
        verbose_name_plural = "Bundesländer"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Language(models.Model):
    code = models.CharField("ISO-Code", max_length=3, unique=True)
    name = models.CharField("Sprache", max_length=40, unique=True)

    class Meta:
        verbose_name = "Sprache"
        verbose_name_plural = "Sprachen"
        ordering = ["name"]

    def __str__(self):
        return self.name
