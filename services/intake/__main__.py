"""python -m services.intake: serve intake on INTAKE_PORT (default 8000)."""

from services.intake.app import create_app
from services.intake.settings import IntakeSettings
from shared.server import serve

if __name__ == "__main__":
    settings = IntakeSettings()
    serve(create_app(settings), settings)
