from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = "OM-Produkte"

    def ready(self):
        from core import teasers
        from products.models import home_teasers

        teasers.register("products", home_teasers)
