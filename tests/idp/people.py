"""The identity provider's people and the app's client, as the tests know them."""

CLIENT_ID = "hjemmepaed-test"
CLIENT_SECRET = "test-client-secret-not-for-production"
PASSWORD = "idp-password-1"
# The login's assurance and methods the provider claims (`acr`, `amr`).
ACR = "http://eidas.europa.eu/LoA/substantial"
AMR = ("pwd", "otp")
# The groups a municipality's directory has; the tests map the first three to roles.
COORDINATORS = "Hjemmepaed-Tovholdere"
EDUCATORS = "Hjemmepaed-Hjemmepaedagoger"
MANAGERS = "Hjemmepaed-Ledere"
EVERYONE = "Alle-medarbejdere"

PEOPLE = [
    {"username": "tove@sso.test", "first_name": "Tove", "last_name": "Holm", "groups": [COORDINATORS, EVERYONE]},
    {"username": "hanne@sso.test", "first_name": "Hanne", "last_name": "Berg", "groups": [EDUCATORS, COORDINATORS]},
    {"username": "lene@sso.test", "first_name": "Lene", "last_name": "Dahl", "groups": [MANAGERS]},
    {"username": "ulla@sso.test", "first_name": "Ulla", "last_name": "Uden", "groups": [EVERYONE]},
    {"username": "eva@sso.test", "first_name": "Eva", "last_name": "Andersen", "groups": [EDUCATORS]},
]
