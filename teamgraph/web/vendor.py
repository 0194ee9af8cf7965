"""Refresh the app's third-party files (teamgraph/web/vendor/) from the npm registry.

The app has no build step: the browser loads a few pinned libraries as files served by
teamgraph itself, so nothing leaves the machine. This script is how they got there and how
they are refreshed: each package of `vendor.lock.json` is fetched with `npm pack` (the npm
client and its configured registry), its tarball is checked against the lock's sha512
integrity, and only the files the lock names are kept, under `vendor/<name>@<version>/`, the
same paths the CDN used (so GraphiQL's integrity attributes still hold). The lock also keeps
each file's sha384, which the tests check offline against the committed copies.

    python -m teamgraph.web.vendor            # fetch, verify and write every file
    python -m teamgraph.web.vendor --check    # verify the committed files against the lock
    python -m teamgraph.web.vendor --pin      # after editing a version: record the registry's
                                              # integrity and the files' hashes (trust on first use)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCK = HERE / "vendor.lock.json"
VENDOR = HERE / "vendor"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # "sha512-<base64>" of the registry tarball, as npm reports it
    files: dict[str, str]  # path inside the package -> "sha384-<base64>" of the file

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def folder(self) -> Path:
        return VENDOR / self.spec


def sri(algorithm: str, data: bytes) -> str:
    """A Subresource Integrity string ("sha384-..."), the form npm and browsers use."""
    return f"{algorithm}-{base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"


def read_lock(path: Path = LOCK) -> list[Package]:
    entries = json.loads(path.read_text(encoding="utf-8"))["packages"]
    return [Package(e["name"], e["version"], e.get("integrity", ""), e["files"]) for e in entries]


def write_lock(packages: list[Package], path: Path = LOCK) -> None:
    body = {
        "packages": [
            {"name": p.name, "version": p.version, "integrity": p.integrity, "files": p.files}
            for p in packages
        ]
    }
    path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


def fetch_tarball(spec: str) -> bytes:
    """The package's tarball as the registry serves it, through the npm client."""
    with tempfile.TemporaryDirectory() as folder:
        out = subprocess.run(
            ["npm", "pack", spec, "--json", "--pack-destination", folder],
            check=True,
            capture_output=True,
            text=True,
        )
        filename = json.loads(out.stdout)[0]["filename"]
        # npm names a scoped package's tarball without the '@' and with '-' for '/'.
        return (Path(folder) / filename).read_bytes()


def unpack(package: Package, tarball: bytes) -> dict[str, bytes]:
    """The files the lock names, from a tarball whose sha512 matches the lock."""
    got = sri("sha512", tarball)
    if got != package.integrity:
        raise SystemExit(f"{package.spec}: tarball integrity {got} != locked {package.integrity}")
    wanted = {f"package/{name}": name for name in package.files}
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                extracted = tar.extractfile(member)
                assert extracted is not None
                found[wanted[member.name]] = extracted.read()
    missing = sorted(set(package.files) - set(found))
    if missing:
        raise SystemExit(f"{package.spec}: not in the tarball: {', '.join(missing)}")
    return found


def check(packages: list[Package]) -> list[str]:
    """What differs between the committed files and the lock (empty when all match)."""
    problems = []
    for package in packages:
        for name, digest in package.files.items():
            path = package.folder / name
            if not path.is_file():
                problems.append(f"{package.spec}/{name}: missing")
            elif sri("sha384", path.read_bytes()) != digest:
                problems.append(f"{package.spec}/{name}: differs from the lock")
    return problems


def refresh(packages: list[Package], *, pin: bool) -> list[Package]:
    """Fetch, verify and write every locked file; with `pin`, record integrity and hashes."""
    result = []
    for package in packages:
        if pin:
            view = subprocess.run(
                ["npm", "view", package.spec, "dist.integrity"],
                check=True,
                capture_output=True,
                text=True,
            )
            package = Package(package.name, package.version, view.stdout.strip(), package.files)
        files = unpack(package, fetch_tarball(package.spec))
        for name, data in files.items():
            if not pin and sri("sha384", data) != package.files[name]:
                raise SystemExit(f"{package.spec}/{name}: sha384 differs from the lock")
            target = package.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        hashes = {name: sri("sha384", files[name]) for name in package.files}
        result.append(Package(package.name, package.version, package.integrity, hashes))
        print(f"{package.spec}: {len(files)} file(s) verified", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m teamgraph.web.vendor", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="verify the committed files, offline")
    mode.add_argument("--pin", action="store_true", help="record integrity and hashes anew")
    args = parser.parse_args(argv)
    packages = read_lock()
    if args.check:
        problems = check(packages)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    pinned = refresh(packages, pin=args.pin)
    if args.pin:
        write_lock(pinned)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
