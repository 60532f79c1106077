"""A throw-away certificate authority and loopback certificate for ``platform-sim --tls``.

The simulator makes, once per data directory, a small CA (``tls/ca.pem``) and a server
certificate for ``127.0.0.1`` and ``localhost`` signed by it. A client trusts the simulator
by that CA file (``sync --ca-file DIR/tls/ca.pem``), never by turning verification off.
Made with the ``cryptography`` package when it is installed, else with the ``openssl`` tool.
The keys are the simulator's own, for loopback only; they protect nothing real.
"""

from __future__ import annotations

import ipaddress
import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

log = logging.getLogger(__name__)

VALID_DAYS = 825


@dataclass(frozen=True)
class TlsFiles:
    """The PEM files of a simulator.

    Attributes:
        ca: the CA certificate clients trust.
        cert: the server certificate (with the chain).
        key: the server's private key.
    """

    ca: Path
    cert: Path
    key: Path


def ensure_tls_files(folder: Path) -> TlsFiles:
    """The files in ``folder``, made when missing."""
    folder = Path(folder)
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    if files.ca.exists() and files.cert.exists() and files.key.exists():
        return files
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import cryptography  # noqa: F401
    except ImportError:
        _with_openssl(files)
    else:
        _with_cryptography(files)
    log.info("made a loopback CA and server certificate in %s", folder)
    return files


def _with_cryptography(files: TlsFiles) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(timezone.utc) - timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Counter Desk platform-sim CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now).not_valid_after(now + timedelta(days=VALID_DAYS))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                         critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=VALID_DAYS))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    files.ca.write_bytes(ca.public_bytes(pem))
    files.cert.write_bytes(cert.public_bytes(pem) + ca.public_bytes(pem))
    files.key.write_bytes(key.private_bytes(pem, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    files.key.chmod(0o600)


def _with_openssl(files: TlsFiles) -> None:  # pragma: no cover - only without cryptography
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("生成 TLS 证书需要 cryptography 软件包或 openssl 命令，二者均未找到。")
    folder = files.ca.parent
    ca_key = folder / "ca-key.pem"
    ext = folder / "server.ext"
    ext.write_text("basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n"
                   "subjectAltName=DNS:localhost,IP:127.0.0.1\n", encoding="ascii")
    csr = folder / "server.csr"
    run = lambda *a: subprocess.run([openssl, *a], check=True, capture_output=True)  # noqa: E731
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(ca_key), "-out", str(files.ca), "-days", str(VALID_DAYS),
        "-subj", "/CN=Counter Desk platform-sim CA",
        "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(files.key), "-out", str(csr), "-subj", "/CN=127.0.0.1")
    run("x509", "-req", "-in", str(csr), "-CA", str(files.ca), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(files.cert), "-days", str(VALID_DAYS), "-extfile", str(ext))
    files.cert.write_bytes(files.cert.read_bytes() + files.ca.read_bytes())
    for leftover in (csr, ext, ca_key, folder / "ca.srl"):
        leftover.unlink(missing_ok=True)
    files.key.chmod(0o600)
