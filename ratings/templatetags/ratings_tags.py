from django import template

from ratings import radar

register = template.Library()


@register.inclusion_tag("ratings/radar.svg")
def radar_chart(summary, advisor, small=False):
    chart = radar.chart(summary.axes, radius=28 if small else 100, labels=not small)
    uid = f"radar-{advisor.pk}{'-klein' if small else ''}"
    context = {"chart": chart, "summary": summary, "advisor": advisor, "small": small, "uid": uid}
    return {**context, "line_height": radar.LINE_HEIGHT}


@register.filter
def stars(value):
    """4.26 → "4,3" (German decimal comma, one place)."""
    return f"{value:.1f}".replace(".", ",") if value is not None else "–"
