from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("", views.search, name="search"),
    path("vorschlaege/", views.suggest, name="suggest"),
    path("nachweise/<int:pk>/", views.proof, name="proof"),
    path("<slug:slug>/", views.profile, name="profile"),
]
