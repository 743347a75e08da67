"""Papermill engines for the build: a warm kernel per process, and the plain one.

Measured on the 2-core build machine, a fresh kernel plus ``import pandas, seaborn``
costs about 1.7 s before a notebook's first line runs, far more than the work of a
small notebook (0.08 s for one chart on a warm kernel). ``WarmKernel`` (in
``warm_kernel``) starts the kernel once, pre-imports the heavy modules
(``kernel_state.warm_up``) and resets the interpreter between notebooks
(``kernel_state.reset``); ``WarmKernelEngine`` is registered with papermill as
``scwres-warm`` so that parameter injection, cell bookkeeping and error reporting
stay papermill's own. After a notebook fails the kernel is replaced, because a
failed cell can leave state that a reset does not reach.

``FreshKernelEngine`` (``scwres-fresh``) is papermill's own nbclient engine, kept
for comparison and as a fallback. Both remember the notebook they last ran, so
that a failure that escapes papermill (a dead kernel, a timeout) still leaves the
partly executed notebook for diagnosis.
"""

from __future__ import annotations

import os
from typing import Any

import nbclient.client
import papermill.execute
from nbformat import NotebookNode
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, NBClientEngine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

from scwres_helpers.execution.warm_kernel import WarmKernel

WARM_ENGINE = "scwres-warm"
FRESH_ENGINE = "scwres-fresh"


class FreshKernelEngine(NBClientEngine):
    """Papermill's nbclient engine (a new kernel per notebook), remembering the notebook."""

    last_notebook: Any = None

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
        FreshKernelEngine.last_notebook = nb_man.nb
        return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)


class WarmKernelEngine(Engine):
    """Papermill engine: execute on this process's ``WarmKernel`` instead of a new one."""

    kernel: WarmKernel | None = None
    last_notebook: Any = None

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: float = 60,
        execution_timeout: float | None = None,
        **kwargs: Any,
    ) -> Any:
        WarmKernelEngine.last_notebook = nb_man.nb
        if WarmKernelEngine.kernel is None:
            WarmKernelEngine.kernel = WarmKernel(kernel_name=kernel_name, startup_timeout=start_timeout)
        kernel = WarmKernelEngine.kernel
        # papermill has already moved this process to the notebook's cwd.
        kernel.prepare(os.getcwd())
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            kwargs,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=kernel.km, **final_kwargs)
        client.kc = kernel.kc  # reuse the open channels: no new client per notebook
        try:
            return client.execute()
        except BaseException:
            kernel.needs_restart = True
            raise
        finally:
            if nb_man.nb.metadata.get("papermill", {}).get("exception"):
                kernel.needs_restart = True


# The fields of each output message type, as nbformat's ``output_from_msg`` copies them.
_OUTPUT_FIELDS = {
    "execute_result": ("metadata", "data", "execution_count"),
    "stream": ("name", "text"),
    "display_data": ("metadata", "data"),
    "error": ("ename", "evalue", "traceback"),
}


def output_without_schema_check(msg: dict[str, Any]) -> NotebookNode:
    """nbformat's ``output_from_msg`` (the same node) without checking the output against
    the notebook schema: the worker checks each notebook whole once it has run."""
    msg_type = msg["header"]["msg_type"]
    if msg_type not in _OUTPUT_FIELDS:
        raise ValueError(f"Unrecognized output msg type: {msg_type!r}")
    output = NotebookNode(output_type=msg_type)
    output.update({name: msg["content"][name] for name in _OUTPUT_FIELDS[msg_type]})
    return output


_papermill_write_ipynb = papermill.execute.write_ipynb  # papermill's own, before ``check_notebooks_once``


def _write_ipynb_to_a_path(nb: Any, path: Any) -> None:
    """papermill's ``write_ipynb``, except that with no path it serialises nothing (it would
    write the bytes nowhere): the worker serialises the notebook itself."""
    if path is not None:
        _papermill_write_ipynb(nb, path)


def check_notebooks_once() -> None:
    """In a worker: papermill and nbclient check and serialise every notebook more than
    once (each output against the schema as it arrives, then the whole notebook, which
    papermill also serialises for no file): 16 ms a notebook, 2.5 CPU-s of a full build of
    153 authorities. The worker checks each notebook once (``run_job``)."""
    nbclient.client.output_from_msg = output_without_schema_check
    papermill.execute.write_ipynb = _write_ipynb_to_a_path


papermill_engines.register(WARM_ENGINE, WarmKernelEngine)
papermill_engines.register(FRESH_ENGINE, FreshKernelEngine)
