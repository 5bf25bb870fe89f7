"""python -m services.dispatch: serve dispatch on DISPATCH_PORT (default 8002)."""

from services.dispatch.app import create_app
from services.dispatch.settings import DispatchSettings
from shared.server import serve

if __name__ == "__main__":
    settings = DispatchSettings()
    serve(create_app(settings), settings)
