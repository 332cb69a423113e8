"""Public images from the app: renditions of Wagtail images (portraits, editors' pictures) under
/media/images/<name>, with far-future caching. Production has no web server location for /media/
on purpose: MEDIA_ROOT also holds Wagtail documents, whose collections may be restricted and which
are served only by Wagtail's checking view (/dokumente/<id>/<name>), and a blanket location would
publish them. Proofs live outside MEDIA_ROOT altogether (directory.storage.PrivateStorage).

Only a file that a Rendition row names is served, so no other path under MEDIA_ROOT — originals,
documents, anything put there by hand — is reachable by a URL. A rendition's name carries its
filter and focal point and a replaced image gets a new file name, so a year's caching is safe.
(Behind nginx, the same answer can be cached by the proxy; see README "Media in production".)"""

import mimetypes

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model

IMAGE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"}
CACHE = "public, max-age=31536000, immutable"


@require_safe
def rendition(request: HttpRequest, name: str) -> FileResponse:
    path = f"images/{name}"
    content_type = mimetypes.guess_type(name)[0]
    renditions = get_image_model().get_rendition_model().objects
    if content_type not in IMAGE_TYPES or not renditions.filter(file=path).exists():
        raise Http404("Kein solches Bild.")
    try:
        handle = renditions.filter(file=path).first().file.open("rb")
    except FileNotFoundError:
        raise Http404("Kein solches Bild.") from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = CACHE
    return response
