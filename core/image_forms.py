"""Wagtail's image upload forms (single and multiple) with the site's one image check."""

from collections.abc import Callable
from typing import Any

from wagtail.images.forms import BaseImageForm

from core.files import check_image


class CheckedImageForm(BaseImageForm):  # type: ignore[misc]  # Wagtail ships no types
    """Runs core.files.check_image (pixel limit, the whole image decodes) on an upload before
    Wagtail's own field opens it: a broken file becomes a German field error, never a 500."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.to_python = _checked_first(field.to_python)


def _checked_first(to_python: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def checked(data: Any) -> Any:
        if data and hasattr(data, "seek"):  # an upload (not the stored file of an unchanged image)
            check_image(data)
        return to_python(data)

    return checked
