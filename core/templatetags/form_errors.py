from django import forms, template
from django.forms.boundfield import BoundField

register = template.Library()


@register.simple_tag
def fields_with_errors(form: forms.BaseForm) -> list[BoundField]:
    """The bound fields of `form` that carry an error, for the summary above the form."""
    return [field for field in form if field.errors]
