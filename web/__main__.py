"""`python -m web`: serve the gateway on the host and port from harbor.settings."""

from __future__ import annotations

import logging

import uvicorn

from harbor.settings import Settings
from web.app import create_app


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # httpx logs every request's URL at INFO, and Rasa's API takes its token in the query.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = Settings.from_env()
    uvicorn.run(
        create_app(settings),
        host=settings.gateway_host,
        port=settings.gateway_port,
        # Forwarded headers are honoured only from HARBOR_TRUSTED_PROXIES, by the app
        # itself (web/app.py); uvicorn's own default would trust any loopback client.
        proxy_headers=False,
        server_header=False,
        # No websockets here, and Rasa pins a `websockets` too old for uvicorn's loader.
        ws="none",
    )


if __name__ == "__main__":
    main()
