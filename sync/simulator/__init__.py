"""A reference provincial platform on loopback (省级平台模拟器).

``python main.py platform-sim`` runs it for training and demos; tests start it in-process
on a free port::

    from sync.simulator import PlatformSimulator, SimConfig

    with PlatformSimulator(SimConfig(data_dir=tmp_path / "sim")) as sim:
        ...  # sim.base_url, sim.store.events(), sim.expire_tokens(), sim.set_fault_rate(0.3)
"""

from sync.simulator.faults import DEFAULT_KINDS, KINDS, FaultConfig
from sync.simulator.server import DEFAULT_CLIENT_SECRET, PlatformSimulator, Progression, SimConfig

__all__ = ["PlatformSimulator", "SimConfig", "Progression", "FaultConfig", "KINDS",
           "DEFAULT_KINDS", "DEFAULT_CLIENT_SECRET"]
