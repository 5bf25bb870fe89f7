"""Run a service under uvicorn with nothing that could record a reporter.

No access log (ours replaces it), no proxy headers (a forwarded-for header is never
read), no server header, no websockets (uvicorn logs a websocket peer's address).
"""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI

from shared.logging import configure_logging
from shared.settings import SharedSettings


def serve(app: FastAPI, settings: SharedSettings) -> None:
    configure_logging(settings.service_name, settings.log_level)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        forwarded_allow_ips="",
        server_header=False,
        ws="none",
        lifespan="on",
        timeout_graceful_shutdown=5,
        # Longer than clients keep an idle connection (httpx 5 s, browsers and load
        # balancers up to 60 s), so the client drops it first. With uvicorn's 5 s a client
        # reusing a connection idle for just under 5 s met the server closing it and got
        # a read error instead of an answer (seen about once in 5,000 reports).
        timeout_keep_alive=65,
    )
    uvicorn.Server(config).run()
