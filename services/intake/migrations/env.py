from services.intake.attachments import models as _attachments  # noqa: F401 - registers
from services.intake.database import IntakeModel
from services.intake.followup import models as _followup  # noqa: F401 - the tables
from services.intake.idempotency import models as _idempotency  # noqa: F401
from services.intake.reports import models  # noqa: F401 - registers the tables
from shared.migrations import run_env

run_env(IntakeModel.metadata)
