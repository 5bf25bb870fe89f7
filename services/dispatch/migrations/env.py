from services.dispatch.database import DispatchModel
from services.dispatch.delivery import models as delivery_models  # noqa: F401
from services.dispatch.forces import models as force_models  # noqa: F401 - registers tables
from services.dispatch.packages import models as package_models  # noqa: F401
from services.dispatch.stats import models as stats_models  # noqa: F401
from shared.migrations import run_env

run_env(DispatchModel.metadata)
