from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("vorschlaege/", views.suggest, name="suggest"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("widget/", views.widget, name="widget"),
    path("nachweise/<int:pk>/", views.proof, name="proof"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/visitenkarte.vcf", views.vcard, name="vcard"),
]
