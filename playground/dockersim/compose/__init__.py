"""Docker Compose v2 (``docker compose …`` and ``docker-compose …``) for the simulator.

Modules, one job each:

- ``yaml``: a bounded, standard-library reader for the YAML subset compose files use, typed and worded
  as go-yaml v3 (compose-go's parser);
- ``interpolate``: ``${VAR}``, ``${VAR:-d}``, ``${VAR:?e}``, ``$$`` and ``.env`` files;
- ``loader`` / ``model``: file lookup, project name, validation with compose-go's messages,
  normalization to the canonical model, the :class:`~dockersim.compose.model.Project`;
- ``emit``: the go-yaml-shaped emitter behind ``docker compose config``;
- ``specs``: ``COMPOSE_SPECS`` (flags, defaults, help) that ``dockersim.cli`` registers;
- ``commands``: the ``run_<sub>(ctx, opts, args)`` handlers;
- ``engine_adapter``: every engine and build call compose makes, in one place.
"""
