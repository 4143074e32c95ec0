"""Runs a Python program in this interpreter, as ``python3 <path>`` would run it in a fresh one.

Used by a process forked from the zygote (see zygote.py): the data stack is already imported, so the program's
imports of it are free.  Everything a fresh interpreter would set up for the program is set up here: ``__main__``,
``sys.argv``, ``sys.path``, the environment, unbuffered standard streams (``PYTHONUNBUFFERED``), the signal
dispositions, and fresh random seeds; a traceback shows the program's frames only (it still names the program's
path), and the exit code follows Python's rules (``SystemExit``, 1 on an uncaught exception, 120 when flushing
the streams fails).  The process ends in ``os._exit``: it never returns to its caller.
"""
import atexit
import io
import os
import signal
import sys
import threading
import types


def _stream(fd, mode, errors):
    raw = io.FileIO(fd, mode, closefd=False)
    if mode == "r":
        return io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8", errors=errors)
    return io.TextIOWrapper(raw, encoding="utf-8", errors=errors, write_through=True)


def _reset_interpreter(path, env, installation_path):
    os.environ.clear()
    os.environ.update(env)
    # sys.path as a fresh interpreter builds it: the script's directory, then PYTHONPATH, then the installation's,
    # then the packages installed for this job (which sitecustomize.py appends in a fresh interpreter).
    sys.path[:] = [os.path.dirname(path)] + [p for p in env.get("PYTHONPATH", "").split(":") if p] + list(
        installation_path) + [p for p in env.get("CODE_INTERPRETER_PACKAGE_PATH", "").split(":") if p]
    sys.argv[:] = [path]
    sys.stdin = sys.__stdin__ = _stream(0, "r", "strict")
    sys.stdout = sys.__stdout__ = _stream(1, "w", "strict")
    sys.stderr = sys.__stderr__ = _stream(2, "w", "backslashreplace")
    signal.set_wakeup_fd(-1)
    for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as a fresh interpreter sets them
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:  # the stdlib's random reseeds itself after a fork; numpy's global state does not
        numpy_random.seed()


def _main_module(path):
    import importlib.machinery
    module = types.ModuleType("__main__")
    module.__file__ = path
    module.__cached__ = None
    module.__loader__ = importlib.machinery.SourceFileLoader("__main__", path)
    module.__builtins__ = __builtins__ if isinstance(__builtins__, types.ModuleType) else sys.modules["builtins"]
    module.__annotations__ = {}
    sys.modules["__main__"] = module
    return module


def _exit_code(exit):
    code = exit.code
    if code is None:
        return 0
    if isinstance(code, int) and not isinstance(code, bool):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


_ON_EXIT = []


def _finish(code):
    """What the interpreter does at exit: wait for the program's threads, run its atexit functions, flush; then the
    caller's on_exit, and the end of the process."""
    try:
        threading._shutdown()
    except BaseException:  # noqa: BLE001  (a KeyboardInterrupt while waiting, as in CPython, ends the wait)
        pass
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            code = 120
    for hook in _ON_EXIT:
        hook(code)
    os._exit(code)


def run(path):
    """Runs the program at ``path`` as ``__main__`` and exits the process with its status."""
    module = _main_module(path)
    try:
        with open(path, "rb") as f:
            source = f.read()
        code = compile(source, path, "exec", dont_inherit=True)
        exec(code, module.__dict__)
        status = 0
    except SystemExit as e:
        status = _exit_code(e)
    except KeyboardInterrupt as e:
        e.__traceback__ = e.__traceback__.tb_next
        sys.excepthook(type(e), e, e.__traceback__)
        _flush_quietly()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)  # as CPython: the exit status says SIGINT
        status = 130
    except BaseException as e:  # noqa: BLE001  the program's own error: reported as the interpreter would
        e.__traceback__ = e.__traceback__.tb_next if e.__traceback__ is not None else None  # this frame
        sys.excepthook(type(e), e, e.__traceback__)
        status = 1
    _finish(status)


def _flush_quietly():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass


def start(path, env, installation_path, on_exit=None):
    """Sets this interpreter up as a fresh one for the program at ``path`` with ``env`` (``installation_path``: the
    entries of ``sys.path`` that come from the Python installation, after PYTHONPATH's), then runs it. ``on_exit(code)``
    runs last, once the program's output is flushed (not when the program calls ``os._exit``)."""
    if on_exit is not None:
        _ON_EXIT.append(on_exit)
    _reset_interpreter(path, env, installation_path)
    run(path)
