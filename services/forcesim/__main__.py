"""python -m services.forcesim: the simulated forces on FORCESIM_PORT (default 8003)."""

from services.forcesim.app import create_app
from services.forcesim.settings import ForceSimSettings
from shared.server import serve

if __name__ == "__main__":
    settings = ForceSimSettings()
    serve(create_app(settings), settings)
