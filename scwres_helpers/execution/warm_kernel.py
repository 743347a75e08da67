"""One kept-alive kernel with the heavy modules imported, reset between notebooks.

The kernel is launched with ``IPKernelApp.exec_lines`` running
``kernel_state.warm_up``, so it imports pandas, matplotlib and the helpers
while it starts, and only reports ready when they are loaded; meanwhile the worker
process can import papermill. This module needs jupyter_client only, not papermill.
"""

from __future__ import annotations

import ast
import os
import signal
from typing import Any

from jupyter_core.utils import run_sync

KERNEL_NAME = "python3"
# Imported once per kernel. Notebooks still import what they use (cheap once cached).
# "scwres_helpers.*" stands for every module of the package a notebook may use (see
# kernel_state). Not seaborn: no notebook of ours draws with it, and it added about
# 0.1 s to a kernel's boot (a notebook that imports it still can).
DEFAULT_PRELOAD = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "scwres_helpers.*",
)
# What the national chapters need besides: SciPy's statistics (their funnels and stratified
# estimates), half a second of a boot. The authority reports never import it, so kernels
# that will run none of the chapters (``scwres build --authority``, ``scwres watch``) leave it.
NATIONAL_PRELOAD = ("scipy.stats",)
_SETUP_TIMEOUT = 120.0
# How kernel-side code reaches kernel_state without binding a name in the user namespace.
_KERNEL_STATE = "__import__('scwres_helpers.execution.kernel_state', fromlist=['_'])"


class KernelSetupError(RuntimeError):
    """The warm kernel could not be started, warmed or reset."""


class WarmKernel:
    """One kept-alive kernel with the heavy modules imported, reset between notebooks."""

    def __init__(
        self,
        kernel_name: str = KERNEL_NAME,
        preload: tuple[str, ...] = DEFAULT_PRELOAD,
        startup_timeout: float = 60.0,
    ) -> None:
        self.kernel_name = kernel_name
        self.preload = tuple(preload)
        self.startup_timeout = startup_timeout
        self.km: Any = None
        self.kc: Any = None
        self.needs_restart = False
        self.preload_failures: list[str] = []
        self.notebooks_run = 0
        self.ready = False

    @property
    def started(self) -> bool:
        return self.km is not None

    def launch(self) -> None:
        """Start the kernel process, which imports the preload list as it boots; returns at once."""
        from jupyter_client.manager import AsyncKernelManager

        warm_up = f"{_KERNEL_STATE}.warm_up({list(self.preload)!r})"
        self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        run_sync(self.km.start_kernel)(
            extra_arguments=[
                # An in-memory history, as nbclient uses: no sqlite file shared between kernels.
                "--HistoryManager.hist_file=:memory:",
                f"--IPKernelApp.exec_lines={[warm_up]!r}",
            ]
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        self.ready = False

    def wait_ready(self) -> None:
        """Block until the kernel has booted and warmed up."""
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        self.kc.allow_stdin = False
        self.preload_failures = self._call_in_kernel(f"{_KERNEL_STATE}.preload_failures()", want_result=True)
        if self.preload_failures is None:
            raise KernelSetupError("the kernel did not warm up (kernel_state.warm_up did not run)")
        self.ready = True
        self.needs_restart = False
        self.notebooks_run = 0

    def start(self) -> None:
        self.launch()
        self.wait_ready()

    def prepare(self, cwd: str) -> None:
        """Make the kernel ready for the next notebook, run from CWD."""
        if self.needs_restart and self.started:
            self.close()
        if not self.started or not run_sync(self.km.is_alive)():
            self.close()
            self.launch()
        if not self.ready:
            self.wait_ready()
        self._call_in_kernel(f"{_KERNEL_STATE}.reset({os.fspath(cwd)!r})")
        self.notebooks_run += 1

    def _call_in_kernel(self, code: str, want_result: bool = False) -> Any:
        """Run CODE silently (no execution count, no history); raise if it fails."""
        expressions = {"result": "_scwres_result"} if want_result else None
        if want_result:
            code = f"_scwres_result = {code}"
        reply = run_sync(self.kc.execute_interactive)(
            code,
            silent=True,
            store_history=False,
            user_expressions=expressions,
            output_hook=lambda msg: None,
            timeout=_SETUP_TIMEOUT,
        )
        content = reply["content"]
        if content["status"] != "ok":
            raise KernelSetupError(
                f"warm kernel setup failed: {content.get('ename')}: {content.get('evalue')}"
            )
        if not want_result:
            return None
        value = content["user_expressions"]["result"]
        if value.get("status") != "ok":
            raise KernelSetupError(f"warm kernel setup failed: {value.get('evalue')}")
        return ast.literal_eval(value["data"]["text/plain"])

    def _kernel_pid(self) -> int | None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        return getattr(process, "pid", None)

    def close(self) -> None:
        """Stop the kernel; falls back to killing its process group (it has its own)."""
        if self.km is None:
            return
        pid = self._kernel_pid()
        try:
            if self.kc is not None:
                self.kc.stop_channels()
            run_sync(self.km.shutdown_kernel)(now=True)
        except BaseException:  # noqa: BLE001 (also on the way out of a SIGTERM)
            if pid is not None:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            try:
                self.km.cleanup_connection_file()
            except Exception:  # noqa: BLE001
                pass
        finally:
            self.km = None
            self.kc = None
            self.ready = False


