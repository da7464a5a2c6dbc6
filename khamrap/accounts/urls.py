from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import FriendlyPasswordChangeForm, SignInForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=FriendlyPasswordChangeForm,
            success_url=reverse_lazy("web:home"),
        ),
        name="password_change",
    ),
]
