# Build hook: copy ../build/berth.wasm (produced by `npm run build` at the repository root) into
# the package being built, so the wheel carries the engine. The copy goes to the build directory
# only, never into the source tree (where it could go stale) and is never committed: one
# berth.wasm in the repository, built from assembly/.
import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUILT = HERE.parent / "build" / "berth.wasm"
PACKAGED = HERE / "berth" / "berth.wasm"


class BuildWithWasm(build_py):
    def run(self):
        source = BUILT if BUILT.exists() else PACKAGED
        if not source.exists():
            raise SystemExit("berth.wasm not found: run `npm run build` at the repository root first")
        super().run()
        target = os.path.join(self.build_lib, "berth", "berth.wasm")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)


setup(cmdclass={"build_py": BuildWithWasm})
