"""Imported at start-up of every user process (the agent directory is first on PYTHONPATH).

Puts the packages installed for the job (CODE_INTERPRETER_PACKAGE_PATH) at the end of sys.path, and makes
``PIL.Image.Image.show()`` save ``<workspace>/image.png`` (then image_2.png, ...) instead of launching a viewer.
PIL is NOT imported here: a meta-path finder patches ``PIL.Image`` right after the user's code imports it, so
scripts that never use PIL pay only for loading this small module.
"""
import os
import sys

try:
    _WORKSPACE = os.getcwd()  # the agent starts user code with cwd = workspace
except OSError:
    _WORKSPACE = "."


def _patch(module):
    count = [0]

    def show(self, title=None, **kwargs):
        count[0] += 1
        name = "image.png" if count[0] == 1 else f"image_{count[0]}.png"
        path = os.path.join(_WORKSPACE, name)
        try:
            self.save(path, "PNG")
        except (OSError, ValueError):
            self.convert("RGBA").save(path, "PNG")

    module.Image.show = show


class _PilShowHook:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "PIL.Image":
            return None
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(name, path, target)
        loader = getattr(spec, "loader", None)
        if loader is not None and hasattr(loader, "exec_module"):
            exec_module = loader.exec_module

            def exec_and_patch(module):
                exec_module(module)
                _patch(module)

            loader.exec_module = exec_and_patch
        return spec


sys.meta_path.insert(0, _PilShowHook)

# Packages the service installed for this job: after the installation's own directories, so that the preinstalled
# data stack wins over a copy a package brought along as a dependency.
sys.path.extend(p for p in os.environ.get("CODE_INTERPRETER_PACKAGE_PATH", "").split(":") if p and p not in sys.path)
