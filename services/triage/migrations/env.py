from services.triage.assessments import models  # noqa: F401 - registers the tables
from services.triage.database import TriageModel
from shared.migrations import run_env

run_env(TriageModel.metadata)
