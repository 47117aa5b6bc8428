"""``/etc/os-release`` of the base images, as their official images ship it, and each release's apt suite."""

from __future__ import annotations

_UBUNTU_URLS = (
    'HOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\n'
    'BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n'
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n'
)
#: Ubuntu release (the image's ``org.opencontainers.image.version`` label) -> its os-release.
UBUNTU = {
    "24.04": (
        'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\n'
        "VERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\n"
        + _UBUNTU_URLS
        + "UBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n"
    ),
    "22.04": (
        'PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.5 LTS (Jammy Jellyfish)"\n'
        "VERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\n" + _UBUNTU_URLS + "UBUNTU_CODENAME=jammy\n"
    ),
    "20.04": (
        'NAME="Ubuntu"\nVERSION="20.04.6 LTS (Focal Fossa)"\nID=ubuntu\nID_LIKE=debian\n'
        'PRETTY_NAME="Ubuntu 20.04.6 LTS"\nVERSION_ID="20.04"\n'
        + _UBUNTU_URLS
        + "VERSION_CODENAME=focal\nUBUNTU_CODENAME=focal\n"
    ),
}
#: The release ``ubuntu:latest`` is.
UBUNTU_LATEST = "24.04"
#: Ubuntu release -> the apt suite its sources name.
UBUNTU_SUITES = {"24.04": "noble", "22.04": "jammy", "20.04": "focal"}
DEBIAN = (
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\n'
    'VERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n'
    'SUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n'
)
ALPINE = (
    'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n'
    'HOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n'
)
BUSYBOX = 'NAME="BusyBox"\nVERSION_ID=1.37.0\n'


def ubuntu_release(version: str) -> str:
    """The Ubuntu release an image label names (``ubuntu:latest`` when it names none the catalogue has)."""
    return version if version in UBUNTU else UBUNTU_LATEST


def os_release(osname: str, version: str = "") -> str:
    """``/etc/os-release`` of a base (``alpine``, ``busybox``, ``ubuntu`` with its release, else Debian 12)."""
    if osname == "ubuntu":
        return UBUNTU[ubuntu_release(version)]
    return {"alpine": ALPINE, "busybox": BUSYBOX}.get(osname, DEBIAN)


def apt_suite(osname: str, version: str = "") -> tuple[str, str]:
    """(mirror, suite) ``apt-get update`` fetches from."""
    if osname == "ubuntu":
        return "http://archive.ubuntu.com/ubuntu", UBUNTU_SUITES[ubuntu_release(version)]
    return "http://deb.debian.org/debian", "bookworm"


_CURL_PROTOCOLS = (
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtmpe rtmps "
    "rtmpt rtmpte rtmpts rtsp scp sftp smb smbs smtp smtps telnet tftp\n"
)
#: ``curl --version`` of the curl package of Debian 12 and of each Ubuntu release (glibc builds, not Alpine's musl).
CURL_VERSIONS = {
    "debian": (
        "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.15 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 "
        "libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\n"
        "Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u8\n" + _CURL_PROTOCOLS + "Features: alt-svc "
        "AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL "
        "threadsafe TLS-SRP UnixSockets zstd\n"
    ),
    "24.04": (
        "curl 8.5.0 (x86_64-pc-linux-gnu) libcurl/8.5.0 OpenSSL/3.0.13 zlib/1.3 brotli/1.1.0 zstd/1.5.5 libidn2/2.3.7 "
        "libpsl/0.21.2 (+libidn2/2.3.7) libssh/0.10.6/openssl/zlib nghttp2/1.59.0 librtmp/2.3 OpenLDAP/2.6.7\n"
        "Release-Date: 2023-12-06\n" + _CURL_PROTOCOLS + "Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 "
        "HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n"
    ),
    "22.04": (
        "curl 7.81.0 (x86_64-pc-linux-gnu) libcurl/7.81.0 OpenSSL/3.0.2 zlib/1.2.11 brotli/1.0.9 zstd/1.4.8 "
        "libidn2/2.3.2 libpsl/0.21.0 (+libidn2/2.3.2) libssh/0.9.6/openssl/zlib nghttp2/1.43.0 librtmp/2.3 "
        "OpenLDAP/2.5.18\nRelease-Date: 2022-01-05\n" + _CURL_PROTOCOLS + "Features: alt-svc AsynchDNS brotli "
        "GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL TLS-SRP "
        "UnixSockets zstd\n"
    ),
}


def curl_version(osname: str, version: str = "") -> str | None:
    """``curl --version`` of a glibc base's curl package (None: Alpine's, the shell's default)."""
    if osname == "ubuntu":
        return CURL_VERSIONS.get(ubuntu_release(version), CURL_VERSIONS["22.04"])
    if osname == "debian":
        return CURL_VERSIONS["debian"]
    return None
