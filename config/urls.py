from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from hjemmepaed import offline
from hjemmepaed.access import public, roles_required
from hjemmepaed.health import ReadinessView
from hjemmepaed.organisation import views as organisation_views
from hjemmepaed.organisation import views_saml, views_sso
from hjemmepaed.organisation.forms import LoginForm
from hjemmepaed.organisation.models import Role
from hjemmepaed.ratelimits import login_rate_limited

ALL_STAFF = tuple(Role.values)

urlpatterns = [
    path("", organisation_views.home, name="home"),
    path(
        "log-ind/",
        public(
            login_rate_limited(
                views_sso.StaffLoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)
            )
        ),
        name="login",
    ),
    # Single sign-on through a municipality's identity provider: started from the login page,
    # and the provider's redirect back; both before anyone is logged in.
    path("log-ind/kommune/retur/", public(views_sso.sso_callback), name="sso_callback"),
    path("log-ind/kommune/<str:code>/", public(views_sso.sso_start), name="sso_start"),
    # A SAML provider's side of the app, one service provider per municipality: its metadata,
    # the assertion consumer service and the logout service (hjemmepaed/organisation/saml.py).
    path("log-ind/saml/<str:code>/metadata/", public(views_saml.SamlMetadataView.as_view()), name="saml_metadata"),
    path("log-ind/saml/<str:code>/acs/", public(views_saml.SamlAssertionConsumerView.as_view()), name="saml_acs"),
    path("log-ind/saml/<str:code>/ls/", public(views_saml.SamlLogoutServiceView.as_view()), name="saml_logout_service"),
    path(
        "log-ud/",
        public(offline.clear_site_data(views_sso.SingleSignOnLogoutView.as_view())),
        name="logout",
    ),
    path(
        "adgangskode/",
        roles_required(*ALL_STAFF)(organisation_views.AuditedPasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "adgangskode/skiftet/",
        roles_required(*ALL_STAFF)(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path("totrinsbekraeftelse/", organisation_views.second_factor_verify, name="second_factor_verify"),
    path(
        "totrinsbekraeftelse/opret/",
        organisation_views.second_factor_enrol,
        name="second_factor_enrol",
    ),
    path(
        "totrinsbekraeftelse/opret/qr.svg",
        organisation_views.second_factor_qr,
        name="second_factor_qr",
    ),
    path(
        "totrinsbekraeftelse/reservekoder/",
        organisation_views.recovery_codes,
        name="recovery_codes",
    ),
    path("sprog/", public(set_language), name="set_language"),
    # The load balancer's cheap liveness probe, and the full readiness checks for monitoring.
    path("healthz", organisation_views.healthz, name="healthz"),
    path("healthz/ready/", public(ReadinessView.as_view()), name="healthz_ready"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("dagtilbud/", organisation_views.daycare_list, name="daycare_list"),
    path("dagtilbud/opret/", organisation_views.daycare_create, name="daycare_create"),
    path("dagtilbud/<int:pk>/", organisation_views.daycare_update, name="daycare_update"),
    path("medarbejdere/", organisation_views.staff_list, name="staff_list"),
    path("indstillinger/model/", include("hjemmepaed.variants.urls")),
    path("medarbejdere/opret/", organisation_views.staff_create, name="staff_create"),
    path("medarbejdere/<int:pk>/", organisation_views.staff_update, name="staff_update"),
    path("medarbejdere/<int:pk>/deaktiver/", organisation_views.staff_deactivate, name="staff_deactivate"),
    path("medarbejdere/deaktiverede/", organisation_views.staff_deactivated_list, name="staff_deactivated_list"),
    path("medarbejdere/<int:pk>/genaktiver/", organisation_views.staff_reactivate, name="staff_reactivate"),
    path("", include("privacy.urls")),
    path(
        "medarbejdere/<int:pk>/nulstil-totrinsbekraeftelse/",
        organisation_views.staff_second_factor_reset,
        name="staff_second_factor_reset",
    ),
    path("forloeb/", include("courses.urls")),
    path("forloeb/", include("courses.consent_urls")),
    path("forloeb/", include("visitation.pdf_urls")),
    path("", include("sdq.urls")),
    path("visitation/", include("visitation.urls")),
    path("", include("surveys.urls")),
    path("rapporter/", include("reporting.urls")),
    # The municipality's settings: its local additions to the national lists.
    path("indstillinger/", include("courses.local_list_urls")),
    path("indstillinger/", include("visitation.local_list_urls")),
    path("registreringsark/", include("sheets.urls")),
    path("", include("demo.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "hjemmepaed.views.permission_denied"
handler404 = "hjemmepaed.views.page_not_found"
handler500 = "hjemmepaed.views.server_error"
