from services.intake.database import IntakeModel
from services.intake.reports import models  # noqa: F401 - registers the tables
from shared.migrations import run_env

run_env(IntakeModel.metadata)
