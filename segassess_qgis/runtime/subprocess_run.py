"""The supervisor of a child process whose progress arrives as JSON lines (the campaign command).

The child runs in its own process group; its stdout and stderr are read on threads (a full pipe
would block it); JSON lines with an "event" go to a callback, other lines to the Processing log.
On cancel it gets SIGTERM (it records what is finished and stops its workers), then SIGKILL of the
whole group after STOP_GRACE_S; a child that exited while something it started still holds its
output open is given up after ORPHAN_GRACE_S.
"""
from __future__ import annotations

import collections
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

from pathlib import Path

from qgis.core import QgsProcessingException, QgsProcessingUtils

from .. import deps
from ..qgis_io import tr
from .interpreter import ENV_PYTHON, NO_WINDOW, child_environment, python_interpreter

STOP_GRACE_S = 10.0   # after SIGTERM: time for the command to record finished sheets and stop its workers
ORPHAN_GRACE_S = 5.0  # the command exited but its output stays open (a worker it left): stop waiting
POLL_S = 0.2          # how often the cancel button is looked at while the command prints nothing
ERROR_PREFIX = "segassess: error:"  # the command's one-line reason on stderr (cli/main.py)


def plugin_python() -> str:
    """The interpreter for the plugin's children (runtime.interpreter), or a Processing error."""
    try:
        return python_interpreter()
    except RuntimeError:
        raise QgsProcessingException(
            tr("No Python interpreter was found to run the campaign (QGIS's Python is {prefix}); install Python 3 "
               "or set the environment variable {var} to its path.").format(prefix=sys.exec_prefix, var=ENV_PYTHON)
        ) from None


def plugin_environment() -> dict:
    """The children's environment: this plugin importable by its package name, its dependency folder."""
    return child_environment(Path(QgsProcessingUtils.tempFolder()) / "segassess_package", deps.target_dir())


class CampaignRun:
    """Runs the command, reads its JSON lines and stderr on threads, and stops it on cancel."""

    def __init__(self, argv, env, feedback, on_event):
        self.argv = list(argv)
        self.env = env
        self.feedback = feedback
        self.on_event = on_event
        self.stderr_tail = collections.deque(maxlen=200)
        self.cancelled = False
        self.proc = None

    def _reader(self, stream, tag, lines: queue.Queue):
        try:
            for line in iter(stream.readline, ""):
                lines.put((tag, line.rstrip("\r\n")))
        finally:
            lines.put((tag, None))

    def run(self) -> int:
        kwargs = {}
        if os.name == "posix":
            kwargs["start_new_session"] = True  # its own process group: the Dask workers can be stopped with it
        else:
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | NO_WINDOW
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                                         bufsize=1, env=self.env, **kwargs)
        except OSError as exc:
            raise QgsProcessingException(tr("The campaign command could not be started with {python}: {err}").format(
                python=self.argv[0], err=exc)) from None
        lines: queue.Queue = queue.Queue()
        readers = [threading.Thread(target=self._reader, args=(s, t, lines), daemon=True, name=f"segassess-{t}")
                   for s, t in ((self.proc.stdout, "out"), (self.proc.stderr, "err"))]
        for r in readers:
            r.start()
        open_streams = 2
        exited_at = None
        try:
            while open_streams:
                if self.feedback.isCanceled() and not self.cancelled:
                    self.cancelled = True
                    self.feedback.pushInfo(tr("Cancelling: stopping the campaign (finished sheets stay recorded)."))
                    self.stop()
                try:
                    tag, line = lines.get(timeout=POLL_S)
                except queue.Empty:
                    # the command has exited but something it started still holds its output open
                    if self.proc.poll() is not None:
                        exited_at = exited_at or time.monotonic()
                        if time.monotonic() - exited_at > ORPHAN_GRACE_S:
                            self._kill_group()
                            break
                    continue
                if line is None:
                    open_streams -= 1
                else:
                    self._line(tag, line)
            while True:  # what was read before the streams were given up
                try:
                    tag, line = lines.get_nowait()
                except queue.Empty:
                    break
                if line is not None:
                    self._line(tag, line)
            return self.proc.wait()
        finally:
            if self.proc.poll() is None:  # our own code failed: never leave the campaign running
                self.stop()
            self._kill_group()
            for r in readers:
                r.join(timeout=2)
            for stream in (self.proc.stdout, self.proc.stderr):
                try:
                    stream.close()
                except OSError:
                    pass

    def _line(self, tag: str, line: str) -> None:
        if tag == "out":
            self._stdout_line(line)
        else:
            self.stderr_tail.append(line)
            if line.strip():
                self.feedback.pushConsoleInfo(line)

    def _stdout_line(self, line: str) -> None:
        text = line.strip()
        if text.startswith("{"):
            try:
                event = json.loads(text)
            except ValueError:
                event = None
            if isinstance(event, dict) and "event" in event:
                if not self.cancelled:
                    self.on_event(event)
                return
        if text:
            self.feedback.pushInfo(text)

    def stop(self) -> None:
        """SIGTERM (the command records what is finished and stops its workers), SIGKILL if it hangs."""
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        try:
            if os.name == "posix":
                proc.send_signal(signal.SIGTERM)
            else:
                proc.terminate()
            proc.wait(timeout=STOP_GRACE_S)
            self._kill_group()  # the command is gone: whatever is left of its group is orphaned
        except subprocess.TimeoutExpired:
            self.feedback.pushInfo(tr("The campaign did not stop within {s} s; killing it.").format(
                s=int(STOP_GRACE_S)))
            self._kill_group()
            proc.kill()
            proc.wait()
        except OSError:
            pass

    def _kill_group(self) -> None:
        """SIGKILL whatever is left of the command's process group (orphaned Dask workers)."""
        if os.name != "posix" or self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def error_line(self) -> str:
        """The command's one-line reason (`segassess: error: ...`), else the last stderr line."""
        for line in reversed(self.stderr_tail):
            if line.startswith(ERROR_PREFIX):
                return line[len(ERROR_PREFIX):].strip()
        for line in reversed(self.stderr_tail):
            if line.strip():
                return line.strip()
        return ""
