"""Helpers for idempotent demo content: find by natural key, update, never duplicate."""


def upsert_child(parent, model, slug, **fields):
    """The live child page of `parent` with this slug, created or updated, and published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    relations = {key: fields.pop(key) for key in list(fields) if isinstance(fields[key], list)}
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for key, value in fields.items():
            setattr(page, key, value)
    for key, value in relations.items():
        setattr(page, key, value)  # modelcluster keeps inline children and M2M in memory until save
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


def upsert(model, lookup, **fields):
    obj, _ = model.objects.update_or_create(**lookup, defaults=fields)
    return obj
