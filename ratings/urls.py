from django.urls import path

from ratings import selfservice, views

app_name = "ratings"
urlpatterns = [
    path("melden/<int:pk>/", views.report, name="report"),
    path("stellungnahme/<str:token>/", views.statement, name="statement"),
    path("<str:token>/", views.rate, name="rate"),
]


self_urlpatterns = (
    [
        path("", selfservice.overview, name="list"),
        path("<int:pk>/antwort/", selfservice.reply, name="reply"),
        path("<int:pk>/beanstanden/", selfservice.object_to, name="object"),
    ],
    "ratings_self",
)
