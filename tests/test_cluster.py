"""The same build on other runners: local processes and a Dask cluster (a LocalCluster of
two worker processes) write the same rows, ids and export as a build in this process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from partitions import content, documents, kept_cuts

from plandrift.corpus.errors import BadInput
from plandrift.workspace import build as workspace
from plandrift.workspace import runners


def test_a_build_on_a_dask_cluster_is_the_local_build(
    two_places_dir: Path, two_places_db: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        with runners.cluster(cluster.scheduler_address) as runner:
            summary = workspace.rebuild(tmp_path / "d.db", documents(two_places_dir), runner)
    assert summary.linked == ["吉林市", "长春市"]
    assert content(tmp_path / "d.db") == content(two_places_db)
    cuts = kept_cuts(tmp_path / "d.db")  # workers keep them too, the same as here
    assert {c[0] for c in cuts} == {"吉林市", "长春市"}
    assert cuts == kept_cuts(two_places_db)


def test_a_build_in_two_local_processes_is_the_local_build(
    two_places_dir: Path, two_places_db: Path, tmp_path: Path
) -> None:
    with runners.local(2) as runner:
        workspace.rebuild(tmp_path / "p.db", documents(two_places_dir), runner)
    assert content(tmp_path / "p.db") == content(two_places_db)
    assert kept_cuts(tmp_path / "p.db") == kept_cuts(two_places_db)


def test_no_scheduler_at_the_address_is_one_clear_line() -> None:
    pytest.importorskip("distributed")
    with pytest.raises(BadInput, match="cannot reach a Dask scheduler at tcp://127.0.0.1:9"):
        with runners.cluster("tcp://127.0.0.1:9", timeout="1s"):
            pass


def test_a_build_without_the_option_imports_nothing_of_dask(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from plandrift.cli.main import cli\n"
        f"cli(['build', '--db', {str(tmp_path / 'p.db')!r}], standalone_mode=False)\n"
        "assert not any(m.split('.')[0] in ('dask', 'distributed') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
