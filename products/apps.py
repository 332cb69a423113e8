from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = "OM-Produkte"
