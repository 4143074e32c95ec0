"""Tests of the in-sandbox agent, run as a subprocess without bubblewrap.

    cd executor-image/agent && /usr/bin/python3 -m unittest discover -v
    /usr/bin/python3 test_agent.py --bench [N]     # per-job overhead versus a bare python3 run
"""
import hashlib
import json
import re
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
AGENT = os.path.join(HERE, "agent.py")
PYTHON = "/usr/bin/python3"
READY = b'{"ready": true, "v": 1}\n'


def importable(module):
    return subprocess.run([PYTHON, "-c", f"import {module}"], capture_output=True).returncode == 0


def readable_copy_of_agent(test):
    """The agent's files in a directory every user can read: the checkout may sit in a private directory (a clean
    clone under a 0700 mktemp -d), which an agent running as another user could not open."""
    directory = tempfile.mkdtemp(prefix="agent-code-")
    test.addCleanup(shutil.rmtree, directory, True)
    os.chmod(directory, 0o755)
    for name in os.listdir(HERE):
        if name.endswith(".py"):
            shutil.copy(os.path.join(HERE, name), directory)
            os.chmod(os.path.join(directory, name), 0o644)
    return os.path.join(directory, "agent.py")


class Agent:
    """One agent process with a fresh workspace and tmp dir; speaks the protocol."""

    def __init__(self, test, extra_env=None, preexec_fn=None, owner=None):
        self.workspace = tempfile.mkdtemp(prefix="agent-ws-")
        self.tmp = tempfile.mkdtemp(prefix="agent-tmp-")
        if owner is not None:  # the agent runs as that user
            os.chown(self.workspace, owner, owner)
            os.chown(self.tmp, owner, owner)
        test.addCleanup(shutil.rmtree, self.workspace, True)
        test.addCleanup(shutil.rmtree, self.tmp, True)
        env = {"AGENT_WORKSPACE": self.workspace, "AGENT_TMP": self.tmp, **(extra_env or {})}
        agent = AGENT if owner is None else readable_copy_of_agent(test)
        self.proc = subprocess.Popen([PYTHON, "-I", "-S", agent], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     preexec_fn=preexec_fn)
        test.addCleanup(self.close)
        self.ready = self.proc.stdout.readline()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                pipe.close()
            except BrokenPipeError:
                pass
        self.proc.wait()

    def send(self, header, payload=b""):
        raw = header if isinstance(header, bytes) else json.dumps(header).encode() + b"\n"
        self.proc.stdin.write(raw + payload)
        self.proc.stdin.flush()

    def receive(self):
        """(reply header, {path: bytes}, trailing bytes, agent exit status)."""
        self.chunks, self.chunk_times = [], []
        header = json.loads(self.proc.stdout.readline())
        while "chunk" in header:  # live output, when asked for
            self.chunks.append(header)
            self.chunk_times.append(time.monotonic())
            header = json.loads(self.proc.stdout.readline())
        files = {f["path"]: self.proc.stdout.read(f["size"]) for f in header.get("files", [])}
        rest = self.proc.stdout.read()
        return header, files, rest, self.proc.wait(timeout=30)


def request(code, files=(), **fields):
    header = {"v": 1, "source_code": code, "env": {}, "timeout_ms": 10000,
              "max_output_bytes": 1 << 20,
              "files": [{"path": path, "size": len(data)} for path, data in files]}
    header.update(fields)
    return header, b"".join(data for _, data in files)


class AgentTest(unittest.TestCase):

    def execute(self, code, files=(), extra_env=None, preexec_fn=None, owner=None, **fields):
        agent = Agent(self, extra_env, preexec_fn, owner)
        self.assertEqual(agent.ready, READY)
        agent.send(*request(code, files, **fields))
        header, out_files, rest, status = agent.receive()
        self.assertNotIn("error", header)
        self.assertEqual(rest, b"", "nothing may follow the announced file bytes")
        self.assertEqual(status, 0)
        return header, out_files

    def test_preloaded_modules_are_imported_before_the_job_and_the_program_runs_in_process(self):
        code = ("import os, sys\n"
                "print('decimal' in sys.modules, os.getpid() == int(open('/proc/self/stat').read().split()[0]))\n"
                "print(__name__, sys.argv[0].endswith('main.py'), sys.path[1:3] == os.environ['PYTHONPATH'].split(':')[:2])\n"
                "1 / 0\n")
        plain, _ = self.execute(code)
        preloaded, _ = self.execute(code, extra_env={"AGENT_PRELOAD": "decimal, no_such_module"})
        self.assertEqual(plain["stdout"], "False True\n__main__ True True\n")
        self.assertEqual(preloaded["stdout"], "True True\n__main__ True True\n")
        self.assertEqual(preloaded["exit_code"], 1)
        same_path = re.compile(r'File "[^"]*/main.py"')
        self.assertEqual(same_path.sub("main.py", preloaded["stderr"]), same_path.sub("main.py", plain["stderr"]))

    def expect_error(self, raw, payload=b""):
        agent = Agent(self)
        agent.send(raw, payload)
        header, _, _, status = agent.receive()
        self.assertEqual(set(header), {"v", "error"})
        self.assertNotEqual(status, 0)
        return header["error"]

    def assertGone(self, pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return
        self.assertEqual(state, "Z", f"process {pid} survived the job")

    # ------------------------------------------------------------ basics

    def test_ready_line_and_simple_print(self):
        result, files = self.execute("print(21 * 2)")
        self.assertEqual(result["stdout"], "42\n")
        self.assertEqual(result["stderr"], "")
        self.assertEqual(result["exit_code"], 0)
        self.assertFalse(result["timed_out"])
        self.assertIsInstance(result["duration_ms"], int)
        self.assertEqual(result["files"], [])

    def test_exception_gives_traceback_and_exit_1(self):
        result, _ = self.execute("raise ValueError('x')")
        self.assertEqual(result["exit_code"], 1)
        self.assertIn("Traceback", result["stderr"])
        self.assertIn("ValueError: x", result["stderr"])

    def test_sys_exit_code(self):
        result, _ = self.execute("import sys\nprint('bye')\nsys.exit(3)")
        self.assertEqual((result["exit_code"], result["stdout"]), (3, "bye\n"))

    def test_environment_is_clean_and_request_env_applied(self):
        code = ("import json, os, sys\n"
                "print(json.dumps(dict(os.environ)))\n"
                "try:\n"
                "    open(f'/proc/{os.getppid()}/environ', 'rb').read()\n"
                "    print('agent environ readable')\n"
                "except OSError:\n"
                "    print('agent environ protected')\n")
        result, _ = self.execute(code, extra_env={"AGENT_SECRET": "s3cr3t"},
                                 env={"FOO": "bar", "PYTHONPATH": "/opt/extra", "LANG": "C"})
        env_line, protection = result["stdout"].splitlines()
        env = json.loads(env_line)
        self.assertNotIn("s3cr3t", result["stdout"])
        self.assertNotIn("AGENT_SECRET", env)
        self.assertEqual(env["FOO"], "bar")
        self.assertEqual(env["LANG"], "C")
        self.assertEqual(env["PATH"], "/usr/local/bin:/usr/bin:/bin")
        self.assertEqual(env["MPLBACKEND"], "module://ci_mpl_backend")
        self.assertEqual(env["PYTHONPATH"], HERE + ":" + env["HOME"] + ":/opt/extra")
        self.assertTrue(os.path.isdir(env["HOME"]))
        if os.geteuid() != 0:  # root may read any process's environ anyway
            self.assertEqual(protection, "agent environ protected")

    def test_user_code_runs_in_workspace_with_devnull_stdin(self):
        result, _ = self.execute("import os, sys\nprint(os.getcwd())\n"
                                 "print(repr(sys.stdin.read()))\n"
                                 "print(os.getsid(0) == os.getpid())")
        cwd, stdin, leader = result["stdout"].splitlines()
        self.assertTrue(os.path.basename(cwd).startswith("agent-ws-"))
        self.assertEqual((stdin, leader), ("''", "True"))

    def test_modules_in_the_workspace_are_importable(self):
        result, _ = self.execute("import helper\nprint(helper.answer())",
                                 [("/workspace/helper.py", b"def answer():\n    return 42\n")])
        self.assertEqual(result["stdout"], "42\n")

    # ------------------------------------------------------------ installed packages

    def package_dir(self, files):
        directory = tempfile.mkdtemp(prefix="agent-packages-")
        self.addCleanup(shutil.rmtree, directory, True)
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(directory, name)), exist_ok=True)
            with open(os.path.join(directory, name), "w") as f:
                f.write(text)
        return directory

    def test_package_paths_come_after_the_installation_so_preinstalled_modules_win(self):
        # given: a package directory with a module of its own and a stand-in for a preinstalled module
        packages = self.package_dir({"agent_demo_pkg.py": "ANSWER = 42\n", "json/__init__.py": "SHADOW = True\n"})
        code = ("import json, sys, agent_demo_pkg, subprocess\n"
                "print(agent_demo_pkg.ANSWER, hasattr(json, 'SHADOW'))\n"
                f"print(sys.path.index({packages!r}) > max(i for i, p in enumerate(sys.path) if 'python3' in p))\n"
                "print(subprocess.run([sys.executable, '-c', 'import agent_demo_pkg; print(agent_demo_pkg.ANSWER)'],"
                " capture_output=True, text=True).stdout, end='')\n")
        for preload in ("", "decimal"):
            with self.subTest(preload=preload):
                # when
                result, _ = self.execute(code, extra_env={"AGENT_PRELOAD": preload}, package_paths=[packages],
                                         env={"CODE_INTERPRETER_PACKAGE_PATH": "/ignored"})

                # then: importable in the program and in the Pythons it starts, behind the installation's json
                self.assertEqual((result["stdout"], result["stderr"]), ("42 False\nTrue\n42\n", ""))

    def test_without_package_paths_the_variable_is_unset(self):
        result, _ = self.execute("import os\nprint(os.environ.get('CODE_INTERPRETER_PACKAGE_PATH'))",
                                 env={"CODE_INTERPRETER_PACKAGE_PATH": "/somewhere"})
        self.assertEqual(result["stdout"], "None\n")

    def test_notices_come_first_on_stderr_and_in_the_live_output(self):
        notices = ["[packages] could not install nope (for import nope): no matching distribution"]
        plain, _ = self.execute("import sys\nprint('x', file=sys.stderr)", notices=notices)
        self.assertEqual(plain["stderr"], notices[0] + "\nx\n")
        streamed, agent = self.streamed("import sys\nprint('x', file=sys.stderr)", notices=notices)
        self.assertEqual(self.joined(agent, "stderr"), notices[0] + "\nx\n")
        self.assertEqual(streamed["stderr"], notices[0] + "\nx\n")

    def test_bad_package_paths_and_notices_are_refused(self):
        for paths in (["relative"], ["/a:/b"], "/a", [1]):
            with self.subTest(paths=paths):
                self.assertIn("package_paths", self.expect_error(*request("print(1)", package_paths=paths)))
        self.assertIn("notices", self.expect_error(*request("print(1)", notices=[1])))

    # ------------------------------------------------------------ output handling

    def test_timeout_keeps_partial_output(self):
        start = time.monotonic()
        result, _ = self.execute("import time\nprint('before')\ntime.sleep(10)", timeout_ms=500)
        self.assertLess(time.monotonic() - start, 3)
        self.assertEqual(result["exit_code"], -1)
        self.assertTrue(result["timed_out"])
        self.assertEqual(result["stdout"], "before\n")
        self.assertEqual(result["stderr"], "Execution timed out\n")
        self.assertGreaterEqual(result["duration_ms"], 500)

    def test_timeout_after_partial_stderr_line(self):
        code = "import sys, time\nsys.stderr.write('e' * 5000)\ntime.sleep(10)"
        result, _ = self.execute(code, timeout_ms=400, max_output_bytes=1000)
        self.assertEqual(result["stderr"], "e" * 1000 + "\n[output truncated: 4000 bytes omitted]\n"
                         "Execution timed out\n")

    def test_truncation_of_a_100mb_flood(self):
        start = time.monotonic()
        code = "import sys\nsys.stdout.write('x' * 100_000_000)\nfor i in range(50): print(i)"
        result, _ = self.execute(code, max_output_bytes=1000)
        omitted = 100_000_000 - 1000 + sum(len(f"{i}\n") for i in range(50))
        marker = f"\n[output truncated: {omitted} bytes omitted]\n"
        self.assertEqual(result["stdout"], "x" * 1000 + marker)
        self.assertEqual(result["exit_code"], 0)
        self.assertLess(time.monotonic() - start, 10)

    def test_unicode_and_invalid_utf8(self):
        code = ("import sys\nprint('héllo ✓ 日本')\nsys.stdout.flush()\n"
                "sys.stdout.buffer.write(b'a\\xffb\\n')")
        result, _ = self.execute(code)
        self.assertEqual(result["stdout"], "héllo ✓ 日本\na\ufffdb\n")

    # ------------------------------------------------------------ live output

    def streamed(self, code, **fields):
        agent = Agent(self)
        agent.send(*request(code, stream_output=True, **fields))
        header, _, rest, status = agent.receive()
        self.assertNotIn("error", header)
        self.assertEqual((rest, status), (b"", 0))
        for chunk in agent.chunks:
            self.assertEqual(set(chunk), {"v", "chunk", "text"})
            self.assertIn(chunk["chunk"], ("stdout", "stderr"))
            self.assertTrue(chunk["text"])
        return header, agent

    def joined(self, agent, stream):
        return "".join(c["text"] for c in agent.chunks if c["chunk"] == stream)

    def test_no_chunks_unless_asked(self):
        agent = Agent(self)
        agent.send(*request("print('x')"))
        agent.receive()
        self.assertEqual(agent.chunks, [])

    def test_chunks_arrive_while_the_program_runs(self):
        code = "import sys, time\nprint('first')\ntime.sleep(1)\nprint('second', file=sys.stderr)"
        sent = time.monotonic()
        result, agent = self.streamed(code)
        self.assertEqual(self.joined(agent, "stdout"), "first\n")
        self.assertEqual(self.joined(agent, "stderr"), "second\n")
        first = next(t for c, t in zip(agent.chunks, agent.chunk_times) if c["chunk"] == "stdout")
        self.assertLess(first - sent, 0.9, "the first line came before the program slept")
        self.assertEqual(result["stdout"], "first\n")

    def test_chunks_add_up_to_the_result_with_split_characters(self):
        code = ("import sys, time\nfor i in range(200):\n"
                "    sys.stdout.buffer.write('✓日'.encode()[:(i % 5) + 1]); sys.stdout.flush()\n"
                "    sys.stderr.write(f'{i} é\\n')\n"
                "    if i % 40 == 0: time.sleep(0.06)\n"
                "sys.stdout.buffer.write(b'\\xff end')")
        result, agent = self.streamed(code)
        self.assertGreater(len(agent.chunks), 2, "output came in several chunks")
        self.assertEqual(self.joined(agent, "stdout"), result["stdout"])
        self.assertEqual(self.joined(agent, "stderr"), result["stderr"])

    def test_chunks_stop_at_the_output_limit_and_notes_stay_in_the_result(self):
        code = "import time\nprint('x' * 5000)\ntime.sleep(5)"
        result, agent = self.streamed(code, max_output_bytes=1000, timeout_ms=600)
        self.assertEqual(self.joined(agent, "stdout"), "x" * 1000)
        self.assertTrue(result["timed_out"])
        self.assertTrue(result["stdout"].startswith("x" * 1000 + "\n[output truncated"))
        self.assertEqual(self.joined(agent, "stderr"), "")

    def test_chunks_keep_the_order_in_which_the_streams_were_written(self):
        # Two pipes carry no order between them: writes a moment apart keep theirs, simultaneous ones may not.
        code = ("import sys, time\nfor i in range(10):\n"
                "    print(f'out {i}', flush=True); time.sleep(0.03)\n"
                "    print(f'err {i}', file=sys.stderr, flush=True); time.sleep(0.03)")
        result, agent = self.streamed(code)
        lines = [line for c in agent.chunks for line in c["text"].splitlines()]
        self.assertEqual(lines, [f"{s} {i}" for i in range(10) for s in ("out", "err")])
        self.assertEqual(self.joined(agent, "stdout"), result["stdout"])

    def test_a_line_written_in_two_writes_comes_as_one_chunk(self):
        result, agent = self.streamed("import time\nprint('first', flush=True)\ntime.sleep(0.3)\nprint('second')")
        self.assertEqual([c["text"] for c in agent.chunks], ["first\n", "second\n"])

    def test_stream_output_must_be_a_boolean(self):
        header, payload = request("print(1)", stream_output="yes")
        self.assertIn("stream_output", self.expect_error(json.dumps(header).encode() + b"\n", payload))

    def test_killed_by_signal(self):
        result, _ = self.execute("import os, signal\nprint('x')\n"
                                 "os.kill(os.getpid(), signal.SIGKILL)")
        self.assertEqual(result["exit_code"], -9)
        self.assertFalse(result["timed_out"])
        self.assertEqual(result["stdout"], "x\n")
        self.assertTrue(result["stderr"].endswith("Process killed by signal 9 (SIGKILL)\n"))

    # ------------------------------------------------------------ files

    def test_input_and_output_files(self):
        binary = bytes(range(256)) * 64
        inputs = [("/workspace/data/in.bin", binary), ("/workspace/keep.txt", b"same\n"),
                  ("/workspace/change.txt", b"old\n"), ("/workspace/empty", b"")]
        code = ("import hashlib\n"
                "print(hashlib.sha256(open('data/in.bin', 'rb').read()).hexdigest())\n"
                "print(open('keep.txt').read(), end='')\n"
                "open('change.txt', 'w').write('new\\n')\n"
                "import os\nos.makedirs('out/deep')\n"
                "open('out/deep/new.bin', 'wb').write(bytes(range(256))[::-1] * 3)\n")
        result, files = self.execute(code, inputs)
        self.assertEqual(result["stdout"], hashlib.sha256(binary).hexdigest() + "\nsame\n")
        expected = {"/workspace/change.txt": b"new\n",
                    "/workspace/out/deep/new.bin": bytes(range(256))[::-1] * 3}
        self.assertEqual([f["path"] for f in result["files"]], sorted(expected))
        self.assertEqual(files, expected)
        for f in result["files"]:
            self.assertEqual(f["size"], len(expected[f["path"]]))
            self.assertEqual(f["sha256"], hashlib.sha256(expected[f["path"]]).hexdigest())

    def test_no_files_reported_when_collection_is_off(self):
        result, files = self.execute("open('new.txt', 'w').write('x')", collect_files=False)
        self.assertEqual(result["files"], [])
        self.assertEqual(files, {})

    def test_symlinks_and_special_files_are_ignored(self):
        code = ("import os\nos.symlink('/etc/passwd', 'passwd')\nos.symlink('/etc', 'etc')\n"
                "os.mkfifo('fifo')\nos.makedirs('d')\nos.symlink('/etc/hostname', 'd/host')\n"
                "open('real.txt', 'w').write('ok')")
        result, files = self.execute(code)
        self.assertEqual(files, {"/workspace/real.txt": b"ok"})

    def test_bad_paths_are_refused(self):
        for path in ["/workspace/../etc/x", "/etc/passwd", "/workspace/a//b", "/workspace/",
                     "/workspace/./a", "/workspace/a/..", "/workspace/a\0b", "workspace/a"]:
            with self.subTest(path=path):
                error = self.expect_error(*request("print(1)", [(path, b"abc")]))
                self.assertIn("path", error)

    def test_duplicate_input_path_is_refused(self):
        files = [("/workspace/a", b"1"), ("/workspace/a", b"2")]
        error = self.expect_error(*request("print(1)", files))
        self.assertIn("/workspace/a", error)

    def test_bad_header_is_refused(self):
        self.assertIn("invalid request header", self.expect_error(b"not json\n"))
        self.assertIn("timeout_ms", self.expect_error(*request("print(1)", timeout_ms=0)))
        self.assertIn("limits", self.expect_error(*request("print(1)", limits={"bogus": 1})))

    def test_truncated_input_is_refused(self):
        header, _ = request("print(1)", [("/workspace/a", b"12345")])
        agent = Agent(self)
        agent.send(header, b"12")
        agent.proc.stdin.close()
        header, _, _, status = agent.receive()
        self.assertIn("unexpected end of input", header["error"])
        self.assertEqual(status, 2)

    # ------------------------------------------------------------ processes and limits

    def test_background_processes_do_not_survive(self):
        code = ("import os, subprocess, sys\n"
                "p = subprocess.Popen(['sleep', '30'], start_new_session=True)\n"
                "print(p.pid)\n"
                "subprocess.Popen([sys.executable, '-c', 'while True: print(1)'],\n"
                "                 stdout=subprocess.DEVNULL)\n"
                "if os.fork() == 0:\n"
                "    if os.fork() == 0:\n"
                "        os.setsid()\n"
                "        print(os.getpid(), flush=True)\n"
                "        os.execvp('sleep', ['sleep', '30'])\n"
                "    os._exit(0)\n"
                "os.wait()\n")
        start = time.monotonic()
        result, _ = self.execute(code)
        self.assertLess(time.monotonic() - start, 5)
        pids = [int(line) for line in result["stdout"].split()]
        self.assertEqual(len(pids), 2)
        for pid in pids:
            self.assertGone(pid)

    def test_background_writer_holding_the_pipes_does_not_hang(self):
        code = ("import subprocess, sys\n"
                "subprocess.Popen([sys.executable, '-c', 'while True: print(1, flush=True)'])\n"
                "print('main done')")
        start = time.monotonic()
        result, _ = self.execute(code, max_output_bytes=100)
        self.assertLess(time.monotonic() - start, 5)
        self.assertTrue(result["stdout"].startswith("main done\n") or "1\n" in result["stdout"])
        self.assertEqual(result["exit_code"], 0)

    def test_file_size_limit(self):
        code = ("try:\n"
                "    with open('big.bin', 'wb') as f:\n"
                "        f.write(b'x' * 2000)\n"
                "except OSError as e:\n"
                "    print('failed', e.errno)")
        limits = {"file_size_bytes": 1000, "cpu_seconds": None, "memory_bytes": None,
                  "max_processes": None, "open_files": None}
        result, files = self.execute(code, limits=limits)
        self.assertEqual(result["stdout"], "failed 27\n")  # EFBIG
        self.assertEqual(len(files["/workspace/big.bin"]), 1000)

    def test_open_files_and_cpu_limits(self):
        code = ("import os\n"
                "try:\n"
                "    fds = [os.open('/dev/null', os.O_RDONLY) for _ in range(64)]\n"
                "except OSError as e:\n"
                "    print('failed', e.errno, flush=True)\n"
                "while True:\n"
                "    pass\n")
        result, _ = self.execute(code, limits={"open_files": 32, "cpu_seconds": 1}, timeout_ms=8000)
        self.assertEqual(result["stdout"], "failed 24\n")  # EMFILE
        self.assertFalse(result["timed_out"])
        self.assertIn(result["exit_code"], (-9, -24))  # SIGKILL at the hard limit (or SIGXCPU)

    def test_limits_are_clamped_to_the_hard_limit(self):
        def lower_hard_limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))
        code = "import resource\nprint(resource.getrlimit(resource.RLIMIT_NOFILE))"
        result, _ = self.execute(code, preexec_fn=lower_hard_limit, limits={"open_files": 100000})
        self.assertEqual(result["stdout"], "(200, 200)\n")

    def test_cpu_limit_ends_a_busy_loop_with_sigxcpu_and_a_note(self):
        result, _ = self.execute("while True:\n    pass", limits={"cpu_seconds": 1}, timeout_ms=20000)
        self.assertEqual(result["exit_code"], -24)
        self.assertFalse(result["timed_out"])
        self.assertEqual(result["stderr"],
                         "Process killed by signal 24 (SIGXCPU): CPU time limit exceeded (1 s)\n")

    def test_cpu_limit_kills_a_program_ignoring_sigxcpu_a_second_later(self):
        code = "import signal\nsignal.signal(signal.SIGXCPU, signal.SIG_IGN)\nwhile True:\n    pass"
        result, _ = self.execute(code, limits={"cpu_seconds": 1}, timeout_ms=20000)
        self.assertEqual(result["exit_code"], -9)
        self.assertEqual(result["stderr"],
                         "Process killed by signal 9 (SIGKILL): CPU time limit exceeded (1 s)\n")

    def test_cpu_limit_gets_a_hard_limit_one_second_above(self):
        code = "import resource\nprint(resource.getrlimit(resource.RLIMIT_CPU))"
        result, _ = self.execute(code, limits={"cpu_seconds": 5})
        self.assertEqual(result["stdout"], "(5, 6)\n")

    def test_sigkill_without_cpu_limit_has_no_cpu_note(self):
        result, _ = self.execute("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
                                 limits={"cpu_seconds": 30})
        self.assertEqual(result["stderr"], "Process killed by signal 9 (SIGKILL)\n")

    def test_file_size_limit_signal_gets_a_note(self):
        code = ("import signal\nsignal.signal(signal.SIGXFSZ, signal.SIG_DFL)\n"
                "open('big.bin', 'wb').write(b'x' * 2000)")
        result, _ = self.execute(code, limits={"file_size_bytes": 1000})
        self.assertEqual(result["exit_code"], -25)
        self.assertEqual(result["stderr"],
                         "Process killed by signal 25 (SIGXFSZ): file size limit exceeded (1000 bytes)\n")

    def test_memory_limit_is_the_data_segment(self):
        code = "import resource\nprint(resource.getrlimit(resource.RLIMIT_DATA), resource.getrlimit(resource.RLIMIT_AS))"
        result, _ = self.execute(code, limits={"memory_bytes": 1 << 30})
        inf = resource.RLIM_INFINITY
        self.assertEqual(result["stdout"], f"({1 << 30}, {1 << 30}) ({inf}, {inf})\n")

    def test_memory_bombs_end_with_memory_error(self):
        for code in ["x = bytearray(4 << 30)", "x = []\nwhile True:\n    x.append(bytearray(1 << 20))"]:
            with self.subTest(code=code):
                result, _ = self.execute(code, limits={"memory_bytes": 256 << 20})
                self.assertEqual(result["exit_code"], 1)
                self.assertTrue(result["stderr"].endswith("MemoryError\n"), result["stderr"])

    @unittest.skipUnless(importable("numpy"), "numpy not installed")
    def test_numpy_with_many_threads_fits_in_the_memory_limit(self):
        code = ("import numpy, concurrent.futures as cf\n"
                "with cf.ThreadPoolExecutor(32) as ex:\n"
                "    print(sum(ex.map(lambda i: int(numpy.ones(1000).sum()), range(64))))")
        result, _ = self.execute(code, limits={"memory_bytes": 1 << 30})
        self.assertEqual((result["stdout"], result["exit_code"]), ("64000\n", 0), result["stderr"])

    @unittest.skipUnless(os.geteuid() == 0, "needs root to run the agent as another user")
    def test_process_limit_stops_a_fork_loop(self):
        uid = 64123

        def as_other_user():
            os.setgroups([])
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
        code = ("import os, signal\nn = 0\ntry:\n    while True:\n"
                "        if os.fork() == 0:\n            signal.pause()\n        n += 1\n"
                "except OSError as e:\n    print(n < 20, e.strerror)")
        result, _ = self.execute(code, preexec_fn=as_other_user, owner=uid, limits={"max_processes": 20})
        self.assertEqual(result["stdout"], "True Resource temporarily unavailable\n", result["stderr"])

    # ------------------------------------------------------------ plots and images

    @unittest.skipUnless(importable("matplotlib"), "matplotlib not installed")
    def test_pyplot_show_saves_plot_png(self):
        code = ("import matplotlib.pyplot as plt\n"
                "plt.plot([1, 2, 3], [1, 4, 9])\n"
                "plt.savefig('explicit.png')\n"
                "plt.show()\n"
                "print(plt.get_fignums())")
        result, files = self.execute(code)
        self.assertEqual(result["stderr"], "")
        self.assertEqual(result["stdout"], "[]\n")
        self.assertEqual(sorted(files), ["/workspace/explicit.png", "/workspace/plot.png"])
        self.assertTrue(files["/workspace/plot.png"].startswith(b"\x89PNG\r\n\x1a\n"))

    @unittest.skipUnless(importable("PIL"), "Pillow not installed")
    def test_pil_image_show_saves_image_png(self):
        code = "from PIL import Image\nImage.new('RGB', (8, 8), 'red').show()"
        result, files = self.execute(code)
        self.assertEqual(result["stderr"], "")
        self.assertEqual(list(files), ["/workspace/image.png"])
        self.assertTrue(files["/workspace/image.png"].startswith(b"\x89PNG\r\n\x1a\n"))


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpAgent:
    """An agent in TCP mode (as in an executor pod) on a free loopback port."""

    def __init__(self, test, token="s3cret-token"):
        self.workspace = tempfile.mkdtemp(prefix="agent-ws-")
        self.tmp = tempfile.mkdtemp(prefix="agent-tmp-")
        test.addCleanup(shutil.rmtree, self.workspace, True)
        test.addCleanup(shutil.rmtree, self.tmp, True)
        self.port = free_port()
        self.test = test
        env = {"AGENT_WORKSPACE": self.workspace, "AGENT_TMP": self.tmp}
        if token is not None:
            env["AGENT_TOKEN"] = token
        self.proc = subprocess.Popen([PYTHON, "-I", "-S", AGENT, "--listen", f"127.0.0.1:{self.port}"], env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        test.addCleanup(self.close)

    def connect(self):
        """A connection once the port is open (the agent prepares before it listens)."""
        import socket
        deadline = time.monotonic() + 20
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", self.port), timeout=30)
                self.test.addCleanup(conn.close)
                return conn
            except ConnectionRefusedError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise
                time.sleep(0.01)

    def session(self, token):
        conn = self.connect()
        conn.sendall(json.dumps({"token": token}).encode() + b"\n")
        reader = conn.makefile("rb")
        self.test.addCleanup(reader.close)
        return conn, reader

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.proc.wait()


class TcpModeTest(unittest.TestCase):

    def run_job(self, agent, conn, reader, code, files=()):
        header, payload = request(code, files)
        conn.sendall(json.dumps(header).encode() + b"\n" + payload)
        reply = json.loads(reader.readline())
        out = {f["path"]: reader.read(f["size"]) for f in reply.get("files", [])}
        self.assertEqual(reader.read(), b"", "the agent closes the connection after the job")
        return reply, out

    def test_job_with_files_over_tcp_then_the_agent_exits(self):
        agent = TcpAgent(self)
        conn, reader = agent.session("s3cret-token")
        self.assertEqual(reader.readline(), READY)
        reply, out = self.run_job(agent, conn, reader, "data = open('in.txt').read()\n"
                                  "open('out.txt', 'w').write(data.upper())\nprint(6 * 7)",
                                  [("/workspace/in.txt", b"abc")])
        self.assertEqual((reply["stdout"], reply["exit_code"]), ("42\n", 0))
        self.assertEqual(out, {"/workspace/out.txt": b"ABC"})
        self.assertEqual([f["sha256"] for f in reply["files"]], [hashlib.sha256(b"ABC").hexdigest()])
        self.assertEqual(agent.proc.wait(timeout=30), 0)

    def test_probe_and_wrong_token_are_turned_away_and_the_agent_keeps_listening(self):
        agent = TcpAgent(self)
        agent.connect().close()  # a readiness probe
        wrong = agent.connect()
        wrong.sendall(b'{"token": "guess"}\n')
        self.assertEqual(wrong.recv(100), b"", "a wrong token gets the connection closed, nothing else")
        garbage = agent.connect()
        garbage.sendall(b"GET / HTTP/1.1\r\n\r\n")
        self.assertEqual(garbage.recv(100), b"")
        conn, reader = agent.session("s3cret-token")
        self.assertEqual(reader.readline(), READY)
        reply, _ = self.run_job(agent, conn, reader, "print('served')")
        self.assertEqual(reply["stdout"], "served\n")

    def test_program_sees_neither_the_token_nor_a_socket(self):
        agent = TcpAgent(self)
        conn, reader = agent.session("s3cret-token")
        reader.readline()
        reply, _ = self.run_job(agent, conn, reader, "import os, stat\n"
                                "print(sorted(os.environ))\n"
                                "print([stat.S_ISSOCK(os.fstat(int(fd)).st_mode) for fd in os.listdir('/proc/self/fd')"
                                " if fd.isdigit() and os.path.exists(f'/proc/self/fd/{fd}')])")
        names, sockets = reply["stdout"].splitlines()
        self.assertNotIn("AGENT_TOKEN", names)
        self.assertNotIn("True", sockets)

    def test_only_one_job_is_served(self):
        agent = TcpAgent(self)
        conn, reader = agent.session("s3cret-token")
        reader.readline()
        self.run_job(agent, conn, reader, "pass")
        agent.proc.wait(timeout=30)
        import socket
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", agent.port), timeout=5)

    def test_listen_without_a_token_exits_2(self):
        agent = TcpAgent(self, token=None)
        self.assertEqual(agent.proc.wait(timeout=30), 2)
        self.assertIn(b"AGENT_TOKEN", agent.proc.stderr.read())


def bench(rounds):
    """Median/min wall time of a print(1) job through the agent versus a bare python3 run."""
    workdir = tempfile.mkdtemp()
    main_py = os.path.join(workdir, "main.py")
    with open(main_py, "w") as f:
        f.write("print(1)\n")
    agent_times, bare_times = [], []
    for _ in range(rounds):
        owner = unittest.TestCase()
        agent = Agent(owner)
        time.sleep(0.1)  # the host pre-starts agents: startup is not part of a job
        start = time.perf_counter()
        agent.send(*request("print(1)"))
        agent.proc.stdout.readline()
        agent_times.append(time.perf_counter() - start)
        owner.doCleanups()
        time.sleep(0.1)
        start = time.perf_counter()
        subprocess.run([PYTHON, main_py], cwd=workdir, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        bare_times.append(time.perf_counter() - start)
    shutil.rmtree(workdir)
    for name, times in (("agent job", agent_times), ("bare python3 main.py", bare_times)):
        print(f"{name:22s} median {statistics.median(times) * 1000:7.2f} ms"
              f"   min {min(times) * 1000:7.2f} ms")
    median = statistics.median(agent_times) - statistics.median(bare_times)
    print(f"overhead: median {median * 1000:+.2f} ms, "
          f"min {(min(agent_times) - min(bare_times)) * 1000:+.2f} ms")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--bench"]:
        bench(int(sys.argv[2]) if len(sys.argv) > 2 else 30)
    else:
        unittest.main()
