"""Long sessions stay bounded: 10,000 commands keep state and output small."""

from __future__ import annotations

import json

from cmd_support import Docker
from dockersim.engine.state import MAX_LOG_LINES


def test_ten_thousand_commands_keep_state_bounded() -> None:
    """Repeated run/exec/logs/stop/rm cycles never grow state beyond the caps (logs, containers, files)."""
    docker = Docker(seed=5)
    session = docker.session
    assert session.run_line("docker run -d --name keeper nginx").exit_code == 0
    cycle = [
        "docker run -d --name tmp -v scratch:/data alpine sleep 1000",
        "docker exec tmp sh -c 'echo x >> /data/log'",
        "docker exec keeper nginx -s reload",
        "docker logs --tail 1 keeper",
        "docker ps -q",
        "docker stop -t 0 tmp",
        "docker rm tmp",
        "docker run alpine echo hi",
        "docker container prune -f",
        "docker volume ls -q",
    ]
    count = 1
    while count < 10_000:
        for line in cycle:
            result = session.run_line(line)
            assert result.exit_code == 0, (line, result.stderr)
            count += 1
    engine = session.engine
    keeper = engine.find_container("keeper")
    assert len(keeper.logs) <= MAX_LOG_LINES
    assert len(engine.containers) == 1
    assert len(engine.volumes["scratch"].files["log"]) <= 65536
    size = len(json.dumps(engine.to_dict()))
    assert size < 1_000_000, size
