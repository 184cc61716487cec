"""PEP 517 build backend of `art32-pre-commit`, the package pre-commit installs for the
`art32` hook (see ../pyproject.toml): a wheel with no code whose only requirement is
`art32==<version in Cargo.toml>`. Standard library only, so that pip needs no build
requirement from an index, and for Python 3.8 and later (no tomllib before 3.11).
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

NAME = "art32-pre-commit"
DIST = "art32_pre_commit"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Fixed timestamps, so that the same sources give the same archive.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def cargo_version(text):
    """The `version` of the `[package]` table of a Cargo.toml."""
    table = None
    for line in text.splitlines():
        line = line.strip()
        header = re.match(r"^\[([^\[\]]+)\]\s*(#.*)?$", line)
        if header:
            table = header.group(1).strip()
        elif line.startswith("["):
            table = None
        elif table == "package":
            found = re.match(r'^version\s*=\s*"([0-9A-Za-z.+-]+)"\s*(#.*)?$', line)
            if found:
                return found.group(1)
    raise ValueError("Cargo.toml: no `version = \"...\"` in [package]")


def version():
    with open(os.path.join(ROOT, "Cargo.toml"), encoding="utf-8") as f:
        return cargo_version(f.read())


def metadata(v):
    return (
        "Metadata-Version: 2.1\n"
        "Name: {name}\n"
        "Version: {v}\n"
        "Summary: The art32 pre-commit hook's package: installs the art32 wheel {v}\n"
        "Home-page: https://github.com/art32/art32\n"
        "License: MIT OR Apache-2.0\n"
        "Requires-Python: >=3.8\n"
        "Requires-Dist: art32=={v}\n"
    ).format(name=NAME, v=v)


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "{},sha256={},{}\n".format(path, digest.decode("ascii"), len(data))


def _dist_info_files(v):
    return [
        ("METADATA", metadata(v)),
        (
            "WHEEL",
            "Wheel-Version: 1.0\nGenerator: art32 hook_package\n"
            "Root-Is-Purelib: true\nTag: py3-none-any\n",
        ),
    ]


def _file_version(v):
    # A wheel or sdist file name holds no `-`; PEP 440 reads `_` as a separator too.
    return v.replace("-", "_")


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    v = version()
    dist_info = "{}-{}.dist-info".format(DIST, _file_version(v))
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    for name, text in _dist_info_files(v):
        with open(os.path.join(metadata_directory, dist_info, name), "w", encoding="utf-8") as f:
            f.write(text)
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    v = version()
    dist_info = "{}-{}.dist-info".format(DIST, _file_version(v))
    filename = "{}-{}-py3-none-any.whl".format(DIST, _file_version(v))
    record = ""
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as whl:
        for name, text in _dist_info_files(v):
            path = "{}/{}".format(dist_info, name)
            data = text.encode("utf-8")
            whl.writestr(zipfile.ZipInfo(path, ZIP_TIME), data, zipfile.ZIP_DEFLATED)
            record += _record_line(path, data)
        path = "{}/RECORD".format(dist_info)
        record += "{},,\n".format(path)
        whl.writestr(zipfile.ZipInfo(path, ZIP_TIME), record.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return filename


def build_sdist(sdist_directory, config_settings=None):
    """The files this backend reads, and PKG-INFO."""
    v = version()
    base = "{}-{}".format(DIST, _file_version(v))
    filename = base + ".tar.gz"
    members = [("PKG-INFO", metadata(v).encode("utf-8"))]
    for path in ("pyproject.toml", "Cargo.toml", "python/hook_package.py"):
        with open(os.path.join(ROOT, path), "rb") as f:
            members.append((path, f.read()))
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for path, data in members:
            info = tarfile.TarInfo("{}/{}".format(base, path))
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return filename
