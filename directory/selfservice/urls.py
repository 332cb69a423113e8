from django.urls import path

from directory.selfservice import views

app_name = "directory_self"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("profil/", views.profile, name="profile"),
    path("themen/", views.topics, name="topics"),
    path("qualifikationen/", views.qualifications, name="qualifications"),
    path("register-und-referenzen/", views.registrations, name="registrations"),
    path("uebernehmen/<str:token>/", views.claim, name="claim"),
    path("register/<int:pk>/einwilligung/", views.registration_consent, name="registration_consent"),
    path("mentoring/<str:token>/", views.confirm_mentoring, name="confirm_mentoring"),
    path("<str:kind>/<int:pk>/loeschen/", views.delete_item, name="delete_item"),
    path("einreichen/", views.submit, name="submit"),
    path("vorschau/", views.preview, name="preview"),
    path("meine-daten.json", views.export_data, name="export"),
    path("konto-loeschen/", views.delete_account, name="delete_account"),
]
