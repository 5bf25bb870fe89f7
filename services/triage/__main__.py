"""python -m services.triage: serve triage on TRIAGE_PORT (default 8001)."""

from services.triage.app import create_app
from services.triage.settings import TriageSettings
from shared.server import serve

if __name__ == "__main__":
    settings = TriageSettings()
    serve(create_app(settings), settings)
