from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "Netzwerke und Partner"

    def ready(self):
        from directory import where_else
        from networks.models import nearest_network_context

        where_else.register(self.label, nearest_network_context)
