from services.triage.assessments import models  # noqa: F401 - registers the tables
from services.triage.database import TriageModel
from services.triage.review import models as review_models  # noqa: F401
from shared.migrations import run_env

run_env(TriageModel.metadata)
