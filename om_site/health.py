"""/healthz for load balancers and monitoring.

503 only when the database is down (nothing works then). An unreachable search engine is
reported as "degraded" with 200: the site keeps serving pages.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from directory.models import SearchOutbox
from engine import breaker, client


def _database_status():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any driver error means "down" to a health check
        return {"vendor": connection.vendor, "ok": False, "error": type(exc).__name__}
    return {"vendor": connection.vendor, "ok": True}


@never_cache
@require_GET
def healthz(request):
    database = _database_status()
    search = client.status().as_dict()
    if database["ok"]:
        search["directory"] = {**breaker.answering(), "waiting_changes": SearchOutbox.objects.count()}
    if not database["ok"]:
        overall, http_status = "down", 503
    elif not search["ok"]:
        overall, http_status = "degraded", 200
    else:
        overall, http_status = "ok", 200
    return JsonResponse({"status": overall, "database": database, "search": search}, status=http_status)
