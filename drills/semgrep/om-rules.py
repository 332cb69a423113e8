# Test cases for om-rules.yml (semgrep --test): every rule must fire on `ruleid` lines and stay
# quiet on `ok` lines. Not imported by anything.
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt

# ruleid: om-mark-safe-on-computed-text
mark_safe(f"<b>{name}</b>")
# ruleid: om-mark-safe-on-computed-text
mark_safe(prefix + text)
# ok: om-mark-safe-on-computed-text
mark_safe("<br>")

# ruleid: om-selfservice-query-not-scoped-to-owner
Rating.objects.get(pk=pk)
# ruleid: om-selfservice-query-not-scoped-to-owner
Qualification.objects.filter(review="offen")
# ruleid: om-selfservice-query-not-scoped-to-owner
get_object_or_404(ClientReference, pk=pk)
# ok: om-selfservice-query-not-scoped-to-owner
Rating.objects.get(pk=pk, advisor=advisor)
# ok: om-selfservice-query-not-scoped-to-owner
Advisor.objects.filter(user=request.user).first()
# ok: om-selfservice-query-not-scoped-to-owner
get_object_or_404(advisor.qualifications, pk=pk)
# ok: om-selfservice-query-not-scoped-to-owner
get_object_or_404(getattr(advisor, relation), pk=pk)
# ok: om-selfservice-query-not-scoped-to-owner
Industry.objects.all()


# ruleid: om-csrf-exempt
@csrf_exempt
def view(request):
    pass


# ruleid: om-sql-built-from-strings
cursor.execute(f"SELECT * FROM t WHERE name = '{name}'")
# ruleid: om-sql-built-from-strings
cursor.execute("SELECT * FROM t WHERE name = '%s'" % name)
# ruleid: om-sql-built-from-strings
RawSQL(f"name = '{name}'", [])
# ok: om-sql-built-from-strings
cursor.execute("SELECT * FROM t WHERE name = %s", [name])

# ruleid: om-private-file-served-directly
FileResponse(qualification.proof.open("rb"))
# ruleid: om-private-file-served-directly
folder = settings.PRIVATE_MEDIA_ROOT
