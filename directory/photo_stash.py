"""A portrait chosen on the profile form survives a validation error elsewhere on that form.

Browsers never refill a file input, so after, say, a wrong postcode the chosen photo would be gone.
Instead, a photo that passed its own checks (PhotoField: type by content, size, Pillow decodes it)
is kept in private storage (never served, server-made name with the user's id) and remembered in
the session with the name the advisor knows it by. The next successful save uses it, unless the
advisor discards it or chooses another. A kept photo is deleted when used, discarded or replaced,
with the account (gdpr.erase), and in any case after a day (checked whenever one is kept)."""

import contextlib
import datetime
import uuid
from pathlib import PurePosixPath

from django.core.files import File
from django.utils import timezone

from directory.storage import private_storage

SESSION_KEY = "selbstauskunft_ausgewaehltes_foto"
FOLDER = "ausgewaehlte-fotos"
MAX_AGE = datetime.timedelta(days=1)


def shown_name(client_name):
    """The file name as the advisor chose it, without any path (only ever displayed, escaped)."""
    return PurePosixPath((client_name or "").replace("\\", "/")).name[:100] or "Foto"


def keep(request, upload, client_name):
    """Keeps a validated `upload` for this session, replacing one kept before."""
    discard(request)
    remove_stale()
    suffix = PurePosixPath(upload.name).suffix  # PhotoField set it from the recognised content type
    path = private_storage().save(f"{FOLDER}/{request.user.pk}-{uuid.uuid4().hex}{suffix}", upload)
    request.session[SESSION_KEY] = {"path": path, "name": shown_name(client_name)}


def kept(request):
    """{"path", "name"} of this session's kept photo, or None (also if its file is gone)."""
    entry = request.session.get(SESSION_KEY)
    if not entry:
        return None
    if not str(entry.get("path", "")).startswith(f"{FOLDER}/{request.user.pk}-") or not private_storage().exists(
        entry["path"]
    ):
        request.session.pop(SESSION_KEY, None)
        return None
    return entry


def kept_name(request):
    entry = kept(request)
    return entry["name"] if entry else None


@contextlib.contextmanager
def taken(request):
    """Yields the kept photo as an open File (or None) and deletes it afterwards: it is used once."""
    entry = kept(request)
    if entry is None:
        yield None
        return
    storage = private_storage()
    try:
        with storage.open(entry["path"], "rb") as handle:
            yield File(handle, name=PurePosixPath(entry["path"]).name)
    finally:
        discard(request)


def discard(request):
    entry = request.session.pop(SESSION_KEY, None)
    if entry and str(entry.get("path", "")).startswith(f"{FOLDER}/"):
        private_storage().delete(entry["path"])


def discard_for_user(user_id):
    """Deletes every photo kept for this user (account deletion: no session is left to find them)."""
    storage = private_storage()
    if storage.exists(FOLDER):
        for name in storage.listdir(FOLDER)[1]:
            if name.startswith(f"{user_id}-"):
                storage.delete(f"{FOLDER}/{name}")


def remove_stale(now=None):
    """Kept photos older than MAX_AGE belong to abandoned forms: storage limitation (GDPR Art. 5)."""
    storage = private_storage()
    if not storage.exists(FOLDER):
        return 0
    limit = (now or timezone.now()) - MAX_AGE
    removed = 0
    for name in storage.listdir(FOLDER)[1]:
        path = f"{FOLDER}/{name}"
        try:
            if storage.get_modified_time(path) < limit:
                storage.delete(path)
                removed += 1
        except FileNotFoundError:  # used or dropped by its own request meanwhile
            continue
    return removed
