"""The `saml_provider` fixture: Debian's SimpleSAMLphp as the tests' SAML 2.0 identity provider,
run by PHP's own web server on a free loopback port for the whole session, with a config
directory of our own made in a temporary directory (SIMPLESAMLPHP_CONFIG_DIR): the IdP's key
and certificate (openssl), the people of `people.py` in exampleauth:UserPass with their groups
as an attribute, and the app's service providers, whose metadata the tests register
(`register_sp`) as the municipality's IT department gives the app's metadata to its IdP.

Skipped only where PHP or SimpleSAMLphp is missing and HJEMMEPAED_REQUIRE_BROWSER is unset (a
bare laptop); `make saml` installs them, and CI requires them."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.idp import people

WWW = Path("/usr/share/simplesamlphp/www")
PHP = shutil.which("php")
# The attributes the IdP sends (their names as AD FS and the Context Handler name them differ;
# each municipality's row names its own).
USERNAME_ATTRIBUTE = "uid"
GROUPS_ATTRIBUTE = "groups"
# What SimpleSAMLphp's password login over plain HTTP sends as its authentication context.
PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"

CONFIG = """<?php
$config = [
    'baseurlpath' => '{base}/',
    'certdir' => '{root}/cert/',
    'loggingdir' => '{root}/log/',
    'datadir' => '{root}/data/',
    'tempdir' => '{root}/tmp',
    'metadatadir' => '{root}/metadata/',
    'attributenamemapdir' => '/etc/simplesamlphp/attributemap/',
    'technicalcontact_name' => 'Tests',
    'technicalcontact_email' => 'tests@example.org',
    'secretsalt' => 'tests-secret-salt-not-for-production',
    'auth.adminpassword' => 'tests-admin-not-for-production',
    'admin.protectindexpage' => true,
    'admin.protectmetadata' => false,
    'admin.checkforupdates' => false,
    'trusted.url.domains' => ['127.0.0.1', 'localhost'],
    'enable.saml20-idp' => true,
    'enable.shib13-idp' => false,
    'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true, 'admin' => true],
    'logging.level' => SimpleSAML\\Logger::WARNING,
    'logging.handler' => 'errorlog',
    'showerrors' => true,
    'errorreporting' => false,
    'session.cookie.secure' => false,
    'session.cookie.samesite' => null,
    'language.cookie.secure' => false,
    'language.cookie.samesite' => null,
    'session.phpsession.savepath' => '{root}/sessions',
    'store.type' => 'phpsession',
    'production' => false,
    'metadata.sources' => array_merge(
        [['type' => 'flatfile']],
        array_map(function ($file) {{ return ['type' => 'xml', 'file' => $file]; }}, glob('{root}/sp/*.xml'))
    ),
];
"""

IDP_HOSTED = """<?php
$metadata['{entity_id}'] = [
    'host' => '__DEFAULT__',
    'privatekey' => 'idp.key',
    'certificate' => 'idp.crt',
    'auth' => 'people',
    'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
    'sign.logout' => true,
    'redirect.sign' => true,
];
"""

AUTHSOURCES = """<?php
$config = [
    'admin' => ['core:AdminPassword'],
    'people' => array_merge(['exampleauth:UserPass'], json_decode('{people}', true)),
];
"""


@dataclass(frozen=True)
class SamlProvider:
    base: str
    root: Path

    @property
    def entity_id(self) -> str:
        return self.base + "/saml2/idp/metadata.php"

    @property
    def metadata_url(self) -> str:
        return self.entity_id

    @property
    def sp_key_file(self) -> str:
        """The app's own key and certificate for the tests (SAML_SP_KEY_FILE, SAML_SP_CERT_FILE)."""
        return str(self.root / "cert" / "sp.key")

    @property
    def sp_cert_file(self) -> str:
        return str(self.root / "cert" / "sp.crt")

    def register_sp(self, name: str, metadata_xml: str) -> None:
        """The app's service provider's metadata, as the IdP's administrator adds it."""
        (self.root / "sp" / f"{name}.xml").write_text(metadata_xml)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _people() -> str:
    users = {}
    for person in people.PEOPLE:
        users[f"{person['username']}:{people.PASSWORD}"] = {
            USERNAME_ATTRIBUTE: [person["username"]],
            "givenName": [person["first_name"]],
            "sn": [person["last_name"]],
            "mail": [person["username"]],
            GROUPS_ATTRIBUTE: person["groups"],
        }
    return json.dumps(users).replace("\\", "\\\\").replace("'", "\\'")


def _write_config(root: Path, base: str) -> None:
    for folder in ("cert", "log", "data", "tmp", "metadata", "sessions", "sp"):
        (root / folder).mkdir()
    for name in ("idp", "sp"):
        subprocess.run(
            [
                *(
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    f"/CN=test-{name}",
                ),
                *("-keyout", str(root / "cert" / f"{name}.key"), "-out", str(root / "cert" / f"{name}.crt")),
            ],
            check=True,
            capture_output=True,
        )
    (root / "config.php").write_text(CONFIG.format(base=base, root=root))
    (root / "authsources.php").write_text(AUTHSOURCES.format(people=_people()))
    (root / "metadata" / "saml20-idp-hosted.php").write_text(
        IDP_HOSTED.format(entity_id=base + "/saml2/idp/metadata.php")
    )


def _installed() -> bool:
    if PHP is None or not WWW.is_dir() or shutil.which("xmlsec1") is None:
        return False
    # SimpleSAMLphp needs PHP's DOM extension (php-xml), which Debian's package does not pull in.
    return subprocess.run([PHP, "-r", "exit(class_exists('DOMDocument') ? 0 : 1);"], check=False).returncode == 0


@pytest.fixture(scope="session")
def saml_provider():
    if not _installed():
        if os.environ.get("HJEMMEPAED_REQUIRE_BROWSER"):
            pytest.fail("xmlsec1, php-cli with php-xml and SimpleSAMLphp are required (make saml)")
        pytest.skip("xmlsec1, php-cli with php-xml or SimpleSAMLphp is missing (make saml installs them)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    root = Path(tempfile.mkdtemp(prefix="hj-simplesamlphp-"))
    _write_config(root, base)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [PHP, "-S", f"127.0.0.1:{port}", "-t", str(WWW)],
        cwd=WWW,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "SIMPLESAMLPHP_CONFIG_DIR": str(root)},
    )
    provider = SamlProvider(base=base, root=root)
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail("SimpleSAMLphp did not start: " + log.read().decode()[-2000:])
        try:
            if requests.get(provider.metadata_url, timeout=2).ok:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            pytest.fail("SimpleSAMLphp did not answer within 30 seconds: " + log.read().decode()[-2000:])
        time.sleep(0.2)
    yield provider
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(root, ignore_errors=True)
