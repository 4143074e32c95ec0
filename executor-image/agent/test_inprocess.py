"""inprocess.py: a program run in a forked interpreter behaves as under a fresh ``python3 <path>``; and forking a
process that has preloaded numpy and pandas (as the zygote does) is safe, a thousand times over.

Run with ``python3 -m unittest`` from this directory (the executor-image build does).
"""
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest


AGENT_DIR = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"
# Run as `python3 -I -S -c FORK_DRIVER '[path, env]'`: forks, runs the program in the child with inprocess.py, and ends as
# the child did (the same exit code, or the same signal).
FORK_DRIVER = textwrap.dedent(f"""
    import json, os, signal, site, sys
    site.main()  # the installation's site-packages, as the zygote (which runs with site) has them
    sys.path.insert(0, {AGENT_DIR!r})
    import inprocess
    path, env = json.loads(sys.argv[1])
    installation = [p for p in sys.path if p and os.path.abspath(p) != {AGENT_DIR!r}]
    pid = os.fork()
    if pid == 0:
        inprocess.start(path, env, installation)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code)
    """)


def has_module(name):
    try:
        __import__(name)
        return True
    except ImportError:
        return False


class Runs:
    """Runs one program both ways, with the same file, environment and working directory."""

    def __init__(self, source):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "main.py")
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(textwrap.dedent(source))
        self.env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1",
                    "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": self.dir.name, "HOME": self.dir.name}

    def fresh(self):
        done = subprocess.run([PYTHON, self.path], env=self.env, cwd=self.dir.name, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    def forked(self):
        """A clean interpreter (as the zygote is: it ran nothing else) forks; the child runs the program in-process."""
        done = subprocess.run([PYTHON, "-I", "-S", "-c", FORK_DRIVER, json.dumps([self.path, self.env])],
                              cwd=self.dir.name, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    def close(self):
        self.dir.cleanup()


class InProcessTest(unittest.TestCase):

    def assert_same_as_fresh(self, source):
        runs = Runs(source)
        try:
            fresh, forked = runs.fresh(), runs.forked()
            self.assertEqual(fresh, forked)
            return forked
        finally:
            runs.close()

    def test_output_and_exit_status_match_a_fresh_interpreter(self):
        self.assert_same_as_fresh("print('hello', 'wörld'); import sys; print('err', file=sys.stderr)")

    def test_traceback_names_only_the_programs_frames(self):
        code, _, stderr = self.assert_same_as_fresh("""
            def f():
                return 1 / 0
            f()
            """)
        self.assertEqual(code, 1)
        self.assertIn("main.py\", line 3, in f", stderr)
        self.assertNotIn("inprocess", stderr)

    def test_syntax_error_is_reported_as_by_the_interpreter(self):
        code, _, stderr = self.assert_same_as_fresh("print(\n")
        self.assertEqual(code, 1)
        self.assertIn("SyntaxError", stderr)
        self.assertNotIn("Traceback", stderr)

    def test_system_exit_codes_follow_python(self):
        for source, expected in (("import sys; sys.exit(3)", 3), ("import sys; sys.exit('bye')", 1),
                                 ("import sys; sys.exit()", 0), ("raise SystemExit(256 + 7)", 7),
                                 ("import os; os._exit(5)", 5)):
            with self.subTest(source=source):
                self.assertEqual(self.assert_same_as_fresh(source)[0], expected)

    def test_main_module_argv_path_and_cwd_look_like_a_script(self):
        _, stdout, _ = self.assert_same_as_fresh("""
            import os, sys
            print(__name__, os.path.basename(__file__), os.path.basename(sys.argv[0]), len(sys.argv))
            print(sys.path[0] == os.path.dirname(__file__), sys.path[1] == os.environ['PYTHONPATH'])
            print(os.getcwd() == os.path.dirname(__file__), sorted(os.environ) == sorted(%r))
            print(repr(sys.stdin.read()), sys.stdout.encoding, sys.stderr.errors)
            """ % sorted(Runs("").env))
        self.assertTrue(stdout.startswith("__main__ main.py main.py 1\nTrue True\nTrue True\n''"), stdout)

    def test_threads_and_atexit_run_before_the_exit(self):
        _, stdout, _ = self.assert_same_as_fresh("""
            import atexit, threading, time
            atexit.register(lambda: print('atexit'))
            threading.Thread(target=lambda: (time.sleep(0.2), print('thread'))).start()
            print('main')
            """)
        self.assertEqual(stdout, "main\nthread\natexit\n")

    def test_uncaught_keyboard_interrupt_ends_with_sigint(self):
        code, _, stderr = self.assert_same_as_fresh("raise KeyboardInterrupt")
        self.assertEqual(code, -2)
        self.assertIn("KeyboardInterrupt", stderr)

    def test_pickle_and_multiprocessing_find_the_main_module(self):
        _, stdout, stderr = self.assert_same_as_fresh("""
            import multiprocessing, pickle
            def square(x):
                return x * x
            class Point:
                pass
            if __name__ == '__main__':
                print(type(pickle.loads(pickle.dumps(Point()))).__name__)
                with multiprocessing.get_context('fork').Pool(2) as pool:
                    print(pool.map(square, range(4)))
            """)
        self.assertEqual(stdout, "Point\n[0, 1, 4, 9]\n", stderr)

    @unittest.skipUnless(has_module("numpy"), "numpy is not installed")
    def test_numpy_random_state_is_not_shared_with_the_parent(self):
        runs = Runs("import numpy; print(numpy.random.randint(1 << 30))")
        try:
            drawn = {runs.forked()[1] for _ in range(3)}
        finally:
            runs.close()
        self.assertEqual(len(drawn), 3)


@unittest.skipUnless(has_module("numpy") and has_module("pandas"), "numpy and pandas are not installed")
class ForkAfterPreloadTest(unittest.TestCase):
    CHILDREN = int(os.environ.get("FORK_TEST_CHILDREN", "1000"))
    PROGRAM = textwrap.dedent("""
        import json, os, sys
        sys.path.insert(0, %r)
        import zygote
        loaded, failed = zygote.preload(['numpy', 'pandas'])
        assert loaded == ['numpy', 'pandas'], failed
        import numpy as np, pandas as pd
        np.dot(np.ones((50, 50)), np.ones((50, 50)))  # the BLAS has run in the parent before any fork
        threads = len(os.listdir('/proc/self/task'))
        failures = 0
        for i in range(%d):
            pid = os.fork()
            if pid == 0:
                try:
                    m = np.arange(100.0).reshape(10, 10)
                    total = float((m @ m).sum()) + float(pd.DataFrame({'a': range(i + 1)}).a.sum())
                    os._exit(0 if total == 2_532_750.0 + i * (i + 1) / 2 else 1)
                except BaseException:
                    os._exit(2)
            failures += os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0
        print(json.dumps({'threads': threads, 'failures': failures}))
        """)

    def test_a_thousand_children_each_use_numpy_and_pandas(self):
        done = subprocess.run([PYTHON, "-c", self.PROGRAM % (AGENT_DIR, self.CHILDREN)], capture_output=True,
                              timeout=600, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        self.assertEqual(done.returncode, 0, done.stderr.decode())
        self.assertEqual(json.loads(done.stdout), {"threads": 1, "failures": 0})


if __name__ == "__main__":
    unittest.main()
