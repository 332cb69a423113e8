"""Advisors' portraits are Wagtail images in their own collection, so editors see where they come
from; a replaced or removed portrait is deleted with its file (Wagtail removes file and renditions)."""

from wagtail.images import get_image_model
from wagtail.models import Collection

from core.files import check_image

COLLECTION = "Beraterfotos"


def collection():
    existing = Collection.objects.filter(name=COLLECTION).first()
    return existing or Collection.get_first_root_node().add_child(name=COLLECTION)


def replace(advisor, upload):
    """Sets `upload` (or nothing) as the advisor's portrait and deletes the previous one. The
    image check runs here too (not only in the form): Wagtail reads the file's size on save."""
    if upload:
        check_image(upload)
    previous = advisor.photo
    advisor.photo = (
        get_image_model().objects.create(title=f"Foto: {advisor.name}", file=upload, collection=collection())
        if upload
        else None
    )
    advisor.save(update_fields=["photo"])
    if previous is not None:
        previous.delete()
