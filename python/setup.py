# Build hook: copy ../build/berth.wasm (produced by `npm run build` at the repository root) into
# the package, so the wheel carries the engine. The copy is made at build time only and is not
# committed (python/.gitignore): one berth.wasm in the repository, built from assembly/.
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUILT = HERE.parent / "build" / "berth.wasm"
PACKAGED = HERE / "berth" / "berth.wasm"


class BuildWithWasm(build_py):
    def run(self):
        if BUILT.exists():
            shutil.copyfile(BUILT, PACKAGED)
        elif not PACKAGED.exists():
            raise SystemExit("berth.wasm not found: run `npm run build` at the repository root first")
        super().run()


setup(cmdclass={"build_py": BuildWithWasm})
